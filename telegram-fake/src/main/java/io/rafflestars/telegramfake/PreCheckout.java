package io.rafflestars.telegramfake;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A pre-checkout query that was sent to the bot, with the bot's answer once it arrives. Obtained from
 * {@link FakePlayer#preCheckout(Invoice)} to script unusual sequences; {@link FakePlayer#pay(Invoice)} does the usual
 * one.
 */
public final class PreCheckout {

    private final String queryId;
    private final Invoice invoice;
    private final DeliveryResult delivery;
    private final CompletableFuture<PreCheckoutAnswer> answer;

    PreCheckout(String queryId, Invoice invoice, DeliveryResult delivery, CompletableFuture<PreCheckoutAnswer> answer) {
        this.queryId = queryId;
        this.invoice = invoice;
        this.delivery = delivery;
        this.answer = answer;
    }

    /** The {@code pre_checkout_query.id} the bot must pass to answerPreCheckoutQuery. */
    public String queryId() {
        return queryId;
    }

    public Invoice invoice() {
        return invoice;
    }

    /** How the webhook took the {@code pre_checkout_query} update. */
    public DeliveryResult delivery() {
        return delivery;
    }

    /** The answer, if the bot has answered already. */
    public Optional<PreCheckoutAnswer> answer() {
        return Optional.ofNullable(answer.getNow(null));
    }

    /** Waits up to {@code within} for the bot's answer. Answers after Telegram's deadline are refused, never seen. */
    public Optional<PreCheckoutAnswer> awaitAnswer(Duration within) {
        try {
            return Optional.of(answer.get(Math.max(0, within.toNanos()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
