package io.rafflestars.backend.audit;

import java.time.Instant;

/** A stored audit row; {@code before} and {@code after} are the JSON texts exactly as hashed. */
public record AuditRecord(
        long seq,
        Instant at,
        String actor,
        String source,
        String action,
        String targetType,
        String targetId,
        String before,
        String after,
        String prevHash,
        String hash) {

    /** The hash this row must carry, recomputed from its fields (docs/audit.md). */
    public String expectedHash() {
        return AuditHash.of(prevHash, seq, at, actor, source, action, targetType, targetId, before, after);
    }
}
