package io.rafflestars.backend.ledger;

/** What a transfer is about: a payment (by Telegram charge id), a raffle, a payout, a correction. */
public record Reference(String type, String id) {
    public Reference {
        if (type == null || type.isBlank() || type.length() > 40 || id == null || id.isBlank() || id.length() > 200) {
            throw new LedgerException(LedgerError.REFERENCE_INVALID, "-", "reference " + type + " " + id);
        }
    }

    public static Reference payment(String telegramPaymentChargeId) {
        return new Reference("payment", telegramPaymentChargeId);
    }

    public static Reference raffle(long raffleId) {
        return new Reference("raffle", Long.toString(raffleId));
    }

    public static Reference payout(long payoutId) {
        return new Reference("payout", Long.toString(payoutId));
    }
}
