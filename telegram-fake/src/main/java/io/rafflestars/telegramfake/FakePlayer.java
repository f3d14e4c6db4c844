package io.rafflestars.telegramfake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated Telegram user in a private chat with the bot (chat id = user id). Every action is delivered to the bot's
 * webhook synchronously, so when a method returns, the bot has seen the update and answered the HTTP request.
 */
public final class FakePlayer {

    // Telegram marks /commands (optionally /command@botname) that start at a word boundary.
    private static final Pattern BOT_COMMAND =
            Pattern.compile("(?<![\\p{L}\\p{N}_/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?");

    private final Account account;
    private final Clock clock;
    private final Conversations conversations;
    private final Webhook webhook;
    private final BotApi api;
    private final Checkout checkout;
    private final InvoiceBook invoices;
    // Telegram keeps one chat_instance per chat; callback queries from the same chat share it.
    private final String chatInstance = Ids.chatInstance();

    FakePlayer(
            Account account,
            Clock clock,
            Conversations conversations,
            Webhook webhook,
            BotApi api,
            Checkout checkout,
            InvoiceBook invoices) {
        this.account = account;
        this.clock = clock;
        this.conversations = conversations;
        this.webhook = webhook;
        this.api = api;
        this.checkout = checkout;
        this.invoices = invoices;
    }

    public long userId() {
        return account.id();
    }

    public String firstName() {
        return account.firstName();
    }

    /** May be null. */
    public String languageCode() {
        return account.languageCode();
    }

    /** This player as a Bot API User object. */
    public ObjectNode user() {
        return TelegramObjects.user(account);
    }

    /** Sends a text message; {@code /commands} in it get {@code bot_command} entities as Telegram adds them. */
    public DeliveryResult sendText(String text) {
        Objects.requireNonNull(text, "text");
        ObjectNode message = TelegramObjects.message(
                conversations.nextMessageId(userId()),
                account,
                privateChat(),
                clock.instant().getEpochSecond());
        message.put("text", text);
        Matcher command = BOT_COMMAND.matcher(text);
        ArrayNode entities = null;
        while (command.find()) {
            if (entities == null) {
                entities = message.putArray("entities");
            }
            ObjectNode entity = entities.addObject();
            entity.put("offset", command.start());
            entity.put("length", command.end() - command.start());
            entity.put("type", "bot_command");
        }
        return webhook.deliver(update("message", message));
    }

    /**
     * Presses the inline button with this callback data on the newest bot message in the chat that has one.
     *
     * @throws IllegalStateException if the bot never showed such a button to this player
     */
    public DeliveryResult pressButton(String callbackData) {
        ObjectNode message = conversations
                .latestWithButton(userId(), callbackData)
                .orElseThrow(() -> new IllegalStateException("The bot sent player " + userId()
                        + " no inline button with callback_data '" + callbackData + "'"));
        return deliverCallback(callbackData, message);
    }

    /**
     * Presses a button with this callback data on the given bot message, even if the message has no such button
     * (forged or stale callbacks). An unknown message id is sent as an InaccessibleMessage, as Telegram does for
     * messages it can no longer show.
     */
    public DeliveryResult pressButton(String callbackData, long messageId) {
        ObjectNode message = conversations.botMessage(userId(), messageId).orElseGet(() -> {
            ObjectNode inaccessible = TelegramObjects.object();
            inaccessible.set("chat", privateChat());
            inaccessible.put("message_id", messageId);
            inaccessible.put("date", 0);
            return inaccessible;
        });
        return deliverCallback(callbackData, message);
    }

    /**
     * Pays the invoice: pre-checkout query, wait for the bot's answer (up to the fake's pre-checkout timeout), then
     * the charge and the {@code successful_payment} message.
     */
    public PaymentOutcome pay(Invoice invoice) {
        return checkout.pay(account, Objects.requireNonNull(invoice, "invoice"));
    }

    /** Only sends the pre-checkout query; nothing is charged whatever the bot answers. */
    public PreCheckout preCheckout(Invoice invoice) {
        return checkout.preCheckout(account, Objects.requireNonNull(invoice, "invoice"));
    }

    /**
     * Delivers a {@code successful_payment} for the invoice without a pre-checkout query, e.g. to replay one with the
     * same charge id. The charge is booked (and becomes refundable) only the first time a charge id is used.
     */
    public DeliveryResult successfulPayment(Invoice invoice, String chargeId) {
        return checkout.successfulPayment(
                account, Objects.requireNonNull(invoice, "invoice"), Objects.requireNonNull(chargeId, "chargeId"));
    }

    /** The newest invoice the bot sent to this player's chat with sendInvoice. */
    public Optional<Invoice> lastInvoice() {
        return invoices.lastFor(userId());
    }

    /** What the bot sent to this player (sendMessage and sendInvoice results), oldest first. */
    public List<ObjectNode> messages() {
        return conversations.botMessagesTo(userId());
    }

    private DeliveryResult deliverCallback(String callbackData, JsonNode message) {
        String id = Ids.queryId();
        api.openCallbackQuery(id);
        ObjectNode query = TelegramObjects.object();
        query.put("id", id);
        query.set("from", user());
        query.set("message", message.deepCopy());
        query.put("chat_instance", chatInstance);
        query.put("data", callbackData);
        return webhook.deliver(update("callback_query", query));
    }

    private ObjectNode privateChat() {
        return TelegramObjects.privateChat(userId(), account);
    }

    private static ObjectNode update(String type, ObjectNode content) {
        ObjectNode update = TelegramObjects.object();
        update.set(type, content);
        return update;
    }
}
