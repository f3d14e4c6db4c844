package io.rafflestars.telegramfake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/** Telegram's side of webhook delivery: the bot's webhook settings, the update queue and the HTTP POSTs. */
final class Webhook implements AutoCloseable {

    /** Update types Telegram sends when the bot never chose (or chose an empty list of) allowed_updates. */
    static final Set<String> NOT_SENT_BY_DEFAULT = Set.of("chat_member", "message_reaction", "message_reaction_count");

    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    /** The webhook as the bot configured it; {@code allowedUpdates == null} means Telegram's default set. */
    record Settings(
            URI url, String secret, List<String> allowedUpdates, boolean customCertificate, int maxConnections) {}

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"),
            Map.entry(409, "Conflict"),
            Map.entry(410, "Gone"),
            Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"),
            Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"));

    /** The standard reason phrase, which Telegram quotes in last_error_message and 5xx descriptions. */
    static String reason(int status) {
        return REASONS.getOrDefault(status, "Unknown");
    }

    private final Clock clock;
    private final ExecutorService httpExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final ExecutorService background;
    // Arbitrary start, like Telegram's: a bot must not assume update ids begin at 1.
    private final AtomicLong lastUpdateId =
            new AtomicLong(ThreadLocalRandom.current().nextLong(100_000_000L, 900_000_000L));
    private final List<ObjectNode> delivered = new ArrayList<>();
    private final Deque<ObjectNode> pending = new ArrayDeque<>();

    private volatile Settings settings;
    private volatile Instant lastErrorAt;
    private volatile String lastErrorMessage;
    private volatile int maxAttempts = 1;
    private volatile Duration firstBackoff = Duration.ofMillis(200);
    private volatile Duration timeout = Duration.ofSeconds(15);
    private volatile BiConsumer<String, ObjectNode> webhookReplyHandler = (method, params) -> {};

