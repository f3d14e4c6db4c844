package io.rafflestars.backend.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TelegramBooks;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.telegramfake.DeliveryResult;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.Invoice;
import io.rafflestars.telegramfake.PaymentOutcome;
import io.rafflestars.telegramfake.PreCheckoutAnswer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 200 buyers for the last 10 tickets, all at once. Some of those who won a hold pay only after it expired, while the
 * others buy the freed tickets: their charges must come back as refunds, and the raffle is never oversold.
 */
@ExtendWith(FreshDatabase.class)
class LastTicketsRaceTest {
    private static final int PRICE = 3;

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

    @Test
    void twoHundredBuyersForTheLastTenTicketsNeverOversellAndEveryExtraChargeIsRefunded() {
        int buyers = Concurrently.longRun() ? 1000 : 200;
        // 90 of 100 tickets sold already: the last ten are the prize
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Last ten", PRICE, 100, 90));
        FakePlayer early = app.telegram().player(80_000, "Early", "en");
        assertThat(early.pay(Scenarios.invoiceDirect(app, early, raffle.id(), 90)))
                .isInstanceOf(PaymentOutcome.Paid.class);

        List<FakePlayer> players = new ArrayList<>();
        List<Invoice> invoices = new ArrayList<>();
        for (int i = 0; i < buyers; i++) {
            FakePlayer p = app.telegram().player(81_000 + i, "B" + i, i % 2 == 0 ? "en" : "ru");
            players.add(p);
            invoices.add(Scenarios.invoiceDirect(app, p, raffle.id(), 1));
        }
        // Round 1: everyone reaches pre-checkout at once; exactly ten get a hold, and wait too long to pay.
        List<Optional<PreCheckoutAnswer>> answers = Concurrently.run(indexes(buyers).stream()
                .map(i -> (Callable<Optional<PreCheckoutAnswer>>)
                        () -> players.get(i).preCheckout(invoices.get(i)).awaitAnswer(Duration.ofSeconds(10)))
                .toList());
        List<Integer> held = indexes(buyers).stream()
                .filter(i -> answers.get(i).orElseThrow().ok())
                .toList();
        assertThat(held).hasSize(10);
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> count("SELECT tickets_held FROM raffle WHERE id = " + raffle.id()) == 0);

        // Round 2, all at once: the late ten pay for their expired holds, the other 190 try again from the start.
        List<Callable<Object>> round2 = new ArrayList<>();
        for (int i : indexes(buyers)) {
            FakePlayer p = players.get(i);
            Invoice invoice = invoices.get(i);
            round2.add(
                    held.contains(i)
                            ? () -> p.successfulPayment(invoice, app.telegram().newChargeId())
                            : () -> p.pay(invoice));
        }
        List<Object> outcomes = Concurrently.run(round2);
        long latePayments = outcomes.stream()
                .filter(o -> o instanceof DeliveryResult d && d.ok())
                .count();
        long paidInRound2 =
                outcomes.stream().filter(o -> o instanceof PaymentOutcome.Paid).count();
        assertThat(latePayments).isEqualTo(10);

        // never oversold: 100 tickets, each number once; ten charges more than tickets left became refunds
        assertThat(count("SELECT count(*) FROM ticket WHERE raffle_id = " + raffle.id()))
                .isEqualTo(100);
        assertThat(count("SELECT count(*) FROM payment WHERE raffle_id = " + raffle.id() + " AND state = 'CREDITED'"))
                .isEqualTo(11); // the early buyer and ten winners of the race
        long charges = 10 + paidInRound2;
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(count("SELECT count(*) FROM payment WHERE raffle_id = " + raffle.id()
                                + " AND state = 'REFUNDED'"))
                        .isEqualTo(charges - 10));
        assertThat(app.telegram().starBalance()).isEqualTo(100L * PRICE);
        Invariants.assertHold(db);
        TelegramBooks.assertEveryChargeIsTicketsOrRefund(db, app.telegram());
    }

    private static List<Integer> indexes(int n) {
        return java.util.stream.IntStream.range(0, n).boxed().toList();
    }

    private static long count(String sql) {
        return TestDatabases.count(db, sql);
    }
}
