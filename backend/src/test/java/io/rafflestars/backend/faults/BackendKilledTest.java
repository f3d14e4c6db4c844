package io.rafflestars.backend.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.testing.BackendProcess;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Offline;
import io.rafflestars.backend.testing.OutboxCheck;
import io.rafflestars.backend.testing.Recovery;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.Shoppers;
import io.rafflestars.backend.testing.TelegramBooks;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.telegramfake.FakeTelegram;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend killed with SIGKILL in the middle of a load, then started again: nothing half-done survives, nothing
 * committed is lost, and Telegram's redeliveries plus the backend's own retries finish every purchase.
 */
@ExtendWith(FreshDatabase.class)
class BackendKilledTest {
    private static final String TOKEN = "424243:killed-backend-token";
    private static final String SECRET = "killed-backend-secret";

    @Test
    void killedMidLoadAndRestartedLosesNothingAndLeavesNothingHalfDone(DatabaseUrl db, @TempDir Path dir)
            throws Exception {
        int rounds = Concurrently.longRun() ? 5 : 1;
        try (FakeTelegram telegram = FakeTelegram.start(TOKEN);
                Offline services = Offline.open(db)) {
            // a player's payment form waits 3 s here, not Telegram's 10, so the load notices the crash quickly
            telegram.preCheckoutTimeout(Duration.ofSeconds(3)).webhookTimeout(Duration.ofSeconds(5));
            int port = freePort();
            Map<String, String> env = Map.of(
                    "DATABASE_URL",
                    TestDatabases.railwayForm(db),
                    "TELEGRAM_BOT_TOKEN",
                    TOKEN,
                    "TELEGRAM_WEBHOOK_SECRET",
                    SECRET,
                    "TELEGRAM_API_URL",
                    telegram.baseUrl().toString(),
                    "HOLD_TTL_SECONDS",
                    "5",
                    "WORKER_POLL_MILLIS",
                    "50",
                    "SHUTDOWN_DRAIN_MILLIS",
                    "0");
            Path log = dir.resolve("backend.log");
            BackendProcess backend = BackendProcess.start(env, port, log);
            telegram.webhook(backend.uri("/telegram/webhook"), SECRET);
            Raffle raffle = Scenarios.openRaffle(services.raffles(), Scenarios.spec("Killed", 2, 1_000_000, 10));
            long paidBeforeKill = 0;
            for (int round = 0; round < rounds; round++) {
                try (Shoppers load =
                        new Shoppers(telegram, services.purchases(), raffle.id(), 6, 1_000_000L * (round + 1))) {
                    long start = load.paid();
                    await().atMost(Duration.ofSeconds(60)).until(() -> load.paid() >= start + 20);
                    paidBeforeKill = load.paid();
                    assertThat(backend.kill()).isEqualTo(137);
                    Thread.sleep(500); // the load keeps going against the dead backend for a moment
                }
                backend = BackendProcess.start(env, port, log);
            }
            // Telegram redelivers what the dead backend did not take; stored but unfinished updates are retried
            // by the new instance once their lease (30 s) runs out.
            int pendingAfterCrash = telegram.pendingUpdates().size();
            Recovery.awaitSettled(db, telegram, Duration.ofSeconds(90));
            backend.stop();

            assertThat(TestDatabases.count(db, "SELECT count(*) FROM payment WHERE state = 'CREDITED'"))
                    .isGreaterThanOrEqualTo(paidBeforeKill - 6);
            // the crash did cut deliveries: otherwise this test would prove nothing
            assertThat(pendingAfterCrash).isPositive();
            Invariants.assertHold(db);
            TelegramBooks.assertEveryChargeIsTicketsOrRefund(db, telegram);
            OutboxCheck.assertComplete(db);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
