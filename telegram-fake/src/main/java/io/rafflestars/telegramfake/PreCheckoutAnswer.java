package io.rafflestars.telegramfake;

import java.time.Instant;

/**
 * The bot's answerPreCheckoutQuery for one query.
 *
 * @param ok whether the bot accepted the order
 * @param errorMessage the bot's explanation when {@code ok} is false, else {@code null}
 * @param at when the answer arrived
 */
public record PreCheckoutAnswer(boolean ok, String errorMessage, Instant at) {}
