package io.rafflestars.backend.telegram;

/**
 * Telegram answered {@code ok=false}, or could not be reached. {@code errorCode} is Telegram's (400, 403, 429, 5xx),
 * or 0 when no answer came (timeout, connection refused).
 */
public final class BotApiException extends RuntimeException {
    private final String method;
    private final int errorCode;
    private final String description;
    private final Integer retryAfterSeconds;

    public BotApiException(String method, int errorCode, String description, Integer retryAfterSeconds) {
        super(method + " failed: " + (errorCode == 0 ? "" : errorCode + " ") + description);
        this.method = method;
        this.errorCode = errorCode;
        this.description = description == null ? "" : description;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String method() {
        return method;
    }

    public int errorCode() {
        return errorCode;
    }

    public String description() {
        return description;
    }

    /** Seconds Telegram asked us to wait ({@code parameters.retry_after} of a 429), or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Worth trying again later: no answer, throttled, or Telegram's own trouble. A 400/403 will not change. */
    public boolean transientFailure() {
        return errorCode == 0 || errorCode == 429 || errorCode >= 500;
    }

    /** The description contains Telegram's error token, e.g. {@code CHARGE_ALREADY_REFUNDED}. */
    public boolean says(String token) {
        return description.contains(token);
    }
}
