package io.rafflestars.common.api;

/**
 * How the server ends a live-feed WebSocket, and what the client should do about it. Codes 4000-4999 are ours (the
 * application range of RFC 6455); a code is never renumbered, only added.
 */
public enum FeedCloseCode {
    /** The instance is shutting down: reconnect (to any instance) with the last event id seen. */
    SERVICE_RESTART(1012),
    /** Something failed on the server while handling a message: reconnect after a short pause. */
    SERVER_ERROR(1011),
    /** The instance has too many connections right now: reconnect after a short pause. */
    TRY_AGAIN_LATER(1013),
    /** A message was not valid JSON or not a message of this protocol. Do not retry unchanged. */
    BAD_MESSAGE(4400),
    /** The access token (console) or initData (player) is missing, invalid or expired: sign in again. */
    UNAUTHORIZED(4401),
    /** The console feed is not open to this address (CONSOLE_ALLOW_FROM). */
    FORBIDDEN(4403),
    /** No hello arrived in time after the socket opened. */
    HELLO_TIMEOUT(4408),
    /**
     * The client cannot be brought up to date event by event (see {@link ResyncReason}): reload the state over REST,
     * then reconnect without a last event id.
     */
    RESYNC(4409);

    private final int code;

    FeedCloseCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
