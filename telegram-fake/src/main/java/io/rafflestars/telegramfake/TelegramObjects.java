package io.rafflestars.telegramfake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builders for the Bot API objects the fake emits. Field order follows the official server's serializer, so logs and
 * snapshots look like the real thing; optional fields are left out rather than sent as null, as Telegram does.
 */
final class TelegramObjects {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private TelegramObjects() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A User object as it appears inside messages and queries (getMe adds the bot capability flags). */
    static ObjectNode user(Account account) {
        ObjectNode user = object();
        user.put("id", account.id());
        user.put("is_bot", account.bot());
        user.put("first_name", account.firstName());
        if (account.username() != null) {
            user.put("username", account.username());
        }
        if (account.languageCode() != null) {
            user.put("language_code", account.languageCode());
        }
        return user;
    }

    /** A private Chat; Telegram copies the partner's name into it, which we can only do for known players. */
    static ObjectNode privateChat(long chatId, Account partner) {
        ObjectNode chat = object();
        chat.put("id", chatId);
        if (partner != null) {
            chat.put("first_name", partner.firstName());
            if (partner.username() != null) {
                chat.put("username", partner.username());
            }
        }
        chat.put("type", "private");
        return chat;
    }

    /** The common head of every Message: id, sender, chat and date; callers add the content fields. */
    static ObjectNode message(long messageId, Account from, ObjectNode chat, long date) {
        ObjectNode message = object();
        message.put("message_id", messageId);
        message.set("from", user(from));
        message.set("chat", chat);
        message.put("date", date);
        return message;
    }
}
