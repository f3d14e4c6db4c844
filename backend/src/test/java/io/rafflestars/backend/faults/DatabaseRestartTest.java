package io.rafflestars.backend.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.EmbeddedDatabase;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.OutboxCheck;
import io.rafflestars.backend.testing.Recovery;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.Shoppers;
import io.rafflestars.backend.testing.TelegramBooks;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.telegramfake.DeliveryResult;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.PaymentOutcome;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL restarted under load (a PostgreSQL of the test's own, never the machine's): the backend says it is not
 * ready while the database is gone, comes back by itself, and loses nothing Telegram charged meanwhile.
 */
class DatabaseRestartTest {

    @Test
    void databaseRestartedUnderLoadBackendRecoversByItselfAndLosesNothing(@TempDir Path dir) throws Exception {
        int port = freePort();
        EmbeddedDatabase database = EmbeddedDatabase.persistent(dir, port);
        DatabaseUrl db = database.url();
        TestBackend app = TestBackend.start(db, Map.of("HOLD_TTL_SECONDS", "5", "DB_POOL_SIZE", "6"));
        try {
            app.telegram().preCheckoutTimeout(Duration.ofSeconds(3)).webhookTimeout(Duration.ofSeconds(8));
            Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Restarted", 2, 1_000_000, 10));
            int restarts = Concurrently.longRun() ? 4 : 1;
            try (Shoppers load =
                    new Shoppers(app.telegram(), app.backend().services().purchases(), raffle.id(), 6, 2_000_000)) {
                for (int i = 0; i < restarts; i++) {
                    long before = load.paid();
                    await().atMost(Duration.ofSeconds(60)).until(() -> load.paid() >= before + 15);
                    database.close(); // pg_ctl stop -m fast: every connection is cut
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> app.get("/health/ready").statusCode() == 503);
                    // Telegram's deliveries meanwhile are refused with 503, which it retries; nothing is stored
                    var refused = app.telegram()
                            .deliverRaw(
                                    "{\"update_id\": " + (900_000 + i) + ", \"message\": {\"message_id\": 1,"
                                            + " \"date\": 1, \"chat\": {\"id\": 9, \"type\": \"private\"},"
                                            + " \"from\": {\"id\": 9, \"is_bot\": false, \"first_name\": \"N\"},"
                                            + " \"text\": \"/raffles\"}}",
                                    TestBackend.WEBHOOK_SECRET);
                    assertThat(refused.status()).isEqualTo(503);
                    assertThat(refused)
                            .isInstanceOfSatisfying(
                                    DeliveryResult.Answered.class,
                                    a -> assertThat(a.body()).contains("UNAVAILABLE"));
                    Thread.sleep(1000); // the load runs into the outage
                    database = EmbeddedDatabase.persistent(dir, port);
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> app.get("/health/ready").statusCode() == 200);
                }
                long after = load.paid();
                await().atMost(Duration.ofSeconds(60)).until(() -> load.paid() >= after + 15);
                assertThat(load.failures() + load.unpaid())
                        .as("the outage was felt")
                        .isPositive();
            }
            // a new purchase goes through at once, with nobody having touched the backend
            FakePlayer late = app.telegram().player(3_000_000, "Late", "en");
            assertThat(late.pay(Scenarios.invoiceDirect(app, late, raffle.id(), 1)))
                    .isInstanceOf(PaymentOutcome.Paid.class);
            Recovery.awaitSettled(db, app.telegram(), Duration.ofSeconds(90));
            Invariants.assertHold(db);
            TelegramBooks.assertEveryChargeIsTicketsOrRefund(db, app.telegram());
            OutboxCheck.assertComplete(db);
        } finally {
            app.close();
            database.close();
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
