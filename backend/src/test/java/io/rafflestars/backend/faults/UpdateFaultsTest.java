package io.rafflestars.backend.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TelegramBooks;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.common.raffle.RaffleState;
import io.rafflestars.telegramfake.DeliveryResult;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.Invoice;
import io.rafflestars.telegramfake.PaymentOutcome;
import io.rafflestars.telegramfake.PreCheckout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Telegram's delivery at its worst: the same update several times at once, the same charge under two update ids at
 * the same instant, updates out of order, a payment after its hold expired in a raffle that sold out and closed, and
 * many payments of one raffle at once.
 */
@ExtendWith(FreshDatabase.class)
class UpdateFaultsTest {
    private static TestBackend app;
    private static DatabaseUrl db;

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = url;
        app = TestBackend.start(url, Map.of("HOLD_TTL_SECONDS", "5", "DB_POOL_SIZE", "8"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void invariantsHold() {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(count("SELECT count(*) FROM payment WHERE state = 'REFUND_DUE'"))
                        .isZero());
        Invariants.assertHold(db);
        TelegramBooks.assertEveryChargeIsTicketsOrRefund(db, app.telegram());
    }

    @Test
    void theSameUpdateDeliveredTenTimesAtOnceCreditsOnce() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Ten at once", 3, 100, 10));
        FakePlayer ann = app.telegram().player(70_001, "Ann", "en");
        PaymentOutcome.Paid paid = (PaymentOutcome.Paid) ann.pay(Scenarios.invoiceDirect(app, ann, raffle.id(), 2));
        // the first delivery was handled; now Telegram, unsure of its answer, sends it ten times more at once
        String json = paid.successfulPaymentUpdate().toString();
        List<DeliveryResult> results = Concurrently.run(IntStream.range(0, 10)
                .mapToObj(i ->
                        (Callable<DeliveryResult>) () -> app.telegram().deliverRaw(json, TestBackend.WEBHOOK_SECRET))
                .toList());
        assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(count("SELECT count(*) FROM ticket WHERE raffle_id = " + raffle.id()))
                .isEqualTo(2);
        assertThat(count("SELECT count(*) FROM ledger_transfer WHERE reference_id = '" + paid.chargeId() + "'"))
                .isEqualTo(1);
    }

