package io.rafflestars.backend.testing;

import io.rafflestars.backend.Backend;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Settings;
import io.rafflestars.telegramfake.FakeTelegram;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A real backend on a free port against a test database, with a small HTTP client for the test. */
public final class TestBackend implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static final String WEBHOOK_SECRET = "test-webhook-secret";
    public static final String BOT_TOKEN = "424242:test-token";
    public static final String JWT_SECRET = "test-jwt-secret-with-at-least-32-bytes";

    private final Backend backend;
    private final FakeTelegram telegram;
    private final boolean ownsTelegram;

    private TestBackend(Backend backend, FakeTelegram telegram, boolean ownsTelegram) {
        this.backend = backend;
        this.telegram = telegram;
        this.ownsTelegram = ownsTelegram;
    }

    public static TestBackend start(DatabaseUrl db) {
        return start(db, Map.of());
    }

    /** Starts with the given extra environment (e.g. a drain time). */
    public static TestBackend start(DatabaseUrl db, Map<String, String> env) {
        FakeTelegram telegram = FakeTelegram.start(BOT_TOKEN);
        try {
            return start(db, env, telegram, true);
        } catch (RuntimeException e) {
            telegram.close();
            throw e;
        }
    }

    /**
     * Starts against {@code telegram}, which the caller owns and may share with other instances (one bot, several
     * replicas); closing this backend leaves it running. Its webhook is pointed at this instance.
     */
    public static TestBackend start(DatabaseUrl db, Map<String, String> env, FakeTelegram telegram) {
        return start(db, env, telegram, false);
    }

    private static TestBackend start(DatabaseUrl db, Map<String, String> env, FakeTelegram telegram, boolean owns) {
        Map<String, String> all = new HashMap<>();
        all.put("HOST", "127.0.0.1");
        all.put("PORT", "0");
        all.put("SHUTDOWN_DRAIN_MILLIS", "0");
        all.put("DB_POOL_SIZE", "4");
        all.put("TELEGRAM_BOT_TOKEN", BOT_TOKEN);
        all.put("TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET);
        all.put("TELEGRAM_API_URL", telegram.baseUrl().toString());
        // fast background loops, so tests wait milliseconds, not seconds
        all.put("WORKER_POLL_MILLIS", "50");
        all.put("JWT_SECRET", JWT_SECRET);
        all.putAll(env);
        Backend backend = Backend.start(Settings.from(all), db);
        telegram.webhook(URI.create("http://127.0.0.1:" + backend.port() + "/telegram/webhook"), WEBHOOK_SECRET);
        return new TestBackend(backend, telegram, owns);
    }

    /** The fake Telegram this backend talks to, with its webhook pointed at the backend. */
    public FakeTelegram telegram() {
        return telegram;
    }

    public Backend backend() {
        return backend;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + backend.port() + path);
    }

    /** A WebSocket address on this backend, e.g. {@code ws("/ws/console")}. */
    public URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + backend.port() + path);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** A console client logged in as a new user holding {@code roles} (see {@link ConsoleClient}). */
    public ConsoleClient as(io.rafflestars.backend.auth.Role... roles) {
        return ConsoleClient.as(this, roles);
    }

    public HttpResponse<String> post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            backend.close();
        } finally {
            if (ownsTelegram) {
                telegram.close();
            }
        }
    }
}
