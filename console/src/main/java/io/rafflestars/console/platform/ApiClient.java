package io.rafflestars.console.platform;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLException;

/**
 * The console API over java.net.http: JSON in and out, the access token on every call, one transparent refresh when
 * it has expired, errors as {@link ApiException} with the backend's stable codes. Blocking: call it off the FX thread
 * (through {@link Ui#run}). Thread-safe.
 */
public final class ApiClient {
    /** What the last call says about the server, for the status bar. */
    public enum RestState {
        UNKNOWN,
        OK,
        UNREACHABLE
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http;
    private final Clock clock;
    private final CopyOnWriteArrayList<Consumer<RestState>> restListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<Session>> sessionListeners = new CopyOnWriteArrayList<>();
    private final Object refreshLock = new Object();
    private volatile URI base;
    private volatile Session session;

    public ApiClient(HttpClient http, Clock clock) {
        this.http = Objects.requireNonNull(http);
        this.clock = Objects.requireNonNull(clock);
    }

    public static ApiClient create() {
        return new ApiClient(
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build(),
                Clock.systemUTC());
    }

    public HttpClient http() {
        return http;
    }

    /** Where the backend is, e.g. {@code https://raffles.example.com}; a trailing slash is dropped. */
    public void server(String url) {
        this.base = normalise(url);
    }

    public URI server() {
        return base;
    }

    /** The live feed's address on the same server: ws(s)://host/ws/console. */
    public URI feedUri() {
        URI b = Objects.requireNonNull(base, "no server");
        String scheme = "https".equalsIgnoreCase(b.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + b.toString().substring(b.getScheme().length()) + "/ws/console");
    }

