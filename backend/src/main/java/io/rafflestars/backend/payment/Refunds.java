package io.rafflestars.backend.payment;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.rafflestars.backend.bot.PlayerNotices;
import io.rafflestars.backend.feed.Outbox;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleService;
import io.rafflestars.backend.telegram.BotApiClient;
import io.rafflestars.backend.telegram.BotApiException;
import io.rafflestars.backend.telegram.InboundUpdate;
import io.rafflestars.common.api.FeedEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Refunds: deciding them (a payment that cannot be honoured, a cancelled raffle) marks the payment REFUND_DUE in the
 * deciding transaction; executing them calls Telegram's {@code refundStarPayment} outside any transaction and, once
 * Telegram confirms, marks the payment REFUNDED and moves its Stars from the raffle pot (or refunds pending, for a
 * payment that never became tickets) back to Telegram clearing. Both steps are idempotent; several instances may run the executor.
 */
public final class Refunds implements RaffleService.CancellationHook {
    private static final System.Logger LOG = System.getLogger(Refunds.class.getName());
    /** How long a claimed refund is left alone by other executors while its Telegram call runs. */
    private static final Duration LEASE = Duration.ofSeconds(60);

    private final Transactions tx;
    private final Clock clock;
    private final PaymentPostings postings;
    private final PlayerNotices notices;
    private final RefundSender sender;

    /** Asks Telegram to refund a payment. */
    @FunctionalInterface
    public interface RefundSender {
        RefundAttempt refund(long userId, String telegramPaymentChargeId);
    }

    /** What Telegram said to a refund request. */
    public sealed interface RefundAttempt {
        /** Refunded now, or it had been already (CHARGE_ALREADY_REFUNDED): either way the Stars are back. */
        record Done() implements RefundAttempt {}

        /** Telegram refused for good (e.g. CHARGE_NOT_FOUND): finance must look. */
        record Refused(String description) implements RefundAttempt {}

        /** A transient failure: try again later. */
        record Failed(String description) implements RefundAttempt {}
    }

    /**
     * Refunds through the Bot API. CHARGE_ALREADY_REFUNDED means the Stars are back (an earlier attempt whose answer
     * we lost, or a refund made outside the bot): done, not an error.
     */
    public static RefundSender viaTelegram(BotApiClient api) {
        return (userId, chargeId) -> {
            try {
                api.refundStarPayment(userId, chargeId);
                return new RefundAttempt.Done();
            } catch (BotApiException e) {
                if (e.says("CHARGE_ALREADY_REFUNDED")) {
                    return new RefundAttempt.Done();
                }
                return e.transientFailure()
                        ? new RefundAttempt.Failed(e.getMessage())
                        : new RefundAttempt.Refused(e.description());
            }
        };
    }

    public Refunds(Transactions tx, Clock clock, PaymentPostings postings, PlayerNotices notices, RefundSender sender) {
        this.tx = tx;
        this.clock = clock;
        this.postings = postings;
        this.notices = notices;
        this.sender = sender;
    }

    /** A cancelled raffle: every credited payment of it becomes due for refund, in the cancelling transaction. */
    @Override
    public void onCancelled(DbTransaction t, Raffle raffle, String reason) {
        List<DbRow> payments;
        try (var rows = t.namedQuery("payment-credited-of-raffle", raffle.id())) {
            payments = rows.toList();
        }
        for (DbRow p : payments) {
            long paymentId = Rows.getLong(p, "id");
            String chargeId = Rows.string(p, "telegram_payment_charge_id");
            long amount = Rows.getLong(p, "amount");
            long player = Rows.getLong(p, "player_id");
            // The Stars stay in the raffle's pot until Telegram confirms the refund.
            t.namedUpdate("payment-refund-due", "raffle cancelled: " + reason, paymentId);
            Outbox.append(
                    t,
                    new FeedEvent.RefundChanged(
                            paymentId, chargeId, raffle.id(), player, amount, "REFUND_DUE", "raffle cancelled"));
            notices.raffleCancelled(t, player, raffle, amount, chargeId);
        }
        // Players holding only free entries paid nothing and get nothing back, but they are owed the news too.
        try (var rows = t.namedQuery("free-entry-holders-unpaid", raffle.id())) {
            rows.toList().forEach(r -> notices.freeEntryCancelled(t, Rows.getLong(r, "player_id"), raffle));
        }
    }

