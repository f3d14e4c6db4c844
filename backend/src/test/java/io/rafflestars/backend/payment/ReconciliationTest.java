package io.rafflestars.backend.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.rafflestars.backend.Services;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.Invoice;
import io.rafflestars.telegramfake.PaymentOutcome;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Reconciliation against the fake Telegram's own Star transaction list. */
@ExtendWith(FreshDatabase.class)
class ReconciliationTest {
    private static TestBackend app;
    private static DatabaseUrl db;

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = url;
        app = TestBackend.start(url);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void agreementFindsNothingAndInjectedDifferencesAreRecorded() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Recon", 3, 100, 10));
        FakePlayer ann = app.telegram().player(8001, "Ann", "en");
        String good = ((PaymentOutcome.Paid) ann.pay(Scenarios.invoiceDirect(app, ann, raffle.id(), 2))).chargeId();
        Reconciliation recon = now(app.backend().services());
        assertThat(recon.run().mismatches()).isEmpty();

        // A payment Telegram took whose update never reached us (the webhook refused it).
        FakePlayer bob = app.telegram().player(8002, "Bob", "en");
        Invoice lost = Scenarios.invoiceDirect(app, bob, raffle.id(), 1);
        app.telegram().webhook(app.uri("/telegram/webhook"), "not-our-secret");
        String lostCharge = app.telegram().newChargeId();
        bob.successfulPayment(lost, lostCharge);
        app.telegram().webhook(app.uri("/telegram/webhook"), TestBackend.WEBHOOK_SECRET);
        // And an amount that does not match what Telegram took.
        TestDatabases.execute(
                db, "UPDATE payment SET amount = amount + 1 WHERE telegram_payment_charge_id = '" + good + "'");
        try {
            Reconciliation.Report report = recon.run();
            assertThat(report.mismatches())
                    .extracting(Reconciliation.Mismatch::kind, Reconciliation.Mismatch::chargeId)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("AMOUNT_DIFFERS", good),
                            org.assertj.core.groups.Tuple.tuple("MISSING_HERE", lostCharge));
            assertThat(TestDatabases.count(
                            db, "SELECT count(*) FROM reconciliation_mismatch WHERE run_id = " + report.runId()))
                    .isEqualTo(2);
            assertThat(TestDatabases.count(
                            db, "SELECT count(*) FROM outbox_event WHERE type = 'ReconciliationMismatch'"))
                    .isEqualTo(2);
        } finally {
            TestDatabases.execute(
                    db, "UPDATE payment SET amount = amount - 1 WHERE telegram_payment_charge_id = '" + good + "'");
        }
    }

    /** Reconciliation without a grace period, so this test's fresh payments count at once. */
    private static Reconciliation now(Services s) {
        return new Reconciliation(s.tx(), s.telegram(), Clock.systemUTC(), Duration.ZERO);
    }
}
