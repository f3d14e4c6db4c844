package io.rafflestars.backend.payment;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.rafflestars.backend.bot.PlayerNotices;
import io.rafflestars.backend.feed.Outbox;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleService;
import io.rafflestars.backend.telegram.InboundUpdate;
import io.rafflestars.common.api.FeedEvent;
import io.rafflestars.common.raffle.RaffleState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The money path: pre-checkout holds tickets, a successful payment turns the hold into numbered tickets, and a
 * payment that cannot be honoured becomes a refund. Each step is one transaction, idempotent under Telegram's
 * retries: the pre-checkout query id and the charge id are unique in the database.
 */
public final class PaymentFlow {
    private final Transactions tx;
    private final Clock clock;
    private final Duration holdTtl;
    private final PaymentPostings postings;
    private final PlayerNotices notices;

    public PaymentFlow(
            Transactions tx, Clock clock, Duration holdTtl, PaymentPostings postings, PlayerNotices notices) {
        this.tx = tx;
        this.clock = clock;
        this.holdTtl = holdTtl;
        this.postings = postings;
        this.notices = notices;
    }

    /** The outcome of a pre-checkout query: answer Telegram with it. */
    public sealed interface PreCheckoutResult {
        record Approved(long holdId) implements PreCheckoutResult {}

        record Declined(Decline reason) implements PreCheckoutResult {}
    }

    /** The outcome of a successful_payment message. */
    public sealed interface PaymentResult {
        /** The charge id was seen before: nothing changed. */
        record Duplicate(String chargeId) implements PaymentResult {}

        record Credited(long paymentId, long raffleId, List<Integer> numbers) implements PaymentResult {}

        record RefundDue(long paymentId, String reason) implements PaymentResult {}
    }

    /** Re-checks everything and holds the tickets until {@code holdTtl} from now. */
    public PreCheckoutResult preCheckout(InboundUpdate.PreCheckout q) {
        return tx.run(t -> {
            // Telegram may deliver the same query again (a new update id): answer as before.
            Optional<DbRow> known = t.namedGet("hold-by-query", q.queryId());
            if (known.isPresent()) {
                return new PreCheckoutResult.Approved(Rows.getLong(known.get(), "id"));
            }
            Optional<Intent> intent = intent(t, q.payload());
            if (intent.isEmpty()) {
                return new PreCheckoutResult.Declined(Decline.UNKNOWN_INVOICE);
            }
            Intent i = intent.get();
            if (!"XTR".equals(q.currency()) || q.totalAmount() != i.amount()) {
                return new PreCheckoutResult.Declined(Decline.AMOUNT_MISMATCH);
            }
            Raffle raffle = RaffleService.load(t, i.raffleId(), true);
            Instant now = clock.instant();
            Optional<Decline> refusal = checkSale(t, raffle, q.from().id(), i.quantity(), now);
            if (refusal.isPresent()) {
                return new PreCheckoutResult.Declined(refusal.get());
            }
            long holdId = Rows.getLong(
                    t.namedGet(
                                    "hold-insert",
                                    q.queryId(),
                                    i.id(),
                                    raffle.id(),
                                    q.from().id(),
                                    i.quantity(),
                                    Rows.ts(now.plus(holdTtl)))
                            .orElseThrow(),
                    "id");
            t.namedUpdate("raffle-add-held", i.quantity(), raffle.id());
            return new PreCheckoutResult.Approved(holdId);
        });
    }

    /**
     * Whether {@code quantity} tickets can be sold to the player now, with the raffle row locked. Releases expired
     * holds first, so abandoned checkouts do not block sales.
     */
    private static Optional<Decline> checkSale(DbTransaction t, Raffle raffle, long player, int quantity, Instant now) {
        if (raffle.state() != RaffleState.OPEN || !now.isBefore(raffle.spec().endsAt())) {
            return Optional.of(Decline.NOT_OPEN);
        }
        long released = t.namedGet("holds-release-expired", raffle.id(), Rows.ts(now))
                .map(r -> Rows.getLong(r, "released"))
                .orElse(0L);
        if (released > 0) {
            t.namedUpdate("raffle-add-held", -released, raffle.id());
        }
        long left = raffle.spec().totalTickets() - raffle.ticketsSold() - (raffle.ticketsHeld() - released);
        if (quantity > left) {
            return Optional.of(Decline.SOLD_OUT);
        }
        long holding = t.namedGet("player-holding", raffle.id(), player, raffle.id(), player)
                .map(r -> Rows.getLong(r, "holding"))
                .orElse(0L);
        if (holding + quantity > raffle.spec().perPlayerCap()) {
            return Optional.of(Decline.PLAYER_CAP);
        }
        return Optional.empty();
    }

