package io.rafflestars.backend.feed;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.rafflestars.backend.monitoring.BusinessMetrics;
import io.rafflestars.backend.platform.Meters;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The feeds' meters. Meters are global to the JVM while hubs come and go (tests start several backends in one JVM),
 * so each meter sums over the hubs running now.
 */
final class FeedMetrics {
    private static final Map<FeedHub, OutboxListener> RUNNING = new ConcurrentHashMap<>();

    private FeedMetrics() {}

    /**
     * Registers the gauges, replacing those of an instance that stopped and the placeholders monitoring registers
     * first ({@link BusinessMetrics#FEED_SOCKETS}, {@link BusinessMetrics#OUTBOX_LAG}), and the counters at zero, so
     * every series exists from the first scrape.
     */
    static void add(FeedHub hub, OutboxListener listener) {
        RUNNING.put(hub, listener);
        for (FeedSession.Kind kind : FeedSession.Kind.values()) {
            Meters.gauge(
                    BusinessMetrics.FEED_SOCKETS,
                    List.of(Tag.create("feed", kind.name().toLowerCase(Locale.ROOT))),
                    RUNNING,
                    r -> sum(h -> h.connections(kind)));
        }
        // How long since this instance last had every committed event fanned out: under a second while it keeps up
        // (it reads at least every second), growing while it lags behind or cannot read the outbox at all.
        Meters.gauge(
                BusinessMetrics.OUTBOX_LAG,
                RUNNING,
                r -> r.values().stream()
                        .mapToDouble(OutboxListener::secondsSinceCaughtUp)
                        .max()
                        .orElse(0));
        Meters.gauge("feed_queue_depth", RUNNING, r -> sum(FeedHub::queuedEvents));
        Meters.gauge("feed_queue_depth_max", RUNNING, r -> max(FeedHub::deepestQueue));
        Meters.gauge("feed_outbox_position", RUNNING, r -> max(FeedHub::position));
        Meters.gauge("feed_listener_up", RUNNING, r -> r.values().stream().allMatch(OutboxListener::listening) ? 1 : 0);
        Counters.PUBLISHED.count();
    }

    static void remove(FeedHub hub, OutboxListener listener) {
        RUNNING.remove(hub, listener);
    }

    /** Counters are the JVM's, monotonic whatever hubs come and go. */
    private static final class Counters {
        static final Counter PUBLISHED = counter("feed_events_published", "Outbox events fanned out");
        static final Counter OVERFLOWS =
                counter("feed_client_overflows", "Clients told to resync because their queue overflowed");
        static final Counter SILENT = counter("feed_clients_silent", "Clients dropped after three silent heartbeats");

        private static Counter counter(String name, String description) {
            return Metrics.globalRegistry().getOrCreate(Counter.builder(name).description(description));
        }
    }

    static void published(long events) {
        Counters.PUBLISHED.increment(events);
    }

    static void overflow() {
        Counters.OVERFLOWS.increment();
    }

    static void silent() {
        Counters.SILENT.increment();
    }

    private static double sum(ToDoubleFunction<FeedHub> f) {
        return RUNNING.keySet().stream().mapToDouble(f).sum();
    }

    private static double max(ToDoubleFunction<FeedHub> f) {
        return RUNNING.keySet().stream().mapToDouble(f).max().orElse(0);
    }
}
