package io.rafflestars.telegramfake;

/** An error answer in Telegram's shape; thrown by method implementations, turned into JSON by the HTTP layer. */
final class BotApiException extends RuntimeException {

    static final String QUERY_ID_INVALID =
            "Bad Request: query is too old and response timeout expired or query ID is invalid";

    private final int errorCode;
    private final Integer retryAfter;

    BotApiException(int errorCode, String description) {
        this(errorCode, description, null);
    }

    BotApiException(int errorCode, String description, Integer retryAfter) {
        super(description, null, false, false);
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
    }

    /** A 400 whose description is {@code "Bad Request: " + detail}. */
    static BotApiException badRequest(String detail) {
        return new BotApiException(400, "Bad Request: " + detail);
    }

    int errorCode() {
        return errorCode;
    }

    String description() {
        return getMessage();
    }

    Integer retryAfter() {
        return retryAfter;
    }
}
