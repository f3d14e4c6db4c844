package io.rafflestars.backend.ledger;

import io.helidon.dbclient.DbRow;
import io.rafflestars.backend.platform.Rows;

/** An account with its four running counters, as stored. */
public record Account(
        long id,
        String code,
        AccountType type,
        String name,
        Long raffleId,
        Long playerId,
        long debitsPending,
        long debitsPosted,
        long creditsPending,
        long creditsPosted) {

    /** Posted credits minus posted debits. Over all accounts these sum to zero. */
    public long balance() {
        return creditsPosted - debitsPosted;
    }

    /** What a debit may still take from this account without breaking its limit (pending debits count). */
    public long debitRoom() {
        return switch (type.limit()) {
            case DEBITS_WITHIN_CREDITS -> creditsPosted - debitsPosted - debitsPending;
            case NONE, CREDITS_WITHIN_DEBITS -> Long.MAX_VALUE;
        };
    }

    /** What a credit may still add to this account without breaking its limit (pending credits count). */
    long creditRoom() {
        return switch (type.limit()) {
            case CREDITS_WITHIN_DEBITS -> debitsPosted - creditsPosted - creditsPending;
            case NONE, DEBITS_WITHIN_CREDITS -> Long.MAX_VALUE;
        };
    }

    static Account of(DbRow r) {
        return new Account(
                Rows.getLong(r, "id"),
                Rows.string(r, "code"),
                AccountType.valueOf(Rows.string(r, "type")),
                Rows.string(r, "name"),
                Rows.longOrNull(r, "raffle_id"),
                Rows.longOrNull(r, "player_id"),
                Rows.getLong(r, "debits_pending"),
                Rows.getLong(r, "debits_posted"),
                Rows.getLong(r, "credits_pending"),
                Rows.getLong(r, "credits_posted"));
    }
}
