package io.rafflestars.backend.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.telegramfake.RecordedCall;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Start-up tells Telegram where the webhook and the Mini App are, idempotently, and reads its view back. */
@ExtendWith(FreshDatabase.class)
class WebhookSetupTest {

    @Test
    void registersWebhookAndMenuButtonAtPublicUrlAndReportsTelegramsView(DatabaseUrl url) throws Exception {
        int port = freePort();
        String publicUrl = "http://127.0.0.1:" + port;
        try (TestBackend app =
                TestBackend.start(url, Map.of("PORT", Integer.toString(port), "PUBLIC_URL", publicUrl))) {
            var telegram = app.telegram();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !telegram.calls("getWebhookInfo").isEmpty());
            JsonNode set = telegram.calls("setWebhook").getFirst().params();
            assertThat(set.path("url").asText()).isEqualTo(publicUrl + "/telegram/webhook");
            assertThat(set.path("secret_token").asText()).isEqualTo(TestBackend.WEBHOOK_SECRET);
            assertThat(set.path("allowed_updates").toString())
                    .contains("\"message\"", "\"callback_query\"", "\"pre_checkout_query\"");
            assertThat(set.has("drop_pending_updates"))
                    .as("pending updates are never dropped")
                    .isFalse();
            JsonNode button =
                    telegram.calls("setChatMenuButton").getFirst().params().path("menu_button");
            assertThat(button.path("type").asText()).isEqualTo("web_app");
            assertThat(button.path("web_app").path("url").asText()).isEqualTo(publicUrl + "/app/");
            assertThat(app.get("/metrics").body()).contains("telegram_webhook_ours{scope=\"application\",} 1.0");

            // Registering again (another replica starting, or the `webhook` command) changes nothing.
            WebhookSetup again = new WebhookSetup(
                    app.backend().services().telegram(),
                    URI.create(publicUrl),
                    TestBackend.WEBHOOK_SECRET,
                    Clock.systemUTC());
            WebhookSetup.Info info = again.register();
            assertThat(info.url()).isEqualTo(publicUrl + "/telegram/webhook");
            assertThat(info.allowedUpdates()).containsExactlyElementsOf(WebhookSetup.ALLOWED_UPDATES);
            List<RecordedCall> sets = telegram.calls("setWebhook");
            assertThat(sets).hasSize(2);
            assertThat(sets.get(1).params()).isEqualTo(sets.get(0).params());

            // Another deployment takes the webhook and deliveries fail: the check reports both.
            int dead = freePort();
            telegram.webhook(URI.create("http://127.0.0.1:" + dead + "/telegram/webhook"), TestBackend.WEBHOOK_SECRET);
            telegram.player(555, "Eve", "en").sendText("/start");
            WebhookSetup.Info broken = again.check();
            assertThat(broken.url()).endsWith(dead + "/telegram/webhook");
            assertThat(broken.lastError()).isPresent();
            assertThat(broken.lastErrorAt()).isPresent();
            again.registerMetrics();
            assertThat(app.get("/metrics").body()).contains("telegram_webhook_ours{scope=\"application\",} 0.0");
            assertThat(again.register().url()).isEqualTo(publicUrl + "/telegram/webhook");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
