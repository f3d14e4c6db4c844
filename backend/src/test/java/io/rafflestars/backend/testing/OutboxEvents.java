package io.rafflestars.backend.testing;

import io.rafflestars.backend.platform.DatabaseUrl;

/** Writes many outbox events at once, straight in SQL, for tests about volume (catch-up, slow clients, pruning). */
public final class OutboxEvents {
    private OutboxEvents() {}

    /**
     * Commits {@code n} ReconciliationMismatch events (stream "reconciliation", finance only) in one transaction, each
     * with a charge id of about {@code size} characters.
     */
    public static void insert(DatabaseUrl db, int n, int size) {
        TestDatabases.execute(
                db,
                "INSERT INTO outbox_event (stream, type, payload) SELECT 'reconciliation', 'ReconciliationMismatch',"
                        + " jsonb_build_object('mismatchId', g, 'kind', 'MISSING_HERE', 'chargeId', 'charge-' || g || '-'"
                        + " || repeat('x', " + size + ")) FROM generate_series(1, " + n + ") g");
    }

    /** The last position handed out. */
    public static long head(DatabaseUrl db) {
        return TestDatabases.count(db, "SELECT seq FROM outbox_head");
    }
}
