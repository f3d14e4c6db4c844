package io.rafflestars.backend.platform;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets, one per key (an address, a console user, a player): each holds up to {@code requests} tokens and
 * refills them evenly over {@code per}, so a client may burst {@code requests} at once and then goes at
 * {@code requests/per}. Per instance: with several replicas behind a load balancer a client gets up to that many times
 * the limit, which is fine for what this is for (stopping floods and scripted abuse, not billing).
 */
public final class RateLimiter {
    /** Past this many buckets, those that have refilled completely are forgotten. */
    private static final int MAX_KEYS = 100_000;

    /** A limit: {@code requests} per {@code per}, e.g. 600 per minute. */
    public record Rate(int requests, Duration per) {
        public Rate {
            if (requests < 1 || per.isNegative() || per.isZero()) {
                throw new IllegalArgumentException("a rate needs requests >= 1 and a positive period");
            }
        }

        /** Parses {@code N/Ss} (N requests per S seconds, e.g. {@code 600/60s}); {@code off} is empty. */
        static java.util.Optional<Rate> parse(String variable, String text) {
            String t = text.strip().toLowerCase(java.util.Locale.ROOT);
            if (t.equals("off")) {
                return java.util.Optional.empty();
            }
            var m = java.util.regex.Pattern.compile("(\\d{1,7})/(\\d{1,5})s").matcher(t);
            if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(2)) < 1) {
                throw new StartupException(
                        variable + " must look like 600/60s (requests per seconds) or off, got '" + text + "'");
            }
            return java.util.Optional.of(
                    new Rate(Integer.parseInt(m.group(1)), Duration.ofSeconds(Integer.parseInt(m.group(2)))));
        }

        @Override
        public String toString() {
            return requests + "/" + per.toSeconds() + "s";
        }
    }

    /** The answer for one request. */
    public sealed interface Decision {
        record Allowed() implements Decision {}

        /** Over the limit; a token is back after {@code retryAfter}. */
        record Limited(Duration retryAfter) implements Decision {}
    }

    private static final Decision ALLOWED = new Decision.Allowed();

    private final String name;
    private final Rate rate;
    private final LongSupplier nanoTime;
    private final double nanosPerToken;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    public RateLimiter(String name, Rate rate) {
        this(name, rate, System::nanoTime);
    }

    /** With a clock of our own, for tests. */
    public RateLimiter(String name, Rate rate, LongSupplier nanoTime) {
        this.name = name;
        this.rate = rate;
        this.nanoTime = nanoTime;
        this.nanosPerToken = (double) rate.per().toNanos() / rate.requests();
    }

    public String name() {
        return name;
    }

    public Rate rate() {
        return rate;
    }

    /** Takes one token for {@code key}. */
    public Decision take(String key) {
        long now = nanoTime.getAsLong();
        if (buckets.size() >= MAX_KEYS) {
            forgetFull(now);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(rate.requests(), now));
        synchronized (bucket) {
            double refilled = Math.min(rate.requests(), bucket.tokens + (now - bucket.updated) / nanosPerToken);
            bucket.updated = now;
            if (refilled >= 1) {
                bucket.tokens = refilled - 1;
                return ALLOWED;
            }
            bucket.tokens = refilled;
            return new Decision.Limited(Duration.ofNanos((long) Math.ceil((1 - refilled) * nanosPerToken)));
        }
    }

    /** Drops buckets that have refilled completely: they would behave exactly like new ones. */
    private void forgetFull(long now) {
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().tokens + (now - e.getValue().updated) / nanosPerToken >= rate.requests();
            }
        });
    }
}
