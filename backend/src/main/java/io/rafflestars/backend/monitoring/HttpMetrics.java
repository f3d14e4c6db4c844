package io.rafflestars.backend.monitoring;

import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code http_requests_seconds{class}}: every answered request by status class (2xx … 5xx), timed. The error-rate alert
 * and the latency panels read it. Status classes, not paths, so the number of series stays fixed.
 */
public final class HttpMetrics {
    private static final List<String> CLASSES = List.of("1xx", "2xx", "3xx", "4xx", "5xx");

    private final Map<String, Timer> timers;

    public HttpMetrics() {
        this.timers =
                CLASSES.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(c -> c, HttpMetrics::timer));
    }

    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            int code = res.status().code();
            String cls = code >= 100 && code < 600 ? (code / 100) + "xx" : "5xx";
            timers.get(cls).record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static Timer timer(String cls) {
        return Metrics.globalRegistry()
                .getOrCreate(Timer.builder("http_requests")
                        .tags(List.of(Tag.create("class", cls)))
                        .buckets(
                                Duration.ofMillis(5),
                                Duration.ofMillis(25),
                                Duration.ofMillis(100),
                                Duration.ofMillis(250),
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(5)));
    }
}
