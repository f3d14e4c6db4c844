package io.rafflestars.backend.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Optional;

/** Reads Telegram's Update JSON into {@link InboundUpdate}. Unknown or partial updates become {@code Ignored}. */
public final class Updates {
    private Updates() {}

    /** The update's {@code update_id}, if it has a usable one. */
    public static Optional<Long> updateId(JsonNode update) {
        JsonNode id = update.path("update_id");
        return id.canConvertToLong() && id.isIntegralNumber() ? Optional.of(id.asLong()) : Optional.empty();
    }

    /**
     * The update as PostgreSQL can store it: text may not contain U+0000, in jsonb or anywhere else, so every NUL in
     * a string or a field name becomes U+FFFD. Without this, one such update could never be stored and Telegram would
     * retry it (and hold back the updates behind it) for a day. Returns the update itself when it has no NUL.
     */
    public static JsonNode storable(JsonNode update) {
        return update.toString().contains("\\u0000") ? withoutNul(update) : update;
    }

    private static JsonNode withoutNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\u0000') < 0 ? node : TextNode.valueOf(clean(node.textValue()));
        }
        if (node instanceof ObjectNode o) {
            ObjectNode copy = o.objectNode();
            o.fields().forEachRemaining(e -> copy.set(clean(e.getKey()), withoutNul(e.getValue())));
            return copy;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode copy = a.arrayNode();
            a.forEach(item -> copy.add(withoutNul(item)));
            return copy;
        }
        return node;
    }

    private static String clean(String s) {
        return s.replace('\u0000', '\uFFFD');
    }

    /** The name of the update's payload field, e.g. {@code message} or {@code pre_checkout_query}. */
    public static String kind(JsonNode update) {
        for (Iterator<String> names = update.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("update_id")) {
                return name;
            }
        }
        return "empty";
    }

    public static InboundUpdate parse(JsonNode update) {
        long id = updateId(update).orElseThrow(() -> new IllegalArgumentException("update without update_id"));
        String kind = kind(update);
        JsonNode body = update.path(kind);
        return switch (kind) {
            case "pre_checkout_query" -> preCheckout(id, body);
            case "message" -> message(id, body);
            case "callback_query" -> callback(id, body);
            default -> new InboundUpdate.Ignored(id, kind);
        };
    }

    private static InboundUpdate preCheckout(long id, JsonNode q) {
        if (!q.path("id").isTextual()
                || !q.path("from").isObject()
                || !q.path("total_amount").canConvertToLong()) {
            return new InboundUpdate.Ignored(id, "pre_checkout_query (malformed)");
        }
        return new InboundUpdate.PreCheckout(
                id,
                q.path("id").asText(),
                user(q.path("from")),
                q.path("currency").asText(""),
                q.path("total_amount").asLong(),
                q.path("invoice_payload").asText(""));
    }

    private static InboundUpdate message(long id, JsonNode m) {
        JsonNode from = m.path("from");
        JsonNode chat = m.path("chat").path("id");
        if (!from.isObject() || !chat.canConvertToLong()) {
            return new InboundUpdate.Ignored(id, "message (no sender)");
        }
        TelegramUser user = user(from);
        long chatId = chat.asLong();
        JsonNode paid = m.path("successful_payment");
        if (paid.isObject()) {
            if (!paid.path("telegram_payment_charge_id").isTextual()
                    || paid.path("telegram_payment_charge_id").asText().isEmpty()) {
                return new InboundUpdate.Ignored(id, "successful_payment (no charge id)");
            }
            return new InboundUpdate.SuccessfulPayment(
                    id,
                    user,
                    chatId,
                    paid.path("currency").asText(""),
                    paid.path("total_amount").asLong(),
                    paid.path("invoice_payload").asText(""),
                    paid.path("telegram_payment_charge_id").asText(),
                    paid.path("provider_payment_charge_id").asText(""));
        }
        JsonNode refunded = m.path("refunded_payment");
        if (refunded.isObject() && refunded.path("telegram_payment_charge_id").isTextual()) {
            return new InboundUpdate.RefundedPayment(
                    id,
                    user,
                    chatId,
                    refunded.path("currency").asText(""),
                    refunded.path("total_amount").asLong(),
                    refunded.path("invoice_payload").asText(""),
                    refunded.path("telegram_payment_charge_id").asText());
        }
        if (m.path("text").isTextual()
                && "private".equals(m.path("chat").path("type").asText("private"))) {
            return new InboundUpdate.TextMessage(
                    id,
                    user,
                    chatId,
                    m.path("message_id").asLong(),
                    m.path("text").asText());
        }
        return new InboundUpdate.Ignored(id, "message");
    }

    private static InboundUpdate callback(long id, JsonNode q) {
        if (!q.path("id").isTextual() || !q.path("from").isObject()) {
            return new InboundUpdate.Ignored(id, "callback_query (malformed)");
        }
        JsonNode chat = q.path("message").path("chat").path("id");
        return new InboundUpdate.CallbackQuery(
                id,
                q.path("id").asText(),
                user(q.path("from")),
                chat.canConvertToLong() && !chat.isMissingNode() ? chat.asLong() : null,
                q.path("data").asText(""));
    }

    private static TelegramUser user(JsonNode u) {
        return new TelegramUser(
                u.path("id").asLong(),
                u.path("first_name").asText(""),
                u.path("username").isTextual() ? u.path("username").asText() : null,
                u.path("language_code").isTextual() ? u.path("language_code").asText() : null);
    }
}