    public static URI normalise(String url) {
        String u = url == null ? "" : url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.isEmpty()) {
            throw new ApiException(400, "VALIDATION_FAILED", "Enter the server's address", "server");
        }
        if (!u.contains("://")) {
            u = "http://" + u;
        }
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "VALIDATION_FAILED", "Not a server address: " + url, "server");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new ApiException(400, "VALIDATION_FAILED", "Use an http:// or https:// address", "server");
        }
        return uri;
    }

    public Session session() {
        return session;
    }

    public void onRestState(Consumer<RestState> listener) {
        restListeners.add(listener);
    }

    /** Told of every new session (login, refresh) and of its end (null). */
    public void onSession(Consumer<Session> listener) {
        sessionListeners.add(listener);
    }

    // ---- authentication

    public Session login(String username, String password) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password);
        Dto.Tokens t = send("POST", "/api/auth/login", body, Dto.Tokens.class, false);
        return adopt(t);
    }

    /** Trades the refresh token for new tokens; on failure the session is over (null) and this throws. */
    public Session refresh() {
        synchronized (refreshLock) {
            Session s = session;
            if (s == null) {
                throw new ApiException(ApiException.SESSION_EXPIRED, "Not logged in", null);
            }
            try {
                Dto.Tokens t = send(
                        "POST", "/api/auth/refresh", Map.of("refreshToken", s.refreshToken()), Dto.Tokens.class, false);
                return adopt(t);
            } catch (ApiException e) {
                if (!e.noAnswer()) {
                    end();
                    throw new ApiException(ApiException.SESSION_EXPIRED, "Your session has ended; log in again", e);
                }
                throw e;
            }
        }
    }

    /**
     * Ends the session here at once (listeners hear null) and returns it, so that {@link #revoke} can tell the server
     * in the background without racing a new login.
     */
    public Session endSession() {
        Session s = session;
        if (s != null) {
            end();
        }
        return s;
    }

    /** Revokes {@code ended} on the server (POST /api/auth/logout with its token); failures are ignored. */
    public void revoke(Session ended) {
        URI b = base;
        if (ended == null || b == null) {
            return;
        }
        try {
            http.send(
                    HttpRequest.newBuilder(URI.create(b + "/api/auth/logout"))
                            .timeout(TIMEOUT)
                            .header("Authorization", "Bearer " + ended.accessToken())
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the server forgets the session at its expiry
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Session adopt(Dto.Tokens t) {
        Session s = new Session(
                t.username(),
                new HashSet<>(t.roles()),
                t.accessToken(),
                t.refreshToken(),
                clock.instant().plusSeconds(t.expiresIn()));
        session = s;
        sessionListeners.forEach(l -> l.accept(s));
        return s;
    }

    private void end() {
        session = null;
        sessionListeners.forEach(l -> l.accept(null));
    }

    /** True when the access token expires within {@code margin}: time to refresh. */
    public boolean expiresWithin(Duration margin) {
        Session s = session;
        return s != null && clock.instant().plus(margin).isAfter(s.accessExpiresAt());
    }

    // ---- calls

    public <T> T get(String path, Class<T> type) {
        return send("GET", path, null, type, true);
    }

    public <T> T get(String path, TypeReference<T> type) {
        return send("GET", path, null, Json.mapper().getTypeFactory().constructType(type), true);
    }

    public <T> T post(String path, Object body, Class<T> type) {
        return send("POST", path, body, type, true);
    }

    public <T> T put(String path, Object body, Class<T> type, Map<String, String> headers) {
        return send("PUT", path, body, Json.mapper().getTypeFactory().constructType(type), true, headers);
    }

    private <T> T send(String method, String path, Object body, Class<T> type, boolean retry) {
        return send(method, path, body, Json.mapper().getTypeFactory().constructType(type), retry);
    }

    private <T> T send(String method, String path, Object body, JavaType type, boolean retry) {
        return send(method, path, body, type, retry, Map.of());
    }

    private <T> T send(
            String method, String path, Object body, JavaType type, boolean retry, Map<String, String> headers) {
        HttpResponse<String> res = exchange(method, path, body, headers, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() == 401 && retry && session != null) {
            refresh();
            res = exchange(method, path, body, headers, HttpResponse.BodyHandlers.ofString());
        }
        if (res.statusCode() >= 400) {
            throw error(res.statusCode(), res.body());
        }
        try {
            String text = res.body();
            if (text == null || text.isBlank()) {
                return null;
            }
            return Json.mapper().readValue(text, type);
        } catch (IOException e) {
            throw new ApiException(res.statusCode(), "BAD_RESPONSE", "Unreadable answer from " + path, null);
        }
    }

    private <B> HttpResponse<B> exchange(
            String method, String path, Object body, Map<String, String> headers, HttpResponse.BodyHandler<B> handler) {
        URI b = base;
        if (b == null) {
            throw new ApiException(400, "VALIDATION_FAILED", "Enter the server's address", "server");
        }
        HttpRequest.Builder req =
                HttpRequest.newBuilder(URI.create(b + path)).timeout(TIMEOUT).header("Accept", "application/json");
        Session s = session;
        if (s != null) {
            req.header("Authorization", "Bearer " + s.accessToken());
        }
        headers.forEach(req::header);
        try {
            if (body == null) {
                req.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                req.header("Content-Type", "application/json")
                        .method(
                                method,
                                HttpRequest.BodyPublishers.ofString(
                                        Json.mapper().writeValueAsString(body)));
            }
            HttpResponse<B> res = http.send(req.build(), handler);
            rest(RestState.OK);
            return res;
        } catch (SSLException e) {
            rest(RestState.UNREACHABLE);
            throw new ApiException(
                    ApiException.TLS,
                    "TLS problem with " + b.getHost() + ": " + e.getMessage()
                            + " (is the address http:// or https://? is the certificate trusted?)",
                    e);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            rest(RestState.UNREACHABLE);
            throw new ApiException(ApiException.UNREACHABLE, "Cannot reach the server at " + b, e);
        } catch (HttpTimeoutException e) {
            rest(RestState.UNREACHABLE);
            throw new ApiException(ApiException.UNREACHABLE, "The server at " + b + " did not answer in time", e);
        } catch (IOException e) {
            rest(RestState.UNREACHABLE);
            Throwable c = e.getCause();
            if (c instanceof SSLException) {
                throw new ApiException(ApiException.TLS, "TLS problem with " + b.getHost() + ": " + c.getMessage(), e);
            }
            throw new ApiException(
                    ApiException.UNREACHABLE, "Cannot reach the server at " + b + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }

    private void rest(RestState state) {
        restListeners.forEach(l -> l.accept(state));
    }

    static ApiException error(int status, String body) {
        try {
            JsonNode e = Json.mapper().readTree(body).path("error");
            if (e.has("code")) {
                return new ApiException(
                        status,
                        e.path("code").asText(),
                        e.path("message").asText(),
                        e.hasNonNull("field") ? e.path("field").asText() : null);
            }
        } catch (IOException | RuntimeException ignored) {
            // not our error shape (a proxy's page): report the status
        }
        return new ApiException(status, "HTTP_" + status, "The server answered " + status, null);
    }

    /**
     * Streams a CSV export to {@code target}: written to a temporary file beside it and moved into place only when
     * complete, so a cancelled or failed export leaves nothing half-written.
     *
     * @param progress told the bytes written so far
     * @param cancelled polled between chunks; true stops the download (CancellationException)
     * @return the bytes written
     */
    public long download(String path, Path target, LongConsumer progress, BooleanSupplier cancelled) {
        HttpResponse<InputStream> res =
                exchange("GET", path, null, Map.of(), HttpResponse.BodyHandlers.ofInputStream());
        if (res.statusCode() == 401 && session != null) {
            closeQuietly(res.body());
            refresh();
            res = exchange("GET", path, null, Map.of(), HttpResponse.BodyHandlers.ofInputStream());
        }
        if (res.statusCode() >= 400) {
            try (InputStream in = res.body()) {
                throw error(res.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ApiException(res.statusCode(), "HTTP_" + res.statusCode(), "Export failed", null);
            }
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        long written = 0;
        try (InputStream in = res.body();
                OutputStream out = Files.newOutputStream(tmp)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("export cancelled");
                }
                out.write(buf, 0, n);
                written += n;
                progress.accept(written);
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new ApiException(ApiException.UNREACHABLE, "Export interrupted: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new ApiException(500, "WRITE_FAILED", "Cannot write " + target + ": " + e.getMessage(), null);
        }
        return written;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stray .part file is harmless
        }
    }

    /** {@code key=value&...} with each value URL-encoded; null and blank values are left out. */
    public static String query(Object... keyValues) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            if (v == null || v.toString().isBlank()) {
                continue;
            }
            sb.append(sb.isEmpty() ? '?' : '&')
                    .append(keyValues[i])
                    .append('=')
                    .append(URLEncoder.encode(v.toString().strip(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    public Instant now() {
        return clock.instant();
    }
}
