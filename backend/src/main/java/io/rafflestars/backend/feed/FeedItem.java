package io.rafflestars.backend.feed;

import io.rafflestars.backend.platform.Json;
import io.rafflestars.common.api.FeedEvent;
import io.rafflestars.common.api.FeedTopic;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One outbox event, ready to fan out: its frames are built once, then shared by every session that receives it.
 *
 * @param topic the console topic; empty for a stream no topic names (then no console user receives it)
 * @param consoleFrame the event as the console receives it
 * @param raffleId the raffle whose public channel carries {@code publicFrame}
 * @param publicFrame what every player subscribed to the raffle receives, or null
 * @param owner the player who receives {@code ownerFrame}, or null
 * @param ownerFrame the public part plus what only that player sees, or null
 */
record FeedItem(
        long seq,
        Optional<FeedTopic> topic,
        String consoleFrame,
        Long raffleId,
        String publicFrame,
        Long owner,
        String ownerFrame) {
    private static final System.Logger LOG = System.getLogger(FeedItem.class.getName());

    /** Event classes by the type name the outbox stores. */
    private static final Map<String, Class<?>> TYPES = Arrays.stream(FeedEvent.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    static FeedItem of(OutboxRow row) {
        String console = ServerMessage.json(
                new ServerMessage.ConsoleEvent(row.seq(), row.stream(), row.type(), row.committedAt(), row.payload()));
        PlayerProjection.View view = decode(row).map(PlayerProjection::of).orElse(PlayerProjection.View.NONE);
        String publicFrame = view.shared() == null
                ? null
                : ServerMessage.json(
                        new ServerMessage.PlayerEvent(row.seq(), row.type(), view.raffleId(), view.shared(), null));
        String ownerFrame = view.owner() == null || view.mine() == null
                ? null
                : ServerMessage.json(new ServerMessage.PlayerEvent(
                        row.seq(), row.type(), view.raffleId(), view.shared(), view.mine()));
        return new FeedItem(
                row.seq(), FeedTopic.of(row.stream()), console, view.raffleId(), publicFrame, view.owner(), ownerFrame);
    }

    /**
     * The typed event, or empty when the stored payload is not one we know (written by a newer version, say): the
     * console still receives it as stored, players receive nothing of it.
     */
    private static Optional<FeedEvent> decode(OutboxRow row) {
        Class<?> type = TYPES.get(row.type());
        if (type == null) {
            LOG.log(System.Logger.Level.WARNING, "Outbox event {0} has unknown type {1}", row.seq(), row.type());
            return Optional.empty();
        }
        try {
            return Optional.of((FeedEvent) Json.mapper().readValue(row.payload(), type));
        } catch (java.io.IOException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Outbox event " + row.seq() + " (" + row.type() + ") does not decode: " + e.getMessage());
            return Optional.empty();
        }
    }
}
