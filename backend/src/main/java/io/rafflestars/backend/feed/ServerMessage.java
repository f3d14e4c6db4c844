package io.rafflestars.backend.feed;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.common.api.ErrorCode;
import io.rafflestars.common.api.ResyncReason;
import java.time.Instant;
import java.util.List;

/** What the feed sends (docs/feeds.md), as JSON text frames with a {@code type}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ServerMessage.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = ServerMessage.ConsoleEvent.class, name = "event"),
    @JsonSubTypes.Type(value = ServerMessage.PlayerEvent.class, name = "event"),
    @JsonSubTypes.Type(value = ServerMessage.RaffleSnapshot.class, name = "raffle"),
    @JsonSubTypes.Type(value = ServerMessage.Live.class, name = "live"),
    @JsonSubTypes.Type(value = ServerMessage.Subscribed.class, name = "subscribed"),
    @JsonSubTypes.Type(value = ServerMessage.Resync.class, name = "resync"),
    @JsonSubTypes.Type(value = ServerMessage.Error.class, name = "error"),
    @JsonSubTypes.Type(value = ServerMessage.Pong.class, name = "pong")
})
sealed interface ServerMessage {
    /** After a valid hello: where this instance's stream stands and what the session receives. */
    record Welcome(
            String instance, long position, List<String> topics, List<Long> raffles, Long player, long heartbeatMillis)
            implements ServerMessage {}

    /** One outbox event for the console; {@code data} is the event as stored. */
    record ConsoleEvent(
            long id,
            String stream,
            String event,
            Instant at,
            @JsonRawValue String data) implements ServerMessage {}

    /**
     * One outbox event for a player: {@code data} is what every subscriber of the raffle sees (null when nothing),
     * {@code mine} what only the player it concerns sees (absent for everyone else).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PlayerEvent(long id, String event, Long raffleId, Object data, Object mine) implements ServerMessage {}

    /**
     * A raffle's public state when a player subscribes; events up to {@code asOf} are already in it. The client counts
     * down to {@code endsAt} on the server's clock: {@code serverTime} is when this was sent.
     */
    record RaffleSnapshot(
            long raffleId,
            String state,
            String title,
            int ticketsSold,
            int totalTickets,
            Instant startsAt,
            Instant endsAt,
            Instant serverTime,
            long asOf)
            implements ServerMessage {
        RaffleSnapshot sentNow() {
            return new RaffleSnapshot(
                    raffleId, state, title, ticketsSold, totalTickets, startsAt, endsAt, Instant.now(), asOf);
        }
    }

    /** Everything missed (or the snapshots) has been sent; live events follow. */
    record Live(long position) implements ServerMessage {}

    /** What the session receives after a subscribe, unsubscribe or fresh token. */
    record Subscribed(List<String> topics, List<Long> raffles) implements ServerMessage {}

    /** Reload the state and reconnect without {@code since}; the socket closes with RESYNC right after. */
    record Resync(ResyncReason reason, String message) implements ServerMessage {}

    /** A message was refused and changed nothing; the session goes on. */
    record Error(ErrorCode code, String message) implements ServerMessage {}

    record Pong() implements ServerMessage {}

    static String json(ServerMessage m) {
        try {
            return Json.mapper().writerFor(ServerMessage.class).writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + m, e);
        }
    }
}
