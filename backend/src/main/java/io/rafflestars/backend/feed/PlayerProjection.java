package io.rafflestars.backend.feed;

import io.rafflestars.common.api.FeedEvent;
import java.util.List;

/**
 * What players may see of each event: a public part for everyone subscribed to the raffle (counter, state) and a
 * private part for the player the event concerns (their tickets, payments, refunds). Nothing else leaves: no other
 * player's id, no operator names, no charge ids. An exhaustive switch, so a new event type cannot reach players
 * until someone decides what they may see of it.
 */
final class PlayerProjection {
    private PlayerProjection() {}

    /** The two parts; either may be null. {@code owner} is who sees {@code mine}. */
    record View(Long raffleId, Object shared, Long owner, Object mine) {
        static final View NONE = new View(null, null, null, null);
    }

    record RaffleState(String state, String title, int ticketsSold, int totalTickets) {}

    record Counter(int ticketsSold, int totalTickets) {}

    record MyTickets(long paymentId, long amount, List<Integer> numbers) {}

    record MyPayment(long paymentId, long amount, String state) {}

    record MyRefund(long paymentId, long amount, String state, String reason) {}

    static View of(FeedEvent event) {
        return switch (event) {
            case FeedEvent.RaffleChanged r ->
                new View(r.id(), new RaffleState(r.state(), r.title(), r.ticketsSold(), r.totalTickets()), null, null);
            case FeedEvent.TicketsSold t ->
                new View(
                        t.raffle(),
                        new Counter(t.ticketsSold(), t.totalTickets()),
                        t.player(),
                        new MyTickets(t.paymentId(), t.amount(), t.numbers()));
            case FeedEvent.PaymentReceived p ->
                new View(p.raffle(), null, p.player(), new MyPayment(p.paymentId(), p.amount(), p.state()));
            case FeedEvent.RefundChanged r ->
                new View(r.raffle(), null, r.player(), new MyRefund(r.paymentId(), r.amount(), r.state(), r.reason()));
            case FeedEvent.ReconciliationMismatch m -> View.NONE;
            case FeedEvent.AuditAppended a -> View.NONE;
        };
    }
}
