package io.rafflestars.backend.platform;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Small helpers over Helidon's global meter registry. The registry is per process while tests run several backends in
 * one JVM, so gauges, which read an object of one instance, are replaced by the instance that starts last.
 */
public final class Meters {
    private Meters() {}

    /** A counter without tags, created on first use. */
    public static Counter counter(String name) {
        return Metrics.globalRegistry().getOrCreate(Counter.builder(name));
    }

    /** A counter with one tag, created on first use. */
    public static Counter counter(String name, String tag, String value) {
        return Metrics.globalRegistry().getOrCreate(Counter.builder(name).tags(List.of(Tag.create(tag, value))));
    }

    /** Registers a gauge reading {@code source}, replacing one of the same name and tags left by an earlier instance. */
    public static <T> void gauge(String name, List<Tag> tags, T source, ToDoubleFunction<T> value) {
        MeterRegistry registry = Metrics.globalRegistry();
        for (Meter m : registry.meters(m -> m.id().name().equals(name) && sameTags(m, tags))) {
            registry.remove(m);
        }
        registry.getOrCreate(Gauge.builder(name, source, value).tags(tags));
    }

    public static <T> void gauge(String name, T source, ToDoubleFunction<T> value) {
        gauge(name, List.of(), source, value);
    }

    private static boolean sameTags(Meter m, List<Tag> tags) {
        for (Tag t : tags) {
            if (!m.id().tagsMap().getOrDefault(t.key(), "\u0000").equals(t.value())) {
                return false;
            }
        }
        return true;
    }
}
