package io.rafflestars.common.api;

/**
 * Every error the API can answer, with its HTTP status. The code strings are stable: clients (the console, the Mini
 * App, finance tooling) branch on them, so a code is never renamed, only added.
 */
public enum ErrorCode {
    // 400: the request itself is wrong
    BAD_REQUEST(400),
    MALFORMED_JSON(400),
    VALIDATION_FAILED(400),
    // 401/403: who is asking
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    /** The client's address is not on the allow-list of what it asked for (console API, webhook, metrics). */
    ADDRESS_NOT_ALLOWED(403),
    // 404/405: what is asked for
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    // 409: the request is well-formed but conflicts with the current state
    CONFLICT(409),
    ILLEGAL_TRANSITION(409),
    VERSION_CONFLICT(409),
    RAFFLE_NOT_OPEN(409),
    SOLD_OUT(409),
    // 413/415
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    // 429
    TOO_MANY_REQUESTS(429),
    // 5xx: our fault or a dependency's
    INTERNAL(500),
    UNAVAILABLE(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
