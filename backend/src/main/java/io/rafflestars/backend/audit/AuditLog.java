package io.rafflestars.backend.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import java.time.Instant;
import java.util.List;

/**
 * The hash-chained, append-only audit log (docs/audit.md). Entries are appended inside the caller's transaction, so
 * the record commits with the change it describes or not at all.
 */
public final class AuditLog {
    /** Rows read per round trip while verifying. */
    private static final int VERIFY_BATCH = 2_000;
    /** Most rows one page of {@link #list} returns. */
    public static final int MAX_PAGE = 500;

    private final Transactions tx;

    public AuditLog(Transactions tx) {
        this.tx = tx;
    }

    /**
     * Records the entry as part of the caller's transaction. It joins the chain when that transaction commits (a
     * deferred trigger seals it), so the chain head is locked only during the commit, and a rolled-back change
     * leaves no audit row.
     */
    public void append(DbTransaction t, AuditEntry entry) {
        Actor actor = entry.actor();
        t.namedInsert(
                "audit-stage",
                actor.name(),
                actor.source(),
                entry.action(),
                entry.targetType(),
                entry.targetId(),
                json(entry.before()),
                json(entry.after()));
    }

    /**
     * Names who moves money in the rest of the caller's transaction: the ledger's own audit rows (one per transfer,
     * written by the database) carry this actor instead of {@code system:ledger}.
     */
    public static void actAs(DbTransaction t, Actor actor) {
        t.namedGet("audit-act-as", actor.name(), actor.source() == null ? "" : actor.source());
    }

    private static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise audit value " + value.getClass(), e);
        }
    }

    /** What to list: every field optional. */
    public record Filter(String actor, String action, String targetType, String targetId, Instant from, Instant to) {
        public static Filter all() {
            return new Filter(null, null, null, null, null, null);
        }
    }

    /** Newest first, rows with {@code seq < beforeSeq} (use {@link Long#MAX_VALUE} for the first page). */
    public List<AuditRecord> list(Filter f, long beforeSeq, int limit) {
        int n = Math.clamp(limit, 1, MAX_PAGE);
        return tx.run(t -> {
            try (var rows = t.namedQuery(
                    "audit-list",
                    beforeSeq,
                    f.actor(),
                    f.actor(),
                    f.action(),
                    f.action(),
                    f.targetType(),
                    f.targetType(),
                    f.targetId(),
                    f.targetId(),
                    Rows.ts(f.from()),
                    Rows.ts(f.from()),
                    Rows.ts(f.to()),
                    Rows.ts(f.to()),
                    n)) {
                return rows.map(AuditLog::record).toList();
            }
        });
    }

    /** The outcome of walking the chain. */
    public sealed interface Verification {
        long rowsChecked();

        /** Every row links to the one before and carries its own hash; the head names the last row. */
        record Intact(long rowsChecked, String headHash) implements Verification {}

        /** {@code seq} is the first row that does not fit the chain. */
        record Broken(long rowsChecked, long seq, String reason) implements Verification {}
    }

    /** Walks the whole chain from the first row and names the first row that does not fit. */
    public Verification verify() {
        long checked = 0;
        long expectedSeq = 1;
        String prev = AuditHash.GENESIS;
        while (true) {
            long from = expectedSeq;
            List<AuditRecord> batch = tx.run(t -> {
                try (var rows = t.namedQuery("audit-walk", from, VERIFY_BATCH)) {
                    return rows.map(AuditLog::record).toList();
                }
            });
            for (AuditRecord r : batch) {
                if (r.seq() != expectedSeq) {
                    return new Verification.Broken(checked, expectedSeq, "row " + expectedSeq + " is missing");
                }
                if (!r.prevHash().equals(prev)) {
                    return new Verification.Broken(
                            checked, r.seq(), "its previous hash does not match the hash of row " + (r.seq() - 1));
                }
                if (!r.expectedHash().equals(r.hash())) {
                    return new Verification.Broken(
                            checked, r.seq(), "its contents do not match its hash (the row was altered)");
                }
                prev = r.hash();
                expectedSeq++;
                checked++;
            }
            if (batch.size() < VERIFY_BATCH) {
                break;
            }
        }
        long last = expectedSeq - 1;
        String lastHash = prev;
        DbRow head = tx.run(t -> t.namedGet("audit-head").orElseThrow());
        if (Rows.getLong(head, "seq") != last || !Rows.string(head, "hash").equals(lastHash)) {
            return new Verification.Broken(
                    checked,
                    Math.max(1, Rows.getLong(head, "seq")),
                    "the chain head (row " + Rows.getLong(head, "seq") + ") does not match the last row (" + last
                            + "): rows were removed or the head was moved");
        }
        return new Verification.Intact(checked, lastHash);
    }

    private static AuditRecord record(DbRow r) {
        return new AuditRecord(
                Rows.getLong(r, "seq"),
                Rows.instant(r, "at"),
                Rows.string(r, "actor"),
                Rows.string(r, "source"),
                Rows.string(r, "action"),
                Rows.string(r, "target_type"),
                Rows.string(r, "target_id"),
                Rows.string(r, "before_json"),
                Rows.string(r, "after_json"),
                Rows.string(r, "prev_hash"),
                Rows.string(r, "hash"));
    }
}
