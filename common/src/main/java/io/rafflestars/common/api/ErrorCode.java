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
    /** Mini App: the initData is malformed, unsigned, tampered with, signed for another bot, or names no user. */
    INIT_DATA_INVALID(401),
    /** Mini App: the initData is older than the server accepts (or dated in the future); reopen the Mini App. */
    INIT_DATA_EXPIRED(401),
    FORBIDDEN(403),
    /**
     * Four eyes: the user drew the raffle or requested the payout, or already approved it; someone else must decide.
     */
    FOUR_EYES_VIOLATION(403),
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
    /** Buying would take the player past the raffle's per-player ticket limit. */
    PLAYER_CAP_REACHED(409),
    /** The raffle offers no free entries (not a sweepstakes raffle, or none configured). */
    FREE_ENTRY_NOT_OFFERED(409),
    /** The player has claimed every free entry the raffle allows. */
    FREE_ENTRIES_USED(409),
    /** The player's prize credit does not cover the tickets. */
    INSUFFICIENT_CREDIT(409),
    /** The fixed prizes of the places won add up to more than the pot after the house fee: the draw is refused. */
    PRIZES_EXCEED_POT(409),
    /** The place to disqualify has no winner (unfilled, or the raffle has fewer places). */
    PLACE_HAS_NO_WINNER(409),
    /** The payout is being executed right now (a Telegram call is in flight); try again in a minute. */
    PAYOUT_BUSY(409),
    /** The change would leave no enabled ADMIN. */
    LAST_ADMIN(409),
    /** An announcement to a raffle that nobody holds a ticket of: there is no one to tell. */
    NO_PARTICIPANTS(409),
    /** The Idempotency-Key was used before for a different request: a retry must repeat the request unchanged. */
    IDEMPOTENCY_KEY_REUSED(409),
    // 413/415
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    // 428: an edit must say which version it edits (If-Match)
    PRECONDITION_REQUIRED(428),
    // 429
    TOO_MANY_REQUESTS(429),
    // 5xx: our fault or a dependency's
    INTERNAL(500),
    UNAVAILABLE(503),
    /** The raffle's public randomness beacon could not be read; the draw is not made without it. */
    BEACON_UNAVAILABLE(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
