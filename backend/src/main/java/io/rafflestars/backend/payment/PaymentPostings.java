package io.rafflestars.backend.payment;

import io.helidon.dbclient.DbTransaction;
import io.rafflestars.backend.ledger.Chart;
import io.rafflestars.backend.ledger.Ledger;
import io.rafflestars.backend.ledger.Reference;
import io.rafflestars.backend.ledger.TransferKind;
import io.rafflestars.backend.ledger.TransferRequest;
import java.util.List;

/**
 * The ledger side of payments. Transfer ids derive from the Telegram charge id, so a retried update maps to the same
 * transfer and the ledger's idempotency makes it a no-op.
 */
public final class PaymentPostings {
    private final Ledger ledger;

    public PaymentPostings(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Telegram clearing → the raffle's pot: the payment became tickets. */
    public void paymentToPot(DbTransaction t, String chargeId, long raffleId, long amount) {
        String pot = ledger.openAccount(t, Chart.rafflePot(raffleId));
        post(
                t,
                new TransferRequest(
                        "payment:" + chargeId,
                        Chart.TELEGRAM_CLEARING,
                        pot,
                        amount,
                        TransferKind.PAYMENT,
                        Reference.payment(chargeId)));
    }

    /** Telegram clearing → refunds pending: a payment we cannot honour; it waits there for its refund. */
    public void paymentToRefunds(DbTransaction t, String chargeId, long amount) {
        post(
                t,
                new TransferRequest(
                        "payment:" + chargeId,
                        Chart.TELEGRAM_CLEARING,
                        Chart.REFUNDS_PENDING,
                        amount,
                        TransferKind.PAYMENT,
                        Reference.payment(chargeId)));
    }

    /**
     * The refund is confirmed by Telegram: the Stars leave the raffle's pot (when {@code raffleIdOrNull} is given)
     * or refunds pending, back to Telegram clearing.
     */
    public void refundToTelegram(DbTransaction t, String chargeId, Long raffleIdOrNull, long amount) {
        String from =
                raffleIdOrNull == null ? Chart.REFUNDS_PENDING : ledger.openAccount(t, Chart.rafflePot(raffleIdOrNull));
        post(
                t,
                new TransferRequest(
                        "refund:" + chargeId,
                        from,
                        Chart.TELEGRAM_CLEARING,
                        amount,
                        TransferKind.REFUND,
                        Reference.payment(chargeId)));
    }

    private void post(DbTransaction t, TransferRequest request) {
        ledger.postAll(t, List.of(request));
    }
}
