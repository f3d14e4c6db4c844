package io.rafflestars.telegramfake;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Bot API methods the fake implements, with the parameters it understands. The table is hardcoded (the fake must
 * not read the reference at run time); SpecConformanceTest keeps it honest against the Bot API reference.
 */
enum BotMethod {
    GET_ME("getMe"),
    SET_WEBHOOK(
            "setWebhook",
            Param.required("url", Kind.STRING),
            Param.optional("certificate", Kind.FILE),
            Param.optional("ip_address", Kind.STRING),
            Param.optional("max_connections", Kind.INTEGER),
            Param.optional("allowed_updates", Kind.JSON),
            Param.optional("drop_pending_updates", Kind.BOOLEAN),
            Param.optional("secret_token", Kind.STRING)),
    DELETE_WEBHOOK("deleteWebhook", Param.optional("drop_pending_updates", Kind.BOOLEAN)),
    GET_WEBHOOK_INFO("getWebhookInfo"),
    // Telegram checks the text before the chat, so a call missing both complains about the text.
    SEND_MESSAGE(
            "sendMessage",
            Param.required("text", Kind.STRING, "Bad Request: message text is empty"),
            Param.required("chat_id", Kind.CHAT_ID, "Bad Request: chat_id is empty"),
            Param.optional("business_connection_id", Kind.STRING),
            Param.optional("message_thread_id", Kind.INTEGER),
            Param.optional("parse_mode", Kind.STRING),
            Param.optional("entities", Kind.JSON),
            Param.optional("link_preview_options", Kind.JSON),
            Param.optional("disable_notification", Kind.BOOLEAN),
            Param.optional("protect_content", Kind.BOOLEAN),
            Param.optional("allow_paid_broadcast", Kind.BOOLEAN),
            Param.optional("message_effect_id", Kind.STRING),
            Param.optional("reply_parameters", Kind.JSON),
            Param.optional("reply_markup", Kind.JSON)),
    SEND_INVOICE(
            "sendInvoice",
            Param.required("title", Kind.STRING),
            Param.required("description", Kind.STRING),
            Param.required("payload", Kind.STRING),
            Param.required("currency", Kind.STRING),
            Param.required("prices", Kind.JSON),
            Param.required("chat_id", Kind.CHAT_ID, "Bad Request: chat_id is empty"),
            Param.optional("message_thread_id", Kind.INTEGER),
            Param.optional("provider_token", Kind.STRING),
            Param.optional("max_tip_amount", Kind.INTEGER),
            Param.optional("suggested_tip_amounts", Kind.JSON),
            Param.optional("start_parameter", Kind.STRING),
            Param.optional("provider_data", Kind.STRING),
            Param.optional("photo_url", Kind.STRING),
            Param.optional("photo_size", Kind.INTEGER),
            Param.optional("photo_width", Kind.INTEGER),
            Param.optional("photo_height", Kind.INTEGER),
            Param.optional("need_name", Kind.BOOLEAN),
            Param.optional("need_phone_number", Kind.BOOLEAN),
            Param.optional("need_email", Kind.BOOLEAN),
            Param.optional("need_shipping_address", Kind.BOOLEAN),
            Param.optional("send_phone_number_to_provider", Kind.BOOLEAN),
            Param.optional("send_email_to_provider", Kind.BOOLEAN),
            Param.optional("is_flexible", Kind.BOOLEAN),
            Param.optional("disable_notification", Kind.BOOLEAN),
            Param.optional("protect_content", Kind.BOOLEAN),
            Param.optional("allow_paid_broadcast", Kind.BOOLEAN),
            Param.optional("message_effect_id", Kind.STRING),
            Param.optional("reply_parameters", Kind.JSON),
            Param.optional("reply_markup", Kind.JSON)),
    CREATE_INVOICE_LINK(
            "createInvoiceLink",
            Param.required("title", Kind.STRING),
            Param.required("description", Kind.STRING),
            Param.required("payload", Kind.STRING),
            Param.required("currency", Kind.STRING),
            Param.required("prices", Kind.JSON),
            Param.optional("business_connection_id", Kind.STRING),
            Param.optional("provider_token", Kind.STRING),
            Param.optional("subscription_period", Kind.INTEGER),
            Param.optional("max_tip_amount", Kind.INTEGER),
            Param.optional("suggested_tip_amounts", Kind.JSON),
            Param.optional("provider_data", Kind.STRING),
            Param.optional("photo_url", Kind.STRING),
            Param.optional("photo_size", Kind.INTEGER),
            Param.optional("photo_width", Kind.INTEGER),
            Param.optional("photo_height", Kind.INTEGER),
            Param.optional("need_name", Kind.BOOLEAN),
            Param.optional("need_phone_number", Kind.BOOLEAN),
            Param.optional("need_email", Kind.BOOLEAN),
            Param.optional("need_shipping_address", Kind.BOOLEAN),
            Param.optional("send_phone_number_to_provider", Kind.BOOLEAN),
            Param.optional("send_email_to_provider", Kind.BOOLEAN),
            Param.optional("is_flexible", Kind.BOOLEAN)),
    ANSWER_PRE_CHECKOUT_QUERY(
            "answerPreCheckoutQuery",
            Param.required("pre_checkout_query_id", Kind.STRING, BotApiException.QUERY_ID_INVALID),
            Param.required("ok", Kind.BOOLEAN),
            Param.optional("error_message", Kind.STRING)),
    // Not in the brief's list, but a bot that gets callback queries must answer them.
    ANSWER_CALLBACK_QUERY(
            "answerCallbackQuery",
            Param.required("callback_query_id", Kind.STRING, BotApiException.QUERY_ID_INVALID),
            Param.optional("text", Kind.STRING),
            Param.optional("show_alert", Kind.BOOLEAN),
            Param.optional("url", Kind.STRING),
            Param.optional("cache_time", Kind.INTEGER)),
    REFUND_STAR_PAYMENT(
            "refundStarPayment",
            Param.required("user_id", Kind.INTEGER, "Bad Request: invalid user_id specified"),
            Param.required("telegram_payment_charge_id", Kind.STRING)),
    GET_STAR_TRANSACTIONS(
            "getStarTransactions", Param.optional("offset", Kind.INTEGER), Param.optional("limit", Kind.INTEGER)),
    GET_MY_STAR_BALANCE("getMyStarBalance"),
    SET_CHAT_MENU_BUTTON(
            "setChatMenuButton", Param.optional("chat_id", Kind.INTEGER), Param.optional("menu_button", Kind.JSON)),
    SET_MY_COMMANDS(
            "setMyCommands",
            Param.required("commands", Kind.JSON),
            Param.optional("scope", Kind.JSON),
            Param.optional("language_code", Kind.STRING)),
    GET_AVAILABLE_GIFTS("getAvailableGifts"),
    // user_id or chat_id is required; the conditional check lives in the implementation.
    SEND_GIFT(
            "sendGift",
            Param.required("gift_id", Kind.STRING),
            Param.optional("user_id", Kind.INTEGER),
            Param.optional("chat_id", Kind.CHAT_ID),
            Param.optional("pay_for_upgrade", Kind.BOOLEAN),
            Param.optional("text", Kind.STRING),
            Param.optional("text_parse_mode", Kind.STRING),
            Param.optional("text_entities", Kind.JSON)),
    GIFT_PREMIUM_SUBSCRIPTION(
            "giftPremiumSubscription",
            Param.required("user_id", Kind.INTEGER, "Bad Request: invalid user_id specified"),
            Param.required("month_count", Kind.INTEGER),
            Param.required("star_count", Kind.INTEGER),
            Param.optional("text", Kind.STRING),
            Param.optional("text_parse_mode", Kind.STRING),
            Param.optional("text_entities", Kind.JSON));

