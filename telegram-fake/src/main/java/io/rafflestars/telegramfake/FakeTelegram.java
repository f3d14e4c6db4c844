package io.rafflestars.telegramfake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * An in-process fake of the Telegram Bot API, speaking Telegram's JSON over HTTP on 127.0.0.1.
 *
 * <p>The bot under test calls {@code baseUrl() + "/bot" + token + "/" + method} exactly as it would call Telegram.
 * Tests play Telegram's other side: they make {@link #player players} write, press buttons and pay, inspect what the
 * bot called ({@link #calls()}) and inject failures ({@link #faults()}).
 */
public final class FakeTelegram implements AutoCloseable {

    private static final Duration TELEGRAM_PRE_CHECKOUT_LIMIT = Duration.ofSeconds(10);

    private final String botToken;
    private final Account bot;
    private final Clock clock = Clock.systemUTC();
    private final Conversations conversations = new Conversations();
    private final StarLedger ledger = new StarLedger();
    private final InvoiceBook invoices = new InvoiceBook();
    private final Faults faults = new Faults();
    private final Webhook webhook = new Webhook(clock);
    private final PreCheckoutDesk preCheckouts = new PreCheckoutDesk(clock);
    private final Map<Long, FakePlayer> players = new ConcurrentHashMap<>();
    private final BotApi api;
    private final Checkout checkout;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;

    private volatile Duration preCheckoutTimeout = TELEGRAM_PRE_CHECKOUT_LIMIT;
    private volatile boolean refundUpdates = true;

    private FakeTelegram(String botToken, int port) throws IOException {
        this.botToken = botToken;
        this.bot = new Account(botId(botToken), true, "Raffle Stars", "RaffleStarsFakeBot", null);
        this.api = new BotApi(
                clock, bot, conversations, webhook, ledger, preCheckouts, invoices, faults, () -> refundUpdates);
        this.checkout = new Checkout(clock, webhook, preCheckouts, ledger, conversations, () -> preCheckoutTimeout);
        webhook.onWebhookReply(api::invoke);
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            // Nothing else may keep running when the port is taken.
            executor.shutdownNow();
            webhook.close();
            throw e;
        }
        server.createContext("/", new HttpFront(botToken, api, new ControlApi(this)));
        server.setExecutor(executor);
        server.start();
    }

    /** Starts on an ephemeral port. */
    public static FakeTelegram start(String botToken) {
        return start(botToken, 0);
    }

    /** Starts on the given port of 127.0.0.1 (0 = ephemeral). */
    public static FakeTelegram start(String botToken, int port) {
        Objects.requireNonNull(botToken, "botToken");
        if (botToken.isEmpty() || botToken.contains("/")) {
            throw new IllegalArgumentException("A bot token is non-empty and has no '/'");
        }
        try {
            return new FakeTelegram(botToken, port);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + port, e);
        }
    }

    /** The bot's id: the number before the colon of a real-looking token ({@code 123456:ABC...}). */
    private static long botId(String token) {
        int colon = token.indexOf(':');
        if (colon > 0 && token.substring(0, colon).matches("\\d{1,18}")) {
            return Long.parseLong(token.substring(0, colon));
        }
        return 1_000_000_000L + Math.floorMod(token.hashCode(), 1_000_000_000L);
    }

    /** E.g. {@code http://127.0.0.1:41234}; the Bot API lives under {@code /bot<token>/<method>}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String botToken() {
        return botToken;
    }

    /** The bot's own user id, as getMe reports it. */
    public long botId() {
        return bot.id();
    }

    public String botUsername() {
        return bot.username();
    }

    // --- what the bot did ---

    /** Every call the bot made, oldest first, including failed and faulted ones. */
    public List<RecordedCall> calls() {
        return api.calls();
    }

    /** The calls of one method, its name matched case-insensitively. */
    public List<RecordedCall> calls(String method) {
        String lower = method.toLowerCase(Locale.ROOT);
        return api.calls().stream()
                .filter(c -> c.method().toLowerCase(Locale.ROOT).equals(lower))
                .toList();
    }

    public void clearCalls() {
        api.clearCalls();
    }

    /** What the bot sent to a chat (sendMessage and sendInvoice results, as Message objects), oldest first. */
    public List<ObjectNode> messagesTo(long chatId) {
        return conversations.botMessagesTo(chatId);
    }

    public Optional<Invoice> lastInvoiceFor(long chatId) {
        return invoices.lastFor(chatId);
    }

    /** Finds an invoice created with createInvoiceLink by its URL (or just the {@code $slug} part). */
    public Optional<Invoice> invoiceByLink(String url) {
        return invoices.byLink(url);
    }

    public List<Invoice> invoices() {
        return invoices.all();
    }

    // --- failures ---

    public Faults faults() {
        return faults;
    }

    // --- webhook ---

    /** Sets the webhook as if the bot had called setWebhook (no allowed_updates restriction); secret may be null. */
    public void webhook(URI url, String secret) {
        webhook.set(new Webhook.Settings(Objects.requireNonNull(url, "url"), secret, null, false, 40), false);
    }

    public Optional<URI> webhookUrl() {
        return webhook.settings().map(Webhook.Settings::url);
    }

    /**
     * POSTs an update to the webhook now and returns how the bot answered. An {@code update_id} is added (first)
     * unless present. Updates whose type the bot excluded with {@code allowed_updates} are skipped, as Telegram does.
     *
     * @throws IllegalStateException if no webhook is set
     */
    public DeliveryResult deliver(ObjectNode update) {
        return webhook.deliver(Objects.requireNonNull(update, "update"));
    }

    /**
     * POSTs a body exactly as given (forged, duplicated, reordered updates) with the given secret header, or none when
     * null. No update_id is added and allowed_updates is not applied.
     */
    public DeliveryResult deliverRaw(String json, String secretHeaderOrNull) {
        return webhook.deliverRaw(Objects.requireNonNull(json, "json"), secretHeaderOrNull);
    }

    /** Every update POSTed to the webhook so far, whatever the answer, oldest first. */
    public List<ObjectNode> deliveredUpdates() {
        return webhook.delivered();
    }

    /**
     * Waits for an update to be delivered, for updates the fake sends in the background (refund notices, which
     * Telegram sends after refundStarPayment returns).
     */
    public Optional<ObjectNode> awaitDeliveredUpdate(Predicate<ObjectNode> condition, Duration within) {
        return webhook.awaitDelivered(condition, within);
    }

    /** Updates whose delivery failed (or found no webhook) and that Telegram would still hold: pending_update_count. */
    public List<ObjectNode> pendingUpdates() {
        return webhook.pendingUpdates();
    }

    /** Tries the pending updates again, oldest first, stopping at the first failure. */
    public List<DeliveryResult> redeliverPending() {
        return webhook.redeliverPending();
    }

    /**
     * Retries failed deliveries like Telegram, waiting {@code firstBackoff} and doubling it between attempts. Off by
     * default ({@code maxAttempts} 1), so that a test sees each failure directly.
     */
    public FakeTelegram webhookRetries(int maxAttempts, Duration firstBackoff) {
        webhook.retryPolicy(maxAttempts, Objects.requireNonNull(firstBackoff, "firstBackoff"));
        return this;
    }

    /** How long one webhook POST may take before it counts as failed (default 15 s). */
    public FakeTelegram webhookTimeout(Duration timeout) {
        webhook.timeout(Objects.requireNonNull(timeout, "timeout"));
        return this;
    }

    // --- players and payments ---

    /** A simulated user; asking again for the same id and profile returns the same player. */
    public FakePlayer player(long userId, String firstName, String languageCode) {
        if (userId <= 0) {
            throw new IllegalArgumentException("Telegram user ids are positive");
        }
        Account account =
                new Account(userId, false, Objects.requireNonNull(firstName, "firstName"), null, languageCode);
        conversations.register(account);
        return players.compute(
                userId,
                (id, existing) -> existing != null
                                && existing.firstName().equals(firstName)
                                && Objects.equals(existing.languageCode(), languageCode)
                        ? existing
                        : new FakePlayer(account, clock, conversations, webhook, api, checkout, invoices));
    }

    /** How long a player waits for answerPreCheckoutQuery; Telegram's limit, 10 s, by default. */
    public FakeTelegram preCheckoutTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        preCheckoutTimeout = timeout;
        return this;
    }

    public Duration preCheckoutTimeout() {
        return preCheckoutTimeout;
    }

    /** Whether a successful refundStarPayment also sends the {@code refunded_payment} message (default true). */
    public FakeTelegram refundUpdates(boolean enabled) {
        refundUpdates = enabled;
        return this;
    }

    /** A fresh charge id shaped like Telegram's, for {@link FakePlayer#successfulPayment}. */
    public String newChargeId() {
        return Ids.chargeId();
    }

    /** The bot's Star balance: payments (and top-ups) minus refunds and purchases (gifts, Premium). */
    public long starBalance() {
        return ledger.balance();
    }

    /**
     * Adds Stars to the bot's balance from outside, listed as a transaction with partner "other" (fake-only: lets a
     * test afford gifts without selling that many tickets first).
     */
    public void topUpStars(long stars) {
        if (stars < 1) {
            throw new IllegalArgumentException("a top-up is at least 1 Star");
        }
        ledger.topUp(stars, clock.instant().getEpochSecond());
    }

    /** The gifts and Premium subscriptions the bot bought, oldest first. */
    public List<SentGift> sentGifts() {
        return api.sentGifts();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        webhook.close();
    }

    /**
     * Runs the fake standalone for demos: {@code FakeTelegram [token] [port]}, or the environment variables
     * {@code FAKE_TELEGRAM_TOKEN} and {@code FAKE_TELEGRAM_PORT}; defaults {@code 123456789:fake-token} and 8081.
     */
    public static void main(String[] args) throws InterruptedException {
        String token = args.length > 0 ? args[0] : env("FAKE_TELEGRAM_TOKEN", "123456789:fake-token");
        int port = Integer.parseInt(args.length > 1 ? args[1] : env("FAKE_TELEGRAM_PORT", "8081"));
        FakeTelegram fake = start(token, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fake.close();
            stopped.countDown();
        }));
        System.out.println("Fake Telegram Bot API listening on " + fake.baseUrl() + "/bot<token>/<method>");
        System.out.println("Pay an invoice: POST " + fake.baseUrl()
                + "/_fake/invoices/pay {\"link\": \"...\", \"user_id\": 1, \"first_name\": \"Ann\"}");
        stopped.await();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