    /** Executes due refunds; returns how many were confirmed. Safe to run on several instances at once. */
    public int executeDue(int limit) {
        Instant now = clock.instant();
        List<DbRow> claimed = tx.run(t -> {
            try (var rows = t.namedQuery("payment-claim-refunds", Rows.ts(now), limit, Rows.ts(now.plus(LEASE)))) {
                return rows.toList();
            }
        });
        int done = 0;
        for (DbRow p : claimed) {
            long paymentId = Rows.getLong(p, "id");
            String chargeId = Rows.string(p, "telegram_payment_charge_id");
            int attempts = Rows.getInt(p, "refund_attempts");
            RefundAttempt attempt = sender.refund(Rows.getLong(p, "player_id"), chargeId);
            switch (attempt) {
                case RefundAttempt.Done d -> {
                    confirm(chargeId);
                    done++;
                }
                case RefundAttempt.Refused r -> {
                    LOG.log(
                            System.Logger.Level.ERROR,
                            "Telegram refused refund of payment {0,number,#}: {1}",
                            paymentId,
                            r.description());
                    retryLater(paymentId, "refused: " + r.description(), Duration.ofHours(1));
                }
                case RefundAttempt.Failed f -> retryLater(paymentId, f.description(), backoff(attempts));
            }
        }
        return done;
    }

    /**
     * Telegram says the payment was refunded (our own refund, or one made outside the bot, e.g. after a dispute).
     * Idempotent.
     */
    public void onRefundedPayment(InboundUpdate.RefundedPayment r) {
        tx.execute(t -> {
            var row = t.namedGet("payment-by-charge", r.telegramPaymentChargeId());
            if (row.isEmpty()) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "refunded_payment for a charge we never saw: {0}",
                        r.telegramPaymentChargeId());
                return;
            }
            String state = Rows.string(row.get(), "state");
            long paymentId = Rows.getLong(row.get(), "id");
            switch (state) {
                case "REFUNDED" -> {}
                case "REFUND_DUE" -> markRefunded(t, row.get());
                case "CREDITED" -> {
                    // Refunded outside our flow: the tickets no longer count, the money goes back the normal way.
                    t.namedUpdate("tickets-void-of-payment", paymentId);
                    t.namedUpdate("payment-refund-due", "refunded by Telegram outside the bot", paymentId);
                    markRefunded(
                            t,
                            t.namedGet("payment-by-charge", r.telegramPaymentChargeId())
                                    .orElseThrow());
                }
                default -> throw new IllegalStateException("Unknown payment state " + state);
            }
        });
    }

    private void confirm(String chargeId) {
        tx.execute(t -> {
            DbRow row = t.namedGet("payment-by-charge", chargeId).orElseThrow();
            if ("REFUND_DUE".equals(Rows.string(row, "state"))) {
                markRefunded(t, row);
            }
        });
    }

    private void markRefunded(DbTransaction t, DbRow payment) {
        long paymentId = Rows.getLong(payment, "id");
        String chargeId = Rows.string(payment, "telegram_payment_charge_id");
        long amount = Rows.getLong(payment, "amount");
        long player = Rows.getLong(payment, "player_id");
        Long raffleId = Rows.longOrNull(payment, "raffle_id");
        t.namedUpdate("payment-refunded", paymentId);
        // Money of a payment that became tickets sits in the raffle's pot; of one that never did, in refunds pending.
        boolean ticketsIssued = Rows.getInt(payment, "quantity") > 0;
        postings.refundToTelegram(t, chargeId, ticketsIssued ? raffleId : null, amount);
        Outbox.append(
                t,
                new FeedEvent.RefundChanged(
                        paymentId,
                        chargeId,
                        raffleId,
                        player,
                        amount,
                        "REFUNDED",
                        Rows.string(payment, "refund_reason")));
        notices.refunded(t, player, amount, chargeId);
    }

    private void retryLater(long paymentId, String error, Duration after) {
        tx.execute(t -> t.namedUpdate(
                "payment-refund-failed", error, Rows.ts(clock.instant().plus(after)), paymentId));
    }

    private static Duration backoff(int attempts) {
        long seconds = Math.min(3600, (long) Math.pow(2, Math.min(attempts, 12)));
        return Duration.ofSeconds(seconds);
    }
}
