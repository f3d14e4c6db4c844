package io.rafflestars.backend.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.backend.platform.Meters;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tells Telegram where this service is: the webhook at {@code PUBLIC_URL/telegram/webhook} with our secret and the
 * update kinds the bot handles, and the bot's menu button opening the Mini App at {@code PUBLIC_URL/app/}. Both calls
 * are idempotent (the same settings again change nothing at Telegram, and pending updates are never dropped), so every
 * instance does this at start. Afterwards it reads {@code getWebhookInfo} every few minutes: pending updates and
 * Telegram's last delivery error go to the log and to metrics ({@code telegram_webhook_pending_updates},
 * {@code telegram_webhook_last_error_age_seconds}, {@code telegram_webhook_ours}).
 */
public final class WebhookSetup {
    private static final System.Logger LOG = System.getLogger(WebhookSetup.class.getName());

    /** Every update kind the bot handles: payments arrive as pre_checkout_query and message.successful_payment. */
    public static final List<String> ALLOWED_UPDATES = List.of("message", "callback_query", "pre_checkout_query");

    public static final String MENU_BUTTON_TEXT = "Raffles";
    /** How often Telegram's view of the webhook is read once it is registered. */
    static final Duration CHECK_EVERY = Duration.ofMinutes(5);

    private final BotApiClient api;
    private final URI webhookUrl;
    private final URI miniAppUrl;
    private final String secret;
    private final Clock clock;
    private volatile boolean registered;
    private volatile Instant nextCheck = Instant.MIN;
    private final AtomicReference<Info> last = new AtomicReference<>();

    /** What Telegram says about our webhook. */
    public record Info(
            String url,
            long pendingUpdates,
            Optional<Instant> lastErrorAt,
            Optional<String> lastError,
            List<String> allowedUpdates) {
        static Info of(JsonNode n) {
            List<String> allowed = new ArrayList<>();
            n.path("allowed_updates").forEach(t -> allowed.add(t.asText()));
            return new Info(
                    n.path("url").asText(""),
                    n.path("pending_update_count").asLong(0),
                    n.has("last_error_date")
                            ? Optional.of(Instant.ofEpochSecond(
                                    n.path("last_error_date").asLong()))
                            : Optional.empty(),
                    n.has("last_error_message")
                            ? Optional.of(n.path("last_error_message").asText())
                            : Optional.empty(),
                    List.copyOf(allowed));
        }
    }

    public WebhookSetup(BotApiClient api, URI publicUrl, String secret, Clock clock) {
        this.api = api;
        this.webhookUrl = URI.create(publicUrl + WebhookService.PATH);
        this.miniAppUrl = URI.create(publicUrl + "/app/");
        this.secret = secret;
        this.clock = clock;
    }

    public URI webhookUrl() {
        return webhookUrl;
    }

    public URI miniAppUrl() {
        return miniAppUrl;
    }

    /** Metrics read the last {@code getWebhookInfo} of this instance. */
    public void registerMetrics() {
        Meters.gauge(
                "telegram_webhook_pending_updates", last, l -> l.get() == null ? Double.NaN : l.get().pendingUpdates);
        Meters.gauge("telegram_webhook_last_error_age_seconds", last, l -> {
            Info info = l.get();
            return info == null || info.lastErrorAt().isEmpty()
                    ? Double.NaN
                    : Duration.between(info.lastErrorAt().get(), clock.instant())
                            .toSeconds();
        });
        Meters.gauge(
                "telegram_webhook_ours",
                last,
                l -> l.get() == null ? Double.NaN : l.get().url().equals(webhookUrl.toString()) ? 1 : 0);
    }

    /**
     * One run of the background job: register until that succeeds, then check every {@link #CHECK_EVERY}. A failure
     * is logged and tried again on the next run; the instance serves meanwhile (Telegram keeps delivering to the
     * webhook it was last given).
     */
    public void tick() {
        try {
            if (!registered) {
                register();
            } else if (!clock.instant().isBefore(nextCheck)) {
                check();
            }
        } catch (BotApiException e) {
            LOG.log(System.Logger.Level.ERROR, "Telegram webhook setup failed, will try again: {0}", e.getMessage());
        }
    }

    /** Sets the webhook and the menu button, then reads the webhook info back. */
    public Info register() {
        api.setWebhook(webhookUrl, secret, ALLOWED_UPDATES);
        ObjectNode button = Json.mapper().createObjectNode();
        ObjectNode menu = button.putObject("menu_button");
        menu.put("type", "web_app");
        menu.put("text", MENU_BUTTON_TEXT);
        menu.putObject("web_app").put("url", miniAppUrl.toString());
        api.call("setChatMenuButton", button);
        registered = true;
        LOG.log(
                System.Logger.Level.INFO,
                "Telegram webhook set to {0} for {1}; menu button opens {2}",
                webhookUrl,
                ALLOWED_UPDATES,
                miniAppUrl);
        return check();
    }

    /** Reads {@code getWebhookInfo}, logs what needs attention and keeps it for the metrics. */
    public Info check() {
        Info info = Info.of(api.call("getWebhookInfo", Json.mapper().createObjectNode()));
        last.set(info);
        nextCheck = clock.instant().plus(CHECK_EVERY);
        if (!info.url().equals(webhookUrl.toString())) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "Telegram delivers updates to {0}, not to {1}: another deployment registered the webhook",
                    info.url().isEmpty() ? "nowhere (no webhook)" : info.url(),
                    webhookUrl);
        }
        if (info.lastErrorAt().isPresent()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Telegram reports a webhook delivery error at {0}: {1} ({2} updates pending)",
                    info.lastErrorAt().get(),
                    info.lastError().orElse("no message"),
                    info.pendingUpdates());
        } else {
            LOG.log(
                    System.Logger.Level.INFO,
                    "Telegram webhook: {0} updates pending, no errors",
                    info.pendingUpdates());
        }
        return info;
    }
}
