package io.rafflestars.backend.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestBackend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    static JsonNode error(HttpResponse<String> res, int status, String code) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode error = ConsoleClient.json(res).get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        return error;
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
        JsonNode forbidden = error(auditor.get("/api/users"), 403, "FORBIDDEN");
        assertThat(forbidden.get("message").asText()).contains("ADMIN");
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
}
