package io.rafflestars.backend.player;

import io.rafflestars.backend.payment.PurchaseService;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleService;
import io.rafflestars.backend.telegram.BotApiClient;
import io.rafflestars.backend.telegram.BotApiException;
import io.rafflestars.common.api.ErrorCode;
import io.rafflestars.common.raffle.RaffleState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Mini App asks for on behalf of one Telegram player (already authenticated by {@link InitData}): the
 * raffles they can see, one raffle with their own ticket numbers, buying (a purchase intent and its invoice link),
 * their tickets. Plain Java over the domain services; {@link PlayerApi} is the HTTP layer.
 */
public final class Players {
    /** Raffles that sell, are about to, or are paused: all of them (an operator runs a handful at a time). */
    static final int MAX_OPEN = 100;
    /** Closed and drawn raffles shown for their results and proofs, newest first. */
    static final int MAX_RESULTS = 20;
    /** Raffles in "my tickets", newest first. */
    static final int MAX_TICKET_RAFFLES = 50;

    private final Transactions tx;
    private final RaffleService raffles;
    private final PurchaseService purchases;
    private final BotApiClient telegram;
    private final Clock clock;

    public Players(
            Transactions tx, RaffleService raffles, PurchaseService purchases, BotApiClient telegram, Clock clock) {
        this.tx = tx;
        this.raffles = raffles;
        this.purchases = purchases;
        this.telegram = telegram;
        this.clock = clock;
    }

    /** A raffle as a player sees it: no seed, no operator, no other player. Prices in whole Stars. */
    public record RaffleView(
            long id,
            String title,
            String description,
            String state,
            long ticketPrice,
            int totalTickets,
            int ticketsSold,
            int ticketsLeft,
            int perPlayerCap,
            Instant startsAt,
            Instant closesAt,
            boolean sweepstakes,
            String jurisdictionNote,
            int freeEntriesPerPlayer,
            String commitment,
            List<PrizeView> prizes,
            List<Integer> myTickets,
            int myFreeEntries) {}

    /** A place's prize: a share of the pot in basis points, or a fixed amount of Stars. */
    public record PrizeView(int place, Integer shareBps, Long fixedStars) {}

    /** The raffles screen: open ones (soonest to close first) and recent results; {@code serverTime} for countdowns. */
    public record RaffleList(List<RaffleView> open, List<RaffleView> results, Instant serverTime) {}

    /** The invoice link the Mini App opens with {@code Telegram.WebApp.openInvoice}. */
    public record Purchase(long intentId, long raffleId, int quantity, long amount, String invoiceLink) {}

    /** The player's tickets in one raffle; voided tickets (payment refunded outside the bot) are listed apart. */
    public record RaffleTickets(
            long raffleId, String title, String state, List<Integer> numbers, List<Integer> voided) {}

    public record MyTickets(List<RaffleTickets> raffles) {}

    public RaffleList list() {
        List<RaffleView> open = raffles.listVisible(MAX_OPEN).stream()
                .map(r -> view(r, List.of(), 0))
                .toList();
        List<RaffleView> results = tx
                .run(t -> {
                    try (var rows = t.namedQuery("player-recent-results", MAX_RESULTS)) {
                        return rows.map(row -> RaffleService.load(t, Rows.getLong(row, "id"), false))
                                .toList();
                    }
                })
                .stream()
                .map(r -> view(r, List.of(), 0))
                .toList();
        return new RaffleList(open, results, clock.instant());
    }

    /** One raffle with the player's own ticket numbers; NOT_FOUND for drafts as for raffles that do not exist. */
    public RaffleView raffle(long raffleId, long playerId) {
        return tx.run(t -> {
            Raffle r = visible(RaffleService.load(t, raffleId, false));
            List<Integer> mine;
            try (var rows = t.namedQuery("player-raffle-numbers", raffleId, playerId)) {
                mine = rows.map(row -> Rows.getInt(row, "number")).toList();
            }
            int free = Rows.getInt(
                    t.namedGet("free-entries-of-player", raffleId, playerId).orElseThrow(), "n");
            return view(r, mine, free);
        });
    }

