package io.rafflestars.backend.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.dbclient.DbRow;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.backend.platform.Meters;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Webhook updates: stored first (the {@code update_id} primary key makes a redelivery a no-op), then handled. The
 * webhook answers 200 once the update is stored, whatever the handler does, so Telegram never retries for our
 * sake; a failed handling is retried here with backoff, and after {@link #MAX_ATTEMPTS} the update is DEAD for an
 * engineer to look at. Stored ids are kept for {@code keep} (at least a day, Telegram's retry horizon).
 */
public final class UpdateInbox {
    private static final System.Logger LOG = System.getLogger(UpdateInbox.class.getName());
    static final int MAX_ATTEMPTS = 12;
    /** An update not finished by then (its instance died mid-way) is picked up by any instance's retry loop. */
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final Transactions tx;
    private final UpdateHandler handler;
    private final Clock clock;

    public UpdateInbox(Transactions tx, UpdateHandler handler, Clock clock) {
        this.tx = tx;
        this.handler = handler;
        this.clock = clock;
        List.of("retry", "dead").forEach(o -> Meters.counter("telegram_update_failures", "outcome", o));
    }

    /** What became of a delivered update. */
    public enum Receipt {
        /** First delivery: stored and handled (or scheduled for a retry). */
        STORED,
        /** A redelivery of an update we already have: nothing done. */
        DUPLICATE
    }

    /** Stores the update once and, the first time, handles it at once (pre-checkout has 10 seconds in all). */
    public Receipt receive(JsonNode delivered) {
        JsonNode update = Updates.storable(delivered);
        long id = Updates.updateId(update).orElseThrow(() -> new IllegalArgumentException("no update_id"));
        boolean fresh = tx.run(t -> t.namedGet(
                        "update-store",
                        id,
                        Updates.kind(update),
                        update.toString(),
                        Rows.ts(clock.instant().plus(LEASE)))
                .isPresent());
        if (!fresh) {
            return Receipt.DUPLICATE;
        }
        handle(id, update, 0);
        return Receipt.STORED;
    }

    /** Handles stored updates whose earlier attempt failed or never finished; returns how many were tried. */
    public int retryDue(int limit) {
        Instant now = clock.instant();
        List<DbRow> due = tx.run(t -> {
            try (var rows = t.namedQuery("update-claim", Rows.ts(now), limit, Rows.ts(now.plus(LEASE)))) {
                return rows.toList();
            }
        });
        for (DbRow row : due) {
            long id = Rows.getLong(row, "update_id");
            try {
                handle(id, Json.mapper().readTree(Rows.string(row, "payload")), Rows.getInt(row, "attempts"));
            } catch (IOException e) {
                failed(id, Rows.getInt(row, "attempts"), e);
            }
        }
        return due.size();
    }

    /** Forgets handled updates older than {@code keep}; returns how many. */
    public long prune(Duration keep) {
        return tx.run(t -> t.namedDelete("update-prune", Rows.ts(clock.instant().minus(keep))));
    }

    private void handle(long id, JsonNode update, int attempts) {
        try {
            handler.handle(Updates.parse(update));
            tx.execute(t -> t.namedUpdate("update-done", id));
        } catch (Exception e) {
            failed(id, attempts, e);
        }
    }

    private void failed(long id, int attempts, Exception e) {
        boolean dead = attempts + 1 >= MAX_ATTEMPTS;
        Meters.counter("telegram_update_failures", "outcome", dead ? "dead" : "retry")
                .increment();
        LOG.log(
                dead ? System.Logger.Level.ERROR : System.Logger.Level.WARNING,
                "Update {0,number,#} failed (attempt {1}{2}): {3}",
                id,
                attempts + 1,
                dead ? ", giving up" : "",
                String.valueOf(e));
        Duration backoff = Duration.ofSeconds(Math.min(3600, 1L << Math.min(attempts, 12)));
        tx.execute(t -> t.namedUpdate(
                "update-failed",
                dead ? "DEAD" : "FAILED",
                String.valueOf(e),
                dead ? null : Rows.ts(clock.instant().plus(backoff)),
                id));
    }
}
