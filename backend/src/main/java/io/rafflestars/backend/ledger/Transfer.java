package io.rafflestars.backend.ledger;

import io.helidon.dbclient.DbRow;
import io.rafflestars.backend.platform.Rows;
import java.time.Instant;

/** A transfer as stored: immutable, like every row of the ledger. */
public record Transfer(
        long seq,
        String id,
        String debit,
        String credit,
        long amount,
        TransferKind kind,
        Phase phase,
        Reference reference,
        Instant createdAt) {

    /** Reads a row of the {@code transfer-*} statements (which join the account codes in). */
    static Transfer of(DbRow r) {
        String pendingId = Rows.string(r, "pending_id");
        Phase phase = switch (Rows.string(r, "phase")) {
            case "SINGLE" -> new Phase.Single();
            case "PENDING" -> new Phase.Pending(Rows.instant(r, "expires_at"));
            case "POST_PENDING" -> new Phase.PostPending(pendingId);
            case "VOID_PENDING" -> new Phase.VoidPending(pendingId);
            default -> throw new IllegalStateException("Unknown phase " + Rows.string(r, "phase"));
        };
        return new Transfer(
                Rows.getLong(r, "seq"),
                Rows.string(r, "id"),
                Rows.string(r, "debit_code"),
                Rows.string(r, "credit_code"),
                Rows.getLong(r, "amount"),
                TransferKind.valueOf(Rows.string(r, "kind")),
                phase,
                new Reference(Rows.string(r, "reference_type"), Rows.string(r, "reference_id")),
                Rows.instant(r, "created_at"));
    }
}