    /**
     * A purchase intent for {@code quantity} tickets and the invoice link for it. Refused with a precise code when
     * the raffle is not selling (RAFFLE_NOT_OPEN), has too few tickets left (SOLD_OUT), the quantity is out of range
     * (VALIDATION_FAILED) or would take the player past the per-player limit (PLAYER_CAP_REACHED). Pre-checkout checks
     * all of it again; only the processed successful payment makes tickets.
     */
    public Purchase buy(long raffleId, long playerId, Integer quantity) {
        if (quantity == null) {
            throw ApiException.invalid("quantity", "quantity is required (a whole number of tickets, at least 1)");
        }
        if (quantity < 1) {
            throw ApiException.invalid("quantity", "quantity must be at least 1");
        }
        Raffle raffle = visible(raffles.get(raffleId));
        if (raffle.state() != RaffleState.OPEN
                || !clock.instant().isBefore(raffle.spec().endsAt())) {
            throw new ApiException(
                    ErrorCode.RAFFLE_NOT_OPEN,
                    "Raffle " + raffleId + " is " + raffle.state().name().toLowerCase(java.util.Locale.ROOT)
                            + ", not selling tickets");
        }
        if (quantity > raffle.spec().perPlayerCap()) {
            throw ApiException.invalid(
                    "quantity", "at most " + raffle.spec().perPlayerCap() + " tickets per player in this raffle");
        }
        long holding = tx.run(t -> t.namedGet("player-holding", raffleId, playerId, raffleId, playerId)
                .map(r -> Rows.getLong(r, "holding"))
                .orElse(0L));
        if (holding + quantity > raffle.spec().perPlayerCap()) {
            throw new ApiException(
                    ErrorCode.PLAYER_CAP_REACHED,
                    "You have " + holding + " of at most " + raffle.spec().perPlayerCap()
                            + " tickets in this raffle; you can buy "
                            + Math.max(0, raffle.spec().perPlayerCap() - holding)
                            + " more");
        }
        PurchaseService.Invoice invoice =
                purchases.createIntent(raffleId, playerId, quantity, PurchaseService.Channel.INVOICE_LINK);
        String link;
        try {
            link = telegram.createInvoiceLink(
                    invoice.title(),
                    invoice.description(),
                    invoice.payload(),
                    quantity + (quantity == 1 ? " ticket" : " tickets"),
                    invoice.amount());
        } catch (BotApiException e) {
            throw new ApiException(ErrorCode.UNAVAILABLE, "Telegram did not make the invoice; try again shortly");
        }
        return new Purchase(invoice.intentId(), raffleId, quantity, invoice.amount(), link);
    }

    public MyTickets tickets(long playerId) {
        return tx.run(t -> {
            Map<Long, RaffleTickets> byRaffle = new LinkedHashMap<>();
            try (var rows = t.namedQuery("player-tickets", playerId, playerId, MAX_TICKET_RAFFLES)) {
                rows.forEach(row -> {
                    long id = Rows.getLong(row, "raffle_id");
                    RaffleTickets rt = byRaffle.computeIfAbsent(
                            id,
                            k -> new RaffleTickets(
                                    k,
                                    Rows.string(row, "title"),
                                    Rows.string(row, "state"),
                                    new ArrayList<>(),
                                    new ArrayList<>()));
                    int number = Rows.getInt(row, "number");
                    (Rows.instant(row, "voided_at") == null ? rt.numbers() : rt.voided()).add(number);
                });
            }
            return new MyTickets(byRaffle.values().stream()
                    .map(r -> new RaffleTickets(
                            r.raffleId(), r.title(), r.state(), List.copyOf(r.numbers()), List.copyOf(r.voided())))
                    .toList());
        });
    }

    private static Raffle visible(Raffle r) {
        if (!r.state().visibleToPlayers()) {
            throw ApiException.notFound("No raffle " + r.id());
        }
        return r;
    }

    private static RaffleView view(Raffle r, List<Integer> mine, int myFreeEntries) {
        return new RaffleView(
                r.id(),
                r.spec().title(),
                r.spec().description(),
                r.state().name(),
                r.spec().ticketPrice(),
                r.spec().totalTickets(),
                r.ticketsSold(),
                Math.max(0, r.ticketsLeft()),
                r.spec().perPlayerCap(),
                r.spec().startsAt(),
                r.spec().endsAt(),
                r.spec().sweepstakes(),
                r.spec().jurisdictionNote(),
                r.spec().freeEntriesPerPlayer(),
                r.commitment(),
                r.prizes().stream()
                        .map(p -> new PrizeView(p.place(), p.shareBps(), p.fixedAmount()))
                        .toList(),
                mine,
                myFreeEntries);
    }
}
