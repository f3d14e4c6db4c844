package io.rafflestars.backend.feed;

import io.rafflestars.common.api.FeedEvent;
import java.util.List;

/**
 * What players may see of each event: a public part for everyone subscribed to the raffle (counter, state, draw
 * result) and a private part for the player the event concerns (their tickets, payments, refunds, payouts). Nothing
 * else leaves: no other player's id, no operator names, no charge ids. An exhaustive switch, so a new event type cannot reach players
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

    /** A place of a draw as everyone sees it: the ticket, not who holds it. */
    record PublicPlace(int place, Integer ticket, long prize) {
        static PublicPlace of(FeedEvent.Place p) {
            return p == null ? null : new PublicPlace(p.place(), p.ticket(), p.prize());
        }
    }

    /** The draw's result and what anyone needs to check it (docs/fairness.md); the full proof is public too. */
    record DrawResult(String commitment, String seed, String ticketsHash, int tickets, List<PublicPlace> winners) {}

    record Redraw(int place, int disqualifiedTicket, PublicPlace replacement) {}

    record MyDisqualification(int place, int ticket, String reason) {}

    record MyPayout(long payoutId, int place, long amount, String channel, String state) {}

    record MyCreditPurchase(long purchaseId, long amount, List<Integer> numbers) {}

    record MyFreeEntry(long entryId, List<Integer> numbers) {}

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
            case FeedEvent.TicketsBoughtWithCredit t ->
                new View(
                        t.raffle(),
                        new Counter(t.ticketsSold(), t.totalTickets()),
                        t.player(),
                        new MyCreditPurchase(t.purchaseId(), t.amount(), t.numbers()));
            case FeedEvent.FreeEntryClaimed f ->
                new View(
                        f.raffle(),
                        new Counter(f.ticketsSold(), f.totalTickets()),
                        f.player(),
                        new MyFreeEntry(f.entryId(), List.of(f.ticketNumber())));
            case FeedEvent.DrawCompleted d ->
                new View(
                        d.raffle(),
                        new DrawResult(
                                d.commitment(),
                                d.seed(),
                                d.ticketsHash(),
                                d.tickets(),
                                d.winners().stream().map(PublicPlace::of).toList()),
                        null,
                        null);
            case FeedEvent.WinnerDisqualified w ->
                new View(
                        w.raffle(),
                        new Redraw(w.place(), w.ticket(), PublicPlace.of(w.replacement())),
                        w.player(),
                        new MyDisqualification(w.place(), w.ticket(), w.reason()));
            case FeedEvent.PayoutChanged p ->
                new View(
                        p.raffle(),
                        null,
                        p.player(),
                        new MyPayout(p.payoutId(), p.place(), p.amount(), p.channel(), p.state()));
            case FeedEvent.ReconciliationMismatch m -> View.NONE;
            case FeedEvent.AuditAppended a -> View.NONE;
        };
    }
}
