package io.rafflestars.telegramfake;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** How a simulated player's attempt to pay an invoice ended. */
public sealed interface PaymentOutcome {

    /**
     * The bot approved the pre-checkout query and Telegram took the Stars.
     *
     * @param chargeId the {@code telegram_payment_charge_id}, needed for refunds
     * @param preCheckoutMillis how long the bot took to answer the pre-checkout query (Telegram allows 10 s)
     * @param successfulPaymentUpdate the update with {@code message.successful_payment} that was delivered
     * @param delivery how the webhook took that update
     */
    record Paid(String chargeId, long preCheckoutMillis, ObjectNode successfulPaymentUpdate, DeliveryResult delivery)
            implements PaymentOutcome {}

    /** The bot answered the pre-checkout query with {@code ok=false}; nothing was charged. */
    record Declined(String errorMessage) implements PaymentOutcome {}

    /** The bot did not answer the pre-checkout query in time; nothing was charged and the query is now invalid. */
    record NoAnswer() implements PaymentOutcome {}
}