    @Test
    void twoWebhooksForTheSameChargeAtTheSameInstantCreditOnce() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Same charge", 2, 1000, 10));
        for (int round = 0; round < 10; round++) {
            FakePlayer p = app.telegram().player(71_000 + round, "P" + round, "en");
            Invoice invoice = Scenarios.invoiceDirect(app, p, raffle.id(), 1);
            assertThat(p.preCheckout(invoice)
                            .awaitAnswer(Duration.ofSeconds(10))
                            .orElseThrow()
                            .ok())
                    .isTrue();
            String charge = app.telegram().newChargeId();
            // two distinct updates (two update ids) carrying one charge, racing each other
            List<DeliveryResult> results = Concurrently.run(
                    List.of(() -> p.successfulPayment(invoice, charge), () -> p.successfulPayment(invoice, charge)));
            assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            assertThat(count("SELECT count(*) FROM payment WHERE telegram_payment_charge_id = '" + charge + "'"))
                    .isEqualTo(1);
        }
        assertThat(count("SELECT count(*) FROM ticket WHERE raffle_id = " + raffle.id()))
                .isEqualTo(10);
    }

    @Test
    void aPaymentArrivingBeforeItsPreCheckoutAndALatePreCheckoutMoveMoneyOnce() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Reordered", 4, 100, 10));
        FakePlayer boris = app.telegram().player(72_001, "Boris", "ru");
        Invoice invoice = Scenarios.invoiceDirect(app, boris, raffle.id(), 3);
        String charge = app.telegram().newChargeId();
        // successful_payment overtakes its pre_checkout_query
        assertThat(boris.successfulPayment(invoice, charge).status()).isEqualTo(200);
        PreCheckout late = boris.preCheckout(invoice);
        assertThat(late.delivery().status()).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM ticket WHERE raffle_id = " + raffle.id()))
                .isEqualTo(3);
        // and the late query's update is replayed under its own update id: answered again, nothing more held
        ObjectNode replay = late.delivery().update().deepCopy();
        assertThat(app.telegram()
                        .deliverRaw(replay.toString(), TestBackend.WEBHOOK_SECRET)
                        .status())
                .isEqualTo(200);
        replay.put("update_id", replay.path("update_id").asLong() + 500_000);
        assertThat(app.telegram()
                        .deliverRaw(replay.toString(), TestBackend.WEBHOOK_SECRET)
                        .status())
                .isEqualTo(200);
        assertThat(count("SELECT count(*) FROM ticket_hold WHERE raffle_id = " + raffle.id()))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM ledger_transfer WHERE reference_id = '" + charge + "'"))
                .isEqualTo(1);
        // the stray hold runs out and frees its tickets
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(count("SELECT tickets_held FROM raffle WHERE id = " + raffle.id()))
                        .isZero());
    }

    @Test
    void aPaymentAfterItsHoldExpiredInARaffleThatSoldOutAndClosedIsRefunded() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Sold out", 5, 2, 1));
        FakePlayer slow = app.telegram().player(73_001, "Slow", "en");
        Invoice slowInvoice = Scenarios.invoiceDirect(app, slow, raffle.id(), 1);
        assertThat(slow.preCheckout(slowInvoice)
                        .awaitAnswer(Duration.ofSeconds(10))
                        .orElseThrow()
                        .ok())
                .isTrue();
        // the hold runs out (HOLD_TTL_SECONDS=5) while two others buy both tickets; the raffle closes, sold out
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> count("SELECT count(*) FROM ticket_hold WHERE state = 'RELEASED' AND raffle_id = "
                                + raffle.id())
                        == 1);
        for (int i = 0; i < 2; i++) {
            FakePlayer fast = app.telegram().player(73_010 + i, "Fast" + i, "en");
            assertThat(fast.pay(Scenarios.invoiceDirect(app, fast, raffle.id(), 1)))
                    .isInstanceOf(PaymentOutcome.Paid.class);
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> app.backend().services().raffles().get(raffle.id()).state() == RaffleState.CLOSED);
        String charge = app.telegram().newChargeId();
        assertThat(slow.successfulPayment(slowInvoice, charge).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(count("SELECT count(*) FROM payment WHERE state = 'REFUNDED'"
                                + " AND telegram_payment_charge_id = '" + charge + "'"))
                        .isEqualTo(1));
        assertThat(app.telegram().calls("refundStarPayment").stream()
                        .filter(c -> c.params()
                                .path("telegram_payment_charge_id")
                                .asText()
                                .equals(charge))
                        .count())
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM ticket WHERE raffle_id = " + raffle.id()))
                .isEqualTo(2);
    }

    /** Regression: payments of one raffle used to deadlock (the payment row's foreign-key lock, then the raffle lock). */
    @Test
    void manyPaymentsOfOneRaffleAtOnceNeverDeadlock() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Crowd", 1, 10_000, 10));
        long deadlocksBefore = deadlocks();
        List<Callable<PaymentOutcome>> buyers = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            FakePlayer p = app.telegram().player(74_000 + i, "C" + i, "en");
            Invoice invoice = Scenarios.invoiceDirect(app, p, raffle.id(), 1 + i % 3);
            buyers.add(() -> p.pay(invoice));
        }
        List<PaymentOutcome> outcomes = Concurrently.run(buyers);
        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(PaymentOutcome.Paid.class));
        // every update was handled at its first attempt, without a retry
        assertThat(count("SELECT count(*) FROM telegram_update WHERE state <> 'DONE' OR attempts <> 1"))
                .isZero();
        // sessions report their statistics when idle, within about a second
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> deadlocks() == deadlocksBefore);
    }

    private static long deadlocks() {
        return count("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
    }

    private static long count(String sql) {
        return TestDatabases.count(db, sql);
    }
}
