package io.rafflestars.backend.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.telegram.BotApiClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TelegramBooks;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.Fault;
import io.rafflestars.telegramfake.PaymentOutcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Bot API failing the way Telegram's does: 429 with retry_after, 5xx, and calls that take longer than the
 * client waits (and still take effect). Every call eventually takes effect, and the ones Telegram keys by an id
 * (pre-checkout answers, refunds) take effect exactly once.
 */
@ExtendWith(FreshDatabase.class)
class TelegramFaultsTest {
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

    @AfterEach
    void invariantsHold() {
        app.telegram().faults().clear();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(count("SELECT count(*) FROM payment WHERE state = 'REFUND_DUE'"))
                        .isZero());
        Invariants.assertHold(db);
        TelegramBooks.assertEveryChargeIsTicketsOrRefund(db, app.telegram());
    }

    @Test
    void preCheckoutAnswerSurvives429And5xxAndIsGivenOnce() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Flaky answer", 2, 100, 10));
        FakePlayer ann = app.telegram().player(90_001, "Ann", "en");
        app.telegram().clearCalls();
        app.telegram()
                .faults()
                .next("answerPreCheckoutQuery", new Fault.TooManyRequests(1))
                .next("answerPreCheckoutQuery", new Fault.ServerError(502));
        PaymentOutcome outcome = ann.pay(Scenarios.invoiceDirect(app, ann, raffle.id(), 2));
        assertThat(outcome).isInstanceOf(PaymentOutcome.Paid.class);
        // two refused attempts, then the one that counted
        assertThat(app.telegram().calls("answerPreCheckoutQuery")).hasSize(3);
        assertThat(count("SELECT count(*) FROM ticket WHERE raffle_id = " + raffle.id()))
                .isEqualTo(2);
    }

    @Test
    void preCheckoutAnswerThatTimesOutIsRetriedInTimeAndCountsOnce() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Slow answer", 2, 100, 10));
        FakePlayer boris = app.telegram().player(90_002, "Boris", "ru");
        // the first answer takes 3 s (longer than the 2 s the backend waits for one attempt) and still arrives
        app.telegram().faults().next("answerPreCheckoutQuery", new Fault.Timeout(Duration.ofSeconds(3)));
        PaymentOutcome outcome = boris.pay(Scenarios.invoiceDirect(app, boris, raffle.id(), 1));
        assertThat(outcome).isInstanceOf(PaymentOutcome.Paid.class);
        assertThat(((PaymentOutcome.Paid) outcome).preCheckoutMillis()).isLessThan(10_000);
        assertThat(count("SELECT count(*) FROM ticket_hold WHERE raffle_id = " + raffle.id()))
                .isEqualTo(1);
    }

    @Test
    void ticketMessageSurvives429And5xxAndIsSentOnce() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Flaky message", 2, 100, 10));
        FakePlayer cleo = app.telegram().player(90_003, "Cleo", "en");
        app.telegram()
                .faults()
                .next("sendMessage", new Fault.TooManyRequests(1))
                .next("sendMessage", new Fault.ServerError(500))
                .next("sendMessage", new Fault.ServerError(502))
                .next("sendMessage", new Fault.TooManyRequests(2));
        assertThat(cleo.pay(Scenarios.invoiceDirect(app, cleo, raffle.id(), 3)))
                .isInstanceOf(PaymentOutcome.Paid.class);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(ticketMessages(cleo)).hasSize(1));
        assertThat(app.telegram().faults().remaining("sendMessage")).isZero();
        assertThat(count("SELECT count(*) FROM outgoing_message WHERE chat_id = 90003 AND state <> 'SENT'"))
                .isZero();
    }

    @Test
    void refundSurvives429And5xxAndIsMadeOnce() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Flaky refund", 4, 100, 10));
        FakePlayer dora = app.telegram().player(90_004, "Dora", "en");
        var paid = (PaymentOutcome.Paid) dora.pay(Scenarios.invoiceDirect(app, dora, raffle.id(), 2));
        app.telegram()
                .faults()
                .next("refundStarPayment", 2, new Fault.ServerError(500))
                .next("refundStarPayment", new Fault.TooManyRequests(1))
                .next("refundStarPayment", new Fault.ServerError(503));
        app.backend().services().raffles().cancel(raffle.id(), Scenarios.OPERATOR, "flaky refunds");
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(count("SELECT count(*) FROM payment WHERE state = 'REFUNDED'"
                                + " AND telegram_payment_charge_id = '" + paid.chargeId() + "'"))
                        .isEqualTo(1));
        assertThat(refundsAtTelegram(paid.chargeId())).isEqualTo(1);
    }

    /**
     * A refund whose answer is lost (the call takes longer than the client waits): the retry is told
     * CHARGE_ALREADY_REFUNDED, which counts as done. Takes over 10 s (the client's patience for background calls),
     * so only in the long run ({@code -Dfaults.long=true} includes the "long" tag).
     */
    @Test
    @Tag("long")
    void refundWhoseAnswerIsLostIsMadeOnce() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Lost refund", 4, 100, 10));
        FakePlayer eve = app.telegram().player(90_005, "Eve", "en");
        var paid = (PaymentOutcome.Paid) eve.pay(Scenarios.invoiceDirect(app, eve, raffle.id(), 1));
        app.telegram().faults().next("refundStarPayment", new Fault.Timeout(Duration.ofSeconds(12)));
        app.telegram().faults().next("sendMessage", new Fault.Timeout(Duration.ofSeconds(12)));
        app.backend().services().raffles().cancel(raffle.id(), Scenarios.OPERATOR, "lost answers");
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(count("SELECT count(*) FROM payment WHERE state = 'REFUNDED'"
                                + " AND telegram_payment_charge_id = '" + paid.chargeId() + "'"))
                        .isEqualTo(1));
        assertThat(refundsAtTelegram(paid.chargeId())).isEqualTo(1);
        // a message whose send timed out is sent again: Telegram has no idempotency key for sendMessage
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(app.telegram().messagesTo(90_005)).hasSizeBetween(2, 3));
    }

    private static List<JsonNode> ticketMessages(FakePlayer p) {
        return app.telegram().messagesTo(p.userId()).stream()
                .map(m -> (JsonNode) m)
                .filter(m -> m.path("text").asText().contains("#"))
                .toList();
    }

    private static long refundsAtTelegram(String chargeId) {
        JsonNode page = new BotApiClient(app.telegram().baseUrl(), TestBackend.BOT_TOKEN)
                .getStarTransactions(0, 100)
                .path("transactions");
        long n = 0;
        for (JsonNode t : page) {
            if (t.has("receiver") && t.path("id").asText().equals(chargeId)) {
                n++;
            }
        }
        return n;
    }

    private static long count(String sql) {
        return TestDatabases.count(db, sql);
    }
}
