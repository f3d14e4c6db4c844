package io.rafflestars.telegramfake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/** The Bot API methods themselves: recording, fault injection, parameter checks and Telegram's behaviour. */
final class BotApi {

    /** The outcome of one call, before it becomes Telegram's JSON envelope. */
    sealed interface Answer {
        /** {@code description} is the extra text Telegram adds to some successes, e.g. "Webhook was set". */
        record Success(JsonNode result, String description) implements Answer {}

        record Failure(int errorCode, String description, Integer retryAfter) implements Answer {}
    }

    private static final Map<Integer, Integer> MONTHS_TO_PREMIUM_STARS = Map.of(3, 1000, 6, 1500, 12, 2500);

    private final Clock clock;
    private final Account bot;
    private final Conversations conversations;
    private final Webhook webhook;
    private final StarLedger ledger;
    private final PreCheckoutDesk preCheckouts;
    private final InvoiceBook invoices;
    private final Faults faults;
    private final BooleanSupplier refundUpdates;
    private final List<RecordedCall> calls = new ArrayList<>();
    private final List<SentGift> sentGifts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<String> openCallbackQueries = ConcurrentHashMap.newKeySet();

    BotApi(
            Clock clock,
            Account bot,
            Conversations conversations,
            Webhook webhook,
            StarLedger ledger,
            PreCheckoutDesk preCheckouts,
            InvoiceBook invoices,
            Faults faults,
            BooleanSupplier refundUpdates) {
        this.clock = clock;
        this.bot = bot;
        this.conversations = conversations;
        this.webhook = webhook;
        this.ledger = ledger;
        this.preCheckouts = preCheckouts;
        this.invoices = invoices;
        this.faults = faults;
        this.refundUpdates = refundUpdates;
    }

    /** Copies, so a test that edits a recorded call cannot change the record. */
    List<RecordedCall> calls() {
        synchronized (calls) {
            return calls.stream()
                    .map(c -> new RecordedCall(c.method(), c.params().deepCopy(), c.at()))
                    .toList();
        }
    }

    void clearCalls() {
        synchronized (calls) {
            calls.clear();
        }
    }

    /** Callback queries stay answerable once; the fake player registers each one it sends. */
    void openCallbackQuery(String id) {
        openCallbackQueries.add(id);
    }

    /** Handles one call the way Telegram would: the name is matched case-insensitively, every call is recorded. */
    Answer invoke(String methodName, ObjectNode rawParams) {
        Optional<BotMethod> method = BotMethod.byName(methodName);
        ObjectNode params = method.map(m -> Params.normalize(m, rawParams)).orElse(rawParams);
        synchronized (calls) {
            calls.add(new RecordedCall(
                    method.map(BotMethod::apiName).orElse(methodName), params.deepCopy(), clock.instant()));
        }
        if (method.isEmpty()) {
            return new Answer.Failure(404, "Not Found", null);
        }
        Optional<Answer> faulted = faults.take(method.get().apiName()).flatMap(BotApi::applyFault);
        if (faulted.isPresent()) {
            return faulted.get();
        }
        try {
            Params p = new Params(params);
            for (BotMethod.Param param : method.get().params()) {
                if (param.required() && p.missing(param.name())) {
                    throw new BotApiException(400, param.missingDescription());
                }
            }
            return dispatch(method.get(), p);
        } catch (BotApiException e) {
            return new Answer.Failure(e.errorCode(), e.description(), e.retryAfter());
        }
    }

