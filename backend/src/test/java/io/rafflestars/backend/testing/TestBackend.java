package io.rafflestars.backend.testing;

import io.rafflestars.backend.Backend;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Settings;
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

    private final Backend backend;

    private TestBackend(Backend backend) {
        this.backend = backend;
    }

    public static TestBackend start(DatabaseUrl db) {
        return start(db, Map.of());
    }

    /** Starts with the given extra environment (e.g. a drain time). */
    public static TestBackend start(DatabaseUrl db, Map<String, String> env) {
        Map<String, String> all = new HashMap<>();
        all.put("HOST", "127.0.0.1");
        all.put("PORT", "0");
        all.put("SHUTDOWN_DRAIN_MILLIS", "0");
        all.put("DB_POOL_SIZE", "4");
        all.putAll(env);
        return new TestBackend(Backend.start(Settings.from(all), db));
    }

    public Backend backend() {
        return backend;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + backend.port() + path);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
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
        backend.close();
    }
}