    /**
     * Records the payment once per charge id and, in the same transaction, issues numbered tickets, posts the ledger
     * transfer and writes the outbox events — or, when the payment cannot be honoured, marks it for refund with both
     * movements in the ledger.
     */
    public PaymentResult successfulPayment(InboundUpdate.SuccessfulPayment p) {
        return tx.run(t -> {
            Optional<Intent> intent = intent(t, p.payload());
            Optional<DbRow> inserted = t.namedGet(
                    "payment-insert",
                    p.telegramPaymentChargeId(),
                    p.providerPaymentChargeId(),
                    intent.map(Intent::id).orElse(null),
                    intent.map(Intent::raffleId).orElse(null),
                    p.from().id(),
                    p.totalAmount());
            if (inserted.isEmpty()) {
                return new PaymentResult.Duplicate(p.telegramPaymentChargeId());
            }
            long paymentId = Rows.getLong(inserted.get(), "id");
            String refusal = honourable(t, intent, p);
            if (refusal != null) {
                return refundDue(t, paymentId, p, intent.map(Intent::raffleId).orElse(null), refusal);
            }
            Intent i = intent.orElseThrow();
            // honourable() has counted the tickets as sold, under the raffle's row lock: they are the last ones.
            Raffle raffle = RaffleService.load(t, i.raffleId(), false);
            int last = raffle.ticketsSold();
            int first = last - i.quantity() + 1;
            t.namedInsert("tickets-issue", raffle.id(), p.from().id(), paymentId, first, last);
            t.namedUpdate("payment-credited", i.quantity(), paymentId);
            List<Integer> numbers = IntStream.rangeClosed(first, last).boxed().toList();
            Outbox.append(
                    t,
                    new FeedEvent.PaymentReceived(
                            paymentId,
                            p.telegramPaymentChargeId(),
                            raffle.id(),
                            p.from().id(),
                            p.totalAmount(),
                            "CREDITED"));
            Outbox.append(
                    t,
                    new FeedEvent.TicketsSold(
                            raffle.id(),
                            p.from().id(),
                            paymentId,
                            p.totalAmount(),
                            numbers,
                            last,
                            raffle.spec().totalTickets()));
            notices.ticketsIssued(t, p.chatId(), p.from(), raffle, numbers, p.telegramPaymentChargeId());
            // Last: the ledger locks telegram_clearing, which every payment needs, until the commit. Posting after
            // everything else keeps that lock (the serial part of all payments) as short as it can be.
            postings.paymentToPot(t, p.telegramPaymentChargeId(), raffle.id(), p.totalAmount());
            return new PaymentResult.Credited(paymentId, raffle.id(), numbers);
        });
    }

    /**
     * Null when the payment can be turned into tickets (its hold consumed or, when the hold is gone, the tickets
     * still available); otherwise why not. Leaves the raffle's counters updated for the tickets it takes.
     */
    private String honourable(DbTransaction t, Optional<Intent> intent, InboundUpdate.SuccessfulPayment p) {
        if (intent.isEmpty()) {
            return "unknown invoice payload";
        }
        Intent i = intent.get();
        if (!"XTR".equals(p.currency()) || p.totalAmount() != i.amount()) {
            return "amount " + p.totalAmount() + " " + p.currency() + " does not match the invoice (" + i.amount()
                    + " XTR)";
        }
        Raffle raffle = RaffleService.load(t, i.raffleId(), true);
        Optional<DbRow> hold = t.namedGet("hold-for-payment", i.id(), p.from().id());
        if (hold.isPresent()) {
            // The tickets were reserved for this payment (even if the hold just expired, nobody else took them).
            t.namedUpdate("hold-consume", Rows.getLong(hold.get(), "id"));
            t.namedUpdate("raffle-add-sold", i.quantity(), i.quantity(), raffle.id());
            return null;
        }
        Optional<Decline> refusal = checkSale(t, raffle, p.from().id(), i.quantity(), clock.instant());
        if (refusal.isPresent()) {
            return switch (refusal.get()) {
                case NOT_OPEN -> "raffle is " + raffle.state().name().toLowerCase() + " and its hold had expired";
                case SOLD_OUT -> "hold expired and the tickets were sold to others";
                case PLAYER_CAP -> "hold expired and the player is at the ticket limit";
                case UNKNOWN_INVOICE, AMOUNT_MISMATCH -> refusal.get().name();
            };
        }
        t.namedUpdate("raffle-add-sold", i.quantity(), 0, raffle.id());
        return null;
    }

    private PaymentResult refundDue(
            DbTransaction t, long paymentId, InboundUpdate.SuccessfulPayment p, Long raffleId, String reason) {
        t.namedUpdate("payment-refund-due", reason, paymentId);
        Outbox.append(
                t,
                new FeedEvent.PaymentReceived(
                        paymentId,
                        p.telegramPaymentChargeId(),
                        raffleId,
                        p.from().id(),
                        p.totalAmount(),
                        "REFUND_DUE"));
        Outbox.append(
                t,
                new FeedEvent.RefundChanged(
                        paymentId,
                        p.telegramPaymentChargeId(),
                        raffleId,
                        p.from().id(),
                        p.totalAmount(),
                        "REFUND_DUE",
                        reason));
        notices.refundComing(t, p.chatId(), p.from(), p.totalAmount(), p.telegramPaymentChargeId());
        postings.paymentToRefunds(t, p.telegramPaymentChargeId(), p.totalAmount()); // last, as above
        return new PaymentResult.RefundDue(paymentId, reason);
    }

    private static Optional<Intent> intent(DbTransaction t, String payload) {
        if (payload == null || payload.isEmpty() || payload.length() > 128) {
            return Optional.empty();
        }
        return t.namedGet("intent-by-payload", payload).map(Intent::of);
    }

    /** A purchase intent as stored. */
    public record Intent(long id, String payload, long raffleId, long playerId, int quantity, long amount) {
        static Intent of(DbRow r) {
            return new Intent(
                    Rows.getLong(r, "id"),
                    Rows.string(r, "payload"),
                    Rows.getLong(r, "raffle_id"),
                    Rows.getLong(r, "player_id"),
                    Rows.getInt(r, "quantity"),
                    Rows.getLong(r, "amount"));
        }
    }
}
