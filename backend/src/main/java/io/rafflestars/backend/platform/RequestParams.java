package io.rafflestars.backend.platform;

import io.helidon.webserver.http.ServerRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Path and query parameters read into our types, each bad value refused with VALIDATION_FAILED naming the parameter
 * (never a 500, never silently ignored).
 */
public final class RequestParams {
    private RequestParams() {}

    /** A positive id from the path, e.g. {@code {id}}. */
    public static long pathId(ServerRequest req, String name) {
        String raw = req.path().pathParameters().get(name);
        try {
            long v = Long.parseLong(raw);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.invalid(name, name + " must be a positive whole number, got '" + raw + "'");
    }

    public static int pathInt(ServerRequest req, String name) {
        long v = pathId(req, name);
        if (v > Integer.MAX_VALUE) {
            throw ApiException.invalid(name, name + " is too large");
        }
        return (int) v;
    }

    public static Optional<String> text(ServerRequest req, String name) {
        return req.query().first(name).asOptional().map(String::strip).filter(s -> !s.isEmpty());
    }

    public static Optional<Long> longValue(ServerRequest req, String name) {
        return text(req, name).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw ApiException.invalid(name, name + " must be a whole number, got '" + v + "'");
            }
        });
    }

    /** A non-negative cursor or count with a default. */
    public static long nonNegative(ServerRequest req, String name, long fallback) {
        long v = longValue(req, name).orElse(fallback);
        if (v < 0) {
            throw ApiException.invalid(name, name + " must not be negative");
        }
        return v;
    }

    /** A page size: 1..max, {@code fallback} when absent. */
    public static int limit(ServerRequest req, int fallback, int max) {
        long v = longValue(req, "limit").orElse((long) fallback);
        if (v < 1 || v > max) {
            throw ApiException.invalid("limit", "limit must be between 1 and " + max);
        }
        return (int) v;
    }

    /** An ISO-8601 instant, e.g. {@code 2026-12-01T00:00:00Z}. */
    public static Optional<Instant> instant(ServerRequest req, String name) {
        return text(req, name).map(v -> {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw ApiException.invalid(name, name + " must be an ISO-8601 time like 2026-12-01T00:00:00Z");
            }
        });
    }

    /** One of an enum's names, case-insensitive. */
    public static <E extends Enum<E>> Optional<E> enumValue(ServerRequest req, String name, Class<E> type) {
        return text(req, name).map(v -> {
            try {
                return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid(
                        name, name + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
            }
        });
    }
}
