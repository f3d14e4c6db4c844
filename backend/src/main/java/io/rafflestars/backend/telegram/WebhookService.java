package io.rafflestars.backend.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.backend.platform.Meters;
import io.rafflestars.common.api.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;

/**
 * {@code POST /telegram/webhook}: Telegram's updates. The secret header is compared in constant time; a wrong or
 * missing one gets 401 and nothing is stored. A genuine update is stored, then answered 200. Two secrets may be
 * accepted at once while the secret is rotated ({@code TELEGRAM_WEBHOOK_SECRET_ALT}).
 *
 * <p>Metrics: {@code telegram_webhook_seconds{kind}} times storing and handling each update (for a pre-checkout query
 * that includes answering it, which Telegram must see within 10 s); {@code telegram_webhook_rejected_total{reason}}
 * counts deliveries refused.
 */
public final class WebhookService implements HttpService {
    public static final String PATH = "/telegram/webhook";
    static final HeaderName SECRET_HEADER = HeaderNames.create("X-Telegram-Bot-Api-Secret-Token");

    /** Metric labels stay a small fixed set whatever arrives. */
    private static final java.util.Set<String> KINDS =
            java.util.Set.of("message", "edited_message", "callback_query", "pre_checkout_query", "my_chat_member");

    private final List<byte[]> secretDigests;
    private final UpdateInbox inbox;

    public WebhookService(List<String> acceptedSecrets, UpdateInbox inbox) {
        if (acceptedSecrets.isEmpty()) {
            throw new IllegalArgumentException("the webhook needs a secret");
        }
        this.secretDigests =
                acceptedSecrets.stream().map(WebhookService::sha256).toList();
        this.inbox = inbox;
        // every series exists from the first scrape, so rates and alerts see zeros rather than nothing
        KINDS.forEach(WebhookService::timer);
        timer("other");
        List.of("secret", "malformed").forEach(r -> Meters.counter("telegram_webhook_rejected", "reason", r));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::receive);
    }

    private void receive(ServerRequest req, ServerResponse res) {
        byte[] given = sha256(req.headers().first(SECRET_HEADER).orElse(""));
        // Digests have one length, so the comparison time says nothing about the secret, not even its length; every
        // accepted secret is compared, so neither does which one matched.
        boolean known = false;
        for (byte[] digest : secretDigests) {
            known |= MessageDigest.isEqual(digest, given);
        }
        if (!known) {
            rejected("secret");
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "Missing or wrong " + SECRET_HEADER.defaultCase());
        }
        JsonNode update;
        try {
            update = req.content().hasEntity()
                    ? Json.mapper().readTree(req.content().as(byte[].class))
                    : null;
        } catch (IOException e) {
            rejected("malformed");
            throw new ApiException(ErrorCode.MALFORMED_JSON, "The update is not valid JSON");
        }
        if (update == null || !update.isObject() || Updates.updateId(update).isEmpty()) {
            rejected("malformed");
            throw new ApiException(ErrorCode.BAD_REQUEST, "An update must be a JSON object with an integer update_id");
        }
        long start = System.nanoTime();
        inbox.receive(update);
        timer(KINDS.contains(Updates.kind(update)) ? Updates.kind(update) : "other")
                .record(Duration.ofNanos(System.nanoTime() - start));
        res.header(HeaderNames.CONTENT_TYPE, "application/json").send("{}");
    }

    /** Telegram's 10 s pre-checkout deadline is what the buckets are placed around. */
    private static Timer timer(String kind) {
        return Metrics.globalRegistry()
                .getOrCreate(Timer.builder("telegram_webhook")
                        .tags(List.of(Tag.create("kind", kind)))
                        .buckets(
                                Duration.ofMillis(5),
                                Duration.ofMillis(25),
                                Duration.ofMillis(100),
                                Duration.ofMillis(250),
                                Duration.ofMillis(500),
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(8),
                                Duration.ofSeconds(10)));
    }

    private static void rejected(String reason) {
        Meters.counter("telegram_webhook_rejected", "reason", reason).increment();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