    Webhook(Clock clock) {
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(httpExecutor)
                .build();
        // One background sender keeps fake-initiated updates (refund notices) in order, as Telegram does per chat.
        this.background = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("fake-telegram-webhook").factory());
    }

    Optional<Settings> settings() {
        return Optional.ofNullable(settings);
    }

    void set(Settings newSettings, boolean dropPending) {
        settings = newSettings;
        lastErrorAt = null;
        lastErrorMessage = null;
        if (dropPending) {
            synchronized (pending) {
                pending.clear();
            }
        }
    }

    /** Returns whether a webhook was set. */
    boolean remove(boolean dropPending) {
        boolean had = settings != null;
        set(null, dropPending);
        return had;
    }

    void retryPolicy(int attempts, Duration backoff) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be positive");
        }
        maxAttempts = attempts;
        firstBackoff = backoff;
    }

    void timeout(Duration value) {
        timeout = value;
    }

    /** Telegram executes a method the bot puts in its 2xx webhook reply body; the handler does that for us. */
    void onWebhookReply(BiConsumer<String, ObjectNode> handler) {
        webhookReplyHandler = handler;
    }

    Optional<Instant> lastErrorAt() {
        return Optional.ofNullable(lastErrorAt);
    }

    Optional<String> lastErrorMessage() {
        return Optional.ofNullable(lastErrorMessage);
    }

    int pendingCount() {
        synchronized (pending) {
            return pending.size();
        }
    }

    List<ObjectNode> pendingUpdates() {
        synchronized (pending) {
            return pending.stream().map(ObjectNode::deepCopy).toList();
        }
    }

    long nextUpdateId() {
        return lastUpdateId.incrementAndGet();
    }

    /** Gives the update an {@code update_id} (first, as Telegram orders it) unless it already has one. */
    ObjectNode withUpdateId(ObjectNode update) {
        if (update.has("update_id")) {
            return update;
        }
        ObjectNode numbered = TelegramObjects.object();
        numbered.put("update_id", nextUpdateId());
        numbered.setAll(update);
        return numbered;
    }

    /** Delivers now, on the caller's thread; fails loudly when no webhook is set, since a test then misses updates. */
    DeliveryResult deliver(ObjectNode update) {
        Settings current = settings;
        if (current == null) {
            throw new IllegalStateException(
                    "The bot has no webhook: it must call setWebhook first (or use FakeTelegram.webhook(url, secret))");
        }
        return deliver(withUpdateId(update), current);
    }

    /**
     * Delivers in the background, as Telegram does for updates caused by the bot's own calls: the bot's call must not
     * wait for its own webhook. Without a webhook the update waits in the pending queue.
     */
    void deliverLater(ObjectNode update) {
        ObjectNode numbered = withUpdateId(update);
        background.execute(() -> {
            Settings current = settings;
            if (current == null) {
                addPending(numbered);
            } else {
                deliver(numbered, current);
            }
        });
    }

    /** Sends the pending updates again, oldest first, until one fails; returns the results. */
    List<DeliveryResult> redeliverPending() {
        Settings current = settings;
        if (current == null) {
            throw new IllegalStateException("The bot has no webhook");
        }
        List<DeliveryResult> results = new ArrayList<>();
        while (true) {
            ObjectNode next;
            synchronized (pending) {
                next = pending.pollFirst();
            }
            if (next == null) {
                return results;
            }
            DeliveryResult result = deliver(next, current);
            results.add(result);
            if (!result.ok()) {
                return results;
            }
        }
    }

    /** Posts a body exactly as given, e.g. forged, replayed or reordered updates, with whatever secret header. */
    DeliveryResult deliverRaw(String json, String secretHeader) {
        Settings current = settings;
        if (current == null) {
            throw new IllegalStateException("The bot has no webhook");
        }
        ObjectNode parsed = parseObject(json);
        if (parsed != null) {
            remember(parsed);
        }
        return post(current.url(), json, secretHeader, parsed);
    }

    List<ObjectNode> delivered() {
        synchronized (delivered) {
            return delivered.stream().map(ObjectNode::deepCopy).toList();
        }
    }

    Optional<ObjectNode> awaitDelivered(Predicate<ObjectNode> condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (delivered) {
            while (true) {
                for (ObjectNode update : delivered) {
                    if (condition.test(update)) {
                        return Optional.of(update.deepCopy());
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                try {
                    delivered.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
    }

    static String updateType(ObjectNode update) {
        Iterator<String> names = update.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("update_id")) {
                return name;
            }
        }
        return "";
    }

    private DeliveryResult deliver(ObjectNode update, Settings current) {
        String type = updateType(update);
        boolean allowed = current.allowedUpdates() == null
                ? !NOT_SENT_BY_DEFAULT.contains(type)
                : current.allowedUpdates().contains(type);
        if (!allowed) {
            return new DeliveryResult.Skipped(update, "'" + type + "' is not in the bot's allowed_updates");
        }
        remember(update);
        String body = update.toString();
        DeliveryResult result = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                sleep(firstBackoff.multipliedBy(1L << Math.min(attempt - 2, 10)));
            }
            result = withAttempts(post(current.url(), body, current.secret(), update), attempt);
            if (result.ok()) {
                return result;
            }
        }
        addPending(update);
        return result;
    }

    private DeliveryResult post(URI url, String body, String secretHeader, ObjectNode update) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (secretHeader != null && !secretHeader.isEmpty()) {
            request.header(SECRET_HEADER, secretHeader);
        }
        try {
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            int status = response.statusCode();
            if (status >= 200 && status <= 299) {
                runWebhookReply(response.body());
            } else {
                fail("Wrong response from the webhook: " + status + " " + reason(status));
            }
            return new DeliveryResult.Answered(update, status, response.body(), 1);
        } catch (HttpTimeoutException e) {
            fail("Read timeout expired");
            return new DeliveryResult.Unreachable(update, "Read timeout expired", 1);
        } catch (ConnectException e) {
            fail("Connection refused");
            return new DeliveryResult.Unreachable(update, "Connection refused", 1);
        } catch (IOException e) {
            fail("Webhook connection closed");
            return new DeliveryResult.Unreachable(update, "Webhook connection closed: " + e, 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryResult.Unreachable(update, "interrupted", 1);
        }
    }

    private void runWebhookReply(String body) {
        ObjectNode reply = parseObject(body);
        if (reply == null || !reply.path("method").isTextual()) {
            return;
        }
        String method = reply.remove("method").asText();
        String lower = method.toLowerCase(Locale.ROOT);
        // The same exclusions as Telegram: no getters and no webhook changes from inside a webhook reply.
        if (lower.startsWith("get")
                || Set.of("setwebhook", "deletewebhook", "close", "logout").contains(lower)) {
            return;
        }
        webhookReplyHandler.accept(method, reply);
    }

    private static DeliveryResult withAttempts(DeliveryResult result, int attempts) {
        return switch (result) {
            case DeliveryResult.Answered a -> new DeliveryResult.Answered(a.update(), a.status(), a.body(), attempts);
            case DeliveryResult.Unreachable u -> new DeliveryResult.Unreachable(u.update(), u.error(), attempts);
            case DeliveryResult.Skipped s -> s;
        };
    }

    private void fail(String message) {
        lastErrorAt = clock.instant();
        lastErrorMessage = message;
    }

    private void addPending(ObjectNode update) {
        synchronized (pending) {
            pending.addLast(update);
        }
    }

    private void remember(ObjectNode update) {
        synchronized (delivered) {
            delivered.add(update.deepCopy());
            delivered.notifyAll();
        }
    }

    private static ObjectNode parseObject(String json) {
        try {
            JsonNode node = TelegramObjects.MAPPER.readTree(json);
            return node instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
        http.close();
        httpExecutor.shutdownNow();
    }
}
