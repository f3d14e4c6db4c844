package io.rafflestars.backend.platform;

import io.rafflestars.common.api.ErrorCode;

/**
 * A request that cannot be served, with the stable error code the client sees. Handlers throw it; {@link Errors}
 * turns it into the one JSON error shape.
 */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final String field;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ApiException(ErrorCode code, String message, String field) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public ErrorCode code() {
        return code;
    }

    /** The input field at fault, or null. */
    public String field() {
        return field;
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorCode.NOT_FOUND, message);
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, message, field);
    }
}
