package io.rafflestars.backend.telegram;

/**
 * A webhook update, parsed into the kinds the bot acts on. Anything else is {@link Ignored} (stored, not acted on).
 * Every kind carries its {@code update_id}.
 */
public sealed interface InboundUpdate {
    long updateId();

    /** {@code pre_checkout_query}: must be answered within 10 seconds. */
    record PreCheckout(
            long updateId, String queryId, TelegramUser from, String currency, long totalAmount, String payload)
            implements InboundUpdate {}

    /** A message with {@code successful_payment}: the only thing that credits tickets. */
    record SuccessfulPayment(
            long updateId,
            TelegramUser from,
            long chatId,
            String currency,
            long totalAmount,
            String payload,
            String telegramPaymentChargeId,
            String providerPaymentChargeId)
            implements InboundUpdate {}

    /** A message with {@code refunded_payment}: Telegram returned a payment's Stars to the user. */
    record RefundedPayment(
            long updateId,
            TelegramUser from,
            long chatId,
            String currency,
            long totalAmount,
            String payload,
            String telegramPaymentChargeId)
            implements InboundUpdate {}

    /** A text message in a private chat (commands included, e.g. {@code /start raffle_42}). */
    record TextMessage(long updateId, TelegramUser from, long chatId, long messageId, String text)
            implements InboundUpdate {}

    /** An inline keyboard button press. */
    record CallbackQuery(long updateId, String callbackQueryId, TelegramUser from, Long chatId, String data)
            implements InboundUpdate {}

    /** Anything we do not act on; {@code kind} is the update's field name (e.g. "edited_message"). */
    record Ignored(long updateId, String kind) implements InboundUpdate {}
}
