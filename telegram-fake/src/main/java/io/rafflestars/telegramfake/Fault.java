package io.rafflestars.telegramfake;

import java.time.Duration;
import java.util.Objects;

/** A failure the fake serves instead of (or before) a normal answer; see {@link Faults}. */
public sealed interface Fault {

    /** HTTP 429 with {@code parameters.retry_after}, the way Telegram throttles a bot. */
    record TooManyRequests(int retryAfterSeconds) implements Fault {
        public TooManyRequests {
            if (retryAfterSeconds < 1) {
                throw new IllegalArgumentException("retryAfterSeconds must be positive");
            }
        }
    }

    /** A 5xx answer, e.g. 500 or 502, as seen when Telegram's front ends have trouble. */
    record ServerError(int status) implements Fault {
        public ServerError {
            if (status < 500 || status > 599) {
                throw new IllegalArgumentException("ServerError needs a 5xx status, got " + status);
            }
        }
    }

    /**
     * Sleep, then process the call normally. A client with a shorter timeout gives up while the call still takes
     * effect, which is exactly the ambiguous case real clients must handle.
     */
    record Timeout(Duration delay) implements Fault {
        public Timeout {
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** HTTP 400; the description gets the {@code "Bad Request: "} prefix if it lacks it. */
    record BadRequest(String description) implements Fault {
        public BadRequest {
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * HTTP 403, e.g. {@code "Forbidden: bot was blocked by the user"}; the description gets the {@code "Forbidden: "}
     * prefix if it lacks it.
     */
    record Forbidden(String description) implements Fault {
        public Forbidden {
            Objects.requireNonNull(description, "description");
        }
    }
}
