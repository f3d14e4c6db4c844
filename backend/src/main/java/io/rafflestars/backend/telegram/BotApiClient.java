package io.rafflestars.backend.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.backend.platform.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The Bot API methods the bot uses, as JSON over HTTP (see ADR 0005 for why not a Telegram library). Every call is
 * bounded: a per-attempt timeout, a number of attempts, and a total deadline. A 429 waits its {@code retry_after}
 * (when that fits the deadline); a 5xx or no answer backs off exponentially; a 400/403 fails at once.
 */
public final class BotApiClient {
    private static final System.Logger LOG = System.getLogger(BotApiClient.class.getName());

    /** How hard to try one call. */
    public record Policy(int attempts, Duration attemptTimeout, Duration deadline, Duration firstBackoff) {
        /** Background work (outgoing queue, refunds, reconciliation): patient, the caller retries later anyway. */
        public static final Policy BACKGROUND =
                new Policy(4, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMillis(200));
        /** Pre-checkout answers: Telegram waits 10 s for them in all, so give up well before that. */
        public static final Policy URGENT =
                new Policy(3, Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofMillis(100));
        /**
         * Calls that spend Stars and carry no idempotency key (gifts): never repeated by the client, because a lost
         * answer may hide a purchase that happened. The caller decides what an unknown outcome means.
         */
        public static final Policy ONCE =
                new Policy(1, Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofMillis(100));
    }

    private final HttpClient http;
    private final URI base;
    private final String token;
    private final Sleeper sleeper;

    /** Waits between attempts; tests replace it to keep time out of the picture. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public BotApiClient(URI apiUrl, String botToken) {
        this(apiUrl, botToken, Thread::sleep);
    }

    public BotApiClient(URI apiUrl, String botToken, Sleeper sleeper) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.base = apiUrl;
        this.token = botToken;
        this.sleeper = sleeper;
    }

    public JsonNode getMe() {
        return call("getMe", Json.mapper().createObjectNode(), Policy.BACKGROUND);
    }

    /** Sends any method with a JSON body built by the caller (sendMessage, sendInvoice, ...); returns {@code result}. */
    public JsonNode call(String method, ObjectNode params) {
        return call(method, params, Policy.BACKGROUND);
    }

    public void answerPreCheckoutQuery(String queryId, boolean ok, String errorMessage) {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("pre_checkout_query_id", queryId);
        p.put("ok", ok);
        if (!ok) {
            p.put("error_message", errorMessage);
        }
        call("answerPreCheckoutQuery", p, Policy.URGENT);
    }

    public void answerCallbackQuery(String callbackQueryId, String text, boolean showAlert) {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("callback_query_id", callbackQueryId);
        if (text != null) {
            p.put("text", text);
            p.put("show_alert", showAlert);
        }
        call("answerCallbackQuery", p, Policy.URGENT);
    }

    /** Returns the {@code https://t.me/$...} link of a new invoice (currency XTR, no provider token, one price). */
    public String createInvoiceLink(String title, String description, String payload, String label, long amount) {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("title", title);
        p.put("description", description);
        p.put("payload", payload);
        p.put("currency", "XTR");
        p.put("provider_token", "");
        ObjectNode price = p.putArray("prices").addObject();
        price.put("label", label);
        price.put("amount", amount);
        return call("createInvoiceLink", p, Policy.URGENT).asText();
    }

    /** Refunds a Stars payment in full. CHARGE_ALREADY_REFUNDED comes back as a {@link BotApiException}. */
    public void refundStarPayment(long userId, String telegramPaymentChargeId) {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("user_id", userId);
        p.put("telegram_payment_charge_id", telegramPaymentChargeId);
        call("refundStarPayment", p, Policy.BACKGROUND);
    }

    /** One page of the bot's Star transactions, oldest first. */
    public JsonNode getStarTransactions(int offset, int limit) {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("offset", offset);
        p.put("limit", limit);
        return call("getStarTransactions", p, Policy.BACKGROUND);
    }

    /** The catalogue of gifts the bot can send (a {@code Gifts} object: {@code {"gifts": [...]}}). */
    public JsonNode getAvailableGifts() {
        return call("getAvailableGifts", Json.mapper().createObjectNode(), Policy.BACKGROUND);
    }

    /** Buys catalogue gift {@code giftId} for the user from the bot's Star balance. The receiver cannot sell it. */
    public void sendGift(long userId, String giftId, String text) {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("user_id", userId);
        p.put("gift_id", giftId);
        if (text != null) {
            p.put("text", text);
        }
        // One attempt: a gift has no idempotency key, so an unanswered call is never repeated blindly.
        call("sendGift", p, Policy.ONCE);
    }

    /** Buys {@code months} of Telegram Premium for the user; {@code stars} must be Telegram's price for them. */
    public void giftPremiumSubscription(long userId, int months, long stars, String text) {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("user_id", userId);
        p.put("month_count", months);
        p.put("star_count", stars);
        if (text != null) {
            p.put("text", text);
        }
        call("giftPremiumSubscription", p, Policy.ONCE);
    }

    public void setWebhook(URI url, String secretToken, List<String> allowedUpdates) {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("url", url.toString());
        p.put("secret_token", secretToken);
        var allowed = p.putArray("allowed_updates");
        allowedUpdates.forEach(allowed::add);
        call("setWebhook", p, Policy.BACKGROUND);
    }

    /** One Bot API call under {@code policy}; returns Telegram's {@code result}. */
    public JsonNode call(String method, ObjectNode params, Policy policy) {
        long deadline = System.nanoTime() + policy.deadline().toNanos();
        Duration backoff = policy.firstBackoff();
        BotApiException last = null;
        for (int attempt = 1; attempt <= policy.attempts(); attempt++) {
            try {
                return once(method, params, policy.attemptTimeout());
            } catch (BotApiException e) {
                last = e;
                if (!e.transientFailure() || attempt == policy.attempts()) {
                    throw e;
                }
                Duration wait = e.retryAfterSeconds() != null ? Duration.ofSeconds(e.retryAfterSeconds()) : backoff;
                if (System.nanoTime() + wait.toNanos() > deadline) {
                    throw e; // the caller's own retry (a queue, a job) takes it from here
                }
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "{0}: {1}; retrying in {2} ms",
                        method,
                        e.getMessage(),
                        wait.toMillis());
                sleep(wait, e);
                backoff = backoff.multipliedBy(2);
            }
        }
        throw last;
    }

    private JsonNode once(String method, ObjectNode params, Duration timeout) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(base + "/bot" + token + "/" + method))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(params)))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // Never put the URL in a message: it holds the bot token.
            throw new BotApiException(method, 0, "no answer: " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BotApiException(method, 0, "interrupted", null);
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            String text = new String(response.body(), StandardCharsets.UTF_8);
            throw new BotApiException(
                    method,
                    response.statusCode(),
                    "not a Bot API answer: " + text.substring(0, Math.min(200, text.length())),
                    null);
        }
        if (body.path("ok").asBoolean(false)) {
            return body.path("result");
        }
        JsonNode retry = body.path("parameters").path("retry_after");
        throw new BotApiException(
                method,
                body.path("error_code").asInt(response.statusCode()),
                body.path("description").asText(""),
                retry.isNumber() ? retry.asInt() : null);
    }

    private void sleep(Duration d, BotApiException cause) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }
}
