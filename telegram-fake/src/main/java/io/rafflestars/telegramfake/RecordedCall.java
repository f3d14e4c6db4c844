package io.rafflestars.telegramfake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One Bot API call the bot made, as the fake understood it.
 *
 * @param method the canonical method name as the Bot API reference spells it (e.g. {@code "sendMessage"}), whatever
 *     case the client used; an unknown method keeps the name the client sent
 * @param params the parameters, merged from query string and body; values that Telegram types as Integer, Boolean or
 *     JSON are converted from their form-encoded string form so that assertions do not depend on the encoding
 * @param at when the call arrived
 */
public record RecordedCall(String method, ObjectNode params, Instant at) {}
