package io.rafflestars.backend.ledger;

/**
 * The kinds of ledger account, each with the balance rule the database enforces for it. Balances are credit-normal
 * in {@link Account#balance()}: credits minus debits.
 */
public enum AccountType {
    /** Stars Telegram holds for the bot: debited when a player pays, credited when Stars leave (refund, gift). */
    TELEGRAM_CLEARING(Limit.CREDITS_WITHIN_DEBITS),
    /** Payments that cannot be honoured, waiting for Telegram to confirm their refund. */
    REFUNDS_PENDING(Limit.DEBITS_WITHIN_CREDITS),
    /** One per raffle: what its players paid, until it is refunded, split into fee and prizes. */
    RAFFLE_POT(Limit.DEBITS_WITHIN_CREDITS),
    /** House fees earned. */
    HOUSE_REVENUE(Limit.DEBITS_WITHIN_CREDITS),
    /** One per raffle: prizes owed to its winners until paid out. */
    PRIZE_LIABILITY(Limit.DEBITS_WITHIN_CREDITS),
    /** One per player: prize credit the player can spend on tickets. */
    PLAYER_PRIZE_CREDIT(Limit.DEBITS_WITHIN_CREDITS),
    /** Prizes finance paid outside Telegram (recorded with their external reference). */
    PAYOUTS_OFF_PLATFORM(Limit.NONE);

    /** Which side of an account may never outgrow the other. */
    public enum Limit {
        NONE,
        /** debits (posted and pending) never exceed posted credits: the account never goes negative */
        DEBITS_WITHIN_CREDITS,
        /** credits (posted and pending) never exceed posted debits */
        CREDITS_WITHIN_DEBITS
    }

    private final Limit limit;

    AccountType(Limit limit) {
        this.limit = limit;
    }

    public Limit limit() {
        return limit;
    }
}
