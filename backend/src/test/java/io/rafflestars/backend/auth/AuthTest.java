package io.rafflestars.backend.auth;

import static io.rafflestars.backend.testing.ConsoleClient.error;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestBackend;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Login, tokens, guards and revocation over real HTTP against a real database. */
@ExtendWith(FreshDatabase.class)
class AuthTest {
    private static TestBackend app;

    @BeforeAll
    static void start(DatabaseUrl url) {
        app = TestBackend.start(url);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void loginGivesTokensThatWorkOnGuardedRoutes() {
        ConsoleClient admin = app.as(Role.ADMIN);
        var me = admin.get("/api/auth/me");
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(ConsoleClient.json(me).get("username").asText()).isEqualTo(admin.username());
        assertThat(admin.get("/api/users").statusCode()).isEqualTo(200);
    }

    @Test
    void noTokenIs401AndWrongRoleIs403InTheErrorShape() {
        error(app.get("/api/users"), 401, "UNAUTHENTICATED");
        error(app.get("/api/no/such/route"), 401, "UNAUTHENTICATED");
        ConsoleClient auditor = app.as(Role.AUDITOR);
        JsonNode forbidden = error(auditor.post("/api/users", "{}"), 403, "FORBIDDEN");
        assertThat(forbidden.get("message").asText()).isEqualTo("This needs one of the roles ADMIN");
        var forged = TestBackend.send(HttpRequest.newBuilder(app.uri("/api/auth/me"))
                .header("Authorization", "Bearer " + auditor.accessToken() + "x")
                .build());
        error(forged, 401, "UNAUTHENTICATED");
        assertThat(forged.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void logoutRevokesAtOnce() {
        ConsoleClient operator = app.as(Role.OPERATOR);
        assertThat(operator.get("/api/auth/me").statusCode()).isEqualTo(200);
        assertThat(operator.post("/api/auth/logout").statusCode()).isEqualTo(204);
        error(operator.get("/api/auth/me"), 401, "UNAUTHENTICATED");
        error(operator.refresh(), 401, "UNAUTHENTICATED");
    }

    @Test
    void refreshRotatesAndReuseRevokesTheFamily() {
        ConsoleClient finance = app.as(Role.FINANCE);
        String first = finance.refreshToken();
        assertThat(finance.refresh().statusCode()).isEqualTo(200);
        assertThat(finance.refreshToken()).isNotEqualTo(first);
        assertThat(finance.get("/api/auth/me").statusCode()).isEqualTo(200);
        // a thief replays the first refresh token: the whole session ends, the legitimate holder's tokens too
        var replay = app.post("/api/auth/refresh", "application/json", "{\"refreshToken\":\"" + first + "\"}");
        error(replay, 401, "UNAUTHENTICATED");
        error(finance.get("/api/auth/me"), 401, "UNAUTHENTICATED");
        error(finance.refresh(), 401, "UNAUTHENTICATED");
    }

    @Test
    void changingYourOwnPasswordEndsEverySessionOfYours() {
        ConsoleClient me = app.as(Role.OPERATOR);
        ConsoleClient otherLogin = ConsoleClient.login(app, me.username(), ConsoleClient.PASSWORD);
        var wrong = me.post(
                "/api/auth/password", "{\"currentPassword\":\"not-it-at-all\",\"newPassword\":\"a-new-password-42\"}");
        assertThat(error(wrong, 400, "VALIDATION_FAILED").get("field").asText()).isEqualTo("currentPassword");
        var tooShort = me.post(
                "/api/auth/password",
                "{\"currentPassword\":\"" + ConsoleClient.PASSWORD + "\",\"newPassword\":\"short\"}");
        assertThat(error(tooShort, 400, "VALIDATION_FAILED").get("field").asText())
                .isEqualTo("newPassword");
        var changed = me.post(
                "/api/auth/password",
                "{\"currentPassword\":\"" + ConsoleClient.PASSWORD + "\",\"newPassword\":\"a-new-password-42\"}");
        assertThat(changed.statusCode()).isEqualTo(204);
        error(me.get("/api/auth/me"), 401, "UNAUTHENTICATED");
        error(otherLogin.get("/api/auth/me"), 401, "UNAUTHENTICATED");
        error(otherLogin.refresh(), 401, "UNAUTHENTICATED");
        error(
                app.post(
                        "/api/auth/login",
                        "application/json",
                        ConsoleClient.loginBody(me.username(), ConsoleClient.PASSWORD)),
                401,
                "UNAUTHENTICATED");
        assertThat(ConsoleClient.login(app, me.username(), "a-new-password-42")
                        .get("/api/auth/me")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void anAdminCutsOffAUserByDisablingOrResettingThem() {
        ConsoleClient admin = app.as(Role.ADMIN);
        ConsoleClient victim = app.as(Role.FINANCE);
        assertThat(admin.post("/api/users/" + victim.username() + "/disable").statusCode())
                .isEqualTo(200);
        error(victim.get("/api/auth/me"), 401, "UNAUTHENTICATED");
        error(victim.refresh(), 401, "UNAUTHENTICATED");
        assertThat(admin.post("/api/users/" + victim.username() + "/enable").statusCode())
                .isEqualTo(200);
        ConsoleClient again = ConsoleClient.login(app, victim.username(), ConsoleClient.PASSWORD);
        assertThat(again.get("/api/auth/me").statusCode()).isEqualTo(200);

        var reset = admin.post("/api/users/" + victim.username() + "/password", "{\"password\":\"reset-by-admin-77\"}");
        assertThat(reset.statusCode()).isEqualTo(200);
        error(again.get("/api/auth/me"), 401, "UNAUTHENTICATED");
        error(again.refresh(), 401, "UNAUTHENTICATED");
        assertThat(ConsoleClient.login(app, victim.username(), "reset-by-admin-77")
                        .get("/api/auth/me")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aRoleChangeEndsAccessTokensAndTheNextRefreshCarriesTheNewRoles() {
        ConsoleClient admin = app.as(Role.ADMIN);
        ConsoleClient user = app.as(Role.AUDITOR);
        assertThat(user.get("/api/audit").statusCode()).isEqualTo(200);
        var changed = admin.put("/api/users/" + user.username() + "/roles", "{\"roles\":[\"OPERATOR\"]}");
        assertThat(changed.statusCode()).isEqualTo(200);
        error(user.get("/api/audit"), 401, "UNAUTHENTICATED");
        var refreshed = user.refresh();
        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(ConsoleClient.json(refreshed).get("roles").toString()).isEqualTo("[\"OPERATOR\"]");
        error(user.get("/api/audit"), 403, "FORBIDDEN");
        assertThat(user.get("/api/raffles").statusCode()).isEqualTo(200);
    }

    @Test
    void tokensCarryTheDocumentedClaimsAndFeedsCanVerifyThem() throws Exception {
        ConsoleClient finance = app.as(Role.FINANCE);
        String[] parts = finance.accessToken().split("\\.");
        JsonNode claims = io.rafflestars.backend.platform.Json.mapper()
                .readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.get("sub").asText()).isEqualTo(finance.username());
        assertThat(claims.get("groups").toString()).isEqualTo("[\"FINANCE\"]");
        assertThat(claims.get("aud").toString()).contains("raffle-stars-console");
        assertThat(claims.get("iss").asText()).isEqualTo("raffle-stars");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(900);
        assertThat(claims.has("jti") && claims.has("sid") && claims.has("ver")).isTrue();
        Tokens tokens = app.backend().services().tokens();
        assertThat(tokens.verify(finance.accessToken()))
                .hasValueSatisfying(u -> assertThat(u.roles()).containsExactly(Role.FINANCE));
        assertThat(tokens.verify(null)).isEmpty();
        assertThat(tokens.check("garbage")).isInstanceOf(Tokens.Check.Rejected.class);
    }
}