    /** A fault either replaces the answer or, for Timeout, only delays the normal one. */
    private static Optional<Answer> applyFault(Fault fault) {
        return switch (fault) {
            case Fault.TooManyRequests f ->
                Optional.of(new Answer.Failure(
                        429, "Too Many Requests: retry after " + f.retryAfterSeconds(), f.retryAfterSeconds()));
            case Fault.ServerError f -> Optional.of(new Answer.Failure(f.status(), Webhook.reason(f.status()), null));
            case Fault.BadRequest f ->
                Optional.of(new Answer.Failure(400, prefixed("Bad Request", f.description()), null));
            case Fault.Forbidden f ->
                Optional.of(new Answer.Failure(403, prefixed("Forbidden", f.description()), null));
            case Fault.Timeout f -> {
                try {
                    Thread.sleep(f.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield Optional.empty();
            }
        };
    }

    private static String prefixed(String prefix, String description) {
        return description.startsWith(prefix + ":") ? description : prefix + ": " + description;
    }

    private Answer dispatch(BotMethod method, Params p) {
        return switch (method) {
            case GET_ME -> ok(getMe());
            case SET_WEBHOOK -> setWebhook(p);
            case DELETE_WEBHOOK -> deleteWebhook(p);
            case GET_WEBHOOK_INFO -> ok(webhookInfo());
            case SEND_MESSAGE -> ok(sendMessage(p));
            case SEND_INVOICE -> ok(sendInvoice(p));
            case CREATE_INVOICE_LINK -> ok(createInvoiceLink(p));
            case ANSWER_PRE_CHECKOUT_QUERY -> ok(answerPreCheckoutQuery(p));
            case ANSWER_CALLBACK_QUERY -> ok(answerCallbackQuery(p));
            case REFUND_STAR_PAYMENT -> ok(refundStarPayment(p));
            case GET_STAR_TRANSACTIONS -> ok(getStarTransactions(p));
            case GET_MY_STAR_BALANCE -> ok(starAmount(ledger.balance()));
            case SET_CHAT_MENU_BUTTON -> ok(setChatMenuButton(p));
            case SET_MY_COMMANDS -> ok(setMyCommands(p));
            case GET_AVAILABLE_GIFTS -> ok(GiftCatalogue.gifts());
            case SEND_GIFT -> ok(sendGift(p));
            case GIFT_PREMIUM_SUBSCRIPTION -> ok(giftPremiumSubscription(p));
        };
    }

    private static Answer ok(JsonNode result) {
        return new Answer.Success(result, null);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private ObjectNode getMe() {
        ObjectNode me = TelegramObjects.user(bot);
        // The capability flags only getMe reports; values of a freshly created bot.
        me.put("can_join_groups", true);
        me.put("can_read_all_group_messages", false);
        me.put("supports_inline_queries", false);
        me.put("supports_guest_queries", false);
        me.put("can_connect_to_business", false);
        me.put("has_main_web_app", false);
        me.put("has_topics_enabled", false);
        me.put("allows_users_to_create_topics", false);
        me.put("can_manage_bots", false);
        return me;
    }

    // --- webhook ---

    private Answer setWebhook(Params p) {
        URI url;
        try {
            url = new URI(p.text("url"));
        } catch (URISyntaxException e) {
            throw BotApiException.badRequest("invalid webhook URL specified");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        // Telegram demands HTTPS; the fake also takes plain HTTP because tests and demos listen on loopback.
        if (!(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null) {
            throw BotApiException.badRequest("invalid webhook URL specified");
        }
        String secret = p.text("secret_token", "");
        if (secret.length() > 256) {
            throw BotApiException.badRequest("secret token is too long");
        }
        if (!secret.matches("[A-Za-z0-9_-]*")) {
            throw BotApiException.badRequest("secret token contains unallowed characters");
        }
        Optional<Webhook.Settings> previous = webhook.settings();
        List<String> allowed = p.missing("allowed_updates")
                ? previous.map(Webhook.Settings::allowedUpdates).orElse(null)
                : allowedUpdates(
                        p, previous.map(Webhook.Settings::allowedUpdates).orElse(null));
        int maxConnections = Math.clamp(p.integer("max_connections", 40), 1, 100);
        Webhook.Settings settings = new Webhook.Settings(
                url, secret.isEmpty() ? null : secret, allowed, !p.missing("certificate"), maxConnections);
        boolean drop = p.bool("drop_pending_updates");
        if (previous.isPresent() && previous.get().equals(settings) && !drop) {
            return new Answer.Success(BooleanNode.TRUE, "Webhook is already set");
        }
        webhook.set(settings, drop);
        return new Answer.Success(BooleanNode.TRUE, "Webhook was set");
    }

    /** An empty list means Telegram's default set; anything unparsable leaves the setting as it was, as Telegram. */
    private static List<String> allowedUpdates(Params p, List<String> previous) {
        JsonNode json;
        try {
            json = p.json("allowed_updates", "can't parse allowed_updates");
        } catch (BotApiException e) {
            return previous;
        }
        if (json == null || !json.isArray()) {
            return previous;
        }
        List<String> types = new ArrayList<>();
        for (JsonNode type : json) {
            if (!type.isTextual()) {
                return previous;
            }
            types.add(type.asText().toLowerCase(Locale.ROOT));
        }
        return types.isEmpty() ? null : List.copyOf(types);
    }

    private Answer deleteWebhook(Params p) {
        boolean had = webhook.remove(p.bool("drop_pending_updates"));
        return new Answer.Success(BooleanNode.TRUE, had ? "Webhook was deleted" : "Webhook is already deleted");
    }

    private ObjectNode webhookInfo() {
        ObjectNode info = TelegramObjects.object();
        Optional<Webhook.Settings> settings = webhook.settings();
        info.put("url", settings.map(s -> s.url().toString()).orElse(""));
        info.put(
                "has_custom_certificate",
                settings.map(Webhook.Settings::customCertificate).orElse(false));
        info.put("pending_update_count", webhook.pendingCount());
        webhook.lastErrorAt().ifPresent(at -> info.put("last_error_date", at.getEpochSecond()));
        webhook.lastErrorMessage().ifPresent(message -> info.put("last_error_message", message));
        settings.ifPresent(s -> info.put("max_connections", s.maxConnections()));
        settings.map(Webhook.Settings::allowedUpdates).ifPresent(types -> {
            ArrayNode array = info.putArray("allowed_updates");
            types.forEach(array::add);
        });
        return info;
    }

    // --- messages ---

    private ObjectNode sendMessage(Params p) {
        String text = p.text("text");
        if (text.length() > 4096) {
            throw BotApiException.badRequest("message is too long");
        }
        long chatId = chatId(p);
        ObjectNode message =
                TelegramObjects.message(conversations.nextMessageId(chatId), bot, conversations.chat(chatId), now());
        message.put("text", text);
        JsonNode entities = p.json("entities", "can't parse entities JSON object");
        if (entities != null && entities.isArray() && !entities.isEmpty()) {
            message.set("entities", entities);
        }
        inlineKeyboard(p).ifPresent(markup -> message.set("reply_markup", markup));
        conversations.recordBotMessage(chatId, message);
        return message;
    }

    /** The fake knows only private chats, so a chat id is a user id: positive. Usernames are not resolvable. */
    private static long chatId(Params p) {
        long chatId = p.integer("chat_id", 0);
        if (chatId <= 0) {
            throw BotApiException.badRequest("chat not found");
        }
        return chatId;
    }

    /** Messages echo only inline keyboards; reply keyboards are a client-side affair. */
    private static Optional<ObjectNode> inlineKeyboard(Params p) {
        JsonNode markup = p.json("reply_markup", "can't parse reply keyboard markup JSON object");
        if (markup == null) {
            return Optional.empty();
        }
        if (!markup.isObject()) {
            throw BotApiException.badRequest("can't parse reply keyboard markup JSON object");
        }
        JsonNode keyboard = markup.get("inline_keyboard");
        if (keyboard == null) {
            return Optional.empty();
        }
        if (!keyboard.isArray()) {
            throw BotApiException.badRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array");
        }
        ObjectNode result = TelegramObjects.object();
        result.set("inline_keyboard", keyboard);
        return Optional.of(result);
    }

    // --- invoices ---

    /** What sendInvoice and createInvoiceLink share, validated for Telegram Stars. */
    private record Terms(String title, String description, String payload, String currency, long amount) {}

    private static Terms terms(Params p) {
        String payload = p.text("payload");
        // The reference allows 1-128 bytes; the wording of this error is the fake's own.
        if (payload.getBytes(StandardCharsets.UTF_8).length > 128) {
            throw BotApiException.badRequest("INVOICE_PAYLOAD_INVALID");
        }
        JsonNode prices = p.json("prices", "can't parse prices JSON object");
        if (!prices.isArray()) {
            throw BotApiException.badRequest("expected an Array of labeled prices");
        }
        long total = 0;
        for (JsonNode price : prices) {
            if (!price.isObject()) {
                throw BotApiException.badRequest("can't parse labeled price: LabeledPrice must be an Object");
            }
            if (!price.path("label").isTextual() || price.path("label").asText().isEmpty()) {
                throw BotApiException.badRequest("can't parse labeled price: LabeledPrice label must be non-empty");
            }
            JsonNode amount = price.path("amount");
            if (!amount.isIntegralNumber()
                    && !(amount.isTextual() && amount.asText().matches("-?\\d{1,18}"))) {
                throw BotApiException.badRequest("can't parse labeled price: Field \"amount\" must be a Number");
            }
            total += amount.asLong();
        }
        if (prices.isEmpty()) {
            throw BotApiException.badRequest("there must be at least one price");
        }
        String currency = p.text("currency");
        // Without a payment provider (the fake has none) only Stars can be charged.
        if (!currency.equals("XTR") || !p.missing("provider_token")) {
            throw BotApiException.badRequest("PAYMENT_PROVIDER_INVALID");
        }
        // Stars invoices take exactly one price item and no tips.
        if (prices.size() != 1 || p.integer("max_tip_amount", 0) != 0 || hasItems(p, "suggested_tip_amounts")) {
            throw BotApiException.badRequest("STARS_INVOICE_INVALID");
        }
        if (total < 1) {
            throw BotApiException.badRequest("CURRENCY_TOTAL_AMOUNT_INVALID");
        }
        return new Terms(p.text("title"), p.text("description"), payload, currency, total);
    }

    private static boolean hasItems(Params p, String name) {
        JsonNode node = p.json(name, "can't parse " + name + " JSON object");
        return node != null && (!node.isArray() || !node.isEmpty());
    }

    private ObjectNode sendInvoice(Params p) {
        Terms terms = terms(p);
        long chatId = chatId(p);
        String startParameter = p.text("start_parameter", "");
        long messageId = conversations.nextMessageId(chatId);
        ObjectNode message = TelegramObjects.message(messageId, bot, conversations.chat(chatId), now());
        ObjectNode invoice = message.putObject("invoice");
        invoice.put("title", terms.title());
        invoice.put("description", terms.description());
        invoice.put("start_parameter", startParameter);
        invoice.put("currency", terms.currency());
        invoice.put("total_amount", terms.amount());
        inlineKeyboard(p).ifPresent(markup -> message.set("reply_markup", markup));
        conversations.recordBotMessage(chatId, message);
        invoices.add(new Invoice(
                terms.title(),
                terms.description(),
                terms.payload(),
                terms.currency(),
                terms.amount(),
                startParameter,
                chatId,
                messageId,
                null,
                clock.instant()));
        return message;
    }

    private JsonNode createInvoiceLink(Params p) {
        Terms terms = terms(p);
        String link = "https://t.me/$" + Ids.invoiceSlug();
        invoices.add(new Invoice(
                terms.title(),
                terms.description(),
                terms.payload(),
                terms.currency(),
                terms.amount(),
                "",
                null,
                null,
                link,
                clock.instant()));
        return TextNode.valueOf(link);
    }

    // --- queries ---

    private JsonNode answerPreCheckoutQuery(Params p) {
        boolean ok = p.bool("ok");
        String errorMessage = p.text("error_message");
        if (!ok && errorMessage == null) {
            throw BotApiException.badRequest("parameter \"error_message\" is required");
        }
        preCheckouts.answer(p.text("pre_checkout_query_id"), ok, errorMessage);
        return BooleanNode.TRUE;
    }

    private JsonNode answerCallbackQuery(Params p) {
        if (!openCallbackQueries.remove(p.text("callback_query_id"))) {
            throw new BotApiException(400, BotApiException.QUERY_ID_INVALID);
        }
        return BooleanNode.TRUE;
    }

    // --- stars ---

    private JsonNode refundStarPayment(Params p) {
        long userId = p.integer("user_id", 0);
        if (userId <= 0) {
            throw BotApiException.badRequest("invalid user_id specified");
        }
        StarLedger.Charge charge = ledger.refund(userId, p.text("telegram_payment_charge_id"), now());
        if (refundUpdates.getAsBoolean()) {
            webhook.deliverLater(refundNotice(charge));
        }
        return BooleanNode.TRUE;
    }

    /** The service message Telegram puts in the buyer's chat after a refund. */
    private ObjectNode refundNotice(StarLedger.Charge charge) {
        Account user = charge.user();
        ObjectNode message = TelegramObjects.message(
                conversations.nextMessageId(user.id()), user, TelegramObjects.privateChat(user.id(), user), now());
        ObjectNode refunded = message.putObject("refunded_payment");
        refunded.put("currency", charge.currency());
        refunded.put("total_amount", charge.amount());
        refunded.put("invoice_payload", charge.invoicePayload());
        refunded.put("telegram_payment_charge_id", charge.chargeId());
        ObjectNode update = TelegramObjects.object();
        update.set("message", message);
        return update;
    }

    private JsonNode getStarTransactions(Params p) {
        // Telegram clamps out-of-range values instead of rejecting them.
        int offset = Math.clamp(p.integer("offset", 0), 0, Integer.MAX_VALUE);
        int limit = Math.clamp(p.integer("limit", 100), 1, 100);
        return ledger.page(offset, limit);
    }

    private static ObjectNode starAmount(long amount) {
        ObjectNode result = TelegramObjects.object();
        result.put("amount", amount);
        return result;
    }

    // --- settings: validated, recorded, nothing else to simulate ---

    private JsonNode setChatMenuButton(Params p) {
        if (!p.missing("chat_id") && p.integer("chat_id", 0) <= 0) {
            throw BotApiException.badRequest("invalid chat_id specified");
        }
        JsonNode button = p.json("menu_button", "can't parse menu button JSON object");
        if (button != null && (!button.isObject() || !button.path("type").isTextual())) {
            throw BotApiException.badRequest("can't parse menu button JSON object");
        }
        return BooleanNode.TRUE;
    }

    private JsonNode setMyCommands(Params p) {
        JsonNode commands = p.json("commands", "can't parse commands JSON object");
        if (!commands.isArray()) {
            throw BotApiException.badRequest("expected an Array of BotCommand");
        }
        for (JsonNode command : commands) {
            if (!command.path("command").isTextual()
                    || !command.path("description").isTextual()) {
                throw BotApiException.badRequest("can't parse BotCommand: BotCommand must be an Object with fields"
                        + " \"command\" and \"description\"");
            }
        }
        return BooleanNode.TRUE;
    }

    /** Buys a catalogue gift for a user from the bot's balance; the user sees it in their profile. */
    private JsonNode sendGift(Params p) {
        long userId = p.missing("chat_id") ? p.integer("user_id", 0) : p.integer("chat_id", 0);
        if (userId <= 0) {
            throw BotApiException.badRequest("invalid user_id specified");
        }
        GiftCatalogue.Gift gift =
                GiftCatalogue.byId(p.text("gift_id")).orElseThrow(() -> BotApiException.badRequest("STARGIFT_INVALID"));
        String text = giftText(p);
        ObjectNode json = GiftCatalogue.json(gift);
        ledger.purchase(recipient(userId), gift.starCount(), json, null, now());
        sentGifts.add(new SentGift(userId, gift.id(), null, gift.starCount(), text));
        return BooleanNode.TRUE;
    }

    private JsonNode giftPremiumSubscription(Params p) {
        long userId = p.integer("user_id", 0);
        if (userId <= 0) {
            throw BotApiException.badRequest("invalid user_id specified");
        }
        long months = p.integer("month_count", 0);
        long stars = p.integer("star_count", 0);
        // The reference fixes the price per duration; the wording of this error is the fake's own.
        Integer expected = MONTHS_TO_PREMIUM_STARS.get((int) months);
        if (expected == null || expected != stars) {
            throw BotApiException.badRequest(
                    "PREMIUM_GIFT_INVALID: star_count must be 1000, 1500 or 2500 for 3, 6 or 12 months");
        }
        String text = giftText(p);
        ledger.purchase(recipient(userId), stars, null, (int) months, now());
        sentGifts.add(new SentGift(userId, null, (int) months, stars, text));
        return BooleanNode.TRUE;
    }

    /** The reference allows 0-128 characters of text with a gift; the wording of this error is the fake's own. */
    private static String giftText(Params p) {
        String text = p.text("text", null);
        if (text != null && text.length() > 128) {
            throw BotApiException.badRequest("GIFT_MESSAGE_TOO_LONG");
        }
        return text;
    }

    /** The receiving user as the fake knows them; one it has never seen is shown with a placeholder name. */
    private Account recipient(long userId) {
        return conversations.user(userId).orElseGet(() -> new Account(userId, false, "User " + userId, null, null));
    }

    /** Gifts and Premium subscriptions the bot bought, oldest first. */
    List<SentGift> sentGifts() {
        return List.copyOf(sentGifts);
    }
}
