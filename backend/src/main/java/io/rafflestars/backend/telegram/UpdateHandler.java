package io.rafflestars.backend.telegram;

/**
 * What the bot does with an update once it is safely stored. Called at most once at a time per update; called again
 * (with the same update) when an earlier attempt threw, so implementations must be idempotent.
 */
public interface UpdateHandler {
    void handle(InboundUpdate update) throws Exception;
}
