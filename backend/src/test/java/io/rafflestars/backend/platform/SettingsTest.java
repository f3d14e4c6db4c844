package io.rafflestars.backend.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsWithoutEnvironment() {
        Settings s = Settings.from(Map.of("XDG_DATA_HOME", "/data"));
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.database()).isEmpty();
        assertThat(s.dataDir()).isEqualTo(Path.of("/data/raffle-stars"));
        assertThat(s.demo()).as("the embedded default is the demo").isTrue();
        assertThat(s.telegram()).isEmpty();
    }

    @Test
    void aRealDatabaseIsNotADemoAndTelegramComesFromTheEnvironment() {
        Settings s = Settings.from(Map.of(
                "DATABASE_URL", "postgresql://u:p@h:1/db",
                "TELEGRAM_BOT_TOKEN", "123:abc-DEF_ghi",
                "TELEGRAM_WEBHOOK_SECRET", "s3cret_-x"));
        assertThat(s.demo()).isFalse();
        assertThat(s.telegram()).get().satisfies(t -> {
            assertThat(t.apiUrl().toString()).isEqualTo("https://api.telegram.org");
            assertThat(t.toString()).doesNotContain("abc-DEF_ghi").doesNotContain("s3cret");
        });
    }

    @Test
    void telegramSecretsAreCheckedOneVariableAtATime() {
        Map<String, String> db = Map.of("DATABASE_URL", "postgresql://u:p@h:1/db");
        assertThatThrownBy(() -> Settings.from(with(db, "TELEGRAM_BOT_TOKEN", "123:abc")))
                .hasMessage("TELEGRAM_WEBHOOK_SECRET must be set when TELEGRAM_BOT_TOKEN is");
        assertThatThrownBy(() -> Settings.from(with(db, "TELEGRAM_WEBHOOK_SECRET", "abc")))
                .hasMessage("TELEGRAM_WEBHOOK_SECRET is set but TELEGRAM_BOT_TOKEN is not");
        assertThatThrownBy(() -> Settings.from(
                        with(with(db, "TELEGRAM_BOT_TOKEN", "not a token"), "TELEGRAM_WEBHOOK_SECRET", "abc")))
                .hasMessageStartingWith("TELEGRAM_BOT_TOKEN must look like");
        assertThatThrownBy(() -> Settings.from(
                        with(with(db, "TELEGRAM_BOT_TOKEN", "1:a"), "TELEGRAM_WEBHOOK_SECRET", "has spaces")))
                .hasMessageStartingWith("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters");
        assertThatThrownBy(() -> Settings.from(Map.of("RAFFLE_DEMO", "maybe")))
                .hasMessage("RAFFLE_DEMO must be true or false, got 'maybe'");
        assertThatThrownBy(() -> Settings.from(Map.of("TELEGRAM_BOT_TOKEN", "1:a", "RAFFLE_DEMO", "true")))
                .hasMessageStartingWith("RAFFLE_DEMO simulates Telegram");
    }

    @Test
    void theFeedsHaveDefaultsAndBounds() {
        Settings.Feed feed = Settings.from(Map.of()).feed();
        assertThat(feed.retention()).isEqualTo(java.time.Duration.ofHours(72));
        assertThat(feed.heartbeat()).isEqualTo(java.time.Duration.ofSeconds(20));
        assertThat(feed.clientQueue()).isEqualTo(5_000);
        assertThat(feed.initDataMaxAge()).isEqualTo(java.time.Duration.ofDays(1));
        assertThat(Settings.from(Map.of("OUTBOX_RETENTION_HOURS", "6")).feed().retention())
                .isEqualTo(java.time.Duration.ofHours(6));
        assertThatThrownBy(() -> Settings.from(Map.of("OUTBOX_RETENTION_HOURS", "0")))
                .hasMessage("OUTBOX_RETENTION_HOURS must be between 1 and 8784, got 0");
        assertThatThrownBy(() -> Settings.from(Map.of("FEED_CLIENT_QUEUE", "lots")))
                .hasMessage("FEED_CLIENT_QUEUE must be a whole number, got 'lots'");
        // Telegram's Ed25519 initData signature: off unless named
        assertThat(feed.initDataThirdParty()).isEmpty();
        assertThat(Settings.from(Map.of("INIT_DATA_THIRD_PARTY", "production"))
                        .feed()
                        .initDataThirdParty())
                .hasValue("production");
        assertThat(Settings.from(Map.of("INIT_DATA_THIRD_PARTY", "ab".repeat(32)))
                        .feed()
                        .initDataThirdParty())
                .hasValue("ab".repeat(32));
        assertThatThrownBy(() -> Settings.from(Map.of("INIT_DATA_THIRD_PARTY", "prod")))
                .hasMessageStartingWith("INIT_DATA_THIRD_PARTY must be 'production', 'test' or an Ed25519 public key");
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> m = new java.util.HashMap<>(base);
        m.put(name, value);
        return m;
    }

    @Test
    void railwayPortAndDatabase() {
        Settings s = Settings.from(Map.of("PORT", "3000", "DATABASE_URL", "postgresql://u:p@h:1/db"));
        assertThat(s.port()).isEqualTo(3000);
        assertThat(s.database()).get().extracting(DatabaseUrl::jdbcUrl).isEqualTo("jdbc:postgresql://h:1/db");
    }

    @Test
    void badPortNamesTheVariable() {
        assertThatThrownBy(() -> Settings.from(Map.of("PORT", "eighty")))
                .isInstanceOf(StartupException.class)
                .hasMessage("PORT must be a whole number, got 'eighty'");
        assertThatThrownBy(() -> Settings.from(Map.of("PORT", "70000")))
                .hasMessage("PORT must be between 0 and 65535, got 70000");
    }

    @Test
    void badDatabaseUrlNamesTheVariable() {
        assertThatThrownBy(() -> Settings.from(Map.of("DATABASE_URL", "nonsense")))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("DATABASE_URL ");
    }

    @Test
    void consoleLoginSettingsAreCheckedOneVariableAtATime() {
        Settings s = Settings.from(Map.of());
        assertThat(s.auth().jwtSecret()).isEmpty();
        assertThat(s.auth().adminUsername()).isEqualTo("admin");
        assertThat(s.auth().accessTokenTtl()).hasSeconds(900);
        assertThat(s.auth().refreshTokenTtl()).hasHours(12);
        assertThat(s.edge().trustedProxyHops()).isZero();
        assertThatThrownBy(() -> Settings.from(Map.of("JWT_SECRET", "too-short")))
                .hasMessage(
                        "JWT_SECRET must be at least 32 bytes (e.g. the output of: openssl rand -base64 48), got 9");
        assertThatThrownBy(() -> Settings.from(Map.of("ADMIN_PASSWORD_HASH", "hunter2")))
                .hasMessageStartingWith("ADMIN_PASSWORD_HASH must be a bcrypt ($2a$, $2b$, $2y$) or Argon2id");
        assertThatThrownBy(() -> Settings.from(Map.of("ADMIN_USERNAME", "a b")))
                .hasMessageStartingWith("ADMIN_USERNAME must be 3-64 of a-z");
        assertThatThrownBy(() -> Settings.from(Map.of("ACCESS_TOKEN_TTL_SECONDS", "86400")))
                .hasMessage("ACCESS_TOKEN_TTL_SECONDS must be between 30 and 3600, got 86400");
        Settings ok = Settings.from(Map.of(
                "JWT_SECRET", "x".repeat(32),
                "ADMIN_USERNAME", " Root ",
                "ADMIN_PASSWORD_HASH", "$2b$10$xBRR0joVersHPycmZO4jBOTJwI9zazhNJk5596cCgnkrJAbD2oXe.",
                "TRUSTED_PROXY_HOPS", "1"));
        assertThat(ok.auth().adminUsername()).isEqualTo("root");
        assertThat(ok.auth().toString()).doesNotContain("xxxx").doesNotContain("$2b$");
        assertThat(ok.edge().trustedProxyHops()).isEqualTo(1);
    }

    @Test
    void operationsVariablesAreCheckedOneLineEach() {
        Settings s = Settings.from(Map.of(
                "PUBLIC_URL", "https://raffles.example.com/",
                "LOG_FORMAT", "JSON",
                "TRUSTED_PROXY_HOPS", "1",
                "RATE_LIMIT_ADDRESS", "off",
                "CONSOLE_ALLOW_FROM", "198.51.100.0/24"));
        assertThat(s.publicUrl()).hasValue(java.net.URI.create("https://raffles.example.com"));
        assertThat(s.logFormat()).isEqualTo(Settings.LogFormat.JSON);
        assertThat(s.edge().trustedProxyHops()).isEqualTo(1);
        assertThat(s.edge().perAddress()).isEmpty();
        assertThat(s.edge().perPlayer()).hasValue(new RateLimiter.Rate(300, java.time.Duration.ofSeconds(60)));
        assertThatThrownBy(() -> Settings.from(Map.of("PUBLIC_URL", "raffles.example.com")))
                .hasMessageStartingWith("PUBLIC_URL must be the service's base URL");
        assertThatThrownBy(() -> Settings.from(Map.of("LOG_FORMAT", "xml")))
                .hasMessage("LOG_FORMAT must be one of [text, json], got 'xml'");
        assertThatThrownBy(() -> Settings.from(Map.of("LOG_LEVEL", "LOUD")))
                .hasMessageStartingWith("LOG_LEVEL must be one of");
        assertThatThrownBy(() -> Settings.from(Map.of("TELEGRAM_WEBHOOK_ALLOW_FROM", "telegram, 300.1.1.1")))
                .hasMessage("TELEGRAM_WEBHOOK_ALLOW_FROM has '300.1.1.1', which is not an address or CIDR range");
        assertThatThrownBy(() -> Settings.from(Map.of("TRUSTED_PROXY_HOPS", "-1")))
                .hasMessage("TRUSTED_PROXY_HOPS must be between 0 and 10, got -1");
        assertThatThrownBy(() -> Settings.from(Map.of(
                        "DATABASE_URL", "postgresql://u:p@h:1/db",
                        "TELEGRAM_BOT_TOKEN", "1:a",
                        "TELEGRAM_WEBHOOK_SECRET", "abc",
                        "TELEGRAM_WEBHOOK_SECRET_ALT", "has spaces")))
                .hasMessageStartingWith("TELEGRAM_WEBHOOK_SECRET_ALT must be 1-256 characters");
        Settings rotating = Settings.from(Map.of(
                "DATABASE_URL", "postgresql://u:p@h:1/db",
                "TELEGRAM_BOT_TOKEN", "1:a",
                "TELEGRAM_WEBHOOK_SECRET", "new-secret",
                "TELEGRAM_WEBHOOK_SECRET_ALT", "old-secret"));
        assertThat(rotating.telegram().orElseThrow().acceptedWebhookSecrets())
                .containsExactly("new-secret", "old-secret");
        assertThat(rotating.telegram().orElseThrow().toString()).doesNotContain("secret-");
    }
}
