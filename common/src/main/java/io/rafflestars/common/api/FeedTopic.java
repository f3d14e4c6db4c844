package io.rafflestars.common.api;

import java.util.Optional;

/**
 * What a console client subscribes to on the live feed: one topic per {@link FeedEvent#stream()}. Who may read which
 * topic is decided by the backend (feed.FeedAccess); every event type's stream must be one of these.
 */
public enum FeedTopic {
    RAFFLES("raffles"),
    SALES("sales"),
    DRAWS("draws"),
    PAYMENTS("payments"),
    PAYOUTS("payouts"),
    RECONCILIATION("reconciliation"),
    AUDIT("audit");

    private final String stream;

    FeedTopic(String stream) {
        this.stream = stream;
    }

    /** The name on the wire, equal to the events' {@link FeedEvent#stream()}. */
    public String stream() {
        return stream;
    }

    public static Optional<FeedTopic> of(String stream) {
        for (FeedTopic t : values()) {
            if (t.stream.equals(stream)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