    /** How a parameter's value is read; form encodings carry everything as strings, so this drives conversion. */
    enum Kind {
        STRING,
        INTEGER,
        BOOLEAN,
        /** An object or array; form encodings carry it as a JSON string. */
        JSON,
        /** Integer or String, like chat_id: numeric strings become numbers. */
        CHAT_ID,
        /** An uploaded file (multipart only). */
        FILE
    }

    /**
     * One parameter.
     *
     * @param missingDescription what Telegram says when a required parameter is missing or empty
     */
    record Param(String name, Kind kind, boolean required, String missingDescription) {

        static Param required(String name, Kind kind) {
            return new Param(name, kind, true, "Bad Request: parameter \"" + name + "\" is required");
        }

        static Param required(String name, Kind kind, String missingDescription) {
            return new Param(name, kind, true, missingDescription);
        }

        static Param optional(String name, Kind kind) {
            return new Param(name, kind, false, null);
        }
    }

    private static final Map<String, BotMethod> BY_LOWER_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(m -> m.apiName.toLowerCase(Locale.ROOT), Function.identity()));

    private final String apiName;
    private final List<Param> params;

    BotMethod(String apiName, Param... params) {
        this.apiName = apiName;
        this.params = List.of(params);
    }

    /** The name as the Bot API reference spells it. */
    String apiName() {
        return apiName;
    }

    List<Param> params() {
        return params;
    }

    Optional<Param> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Telegram matches method names case-insensitively. */
    static Optional<BotMethod> byName(String name) {
        return Optional.ofNullable(BY_LOWER_NAME.get(name.toLowerCase(Locale.ROOT)));
    }
}
