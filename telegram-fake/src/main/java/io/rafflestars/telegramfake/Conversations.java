package io.rafflestars.telegramfake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Private chats between the bot and users: who the users are, the per-chat message id sequence (shared by both sides,
 * as in Telegram, so ids repeat across chats) and what the bot sent.
 */
final class Conversations {

    private final Map<Long, Account> users = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> lastMessageId = new ConcurrentHashMap<>();
    private final Map<Long, List<ObjectNode>> botMessages = new ConcurrentHashMap<>();

    void register(Account user) {
        users.put(user.id(), user);
    }

    Optional<Account> user(long id) {
        return Optional.ofNullable(users.get(id));
    }

    long nextMessageId(long chatId) {
        return lastMessageId.computeIfAbsent(chatId, id -> new AtomicLong()).incrementAndGet();
    }

    ObjectNode chat(long chatId) {
        return TelegramObjects.privateChat(chatId, users.get(chatId));
    }

    void recordBotMessage(long chatId, ObjectNode message) {
        List<ObjectNode> list = botMessages.computeIfAbsent(chatId, id -> new ArrayList<>());
        synchronized (list) {
            list.add(message.deepCopy());
        }
    }

    List<ObjectNode> botMessagesTo(long chatId) {
        List<ObjectNode> list = botMessages.getOrDefault(chatId, List.of());
        synchronized (list) {
            return list.stream().map(ObjectNode::deepCopy).toList();
        }
    }

    Optional<ObjectNode> botMessage(long chatId, long messageId) {
        return botMessagesTo(chatId).stream()
                .filter(m -> m.path("message_id").asLong() == messageId)
                .findFirst();
    }

    /** The newest bot message in the chat with an inline button carrying this callback data. */
    Optional<ObjectNode> latestWithButton(long chatId, String callbackData) {
        List<ObjectNode> messages = botMessagesTo(chatId);
        for (int i = messages.size() - 1; i >= 0; i--) {
            for (JsonNode row : messages.get(i).path("reply_markup").path("inline_keyboard")) {
                for (JsonNode button : row) {
                    if (callbackData.equals(button.path("callback_data").asText(null))) {
                        return Optional.of(messages.get(i));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
