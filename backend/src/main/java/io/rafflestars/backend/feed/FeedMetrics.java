package io.rafflestars.backend.feed;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

/**
 * The feeds' meters. Meters are global to the JVM while hubs come and go (tests start several backends in one JVM),
 * so each meter sums over the hubs running now.
 */
final class FeedMetrics {
    private static final Map<FeedHub, OutboxListener> RUNNING = new ConcurrentHashMap<>();
    private static final AtomicBoolean REGISTERED = new AtomicBoolean();

    private FeedMetrics() {}

    static void add(FeedHub hub, OutboxListener listener) {
        RUNNING.put(hub, listener);
        if (REGISTERED.compareAndSet(false, true)) {
            register(Metrics.globalRegistry());
        }
    }

    static void remove(FeedHub hub, OutboxListener listener) {
        RUNNING.remove(hub, listener);
    }

    private static void register(MeterRegistry registry) {
        for (FeedSession.Kind kind : FeedSession.Kind.values()) {
            String endpoint = kind.name().toLowerCase(java.util.Locale.ROOT);
            registry.getOrCreate(Gauge.builder("feed_connections", () -> sum(h -> h.connections(kind)))
                    .tags(List.of(Tag.create("endpoint", endpoint)))
                    .description("Open WebSocket connections of the live feed"));
        }
        registry.getOrCreate(Gauge.builder("feed_queue_depth", () -> sum(FeedHub::queuedEvents))
                .description("Events waiting in the per-client queues, all clients together"));
        registry.getOrCreate(Gauge.builder("feed_queue_depth_max", () -> max(FeedHub::deepestQueue))
                .description("Events waiting for the slowest client"));
        registry.getOrCreate(Gauge.builder("feed_outbox_lag_seconds", () -> max(FeedHub::lagSeconds))
                .description("From commit to fan-out, for the latest event published"));
        registry.getOrCreate(Gauge.builder("feed_outbox_position", () -> max(h -> h.position()))
                .description("The last outbox event fanned out"));
        registry.getOrCreate(Gauge.builder(
                        "feed_listener_up", () -> RUNNING.values().stream().allMatch(OutboxListener::listening) ? 1 : 0)
                .description("1 while the LISTEN connection is up"));
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
