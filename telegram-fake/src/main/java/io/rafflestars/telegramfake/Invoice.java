package io.rafflestars.telegramfake;

import java.time.Instant;

/**
 * An invoice the bot created, captured so that simulated players can pay it.
 *
 * @param title product name
 * @param description product description
 * @param payload the bot's own payload, echoed in pre-checkout queries, payments and transactions
 * @param currency always {@code "XTR"}: the fake rejects anything else the way Telegram does without a provider
 * @param amount the price in Stars (the single price item)
 * @param startParameter {@code start_parameter} of sendInvoice, empty for links
 * @param chatId target chat of sendInvoice, or {@code null} for an invoice link
 * @param messageId the invoice message's id for sendInvoice, or {@code null} for an invoice link
 * @param link the {@code https://t.me/$...} URL of createInvoiceLink, or {@code null} for sendInvoice
 * @param createdAt when the bot created it
 */
public record Invoice(
        String title,
        String description,
        String payload,
        String currency,
        long amount,
        String startParameter,
        Long chatId,
        Long messageId,
        String link,
        Instant createdAt) {

    /** True when the invoice came from createInvoiceLink rather than sendInvoice. */
    public boolean isLink() {
        return link != null;
    }
}
