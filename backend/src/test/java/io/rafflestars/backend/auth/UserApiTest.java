package io.rafflestars.backend.auth;

import static io.rafflestars.backend.testing.ConsoleClient.error;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ADMINs manage console users over HTTP; every change is audited without a password or hash. */
@ExtendWith(FreshDatabase.class)
class UserApiTest {
    private static DatabaseUrl db;
    private static TestBackend app;
    private static ConsoleClient admin;

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = url;
        app = TestBackend.start(url);
        admin = ConsoleClient.user(app, "root-admin", Role.ADMIN);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static long audited(String action, String target) {
        return TestDatabases.count(
                db,
                "SELECT count(*) FROM audit_log WHERE action = '" + action + "' AND target_type = 'user' AND"
                        + " target_id = '" + target + "' AND actor = 'root-admin' AND source = '127.0.0.1'");
    }

    @Test
    void anAdminCreatesListsAndChangesUsersAndEveryChangeIsAudited() {
        HttpResponse<String> created = admin.post(
                "/api/users",
                "{\"username\":\"  Frank \",\"password\":\"frank-secret-123\",\"roles\":[\"FINANCE\",\"AUDITOR\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/api/users/frank");
        JsonNode frank = ConsoleClient.json(created);
        assertThat(frank.get("username").asText()).isEqualTo("frank");
        assertThat(frank.get("roles").toString()).isEqualTo("[\"FINANCE\",\"AUDITOR\"]");
        assertThat(frank.get("enabled").asBoolean()).isTrue();
        assertThat(frank.get("createdBy").asText()).isEqualTo("root-admin");
        assertThat(frank.has("passwordHash")).isFalse();
        assertThat(audited("user.create", "frank")).isEqualTo(1);

        assertThat(admin.get("/api/users").body()).contains("\"frank\"").doesNotContain("argon2");
        assertThat(admin.get("/api/users/FRANK").statusCode()).isEqualTo(200);

        assertThat(admin.put("/api/users/frank/roles", "{\"roles\":[\"FINANCE\"]}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(audited("user.set_roles", "frank")).isEqualTo(1);
        assertThat(admin.post("/api/users/frank/disable").statusCode()).isEqualTo(200);
        assertThat(audited("user.disable", "frank")).isEqualTo(1);
        assertThat(admin.post("/api/users/frank/enable").statusCode()).isEqualTo(200);
        assertThat(audited("user.enable", "frank")).isEqualTo(1);
        assertThat(admin.post("/api/users/frank/password", "{\"password\":\"frank-second-456\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(audited("user.reset_password", "frank")).isEqualTo(1);

        ConsoleClient asFrank = ConsoleClient.login(app, "frank", "frank-second-456");
        assertThat(asFrank.post(
                                "/api/auth/password",
                                "{\"currentPassword\":\"frank-second-456\",\"newPassword\":\"frank-third-789\"}")
                        .statusCode())
                .isEqualTo(204);
        assertThat(TestDatabases.count(
                        db,
                        "SELECT count(*) FROM audit_log WHERE action = 'user.change_password' AND actor = 'frank'"
                                + " AND target_id = 'frank'"))
                .isEqualTo(1);
        // no password and no hash in any audit row
        assertThat(TestDatabases.count(
                        db,
                        "SELECT count(*) FROM audit_log WHERE concat(before_json, after_json) ~"
                                + " '(frank-(secret|second|third)|argon2|\\$2[aby]\\$|password_?hash|passwordHash)'"))
                .isZero();
    }

    @Test
    void badInputNamesTheFieldAndChangesNothing() {
        long users = TestDatabases.count(db, "SELECT count(*) FROM console_user");
        assertThat(error(
                                admin.post(
                                        "/api/users",
                                        "{\"username\":\"a b\",\"password\":\"long-enough-pass\",\"roles\":[\"ADMIN\"]}"),
                                400,
                                "VALIDATION_FAILED")
                        .get("field")
                        .asText())
                .isEqualTo("username");
        assertThat(error(
                                admin.post(
                                        "/api/users",
                                        "{\"username\":\"gina\",\"password\":\"short\",\"roles\":[\"ADMIN\"]}"),
                                400,
                                "VALIDATION_FAILED")
                        .get("field")
                        .asText())
                .isEqualTo("password");
        assertThat(error(
                                admin.post(
                                        "/api/users",
                                        "{\"username\":\"gina\",\"password\":\"long-enough-pass\",\"roles\":[\"KING\"]}"),
                                400,
                                "VALIDATION_FAILED")
                        .get("field")
                        .asText())
                .isEqualTo("roles");
        assertThat(error(
                                admin.post(
                                        "/api/users",
                                        "{\"username\":\"system\",\"password\":\"long-enough-pass\",\"roles\":[\"ADMIN\"]}"),
                                400,
                                "VALIDATION_FAILED")
                        .get("field")
                        .asText())
                .isEqualTo("username");
        error(admin.post("/api/users", "{\"username\":\"gina\",\"pasword\":\"typo\"}"), 400, "MALFORMED_JSON");
        error(admin.post("/api/users", "not json"), 400, "MALFORMED_JSON");
        assertThat(TestDatabases.count(db, "SELECT count(*) FROM console_user")).isEqualTo(users);

        admin.post("/api/users", "{\"username\":\"henry\",\"password\":\"long-enough-pass\",\"roles\":[\"OPERATOR\"]}");
        error(
                admin.post(
                        "/api/users",
                        "{\"username\":\"Henry\",\"password\":\"long-enough-pass\",\"roles\":[\"OPERATOR\"]}"),
                409,
                "CONFLICT");
        error(admin.get("/api/users/nobody"), 404, "NOT_FOUND");
        error(admin.post("/api/users/nobody/disable"), 404, "NOT_FOUND");
    }

    @Test
    void nobodyDisablesThemselvesOrRemovesTheLastAdmin() {
        ConsoleClient second = ConsoleClient.user(app, "second-admin", Role.ADMIN);
        error(second.post("/api/users/second-admin/disable"), 409, "CONFLICT");
        // while another ADMIN is enabled, an ADMIN may give up the role
        for (JsonNode u : ConsoleClient.json(admin.get("/api/users"))) {
            String name = u.get("username").asText();
            if (u.get("roles").toString().contains("ADMIN") && !name.equals("root-admin")) {
                assertThat(admin.post("/api/users/" + name + "/disable").statusCode())
                        .isEqualTo(200);
            }
        }
        // root-admin is now the only enabled ADMIN
        JsonNode last = error(admin.put("/api/users/root-admin/roles", "{\"roles\":[\"AUDITOR\"]}"), 409, "LAST_ADMIN");
        assertThat(last.get("message").asText()).contains("last enabled ADMIN");
        assertThat(admin.get("/api/auth/me").statusCode()).isEqualTo(200);
        assertThat(admin.post("/api/users/second-admin/enable").statusCode()).isEqualTo(200);
        assertThat(admin.put("/api/users/root-admin/roles", "{\"roles\":[\"ADMIN\",\"AUDITOR\"]}")
                        .statusCode())
                .isEqualTo(200);
        // changing your own roles ends your access token too; a refresh picks up the new roles
        error(admin.get("/api/auth/me"), 401, "UNAUTHENTICATED");
        assertThat(admin.refresh().statusCode()).isEqualTo(200);
        assertThat(admin.get("/api/auth/me").body()).contains("AUDITOR");
    }
}
