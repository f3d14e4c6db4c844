package io.rafflestars.backend.raffle;

import io.rafflestars.backend.platform.ApiException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an operator says a raffle is: every editable field. Validated as a whole; the first problem is reported with
 * the field it concerns.
 *
 * @param title fits a Telegram invoice title (1–32 characters)
 * @param description invoice description (1–255 characters)
 * @param ticketPrice whole Stars per ticket, at least 1
 * @param minTickets optional: below this many tickets at close the raffle is cancelled and refunded
 * @param houseFeeBps the house's share of the pot in basis points (0–10,000)
 * @param freeEntriesPerPlayer how many free entries each player may claim (sweepstakes raffles only; 0 or absent = none)
 */
public record RaffleSpec(
        String title,
        String description,
        long ticketPrice,
        int totalTickets,
        int perPlayerCap,
        Integer minTickets,
        Instant startsAt,
        Instant endsAt,
        DrawMode drawMode,
        int houseFeeBps,
        PrizeChannel prizeChannel,
        RepeatPolicy repeatWinnerPolicy,
        boolean sweepstakes,
        String jurisdictionNote,
        List<Prize> prizes,
        Integer freeEntriesPerPlayer) {

    public static final int MAX_TICKETS = 10_000_000;
    public static final int MAX_FREE_ENTRIES = 100;
    public static final int MAX_PRIZES = 100;

    public enum DrawMode {
        AUTOMATIC,
        OPERATOR
    }

    public enum PrizeChannel {
        PRIZE_CREDIT,
        TELEGRAM_GIFT,
        OFF_PLATFORM
    }

    public enum RepeatPolicy {
        ALLOW_REPEAT,
        ONE_PRIZE_PER_PLAYER
    }

    public RaffleSpec {
        prizes = prizes == null ? List.of() : List.copyOf(prizes);
        // optional in requests: clients that predate free entries send none
        freeEntriesPerPlayer = freeEntriesPerPlayer == null ? 0 : freeEntriesPerPlayer;
    }

    /** A raffle without free entries. */
    public RaffleSpec(
            String title,
            String description,
            long ticketPrice,
            int totalTickets,
            int perPlayerCap,
            Integer minTickets,
            Instant startsAt,
            Instant endsAt,
            DrawMode drawMode,
            int houseFeeBps,
            PrizeChannel prizeChannel,
            RepeatPolicy repeatWinnerPolicy,
            boolean sweepstakes,
            String jurisdictionNote,
            List<Prize> prizes) {
        this(
                title,
                description,
                ticketPrice,
                totalTickets,
                perPlayerCap,
                minTickets,
                startsAt,
                endsAt,
                drawMode,
                houseFeeBps,
                prizeChannel,
                repeatWinnerPolicy,
                sweepstakes,
                jurisdictionNote,
                prizes,
                0);
    }

    /** Throws {@link ApiException} (VALIDATION_FAILED, naming the field) on the first problem. */
    public RaffleSpec validated() {
        require(title != null && !title.isBlank(), "title", "is required");
        require(title.strip().length() <= 32, "title", "must be at most 32 characters (a Telegram invoice title)");
        require(description != null && !description.isBlank(), "description", "is required");
        require(description.strip().length() <= 255, "description", "must be at most 255 characters");
        require(ticketPrice >= 1, "ticketPrice", "must be at least 1 Star");
        require(ticketPrice <= 10_000, "ticketPrice", "must be at most 10,000 Stars (Telegram's invoice limit)");
        require(totalTickets >= 1 && totalTickets <= MAX_TICKETS, "totalTickets", "must be between 1 and 10,000,000");
        require(perPlayerCap >= 1, "perPlayerCap", "must be at least 1");
        require(perPlayerCap <= totalTickets, "perPlayerCap", "cannot exceed totalTickets");
        require(minTickets == null || minTickets >= 1, "minTickets", "must be at least 1 when given");
        require(minTickets == null || minTickets <= totalTickets, "minTickets", "cannot exceed totalTickets");
        require(startsAt != null, "startsAt", "is required");
        require(endsAt != null, "endsAt", "is required");
        require(endsAt.isAfter(startsAt), "endsAt", "must be after startsAt");
        require(drawMode != null, "drawMode", "is required (AUTOMATIC or OPERATOR)");
        require(houseFeeBps >= 0 && houseFeeBps <= 10_000, "houseFeeBps", "must be between 0 and 10,000");
        require(prizeChannel != null, "prizeChannel", "is required");
        require(repeatWinnerPolicy != null, "repeatWinnerPolicy", "is required");
        require(
                jurisdictionNote == null || jurisdictionNote.length() <= 1000,
                "jurisdictionNote",
                "must be at most 1,000 characters");
        require(
                freeEntriesPerPlayer >= 0 && freeEntriesPerPlayer <= MAX_FREE_ENTRIES,
                "freeEntriesPerPlayer",
                "must be between 0 and " + MAX_FREE_ENTRIES);
        require(
                freeEntriesPerPlayer == 0 || sweepstakes,
                "freeEntriesPerPlayer",
                "free entries are for sweepstakes raffles (set sweepstakes: true)");
        require(
                freeEntriesPerPlayer <= perPlayerCap,
                "freeEntriesPerPlayer",
                "cannot exceed perPlayerCap (a free entry counts like a ticket)");
        require(!prizes.isEmpty(), "prizes", "needs at least one prize place");
        require(prizes.size() <= MAX_PRIZES, "prizes", "at most 100 places");
        Set<Integer> places = new HashSet<>();
        long shareSum = 0;
        for (Prize p : prizes) {
            require(p != null, "prizes", "contains an empty entry");
            require(places.add(p.place()), "prizes", "place " + p.place() + " appears twice");
            require(
                    (p.shareBps() == null) != (p.fixedAmount() == null),
                    "prizes",
                    "place " + p.place() + " needs exactly one of shareBps or fixedAmount");
            if (p.shareBps() != null) {
                require(
                        p.shareBps() >= 1 && p.shareBps() <= 10_000,
                        "prizes",
                        "place " + p.place() + " share must be 1..10,000 basis points");
                shareSum += p.shareBps();
            } else {
                require(p.fixedAmount() >= 1, "prizes", "place " + p.place() + " fixed amount must be at least 1");
            }
        }
        for (int place = 1; place <= prizes.size(); place++) {
            require(places.contains(place), "prizes", "places must be numbered 1.." + prizes.size());
        }
        require(shareSum <= 10_000, "prizes", "shares add up to more than 100% of the pot");
        require(prizes.size() <= totalTickets, "prizes", "more prize places than tickets");
        return new RaffleSpec(
                title.strip(),
                description.strip(),
                ticketPrice,
                totalTickets,
                perPlayerCap,
                minTickets,
                startsAt,
                endsAt,
                drawMode,
                houseFeeBps,
                prizeChannel,
                repeatWinnerPolicy,
                sweepstakes,
                jurisdictionNote,
                prizes.stream()
                        .sorted(java.util.Comparator.comparingInt(Prize::place))
                        .toList(),
                freeEntriesPerPlayer);
    }

    private static void require(boolean ok, String field, String problem) {
        if (!ok) {
            throw ApiException.invalid(field, field + " " + problem);
        }
    }
}
