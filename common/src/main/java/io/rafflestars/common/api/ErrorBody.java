package io.rafflestars.common.api;

/**
 * The one JSON error shape of the API: {@code {"error":{"code":"...","message":"...","field":"..."}}}. {@code field}
 * names the offending input field for validation errors and is null otherwise.
 */
public record ErrorBody(Detail error) {
    public record Detail(String code, String message, String field) {}

    public static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody(new Detail(code.name(), message, null));
    }

    public static ErrorBody of(ErrorCode code, String message, String field) {
        return new ErrorBody(new Detail(code.name(), message, field));
    }
}
