package io.rafflestars.backend.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.telegramfake.FakeTelegram;
import java.time.Duration;

/**
 * After a crash or an outage: Telegram redelivers what the webhook did not take (as it does, for up to a day), and
 * the backend finishes on its own what was left half-way. Waits until nothing is left to do.
 */
public final class Recovery {
    private Recovery() {}

    public static void awaitSettled(DatabaseUrl db, FakeTelegram telegram, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            if (!telegram.pendingUpdates().isEmpty()) {
                telegram.redeliverPending();
            }
            assertThat(telegram.pendingUpdates())
                    .as("updates Telegram still holds")
                    .isEmpty();
            assertThat(count(db, "SELECT count(*) FROM telegram_update WHERE state IN ('RECEIVED', 'FAILED')"))
                    .as("updates not handled yet")
                    .isZero();
            assertThat(count(db, "SELECT count(*) FROM payment WHERE state = 'REFUND_DUE'"))
                    .as("refunds not confirmed yet")
                    .isZero();
            // the scheduler releases holds every few polls: a hold may outlive its expiry by that much, not more
            assertThat(count(
                            db,
                            "SELECT count(*) FROM ticket_hold WHERE state = 'HELD'"
                                    + " AND expires_at < now() - interval '2 seconds'"))
                    .as("holds past their expiry")
                    .isZero();
        });
        assertThat(count(db, "SELECT count(*) FROM telegram_update WHERE state = 'DEAD'"))
                .as("updates given up on")
                .isZero();
    }

    private static long count(DatabaseUrl db, String sql) {
        return TestDatabases.count(db, sql);
    }
}
