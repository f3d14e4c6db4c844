package io.rafflestars.telegramfake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Telegram's side of a Stars purchase: pre-checkout query, the 10 second wait, the charge and its notice. */
final class Checkout {

    private final Clock clock;
    private final Webhook webhook;
    private final PreCheckoutDesk desk;
    private final StarLedger ledger;
    private final Conversations conversations;
    private final Supplier<Duration> timeout;

    Checkout(
            Clock clock,
            Webhook webhook,
            PreCheckoutDesk desk,
            StarLedger ledger,
            Conversations conversations,
            Supplier<Duration> timeout) {
        this.clock = clock;
        this.webhook = webhook;
        this.desk = desk;
        this.ledger = ledger;
        this.conversations = conversations;
        this.timeout = timeout;
    }

    /** The whole purchase as a user's tap on "Pay" starts it. */
    PaymentOutcome pay(Account payer, Invoice invoice) {
        PreCheckoutDesk.Open query = desk.open(invoice, payer, timeout.get());
        Instant sentAt = clock.instant();
        DeliveryResult delivery = webhook.deliver(preCheckoutUpdate(query));
        if (delivery instanceof DeliveryResult.Skipped) {
            // The bot can never see this query, so waiting out the deadline would only slow tests down.
            desk.expire(query.id());
            return new PaymentOutcome.NoAnswer();
        }
        Optional<PreCheckoutAnswer> answer = await(query);
        if (answer.isEmpty()) {
            return new PaymentOutcome.NoAnswer();
        }
        if (!answer.get().ok()) {
            return new PaymentOutcome.Declined(answer.get().errorMessage());
        }
        long preCheckoutMillis = Duration.between(sentAt, answer.get().at()).toMillis();
        String chargeId = Ids.chargeId();
        DeliveryResult paid = successfulPayment(payer, invoice, chargeId);
        return new PaymentOutcome.Paid(chargeId, preCheckoutMillis, paid.update(), paid);
    }

    /** Only the pre-checkout step; the caller decides what happens next. */
    PreCheckout preCheckout(Account payer, Invoice invoice) {
        PreCheckoutDesk.Open query = desk.open(invoice, payer, timeout.get());
        DeliveryResult delivery = webhook.deliver(preCheckoutUpdate(query));
        return new PreCheckout(query.id(), invoice, delivery, query.answer());
    }

    /**
     * Books the charge (once per charge id) and delivers the {@code successful_payment} message, with or without a
     * preceding pre-checkout query, so tests can also replay a payment.
     */
    DeliveryResult successfulPayment(Account payer, Invoice invoice, String chargeId) {
        long date = clock.instant().getEpochSecond();
        ledger.recordPayment(
                new StarLedger.Charge(chargeId, payer, invoice.amount(), invoice.currency(), invoice.payload()), date);
        ObjectNode message = TelegramObjects.message(
                conversations.nextMessageId(payer.id()), payer, TelegramObjects.privateChat(payer.id(), payer), date);
        ObjectNode payment = message.putObject("successful_payment");
        payment.put("currency", invoice.currency());
        payment.put("total_amount", invoice.amount());
        payment.put("invoice_payload", invoice.payload());
        payment.put("telegram_payment_charge_id", chargeId);
        payment.put("provider_payment_charge_id", "");
        ObjectNode update = TelegramObjects.object();
        update.set("message", message);
        return webhook.deliver(update);
    }

    private Optional<PreCheckoutAnswer> await(PreCheckoutDesk.Open query) {
        Duration left = Duration.between(clock.instant(), query.deadline());
        PreCheckout handle = new PreCheckout(query.id(), query.invoice(), null, query.answer());
        Optional<PreCheckoutAnswer> answer = handle.awaitAnswer(left);
        if (answer.isEmpty()) {
            desk.expire(query.id());
            // An answer may have slipped in between the wait ending and the expiry.
            answer = handle.answer();
        }
        return answer;
    }

    private static ObjectNode preCheckoutUpdate(PreCheckoutDesk.Open query) {
        ObjectNode preCheckout = TelegramObjects.object();
        preCheckout.put("id", query.id());
        preCheckout.set("from", TelegramObjects.user(query.payer()));
        preCheckout.put("currency", query.invoice().currency());
        preCheckout.put("total_amount", query.invoice().amount());
        preCheckout.put("invoice_payload", query.invoice().payload());
        ObjectNode update = TelegramObjects.object();
        update.set("pre_checkout_query", preCheckout);
        return update;
    }
}
