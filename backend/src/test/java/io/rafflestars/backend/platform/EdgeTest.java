package io.rafflestars.backend.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestBackend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The HTTP edge against a real server: headers on every answer, allow-lists, 429 with Retry-After. */
@ExtendWith(FreshDatabase.class)
class EdgeTest {

    @Test
    void securityHeadersOnEveryAnswerAndTheMiniAppMayBeFramedByTelegramOnly(DatabaseUrl url) {
        try (TestBackend app = TestBackend.start(url)) {
            for (String path : new String[] {"/", "/health/ready", "/metrics", "/no/such/route", "/api/raffles"}) {
                HttpResponse<String> res = app.get(path);
                assertThat(res.headers().firstValue("Strict-Transport-Security"))
                        .as(path)
                        .hasValue("max-age=31536000; includeSubDomains");
                assertThat(res.headers().firstValue("X-Content-Type-Options"))
                        .as(path)
                        .hasValue("nosniff");
                assertThat(res.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
                assertThat(res.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
                assertThat(res.headers().firstValue("Content-Security-Policy"))
                        .as(path)
                        .hasValue("frame-ancestors 'none'");
            }
            assertThat(app.get("/no/such/route").headers().firstValue("X-Request-Id"))
                    .isPresent();
            HttpResponse<String> app404 = app.get("/app/index.html");
            assertThat(app404.headers().firstValue("X-Frame-Options")).isEmpty();
            assertThat(app404.headers().firstValue("Content-Security-Policy"))
                    .hasValue("frame-ancestors 'self' https://web.telegram.org");
            assertThat(app404.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
    }

    @Test
    void perConsoleUserLimitCountsEachUserAloneWhateverTheirAddress(DatabaseUrl url) {
        try (TestBackend app = TestBackend.start(
                url,
                Map.of("TRUSTED_PROXY_HOPS", "1", "RATE_LIMIT_ADDRESS", "off", "RATE_LIMIT_CONSOLE_USER", "3/60s"))) {
            double limitedBefore = consoleUserLimited(app);
            ConsoleClient ann = app.as(Role.OPERATOR);
            ConsoleClient bob = app.as(Role.OPERATOR);
            for (int i = 0; i < 3; i++) {
                // a new address per request changes nothing: the key is the authenticated user
                HttpResponse<String> ok =
                        ann.send(ann.request("/api/raffles").header("X-Forwarded-For", "203.0.113." + i));
                assertThat(ok.statusCode()).isEqualTo(200);
            }
            HttpResponse<String> limited = ann.get("/api/raffles");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 20));
            ConsoleClient.error(limited, 429, "TOO_MANY_REQUESTS");

            assertThat(bob.get("/api/raffles").statusCode()).isEqualTo(200);
            // anonymous requests are refused by authentication, not counted against anyone
            assertThat(app.get("/api/raffles").statusCode()).isEqualTo(401);
            assertThat(consoleUserLimited(app)).isEqualTo(limitedBefore + 1);
        }
    }

    /** The meters are the JVM's, shared by every backend of this test run: compare, never expect an absolute. */
    private static double consoleUserLimited(TestBackend app) {
        return app.get("/metrics")
                .body()
                .lines()
                .filter(l -> l.startsWith("http_rate_limited_total{") && l.contains("limit=\"console_user\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }

    @Test
    void perAddressLimitAnswers429WithRetryAfterAndKeysByTheProxyAddedAddress(DatabaseUrl url) throws Exception {
        try (TestBackend app =
                TestBackend.start(url, Map.of("TRUSTED_PROXY_HOPS", "1", "RATE_LIMIT_ADDRESS", "3/60s"))) {
            // The client forges a left-most entry on every request; the proxy's right-most entry is the truth.
            for (int i = 0; i < 3; i++) {
                assertThat(get(app, "/", "10.9.9." + i + ", 203.0.113.7").statusCode())
                        .isEqualTo(200);
            }
            HttpResponse<String> limited = get(app, "/", "10.9.9.99, 203.0.113.7");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 20));
            assertThat(limited.headers().firstValue("X-Request-Id")).isPresent();
            JsonNode error = Json.mapper().readTree(limited.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("TOO_MANY_REQUESTS");
            assertThat(error.path("message").asText()).contains("3/60s");

            // another client behind the same proxy has its own bucket
            assertThat(get(app, "/", "203.0.113.8").statusCode()).isEqualTo(200);
            // health checks, scrapes and Telegram's deliveries are never limited by address
            assertThat(get(app, "/health/ready", "203.0.113.7").statusCode()).isEqualTo(200);
            assertThat(get(app, "/metrics", "203.0.113.7").statusCode()).isEqualTo(200);
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> webhook = TestBackend.send(HttpRequest.newBuilder(app.uri("/telegram/webhook"))
                        .header("X-Forwarded-For", "203.0.113.7")
                        .header("X-Telegram-Bot-Api-Secret-Token", TestBackend.WEBHOOK_SECRET)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"update_id\": " + (9000 + i) + "}"))
                        .build());
                assertThat(webhook.statusCode()).isEqualTo(200);
            }
            assertThat(app.get("/metrics").body())
                    .containsPattern("http_rate_limited_total\\{.*limit=\"address\".*} 1");
        }
    }

    @Test
    void allowListsRefuseOtherAddressesButNeverThePlayerApi(DatabaseUrl url) throws Exception {
        try (TestBackend app = TestBackend.start(
                url,
                Map.of(
                        "TRUSTED_PROXY_HOPS", "1",
                        "CONSOLE_ALLOW_FROM", "198.51.100.0/24",
                        "TELEGRAM_WEBHOOK_ALLOW_FROM", "telegram",
                        "METRICS_ALLOW_FROM", "10.0.0.0/8, fd00::/8"))) {
            HttpResponse<String> refused = get(app, "/api/raffles", "198.51.101.1");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(Json.mapper()
                            .readTree(refused.body())
                            .path("error")
                            .path("code")
                            .asText())
                    .isEqualTo("ADDRESS_NOT_ALLOWED");
            // from the office the request reaches the console API, which asks who is calling
            assertThat(get(app, "/api/raffles", "198.51.100.20").statusCode()).isEqualTo(401);
            // the Mini App's API is never office-only: it reaches its route from anywhere, which asks for initData
            HttpResponse<String> player = get(app, "/api/player/raffles", "198.51.101.1");
            assertThat(player.statusCode()).isEqualTo(401);
            assertThat(player.body()).contains("\"UNAUTHENTICATED\"").contains("tma");
            assertThat(get(app, "/metrics", "203.0.113.1").statusCode()).isEqualTo(403);
            assertThat(get(app, "/metrics", "10.1.2.3").statusCode()).isEqualTo(200);
            assertThat(get(app, "/metrics", "fd12:3456::1").statusCode()).isEqualTo(200);

            String update = "{\"update_id\": 777}";
            assertThat(postUpdate(app, update, "203.0.113.9").statusCode()).isEqualTo(403);
            assertThat(postUpdate(app, update, "149.154.167.220").statusCode()).isEqualTo(200);
            assertThat(postUpdate(app, update, "91.108.6.1").statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> get(TestBackend app, String path, String forwardedFor) {
        return TestBackend.send(HttpRequest.newBuilder(app.uri(path))
                .header("X-Forwarded-For", forwardedFor)
                .GET()
                .build());
    }

    private static HttpResponse<String> postUpdate(TestBackend app, String update, String forwardedFor) {
        return TestBackend.send(HttpRequest.newBuilder(app.uri("/telegram/webhook"))
                .header("X-Forwarded-For", forwardedFor)
                .header("X-Telegram-Bot-Api-Secret-Token", TestBackend.WEBHOOK_SECRET)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(update))
                .build());
    }
}
