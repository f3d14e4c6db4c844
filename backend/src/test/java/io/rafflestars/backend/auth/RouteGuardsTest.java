package io.rafflestars.backend.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.JwkOctet;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.RouteCatalog;
import io.rafflestars.backend.testing.TestBackend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 401 and 403 on every console route the server registers (found by {@link RouteCatalog}, so a route added later is
 * covered without being listed here), in the common error shape.
 */
@ExtendWith(FreshDatabase.class)
class RouteGuardsTest {
    private static TestBackend app;
    private static List<RouteCatalog.Route> guarded;
    private static final Map<Role, ConsoleClient> CLIENTS = new EnumMap<>(Role.class);

    @BeforeAll
    static void start(DatabaseUrl url) {
        app = TestBackend.start(url);
        guarded = RouteCatalog.of(app).stream()
                .filter(r -> Access.needsToken(r.path()))
                .toList();
        for (Role role : Role.values()) {
            CLIENTS.put(role, app.as(role));
        }
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static HttpRequest.Builder request(RouteCatalog.Route r) {
        return HttpRequest.newBuilder(app.uri(r.concrete("1")))
                .header("Content-Type", "application/json")
                .method(r.method(), HttpRequest.BodyPublishers.ofString("{}"));
    }

    private static void assertRefused(HttpResponse<String> res, int status, String code) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(ConsoleClient.json(res).path("error").path("code").asText()).isEqualTo(code);
    }

    @Test
    void everyConsoleRouteIsGuarded() {
        assertThat(guarded)
                .hasSizeGreaterThan(20)
                .allSatisfy(r -> assertThat(r.roles()).as(r.toString()).isNotNull());
    }

    @TestFactory
    Stream<DynamicTest> withoutATokenEveryConsoleRouteIs401() {
        return guarded.stream()
                .map(r -> DynamicTest.dynamicTest(r.toString(), () -> {
                    HttpResponse<String> res = TestBackend.send(request(r).build());
                    assertRefused(res, 401, "UNAUTHENTICATED");
                    assertThat(res.headers().firstValue("WWW-Authenticate"))
                            .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                }));
    }

    @TestFactory
    Stream<DynamicTest> aForgedOrExpiredTokenIs401Everywhere() {
        String genuine = CLIENTS.get(Role.ADMIN).accessToken();
        String[] parts = genuine.split("\\.");
        // the same claims with a signature made with another secret
        String otherSecret = sign(
                Role.ADMIN,
                "another-secret-that-is-long-enough-32b",
                Instant.now().plusSeconds(600));
        String tamperedPayload = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        String alg = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String none = alg + "." + parts[1] + ".";
        String expired = sign(Role.ADMIN, TestBackend.JWT_SECRET, Instant.now().minusSeconds(60));
        return guarded.stream()
                .flatMap(r -> Stream.of(otherSecret, tamperedPayload, none, expired, "not-a-jwt")
                        .map(token -> DynamicTest.dynamicTest(
                                r + " with " + abbreviate(token),
                                () -> assertRefused(
                                        TestBackend.send(request(r)
                                                .header("Authorization", "Bearer " + token)
                                                .build()),
                                        401,
                                        "UNAUTHENTICATED"))));
    }

    @TestFactory
    Stream<DynamicTest> aUserWithoutTheRouteRolesIs403() {
        return guarded.stream()
                .filter(r -> !r.roles().isEmpty())
                .map(r -> DynamicTest.dynamicTest(r.toString(), () -> {
                    Role outsider = Arrays.stream(Role.values())
                            .filter(role -> !r.roles().contains(role))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError(r + " admits every role: use authenticated()"));
                    assertRefused(CLIENTS.get(outsider).send(request(r)), 403, "FORBIDDEN");
                }));
    }

    @Test
    void loginAndRefreshAndThePlayerApiNeedNoConsoleToken() {
        assertThat(app.post("/api/auth/login", "application/json", ConsoleClient.loginBody("nobody", "x"))
                        .statusCode())
                .isEqualTo(401); // a wrong login, not a missing token: the route ran
        assertThat(ConsoleClient.json(app.post("/api/auth/refresh", "application/json", "{\"refreshToken\":\"x\"}"))
                        .path("error")
                        .path("message")
                        .asText())
                .contains("Refresh token");
        // /api/player/** belongs to the Mini App (Telegram initData): the console gate lets it through to routing
        assertRefused(app.get("/api/player/anything"), 404, "NOT_FOUND");
    }

    /** A token with our claims for a real session, signed with {@code secret}, expiring at {@code exp}. */
    private static String sign(Role role, String secret, Instant exp) {
        ConsoleUser user = app.backend()
                .services()
                .tokens()
                .verify(CLIENTS.get(role).accessToken())
                .orElseThrow();
        JwkOctet key = JwkOctet.create(jakarta.json.Json.createObjectBuilder()
                .add("kty", "oct")
                .add("kid", "test")
                .add("alg", "HS256")
                .add(
                        "k",
                        Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8)))
                .build());
        Jwt jwt = Jwt.builder()
                .algorithm("HS256")
                .issuer(Tokens.ISSUER)
                .addAudience(Tokens.AUDIENCE)
                .subject(user.username())
                .addUserGroup(role.name())
                .issueTime(exp.minusSeconds(900))
                .expirationTime(exp)
                .jwtId("test")
                .addPayloadClaim("sid", user.sessionId())
                .addPayloadClaim("ver", 0L)
                .build();
        return SignedJwt.sign(jwt, key).tokenContent();
    }

    private static String abbreviate(String token) {
        return token.length() > 12 ? token.substring(0, 12) + "…" : token;
    }
}
