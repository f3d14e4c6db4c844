package io.rafflestars.telegramfake;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What happened when the fake (playing Telegram) pushed an update to the bot's webhook. */
public sealed interface DeliveryResult {

    /** The update that was (or would have been) sent; {@code null} only for a raw body that is not a JSON object. */
    ObjectNode update();

    /** The HTTP status the webhook answered with, or 0 when it gave no HTTP answer at all. */
    default int status() {
        return this instanceof Answered answered ? answered.status() : 0;
    }

    /** True when the webhook answered 2xx, which is all Telegram asks of it. */
    default boolean ok() {
        return status() >= 200 && status() <= 299;
    }

    /** The webhook answered over HTTP (possibly with an error status; see {@link #ok()}). */
    record Answered(ObjectNode update, int status, String body, int attempts) implements DeliveryResult {}

    /** No HTTP answer: connection refused, timeout, broken connection. */
    record Unreachable(ObjectNode update, String error, int attempts) implements DeliveryResult {}

    /**
     * Not sent, as Telegram would not send it: the update's type is not in the bot's {@code allowed_updates}, or the
     * bot has no webhook for a background delivery (the update then waits in {@code pending_update_count}).
     */
    record Skipped(ObjectNode update, String reason) implements DeliveryResult {}
}
