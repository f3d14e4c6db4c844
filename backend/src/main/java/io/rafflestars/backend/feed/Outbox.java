package io.rafflestars.backend.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.dbclient.DbTransaction;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.common.api.FeedEvent;

/**
 * The transactional outbox: an event is written in the same transaction as the change it announces, so a committed
 * change is always announced and an aborted one never. The NOTIFY is delivered only at commit and only wakes the
 * readers; the table, read by id, is the truth.
 */
public final class Outbox {
    public static final String CHANNEL = "outbox";

    private Outbox() {}

    /** Appends the event and returns its id. */
    public static long append(DbTransaction tx, FeedEvent event) {
        String json;
        try {
            json = Json.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + event, e);
        }
        long id = tx.createNamedGet("outbox-append")
                .addParam(event.stream())
                .addParam(event.getClass().getSimpleName())
                .addParam(event.raffleId())
                .addParam(event.playerId())
                .addParam(json)
                .execute()
                .orElseThrow()
                .column("id")
                .getLong();
        tx.namedGet("outbox-notify", CHANNEL, Long.toString(id));
        return id;
    }
}
