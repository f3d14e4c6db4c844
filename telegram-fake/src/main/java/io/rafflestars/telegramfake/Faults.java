package io.rafflestars.telegramfake;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Queued faults per Bot API method. Each call of a method takes the oldest queued fault for it (if any), so tests can
 * script sequences such as "429, then 500, then success". Thread-safe.
 */
public final class Faults {

    private final Map<String, Deque<Entry>> byMethod = new HashMap<>();

    Faults() {}

    /** Serve {@code fault} to the next call of {@code method} (matched case-insensitively). */
    public Faults next(String method, Fault fault) {
        return next(method, 1, fault);
    }

    /** Serve {@code fault} to the next {@code times} calls of {@code method} (matched case-insensitively). */
    public synchronized Faults next(String method, int times, Fault fault) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(fault, "fault");
        if (times < 1) {
            throw new IllegalArgumentException("times must be positive");
        }
        byMethod.computeIfAbsent(key(method), k -> new ArrayDeque<>()).addLast(new Entry(fault, times));
        return this;
    }

    /** Forget every queued fault. */
    public synchronized void clear() {
        byMethod.clear();
    }

    /** How many calls of {@code method} will still be faulted. */
    public synchronized int remaining(String method) {
        Deque<Entry> queue = byMethod.get(key(method));
        return queue == null ? 0 : queue.stream().mapToInt(e -> e.remaining).sum();
    }

    /** Takes the fault for this call of {@code method}, if one is queued. */
    synchronized Optional<Fault> take(String method) {
        Deque<Entry> queue = byMethod.get(key(method));
        if (queue == null || queue.isEmpty()) {
            return Optional.empty();
        }
        Entry head = queue.peekFirst();
        if (--head.remaining == 0) {
            queue.removeFirst();
        }
        return Optional.of(head.fault);
    }

    private static String key(String method) {
        return method.toLowerCase(Locale.ROOT);
    }

    private static final class Entry {
        final Fault fault;
        int remaining;

        Entry(Fault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }
}
