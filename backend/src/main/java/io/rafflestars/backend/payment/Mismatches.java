package io.rafflestars.backend.payment;

import io.helidon.dbclient.DbRow;
import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.audit.AuditEntry;
import io.rafflestars.backend.audit.AuditLog;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Csv;
import io.rafflestars.backend.platform.Database;
import io.rafflestars.backend.platform.Page;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.common.api.ErrorCode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The differences {@link Reconciliation} found between our payments and Telegram's, as finance works through them:
 * listed (open, resolved or all), exported as CSV, and resolved once each with a note (audited; the database keeps a
 * resolved mismatch as it is).
 */
public final class Mismatches {
    public static final int MAX_PAGE = 1000;

    private final Transactions tx;
    private final Database db;
    private final AuditLog audit;

    public Mismatches(Transactions tx, Database db, AuditLog audit) {
        this.tx = tx;
        this.db = db;
        this.audit = audit;
    }

    /** A mismatch and, once resolved, who resolved it, when and how. */
    public record Mismatch(
            long id,
            long runId,
            String kind,
            String chargeId,
            Long ourAmount,
            Long telegramAmount,
            String detail,
            Instant foundAt,
            Instant resolvedAt,
            String resolvedBy,
            String resolution) {
        static Mismatch of(ResultSet r) throws SQLException {
            return new Mismatch(
                    r.getLong("id"),
                    r.getLong("run_id"),
                    r.getString("kind"),
                    r.getString("telegram_payment_charge_id"),
                    Rows.longOrNull(r, "our_amount"),
                    Rows.longOrNull(r, "telegram_amount"),
                    r.getString("detail"),
                    Rows.instant(r, "found_at"),
                    Rows.instant(r, "resolved_at"),
                    r.getString("resolved_by"),
                    r.getString("resolution"));
        }

        static Mismatch of(DbRow r) {
            return new Mismatch(
                    Rows.getLong(r, "id"),
                    Rows.getLong(r, "run_id"),
                    Rows.string(r, "kind"),
                    Rows.string(r, "telegram_payment_charge_id"),
                    Rows.longOrNull(r, "our_amount"),
                    Rows.longOrNull(r, "telegram_amount"),
                    Rows.string(r, "detail"),
                    Rows.instant(r, "found_at"),
                    Rows.instant(r, "resolved_at"),
                    Rows.string(r, "resolved_by"),
                    Rows.string(r, "resolution"));
        }
    }

    /** {@code status}: OPEN (default), RESOLVED or ALL. */
    public Page<Mismatch> list(String status, long after, int limit) {
        String s = status(status);
        int n = Math.clamp(limit, 1, MAX_PAGE);
        List<Mismatch> out = new ArrayList<>();
        try {
            db.stream("recon-mismatches", Arrays.asList(after, s, n), r -> out.add(Mismatch.of(r)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Page.of(out, n, Mismatch::id);
    }

    public void export(String status, OutputStream out) throws IOException {
        String s = status(status);
        try (Csv csv = new Csv(out)) {
            csv.header(
                    "id",
                    "run_id",
                    "kind",
                    "telegram_payment_charge_id",
                    "our_amount",
                    "telegram_amount",
                    "detail",
                    "found_at",
                    "resolved_at",
                    "resolved_by",
                    "resolution");
            db.stream("recon-mismatches", Arrays.asList(0L, s, null), r -> {
                Mismatch m = Mismatch.of(r);
                csv.number(m.id())
                        .number(m.runId())
                        .text(m.kind())
                        .text(m.chargeId())
                        .number(m.ourAmount())
                        .number(m.telegramAmount())
                        .text(m.detail())
                        .time(m.foundAt())
                        .time(m.resolvedAt())
                        .text(m.resolvedBy())
                        .text(m.resolution())
                        .end();
            });
        }
    }

    /** Resolves a mismatch with finance's note (what was found and done); once only. */
    public Mismatch resolve(long id, String note, Actor actor) {
        if (note == null || note.isBlank()) {
            throw ApiException.invalid("note", "note is required: say what was found and what was done");
        }
        String n = note.strip();
        if (n.length() > 1000) {
            throw ApiException.invalid("note", "note must be at most 1,000 characters");
        }
        return tx.run(t -> {
            Mismatch before = t.namedGet("recon-mismatch-lock", id)
                    .map(Mismatch::of)
                    .orElseThrow(() -> ApiException.notFound("No reconciliation mismatch " + id));
            if (before.resolvedAt() != null) {
                throw new ApiException(
                        ErrorCode.ILLEGAL_TRANSITION,
                        "Mismatch " + id + " was resolved by " + before.resolvedBy() + " at " + before.resolvedAt());
            }
            t.namedUpdate("recon-mismatch-resolve", actor.name(), n, id);
            Mismatch after =
                    t.namedGet("recon-mismatch-lock", id).map(Mismatch::of).orElseThrow();
            audit.append(
                    t, AuditEntry.of(actor, "reconciliation.resolve", "reconciliation_mismatch", id, before, after));
            return after;
        });
    }

    static String status(String status) {
        String s = status == null || status.isBlank() ? "OPEN" : status.strip().toUpperCase(Locale.ROOT);
        if (!s.equals("OPEN") && !s.equals("RESOLVED") && !s.equals("ALL")) {
            throw ApiException.invalid("status", "status must be OPEN, RESOLVED or ALL, got " + status);
        }
        return s;
    }
}
