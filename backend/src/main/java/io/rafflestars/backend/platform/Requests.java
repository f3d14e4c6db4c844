package io.rafflestars.backend.platform;

import io.helidon.webserver.http.ServerRequest;
import io.rafflestars.common.api.ErrorCode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reading request bodies and query parameters with the API's errors: the offending field or parameter is named. */
public final class Requests {
    private Requests() {}

    /** The JSON body as {@code type}; MALFORMED_JSON when absent, not JSON, or not of that shape. */
    public static <T> T body(ServerRequest req, Class<T> type) {
        if (!req.content().hasEntity()) {
            throw new ApiException(ErrorCode.MALFORMED_JSON, "This route needs a JSON body");
        }
        T value;
        try {
            value = Json.mapper().readValue(req.content().as(byte[].class), type);
        } catch (com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
            // a well-formed value of the wrong kind (an unknown enum name, text for a number): the field is at fault
            String field = e.getPath().isEmpty() ? null : e.getPath().getLast().getFieldName();
            throw ApiException.invalid(
                    field, (field == null ? "a value" : field) + " cannot be " + e.getValue() + ": " + expected(e));
        } catch (IOException e) {
            // Errors answers MALFORMED_JSON, naming the field where Jackson knows it
            throw new java.io.UncheckedIOException(e);
        }
        if (value == null) {
            throw new ApiException(ErrorCode.MALFORMED_JSON, "This route needs a JSON object, not null");
        }
        return value;
    }

    /** A path parameter that must be a positive whole number. */
    public static long pathId(ServerRequest req, String name) {
        String v = req.path().pathParameters().get(name);
        try {
            long id = Long.parseLong(v);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.notFound("No " + name + " '" + v + "'");
    }

    /** An optional text query parameter; blank counts as absent. */
    public static Optional<String> text(ServerRequest req, String name) {
        return req.query().first(name).filter(v -> !v.isBlank()).map(String::strip);
    }

    /** An optional ISO-8601 instant query parameter, e.g. {@code 2026-12-01T00:00:00Z}. */
    public static Optional<Instant> instant(ServerRequest req, String name) {
        return text(req, name).map(v -> {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw ApiException.invalid(name, name + " must be an ISO-8601 instant like 2026-12-01T00:00:00Z");
            }
        });
    }

    /** An optional whole-number query parameter within bounds. */
    public static Optional<Long> whole(ServerRequest req, String name, long min, long max) {
        return text(req, name).map(v -> {
            try {
                long n = Long.parseLong(v);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw ApiException.invalid(name, name + " must be a whole number from " + min + " to " + max);
        });
    }

    /** A non-negative whole-number query parameter (a cursor), {@code fallback} when absent. */
    public static long cursor(ServerRequest req, String name, long fallback) {
        return whole(req, name, 0, Long.MAX_VALUE).orElse(fallback);
    }

    /** The {@code limit} query parameter: a page size from 1 to {@code max}, {@code fallback} when absent. */
    public static int limit(ServerRequest req, int fallback, int max) {
        return whole(req, "limit", 1, max).orElse((long) fallback).intValue();
    }

    /** An optional query parameter naming one of an enum's constants, case-insensitive. */
    public static <E extends Enum<E>> Optional<E> oneOf(ServerRequest req, String name, Class<E> type) {
        return text(req, name).map(v -> {
            try {
                return Enum.valueOf(type, v.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid(
                        name, name + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
            }
        });
    }

    private static String expected(com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
        Class<?> type = e.getTargetType();
        if (type != null && type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "expected " + (type == null ? "another value" : type.getSimpleName());
    }
}
