package io.rafflestars.backend.telegram;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bot's one outgoing queue. Messages are queued in the database in the same transaction as the change they
 * announce (so nothing is announced that did not happen, and nothing is lost on a restart), then sent by
 * {@link #sendDue} within Telegram's limits: about 30 messages a second overall and one a second per chat, and a
 * 429's {@code retry_after} honoured. Delivery is at least once: a crash between Telegram's answer and our commit sends
 * that message again after the claim lease.
 */
public final class OutgoingMessages {
    private static final System.Logger LOG = System.getLogger(OutgoingMessages.class.getName());
    /** How long a claimed message is left alone by other senders while its call runs. */
    private static final Duration LEASE = Duration.ofSeconds(60);

    private static final Duration PER_CHAT = Duration.ofSeconds(1);
    private static final int MAX_ATTEMPTS = 20;

    private final Transactions tx;
    private final BotApiClient api;
    private final Clock clock;
    private final Duration globalInterval;
    private final Map<Long, Instant> nextPerChat = new ConcurrentHashMap<>();
    private Instant nextGlobal = Instant.EPOCH;

    public OutgoingMessages(Transactions tx, BotApiClient api, Clock clock, int perSecond) {
        this.tx = tx;
        this.api = api;
        this.clock = clock;
        this.globalInterval = Duration.ofNanos(1_000_000_000L / perSecond);
    }

    /**
     * Queues a Bot API call for {@code chatId} in the caller's transaction. A {@code dedupeKey} seen before queues
     * nothing, so a retried handler or transaction does not message twice.
     */
    public void enqueue(DbTransaction t, long chatId, String method, ObjectNode body, String dedupeKey) {
        t.namedInsert("outgoing-enqueue", chatId, method, body.toString(), dedupeKey, Rows.ts(clock.instant()));
    }

    /** Sends what is due, at most {@code limit}; returns how many Telegram accepted. Safe on several instances. */
    public synchronized int sendDue(int limit) {
        Instant now = clock.instant();
        List<DbRow> claimed = tx.run(t -> {
            try (var rows = t.namedQuery("outgoing-claim", Rows.ts(now), limit, Rows.ts(now.plus(LEASE)))) {
                return rows.toList();
            }
        });
        int sent = 0;
        for (DbRow row : claimed) {
            long id = Rows.getLong(row, "id");
            long chat = Rows.getLong(row, "chat_id");
            Instant chatFree = nextPerChat.getOrDefault(chat, Instant.EPOCH);
            if (clock.instant().isBefore(chatFree)) {
                // This chat had a message less than a second ago: give the slot back, keep the order.
                tx.execute(t -> t.namedUpdate("outgoing-unclaim", Rows.ts(chatFree), id));
                continue;
            }
            paceGlobally();
            nextPerChat.put(chat, clock.instant().plus(PER_CHAT));
            if (send(row)) {
                sent++;
            }
        }
        nextPerChat.values().removeIf(free -> free.isBefore(clock.instant()));
        return sent;
    }

    private boolean send(DbRow row) {
        long id = Rows.getLong(row, "id");
        String method = Rows.string(row, "method");
        int attempts = Rows.getInt(row, "attempts");
        try {
            ObjectNode body = (ObjectNode) Json.mapper().readTree(Rows.string(row, "body"));
            api.call(method, body, BotApiClient.Policy.URGENT);
            tx.execute(t -> t.namedUpdate("outgoing-sent", id));
            return true;
        } catch (BotApiException e) {
            if (e.errorCode() == 429 && e.retryAfterSeconds() != null) {
                defer(id, Duration.ofSeconds(e.retryAfterSeconds()), e.getMessage());
            } else if (e.transientFailure() && attempts < MAX_ATTEMPTS) {
                defer(id, backoff(attempts), e.getMessage());
            } else {
                // e.g. 403 "bot was blocked by the user": it will never go through; keep it for the record.
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Outgoing message {0,number,#} ({1}) failed for good: {2}",
                        id,
                        method,
                        e.getMessage());
                tx.execute(t -> t.namedUpdate("outgoing-failed", e.getMessage(), id));
            }
            return false;
        } catch (java.io.IOException e) {
            tx.execute(t -> t.namedUpdate("outgoing-failed", "unreadable body: " + e.getMessage(), id));
            return false;
        }
    }

    private void defer(long id, Duration after, String error) {
        tx.execute(t -> t.namedUpdate("outgoing-defer", Rows.ts(clock.instant().plus(after)), error, id));
    }

    /** Spaces calls {@code globalInterval} apart: the overall limit of the bot. */
    private void paceGlobally() {
        Instant now = clock.instant();
        if (now.isBefore(nextGlobal)) {
            try {
                Thread.sleep(Duration.between(now, nextGlobal));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        nextGlobal = clock.instant().plus(globalInterval);
    }

    static Duration backoff(int attempts) {
        return Duration.ofSeconds(Math.min(600, 1L << Math.min(attempts, 10)));
    }
}
