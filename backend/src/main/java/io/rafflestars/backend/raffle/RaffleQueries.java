package io.rafflestars.backend.raffle;

import io.helidon.dbclient.DbRow;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.common.raffle.RaffleState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What the console reads about raffles: searches, participants, tickets and sales figures. Changes nothing. */
public final class RaffleQueries {
    public static final int MAX_PAGE = 200;

    private final Transactions tx;

    public RaffleQueries(Transactions tx) {
        this.tx = tx;
    }

    /**
     * Which raffles to list; every part optional. {@code text} matches title or description (case-insensitive
     * substring); {@code from}/{@code to} keep raffles whose running time ({@code startsAt}..{@code endsAt}) overlaps
     * that range.
     */
    public record Filter(Set<RaffleState> states, String text, Instant from, Instant to) {}

    /** One page of a list, with how many there are in all. */
    public record Page<T>(List<T> items, long total, int limit, long offset) {}

    /** Newest first. */
    public Page<Raffle> search(Filter f, int limit, long offset) {
        String states = f.states() == null || f.states().isEmpty()
                ? null
                : f.states().stream().map(Enum::name).sorted().collect(Collectors.joining(","));
        String like = f.text() == null ? null : "%" + escapeLike(f.text()) + "%";
        Object[] where = {
            states, states, like, like, like, Rows.ts(f.from()), Rows.ts(f.from()), Rows.ts(f.to()), Rows.ts(f.to())
        };
        int n = Math.clamp(limit, 1, MAX_PAGE);
        return tx.run(t -> {
            long total = Rows.getLong(t.namedGet("raffle-search-count", where).orElseThrow(), "total");
            Object[] params = java.util.Arrays.copyOf(where, where.length + 2);
            params[where.length] = n;
            params[where.length + 1] = offset;
            try (var rows = t.namedQuery("raffle-search", params)) {
                return new Page<>(rows.map(r -> RaffleService.map(t, r)).toList(), total, n, offset);
            }
        });
    }

    /** A player in a raffle: tickets held (voided ones counted apart) and Stars paid for them. */
    public record Participant(
            long playerId,
            String firstName,
            String username,
            long tickets,
            long voidedTickets,
            long starsPaid,
            Instant firstTicketAt) {}

    /** Players by number of tickets, most first. NOT_FOUND for an unknown raffle. */
    public Page<Participant> participants(long raffleId, int limit, long offset) {
        int n = Math.clamp(limit, 1, MAX_PAGE);
        return tx.run(t -> {
            RaffleService.load(t, raffleId, false);
            long total = Rows.getLong(
                    t.namedGet("raffle-participants-count", raffleId).orElseThrow(), "total");
            try (var rows = t.namedQuery("raffle-participants", raffleId, n, offset)) {
                return new Page<>(
                        rows.map(r -> new Participant(
                                        Rows.getLong(r, "player_id"),
                                        Rows.string(r, "first_name"),
                                        Rows.string(r, "username"),
                                        Rows.getLong(r, "tickets"),
                                        Rows.getLong(r, "voided"),
                                        Rows.getLong(r, "stars_paid"),
                                        Rows.instant(r, "first_ticket_at")))
                                .toList(),
                        total,
                        n,
                        offset);
            }
        });
    }

    /** A numbered ticket; {@code voidedAt} is set when its payment was refunded outside our flow. */
    public record Ticket(int number, long playerId, Long paymentId, Instant createdAt, Instant voidedAt) {}

    /** Tickets by number after {@code afterNumber} (0 for the first page). NOT_FOUND for an unknown raffle. */
    public List<Ticket> tickets(long raffleId, int afterNumber, int limit) {
        int n = Math.clamp(limit, 1, MAX_PAGE);
        return tx.run(t -> {
            RaffleService.load(t, raffleId, false);
            try (var rows = t.namedQuery("raffle-tickets", raffleId, afterNumber, n)) {
                return rows.map(r -> new Ticket(
                                Rows.getInt(r, "number"),
                                Rows.getLong(r, "player_id"),
                                Rows.longOrNull(r, "payment_id"),
                                Rows.instant(r, "created_at"),
                                Rows.instant(r, "voided_at")))
                        .toList();
            }
        });
    }

    /** One UTC day of a raffle's sales. */
    public record Day(LocalDate day, long tickets, long starsReceived, long starsRefunded) {}

    /**
     * A raffle's sales: tickets sold and held now, every Star received for it, what was refunded (confirmed by
     * Telegram) and what is still to be refunded, and the same per UTC day.
     */
    public record Sales(
            long raffleId,
            int ticketsSold,
            int ticketsHeld,
            int totalTickets,
            long payments,
            long starsReceived,
            long starsRefunded,
            long refunds,
            long starsRefundDue,
            long starsNet,
            List<Day> perDay) {}

    public Sales sales(long raffleId) {
        return tx.run(t -> {
            Raffle r = RaffleService.load(t, raffleId, false);
            DbRow totals = t.namedGet("raffle-sales-totals", raffleId).orElseThrow();
            List<Day> days;
            try (var rows = t.namedQuery("raffle-sales-daily", raffleId, raffleId, raffleId)) {
                days = rows.map(d -> new Day(
                                ((java.sql.Date) d.column("day").get(Object.class)).toLocalDate(),
                                Rows.getLong(d, "tickets"),
                                Rows.getLong(d, "received"),
                                Rows.getLong(d, "refunded")))
                        .toList();
            }
            long received = Rows.getLong(totals, "received");
            long refunded = Rows.getLong(totals, "refunded");
            return new Sales(
                    raffleId,
                    r.ticketsSold(),
                    r.ticketsHeld(),
                    r.spec().totalTickets(),
                    Rows.getLong(totals, "payments"),
                    received,
                    refunded,
                    Rows.getLong(totals, "refunds"),
                    Rows.getLong(totals, "refund_due"),
                    received - refunded,
                    days);
        });
    }

    /** The text with LIKE's wildcards and escape character taken literally. */
    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
