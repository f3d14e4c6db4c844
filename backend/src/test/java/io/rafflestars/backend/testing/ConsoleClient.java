package io.rafflestars.backend.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.Json;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A console API client logged in to a {@link TestBackend}, for tests of guarded routes:
 *
 * <pre>{@code
 * ConsoleClient operator = app.as(Role.OPERATOR);            // a new user "operator-1" with that role
 * ConsoleClient finance2 = ConsoleClient.user(app, "fin-b", Role.FINANCE);   // a named one, for four-eyes tests
 * HttpResponse<String> res = operator.post("/api/raffles", json);
 * JsonNode body = ConsoleClient.json(res);
 * }</pre>
 *
 * Users are created through the real {@code Users} service (audited as {@code system:test}), then logged in over HTTP
 * with {@code POST /api/auth/login}; every request carries {@code Authorization: Bearer <access token>}.
 */
public final class ConsoleClient {
    /** Every test user's password. */
    public static final String PASSWORD = "test-password-123";

    private static final AtomicInteger NEXT = new AtomicInteger();

    private final TestBackend app;
    private final String username;
    private String accessToken;
    private String refreshToken;

    private ConsoleClient(TestBackend app, String username, String accessToken, String refreshToken) {
        this.app = app;
        this.username = username;
        this.accessToken = accessToken;
        this.refreshToken = refreshToken;
    }

    /** Logs in as a new user holding {@code roles}, named after the first role ({@code operator-3}). */
    public static ConsoleClient as(TestBackend app, Role... roles) {
        String name = roles[0].name().toLowerCase(Locale.ROOT) + "-" + NEXT.incrementAndGet();
        return user(app, name, roles);
    }

    /** Logs in as {@code username}, creating it with {@code roles} and {@link #PASSWORD} unless it exists. */
    public static ConsoleClient user(TestBackend app, String username, Role... roles) {
        var users = app.backend().services().users();
        if (users.list().stream().noneMatch(u -> u.username().equals(username))) {
            users.create(
                    username, PASSWORD, Arrays.stream(roles).map(Role::name).toList(), Actor.system("test"));
        }
        return login(app, username, PASSWORD);
    }

    /** Logs in with a password; fails the test unless the login succeeds. */
    public static ConsoleClient login(TestBackend app, String username, String password) {
        HttpResponse<String> res = app.post("/api/auth/login", "application/json", loginBody(username, password));
        if (res.statusCode() != 200) {
            throw new AssertionError("login as " + username + " failed: " + res.statusCode() + " " + res.body());
        }
        JsonNode body = json(res);
        return new ConsoleClient(
                app,
                username,
                body.get("accessToken").asText(),
                body.get("refreshToken").asText());
    }

    /** The JSON body of a login request. */
    public static String loginBody(String username, String password) {
        return Json.mapper()
                .createObjectNode()
                .put("username", username)
                .put("password", password)
                .toString();
    }

    public String username() {
        return username;
    }

    public String accessToken() {
        return accessToken;
    }

    public String refreshToken() {
        return refreshToken;
    }

    /** Trades the refresh token for new tokens, as the console does when its access token expires. */
    public HttpResponse<String> refresh() {
        HttpResponse<String> res = app.post(
                "/api/auth/refresh",
                "application/json",
                Json.mapper()
                        .createObjectNode()
                        .put("refreshToken", refreshToken)
                        .toString());
        if (res.statusCode() == 200) {
            JsonNode body = json(res);
            accessToken = body.get("accessToken").asText();
            refreshToken = body.get("refreshToken").asText();
        }
        return res;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(body(json)));
    }

    /** A POST without a body, for actions like {@code /publish}. */
    public HttpResponse<String> post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public HttpResponse<String> put(String path, String json, String... headers) {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.PUT(body(json)));
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    /** Sends any request with this client's token. */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        return TestBackend.send(
                request.setHeader("Authorization", "Bearer " + accessToken).build());
    }

    /** A request builder for a path of the backend, without the token yet ({@link #send} adds it). */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(app.uri(path));
    }

    /**
     * Asserts that the response is the common JSON error with this status and code, and returns its {@code error}
     * object (for {@code field} and {@code message}).
     */
    public static JsonNode error(HttpResponse<String> res, int status, String code) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode error = json(res).get("error");
        assertThat(error).as(res.body()).isNotNull();
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        return error;
    }

    public static JsonNode json(HttpResponse<String> res) {
        try {
            return Json.mapper().readTree(res.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("not JSON: " + res.body(), e);
        }
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json);
    }
}
