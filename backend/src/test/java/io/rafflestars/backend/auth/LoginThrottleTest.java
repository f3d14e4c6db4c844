package io.rafflestars.backend.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failed logins: one answer whatever was wrong, throttled per user name and per address, counted and audited. Every
 * request here comes from 127.0.0.1, so the address block comes last.
 */
@ExtendWith(FreshDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginThrottleTest {
    private static DatabaseUrl db;
    private static TestBackend app;

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = url;
        app = TestBackend.start(url);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static HttpResponse<String> login(String user, String password) {
        return app.post("/api/auth/login", "application/json", ConsoleClient.loginBody(user, password));
    }

    private static void createUser(String name) {
        app.backend()
                .services()
                .users()
                .create(name, ConsoleClient.PASSWORD, List.of("OPERATOR"), Actor.system("test"));
    }

    @Test
    @Order(1)
    void theAnswerNeverSaysWhetherTheUserOrThePasswordWasWrong() {
        createUser("carol");
        createUser("dave");
        app.backend()
                .services()
                .users()
                .setEnabled(
                        "dave", false, new ConsoleUser(0, "someone-else", java.util.Set.of(), 0), Actor.system("t"));
        HttpResponse<String> wrongPassword = login("carol", "wrong-password-1");
        HttpResponse<String> unknownUser = login("nobody-here", "wrong-password-1");
        HttpResponse<String> disabled = login("dave", ConsoleClient.PASSWORD);
        for (HttpResponse<String> res : List.of(wrongPassword, unknownUser, disabled)) {
            assertThat(res.statusCode()).isEqualTo(401);
            assertThat(res.body()).isEqualTo(wrongPassword.body());
        }
        assertThat(wrongPassword.body()).contains("UNAUTHENTICATED").contains("User name or password is wrong");
        // audited: the known user by name, the unknown one as anonymous, and never the password typed
        assertThat(TestDatabases.count(
                        db,
                        "SELECT count(*) FROM audit_log WHERE action = 'auth.login_failed' AND actor = 'carol'"
                                + " AND source = '127.0.0.1' AND target_id = 'carol'"))
                .isEqualTo(1);
        assertThat(TestDatabases.count(
                        db,
                        "SELECT count(*) FROM audit_log WHERE action = 'auth.login_failed' AND actor = 'anonymous'"
                                + " AND target_id IS NULL"))
                .isEqualTo(1);
        assertThat(TestDatabases.count(
                        db,
                        "SELECT count(*) FROM audit_log WHERE concat(before_json, after_json, target_id, actor)"
                                + " LIKE '%wrong-password%' OR concat(target_id, actor) LIKE '%nobody-here%'"))
                .isZero();
        // the login that succeeds afterwards clears carol's counter
        assertThat(login("carol", ConsoleClient.PASSWORD).statusCode()).isEqualTo(200);
        assertThat(TestDatabases.count(db, "SELECT count(*) FROM login_throttle WHERE key = 'user:carol'"))
                .isZero();
    }

    @Test
    @Order(2)
    void fiveFailuresBlockTheUserNameEvenForTheRightPassword() {
        createUser("erin");
        for (int i = 0; i < LoginThrottle.PER_USER.maxFailures(); i++) {
            assertThat(login("erin", "guess-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = login("erin", ConsoleClient.PASSWORD);
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(ConsoleClient.json(blocked).path("error").path("code").asText())
                .isEqualTo("TOO_MANY_REQUESTS");
        long retryAfter =
                Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        // another name from the same address is not blocked by erin's failures
        assertThat(login("carol", ConsoleClient.PASSWORD).statusCode()).isEqualTo(200);
        // counted by reason
        String metrics = app.get("/metrics").body();
        assertThat(metrics.lines().filter(l -> l.startsWith("auth_login_failures")))
                .anySatisfy(l -> assertThat(l).contains("reason=\"throttled\""))
                .anySatisfy(l -> assertThat(l).contains("reason=\"bad_credentials\""))
                .anySatisfy(l -> assertThat(l).contains("reason=\"disabled\""));
    }

    @Test
    @Order(3)
    void blocksGrowWithEachFurtherFailureUpToTheCapAndTheWindowForgets() {
        Transactions tx = app.backend().services().tx();
        String name = "escalation-" + UUID.randomUUID().toString().substring(0, 8);
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        List<Duration> blocks = new java.util.ArrayList<>();
        Instant now = t0;
        for (int i = 1; i <= 9; i++) {
            Instant at = now;
            Duration block = tx.run(t -> {
                List<LoginThrottle.Counter> c =
                        LoginThrottle.lock(t, List.of(LoginThrottle.of(LoginThrottle.PER_USER, name)), at);
                LoginThrottle.failed(t, c, at);
                List<LoginThrottle.Counter> after =
                        LoginThrottle.lock(t, List.of(LoginThrottle.of(LoginThrottle.PER_USER, name)), at);
                return LoginThrottle.blockedFor(after, at).orElse(Duration.ZERO);
            });
            blocks.add(block);
            now = now.plusSeconds(1);
        }
        assertThat(blocks)
                .containsExactly(
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(2),
                        Duration.ofMinutes(4),
                        Duration.ofMinutes(8),
                        Duration.ofMinutes(15));
        // long after the window and the block: the next failure starts counting from one again
        Instant later = t0.plus(Duration.ofHours(1));
        Duration fresh = tx.run(t -> {
            List<LoginThrottle.Counter> c =
                    LoginThrottle.lock(t, List.of(LoginThrottle.of(LoginThrottle.PER_USER, name)), later);
            LoginThrottle.failed(t, c, later);
            return LoginThrottle.blockedFor(
                            LoginThrottle.lock(t, List.of(LoginThrottle.of(LoginThrottle.PER_USER, name)), later),
                            later)
                    .orElse(Duration.ZERO);
        });
        assertThat(fresh).isZero();
        assertThat(TestDatabases.count(db, "SELECT failures FROM login_throttle WHERE key = 'user:" + name + "'"))
                .isEqualTo(1);
    }

    @Test
    @Order(4)
    void manyNamesFromOneAddressBlockTheAddress() {
        int attempts = 0;
        HttpResponse<String> res;
        do {
            res = login("sprayed-" + attempts, "guess");
            attempts++;
        } while (res.statusCode() == 401 && attempts <= LoginThrottle.PER_ADDRESS.maxFailures());
        assertThat(res.statusCode()).isEqualTo(429);
        // now even a correct login from this address waits
        HttpResponse<String> blocked = login("carol", ConsoleClient.PASSWORD);
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 300L);
    }
}
