package io.rafflestars.console.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One event of the console feed (docs/feeds.md): {@code event} is the type name (e.g. {@code TicketsSold}), {@code
 * data} the event as stored.
 */
public record FeedMessage(long id, String stream, String event, Instant at, JsonNode data) {
    public long longOf(String field) {
        return data.path(field).asLong();
    }

    public String textOf(String field) {
        JsonNode n = data.path(field);
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }
}
