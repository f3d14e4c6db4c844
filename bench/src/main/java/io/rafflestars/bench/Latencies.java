package io.rafflestars.bench;

import java.util.Arrays;

/** Recorded durations in nanoseconds; one instance per thread, merged at the end. Percentiles by nearest rank. */
final class Latencies {
    private long[] nanos = new long[1024];
    private int size;

    void add(long value) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = value;
    }

    int count() {
        return size;
    }

    static Latencies merge(Iterable<Latencies> parts) {
        Latencies all = new Latencies();
        for (Latencies p : parts) {
            for (int i = 0; i < p.size; i++) {
                all.add(p.nanos[i]);
            }
        }
        Arrays.sort(all.nanos, 0, all.size);
        return all;
    }

    /** The {@code q}-quantile (0 < q <= 1) in milliseconds of a merged (sorted) instance; NaN when empty. */
    double millis(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * size);
        return nanos[Math.max(0, Math.min(size, rank) - 1)] / 1e6;
    }

    double maxMillis() {
        return size == 0 ? Double.NaN : nanos[size - 1] / 1e6;
    }
}
