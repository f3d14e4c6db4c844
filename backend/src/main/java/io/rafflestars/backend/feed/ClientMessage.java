package io.rafflestars.backend.feed;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** What a feed client may send (docs/feeds.md). Anything else closes the socket with BAD_MESSAGE. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClientMessage.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = ClientMessage.Auth.class, name = "auth"),
    @JsonSubTypes.Type(value = ClientMessage.Subscribe.class, name = "subscribe"),
    @JsonSubTypes.Type(value = ClientMessage.Unsubscribe.class, name = "unsubscribe"),
    @JsonSubTypes.Type(value = ClientMessage.Ping.class, name = "ping")
})
sealed interface ClientMessage {
    /**
     * The first message. Console: {@code token} and optionally {@code topics} (default: all the roles may read).
     * Player: optionally {@code raffles} (public channels) and {@code initData} (the player's own events). Either:
     * {@code since}, the last event id seen before a reconnect.
     */
    record Hello(String token, String initData, List<String> topics, List<Long> raffles, Long since)
            implements ClientMessage {}

    /** Console: a fresh access token for a session whose token is about to expire. */
    record Auth(String token) implements ClientMessage {}

    record Subscribe(List<String> topics, List<Long> raffles) implements ClientMessage {}

    record Unsubscribe(List<String> topics, List<Long> raffles) implements ClientMessage {}

    /** The client's heartbeat (browsers cannot send ping frames); answered with a pong message. */
    record Ping() implements ClientMessage {}
}
