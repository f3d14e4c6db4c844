package io.rafflestars.backend.feed;

import io.helidon.dbclient.DbRow;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads of the outbox by position, its pruning, and the raffle snapshots players start from. */
final class OutboxStore {
    private final Transactions tx;

    OutboxStore(Transactions tx) {
        this.tx = tx;
    }

    /** The newest position, and the oldest one still kept ({@code head + 1} when none is). */
    record Bounds(long head, long oldest) {}

    /** Committed events with {@code after < seq <= upTo}, in commit order, at most {@code limit}. */
    List<OutboxRow> after(long after, long upTo, int limit) {
        return tx.run(t -> {
            try (var rows = t.namedQuery("outbox-after", after, upTo, limit)) {
                return rows.map(OutboxStore::row).toList();
            }
        });
    }

    Bounds bounds() {
        DbRow r = tx.run(t -> t.namedGet("outbox-bounds").orElseThrow());
        return new Bounds(Rows.getLong(r, "head"), Rows.getLong(r, "oldest"));
    }

    /**
     * Deletes events committed before {@code cutoff}, oldest first, {@code batch} at a time (each batch its own short
     * transaction); returns how many.
     */
    long prune(Instant cutoff, int batch, int maxBatches) {
        long total = 0;
        for (int i = 0; i < maxBatches; i++) {
            long n = tx.run(t -> t.namedDelete("outbox-prune", batch, Rows.ts(cutoff)));
            total += n;
            if (n < batch) {
                break;
            }
        }
        return total;
    }

    Optional<ServerMessage.RaffleSnapshot> raffle(long id) {
        return tx.run(t -> t.namedGet("feed-raffle-snapshot", id))
                .map(r -> new ServerMessage.RaffleSnapshot(
                        Rows.getLong(r, "id"),
                        Rows.string(r, "state"),
                        Rows.string(r, "title"),
                        Rows.getInt(r, "tickets_sold"),
                        Rows.getInt(r, "total_tickets"),
                        Rows.instant(r, "starts_at"),
                        Rows.instant(r, "ends_at"),
                        null, // serverTime: set when sent
                        Rows.getLong(r, "as_of")));
    }

    private static OutboxRow row(DbRow r) {
        return new OutboxRow(
                Rows.getLong(r, "seq"),
                Rows.string(r, "stream"),
                Rows.string(r, "type"),
                Rows.string(r, "payload"),
                Rows.instant(r, "committed_at"));
    }
}
