package io.rafflestars.console.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * When the server ends a session (here: an ADMIN resets the user's password), the console goes back to the login
 * screen and says why; the same user logging in again finds their unsaved input where they left it.
 */
@ExtendWith(FreshDatabase.class)
class SessionEndTest {
    private static TestBackend app;

    @BeforeAll
    static void start(DatabaseUrl db) {
        app = TestBackend.start(db);
        ConsoleClient.user(app, "sam", Role.OPERATOR);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void anEndedSessionLeadsBackToLoginAndKeepsUnsavedInput() throws Exception {
        try (ConsoleHarness ui = ConsoleHarness.open(app.uri("").toString())) {
            ui.login("sam", ConsoleClient.PASSWORD);
            ui.clickOn("#nav-raffles");
            ui.clickOn("#raffle-new");
            ui.setText("#raffle-title", "Unsaved draft");

            String newPassword = "a-brand-new-password-456";
            var reset = ConsoleClient.as(app, Role.ADMIN)
                    .post("/api/users/sam/password", "{\"password\":\"" + newPassword + "\"}");
            assertThat(reset.statusCode()).isEqualTo(200);

            ui.clickOn("#refresh"); // the next call finds the session revoked; so does the refresh
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> ui.lookup("#login").tryQuery().isPresent());
            assertThat(ui.text("#login-error")).contains("session has ended");

            ui.login("sam", newPassword);
            assertThat(ui.console().showingLogin()).isFalse();
            assertThat(ui.lookup("#nav-raffles").tryQuery()).isPresent();
            assertThat(ui.text("#raffle-title")).isEqualTo("Unsaved draft");
        }
    }
}
