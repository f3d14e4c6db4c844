package io.rafflestars.backend.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.dbclient.DbTransaction;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.common.api.FeedEvent;

/**
 * The transactional outbox: an event is written in the same transaction as the change it announces, so a committed
 * change is always announced and an aborted one never. At commit the database gives the event its position in commit
 * order and sends a NOTIFY on {@link #CHANNEL}, which only wakes the feed listeners: the table, read by position, is
 * the truth (docs/adr/0007-outbox-commit-order.md).
 */
public final class Outbox {
    public static final String CHANNEL = "outbox";

    private Outbox() {}

    /** Appends the event and returns its row id (not its position, which is given at commit). */
    public static long append(DbTransaction tx, FeedEvent event) {
        String json;
        try {
            json = Json.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + event, e);
        }
        return tx.createNamedGet("outbox-append")
                .addParam(event.stream())
                .addParam(event.getClass().getSimpleName())
                .addParam(event.raffleId())
                .addParam(event.playerId())
                .addParam(json)
                .execute()
                .orElseThrow()
                .column("id")
                .getLong();
    }
}
