package io.rafflestars.backend.feed;

import io.rafflestars.common.api.FeedTopic;
import java.util.Set;

/** Who is on the other end of a session, and so which events it receives and in what form. */
sealed interface Audience {
    /** What this audience receives of the item, or null for nothing. */
    FeedSession.Event eventFor(FeedItem item);

    /**
     * A console user: the topics subscribed, each checked against the roles again at every delivery, and the token
     * they presented last, checked again at every heartbeat.
     */
    record Console(ConsolePrincipal principal, String token, Set<FeedTopic> topics) implements Audience {
        public Console {
            topics = Set.copyOf(topics);
        }

        @Override
        public FeedSession.Event eventFor(FeedItem item) {
            return item.topic()
                    .filter(topics::contains)
                    .filter(t -> FeedAccess.mayRead(principal.roles(), t))
                    .map(t -> new FeedSession.Event(item.seq(), item.consoleFrame(), null))
                    .orElse(null);
        }
    }

    /**
     * A Mini App: the public channels of the raffles subscribed, and, when its initData was valid, the events of that
     * player (whatever the raffle).
     */
    record Player(Set<Long> raffles, Long player) implements Audience {
        public Player {
            raffles = Set.copyOf(raffles);
        }

        @Override
        public FeedSession.Event eventFor(FeedItem item) {
            if (player != null && player.equals(item.owner()) && item.ownerFrame() != null) {
                return new FeedSession.Event(item.seq(), item.ownerFrame(), null);
            }
            if (item.publicFrame() != null && raffles.contains(item.raffleId())) {
                return new FeedSession.Event(item.seq(), item.publicFrame(), item.raffleId());
            }
            return null;
        }
    }
}
