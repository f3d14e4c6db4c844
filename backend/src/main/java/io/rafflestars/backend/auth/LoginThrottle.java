package io.rafflestars.backend.auth;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.rafflestars.backend.platform.Rows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Failed-login counters per user name and per client address, kept in the database so every instance sees the same
 * numbers. An attempt locks its counters for its whole transaction (password check included), so parallel guesses
 * queue up instead of slipping past the limit together. Past the limit a key is blocked for a while that doubles with
 * every further failure, up to a cap; while blocked, attempts are refused without looking at the password.
 */
final class LoginThrottle {
    /**
     * How many failures a key may have within {@code window} before it is blocked for {@code firstBlock}, doubling
     * per further failure up to {@code maxBlock}.
     */
    record Rule(String prefix, int maxFailures, Duration window, Duration firstBlock, Duration maxBlock) {
        String key(String value) {
            return prefix + value;
        }
    }

    /** Per user name: a guesser gets five tries, then waits; the real user is locked out for minutes, not hours. */
    static final Rule PER_USER =
            new Rule("user:", 5, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofMinutes(15));
    /** Per address: room for an office behind one address, none for spraying many user names. */
    static final Rule PER_ADDRESS =
            new Rule("address:", 20, Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(15));

    private LoginThrottle() {}

    /** One key's counter, locked for the caller's transaction. */
    record Counter(Rule rule, String key, int failures, Instant windowStart, Instant blockedUntil) {}

    /**
     * Locks the counters (in key order, so two attempts never wait on each other in a cycle) and returns them. Call
     * {@link #blockedFor} next.
     */
    static List<Counter> lock(DbTransaction t, List<Counter> keys, Instant now) {
        return keys.stream()
                .sorted(java.util.Comparator.comparing(Counter::key))
                .map(c -> {
                    t.namedInsert("throttle-touch", c.key(), Rows.ts(now));
                    DbRow r = t.namedGet("throttle-lock", c.key()).orElseThrow();
                    return new Counter(
                            c.rule(),
                            c.key(),
                            Rows.getInt(r, "failures"),
                            Rows.instant(r, "window_start"),
                            Rows.instant(r, "blocked_until"));
                })
                .toList();
    }

    /** A counter to lock: {@code rule} applied to {@code value} (a user name or an address). */
    static Counter of(Rule rule, String value) {
        return new Counter(rule, rule.key(value), 0, null, null);
    }

    /** How long until the next attempt is allowed, if any of the counters is blocked now. */
    static Optional<Duration> blockedFor(List<Counter> counters, Instant now) {
        return counters.stream()
                .map(Counter::blockedUntil)
                .filter(until -> until != null && until.isAfter(now))
                .max(Instant::compareTo)
                .map(until -> Duration.between(now, until));
    }

    /** Counts a failure on every counter, blocking those that reach their limit. */
    static void failed(DbTransaction t, List<Counter> counters, Instant now) {
        for (Counter c : counters) {
            Rule rule = c.rule();
            boolean windowOver = !c.windowStart().plus(rule.window()).isAfter(now);
            int failures = windowOver ? 1 : c.failures() + 1;
            Instant windowStart = windowOver ? now : c.windowStart();
            Instant blockedUntil = c.blockedUntil();
            if (failures >= rule.maxFailures()) {
                int doublings = Math.min(failures - rule.maxFailures(), 16);
                Duration block = rule.firstBlock().multipliedBy(1L << doublings);
                blockedUntil = now.plus(block.compareTo(rule.maxBlock()) > 0 ? rule.maxBlock() : block);
            }
            t.namedUpdate("throttle-set", failures, Rows.ts(windowStart), Rows.ts(blockedUntil), c.key());
        }
    }

    /**
     * A successful login clears the user's counter. The address counter stays: one account the guesser owns must not
     * buy them fresh guesses at everyone else's.
     */
    static void succeeded(DbTransaction t, List<Counter> counters) {
        counters.stream().filter(c -> c.rule() == PER_USER).forEach(c -> t.namedDelete("throttle-clear", c.key()));
    }

    /** Forgets counters whose window and block are long over. */
    static void prune(DbTransaction t, Instant now) {
        Instant before = now.minus(PER_USER.window().plus(PER_USER.maxBlock()));
        t.namedDelete("throttle-prune", Rows.ts(before), Rows.ts(now));
    }
}
