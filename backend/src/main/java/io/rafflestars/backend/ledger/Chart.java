package io.rafflestars.backend.ledger;

/**
 * The chart of accounts. System accounts exist from the first migration; per-raffle and per-player accounts are
 * opened on first use with {@link Ledger#openAccount}. See docs/ledger.md.
 */
public final class Chart {
    public static final String TELEGRAM_CLEARING = "telegram_clearing";
    public static final String REFUNDS_PENDING = "refunds_pending";
    public static final String HOUSE_REVENUE = "house_revenue";
    public static final String PAYOUTS_OFF_PLATFORM = "payouts_off_platform";

    private Chart() {}

    /** The system accounts as the first ledger migration opens them (a test keeps the two in step). */
    public static AccountSpec[] systemAccounts() {
        return new AccountSpec[] {
            new AccountSpec(
                    TELEGRAM_CLEARING, AccountType.TELEGRAM_CLEARING, "Stars Telegram holds for the bot", null, null),
            new AccountSpec(
                    REFUNDS_PENDING, AccountType.REFUNDS_PENDING, "Payments waiting for their refund", null, null),
            new AccountSpec(HOUSE_REVENUE, AccountType.HOUSE_REVENUE, "House fees earned", null, null),
            new AccountSpec(
                    PAYOUTS_OFF_PLATFORM, AccountType.PAYOUTS_OFF_PLATFORM, "Prizes paid outside Telegram", null, null)
        };
    }

    public static AccountSpec rafflePot(long raffleId) {
        return new AccountSpec(
                "raffle_pot:" + raffleId, AccountType.RAFFLE_POT, "Pot of raffle " + raffleId, raffleId, null);
    }

    public static AccountSpec prizeLiability(long raffleId) {
        return new AccountSpec(
                "prize_liability:" + raffleId,
                AccountType.PRIZE_LIABILITY,
                "Prizes owed for raffle " + raffleId,
                raffleId,
                null);
    }

    public static AccountSpec playerCredit(long playerId) {
        return new AccountSpec(
                "player_credit:" + playerId,
                AccountType.PLAYER_PRIZE_CREDIT,
                "Prize credit of player " + playerId,
                null,
                playerId);
    }
}
