package io.rafflestars.backend.audit;

import java.util.Objects;

/**
 * One thing to record: {@code action} (dotted, e.g. {@code raffle.publish}) done by {@code actor} to a target, with
 * the target's state before and after (any JSON-serialisable value, null when there is none).
 */
public record AuditEntry(Actor actor, String action, String targetType, String targetId, Object before, Object after) {
    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        if (action == null || !action.matches("[a-z][a-z_]*(\\.[a-z][a-z_]*)+")) {
            throw new IllegalArgumentException("an action is dotted lower-case words: " + action);
        }
    }

    public static AuditEntry of(
            Actor actor, String action, String targetType, Object targetId, Object before, Object after) {
        return new AuditEntry(actor, action, targetType, targetId == null ? null : targetId.toString(), before, after);
    }
}
