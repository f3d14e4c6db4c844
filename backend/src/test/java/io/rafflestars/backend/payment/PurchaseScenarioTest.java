package io.rafflestars.backend.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.Invoice;
import io.rafflestars.telegramfake.PaymentOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Purchases end to end: webhook updates as Telegram sends them, a real backend and database. */
@ExtendWith(FreshDatabase.class)
class PurchaseScenarioTest {
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
        Invariants.assertHold(db);
    }

    @Test
    void aPurchaseEndsWithTicketsABalancedLedgerAndAnOutboxEvent() throws Exception {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Purchase", 7, 100, 10));
        FakePlayer ann = app.telegram().player(1001, "Ann", "en");

        Invoice invoice = Scenarios.invoiceViaBot(ann, raffle.id(), 3);
        assertThat(invoice.currency()).isEqualTo("XTR");
        assertThat(invoice.amount()).isEqualTo(21);

        int before = ann.messages().size();
        PaymentOutcome outcome = ann.pay(invoice);
        assertThat(outcome).isInstanceOf(PaymentOutcome.Paid.class);
        String chargeId = ((PaymentOutcome.Paid) outcome).chargeId();

        ObjectNode told = Scenarios.awaitBotMessage(
                ann, before, m -> m.path("text").asText().contains("#1"));
        assertThat(told.path("text").asText()).contains("#1, #2, #3");
        assertThat(count("SELECT count(*) FROM ticket WHERE raffle_id = " + raffle.id() + " AND player_id = 1001"))
                .isEqualTo(3);
        assertThat(count("SELECT count(*) FROM ledger_transfer WHERE id = 'payment:" + chargeId + "'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM outbox_event WHERE type = 'TicketsSold' AND raffle_id = " + raffle.id()))
                .isEqualTo(1);
        assertThat(app.backend().services().raffles().get(raffle.id()).ticketsSold())
                .isEqualTo(3);
        var result = app.backend().services().ledger().raffleResult(raffle.id());
        assertThat(result.paid()).isEqualTo(21);
        assertThat(result.potBalance()).isEqualTo(21);
        assertThat(result.refunded()).isZero();
    }

    @Test
    void updatesDeliveredThreeTimesAndOutOfOrderCreditOnce() throws Exception {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Duplicates", 5, 100, 10));
        FakePlayer boris = app.telegram().player(1002, "Boris", "ru");
        Invoice invoice = Scenarios.invoiceDirect(app, boris, raffle.id(), 2);
        PaymentOutcome.Paid paid = (PaymentOutcome.Paid) boris.pay(invoice);

        // Telegram redelivers: the same successful_payment update again (same update_id), twice
        String json = paid.successfulPaymentUpdate().toString();
        for (int i = 0; i < 2; i++) {
            assertThat(app.telegram()
                            .deliverRaw(json, TestBackend.WEBHOOK_SECRET)
                            .status())
                    .isEqualTo(200);
        }
        // and the same payment under a new update_id (a replayed charge id)
        assertThat(boris.successfulPayment(invoice, paid.chargeId()).status()).isEqualTo(200);
        // and an old pre-checkout arriving late, after the payment
        var lateQuery = app.telegram().deliveredUpdates().stream()
                .filter(u -> u.has("pre_checkout_query"))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(app.telegram()
                        .deliverRaw(lateQuery.toString(), TestBackend.WEBHOOK_SECRET)
                        .status())
                .isEqualTo(200);

        assertThat(count("SELECT count(*) FROM payment WHERE telegram_payment_charge_id = '" + paid.chargeId() + "'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM ticket WHERE raffle_id = " + raffle.id()))
                .isEqualTo(2);
        assertThat(count("SELECT count(*) FROM ledger_transfer WHERE reference_id = '" + paid.chargeId() + "'"))
                .isEqualTo(1);
    }

    @Test
    void fiftyBuyersRacingForTheLastFiveTicketsNeverOversellAndExtrasAreRefunded() throws Exception {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Race", 3, 5, 1));
        List<FakePlayer> players = new ArrayList<>();
        List<Invoice> invoices = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            FakePlayer p = app.telegram().player(20_000 + i, "P" + i, "en");
            players.add(p);
            invoices.add(Scenarios.invoiceDirect(app, p, raffle.id(), 1));
        }
        List<PaymentOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        try (var pool = Executors.newFixedThreadPool(16)) {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int k = i;
                all.add(CompletableFuture.runAsync(
                        () -> outcomes.add(players.get(k).pay(invoices.get(k))), pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        }
        long paid =
                outcomes.stream().filter(o -> o instanceof PaymentOutcome.Paid).count();
        assertThat(paid).isGreaterThanOrEqualTo(5);
        assertThat(count("SELECT count(*) FROM ticket WHERE raffle_id = " + raffle.id()))
                .isEqualTo(5);
        assertThat(count("SELECT count(*) FROM payment WHERE raffle_id = " + raffle.id() + " AND state = 'CREDITED'"))
                .isEqualTo(5);
        // every charge beyond the five becomes a refund, confirmed by Telegram
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(count("SELECT count(*) FROM payment WHERE raffle_id = " + raffle.id()
                                + " AND state = 'REFUNDED'"))
                        .isEqualTo(paid - 5));
        assertThat(app.telegram().calls("refundStarPayment")).hasSizeGreaterThanOrEqualTo((int) (paid - 5));
    }

    @Test
    void thePerPlayerCapHoldsWhenOnePlayerPaysManyInvoicesAtOnce() throws Exception {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Capped", 2, 100, 3));
        FakePlayer greedy = app.telegram().player(60_001, "Greedy", "en");
        List<Invoice> invoices = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            invoices.add(Scenarios.invoiceDirect(app, greedy, raffle.id(), 1));
        }
        List<PaymentOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        try (var pool = Executors.newFixedThreadPool(8)) {
            CompletableFuture.allOf(invoices.stream()
                            .map(inv -> CompletableFuture.runAsync(() -> outcomes.add(greedy.pay(inv)), pool))
                            .toArray(CompletableFuture[]::new))
                    .join();
        }
        assertThat(outcomes.stream().filter(o -> o instanceof PaymentOutcome.Paid))
                .hasSize(3);
        assertThat(outcomes.stream().filter(o -> o instanceof PaymentOutcome.Declined))
                .hasSize(5);
        assertThat(count("SELECT count(*) FROM ticket WHERE raffle_id = " + raffle.id() + " AND player_id = 60001"))
                .isEqualTo(3);
    }

    @Test
    void aCancelledRaffleRefundsEveryTicket() throws Exception {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Cancelled", 4, 100, 10));
        List<String> charges = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            FakePlayer p = app.telegram().player(30_000 + i, "C" + i, i % 2 == 0 ? "en" : "ru");
            charges.add(((PaymentOutcome.Paid) p.pay(Scenarios.invoiceDirect(app, p, raffle.id(), i + 1))).chargeId());
        }
        app.backend().services().raffles().cancel(raffle.id(), Scenarios.OPERATOR, "venue closed");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(count("SELECT count(*) FROM payment WHERE raffle_id = " + raffle.id()
                                + " AND state = 'REFUNDED'"))
                        .isEqualTo(4));
        for (String charge : charges) {
            assertThat(app.telegram().calls("refundStarPayment").stream()
                            .filter(c -> c.params()
                                    .path("telegram_payment_charge_id")
                                    .asText()
                                    .equals(charge))
                            .count())
                    .isEqualTo(1);
        }
        assertThat(count("SELECT COALESCE(SUM(amount), 0) FROM payment WHERE raffle_id = " + raffle.id()))
                .isEqualTo(4 * (1 + 2 + 3 + 4));
    }

    @Test
    void aForgedWebhookIsRefusedAndChangesNothing() throws Exception {
        long before = count("SELECT count(*) FROM telegram_update");
        String update = "{\"update_id\": 99000001, \"message\": {\"message_id\": 1, \"date\": 1700000000,"
                + " \"chat\": {\"id\": 5, \"type\": \"private\"}, \"from\": {\"id\": 5, \"is_bot\": false,"
                + " \"first_name\": \"Eve\"}, \"successful_payment\": {\"currency\": \"XTR\", \"total_amount\": 1000,"
                + " \"invoice_payload\": \"x\", \"telegram_payment_charge_id\": \"forged\","
                + " \"provider_payment_charge_id\": \"\"}}}";
        assertThat(app.telegram().deliverRaw(update, "wrong-secret").status()).isEqualTo(401);
        assertThat(app.telegram().deliverRaw(update, null).status()).isEqualTo(401);
        assertThat(count("SELECT count(*) FROM telegram_update")).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM payment WHERE telegram_payment_charge_id = 'forged'"))
                .isZero();
    }

    @Test
    void aPaymentAfterTheHoldExpiredInASoldOutRaffleIsRefunded() throws Exception {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Expired hold", 2, 1, 1));
        FakePlayer slow = app.telegram().player(40_001, "Slow", "en");
        FakePlayer fast = app.telegram().player(40_002, "Fast", "en");
        Invoice slowInvoice = Scenarios.invoiceDirect(app, slow, raffle.id(), 1);
        // slow passes pre-checkout, then its hold runs out before Telegram reports the payment
        assertThat(slow.preCheckout(slowInvoice)
                        .awaitAnswer(Duration.ofSeconds(10))
                        .orElseThrow()
                        .ok())
                .isTrue();
        TestDatabases.execute(
                db,
                "UPDATE ticket_hold SET expires_at = now() - interval '1 second'" + " WHERE raffle_id = "
                        + raffle.id());
        assertThat(fast.pay(Scenarios.invoiceDirect(app, fast, raffle.id(), 1)))
                .isInstanceOf(PaymentOutcome.Paid.class);
        slow.successfulPayment(slowInvoice, app.telegram().newChargeId());
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                count("SELECT count(*) FROM payment WHERE player_id = 40001 AND state = 'REFUNDED'"))
                        .isEqualTo(1));
        assertThat(count("SELECT count(*) FROM ticket WHERE raffle_id = " + raffle.id()))
                .isEqualTo(1);
    }

    @Test
    void aRefundMadeOutsideTheBotVoidsTheTicketsAndMovesTheMoneyOnce() throws Exception {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Disputed", 6, 100, 10));
        FakePlayer dora = app.telegram().player(50_001, "Dora", "en");
        var paid = (PaymentOutcome.Paid) dora.pay(Scenarios.invoiceDirect(app, dora, raffle.id(), 2));
        long potBefore = app.backend()
                .services()
                .ledger()
                .account("raffle_pot:" + raffle.id())
                .orElseThrow()
                .balance();
        assertThat(potBefore).isEqualTo(12);

        // someone refunds the charge with the bot's token, outside our flow: Telegram then sends refunded_payment
        outsideClient().refundStarPayment(50_001, paid.chargeId());
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(count("SELECT count(*) FROM payment WHERE telegram_payment_charge_id"
                                + " = '" + paid.chargeId() + "' AND state = 'REFUNDED'"))
                        .isEqualTo(1));
        assertThat(count("SELECT count(*) FROM ticket WHERE raffle_id = " + raffle.id() + " AND voided_at IS NULL"))
                .isZero();
        assertThat(count("SELECT count(*) FROM ledger_transfer WHERE id = 'refund:" + paid.chargeId() + "'"))
                .isEqualTo(1);
        assertThat(app.backend()
                        .services()
                        .ledger()
                        .account("raffle_pot:" + raffle.id())
                        .orElseThrow()
                        .balance())
                .isZero();
        // the same refunded_payment again changes nothing
        var refundedUpdate = app.telegram().deliveredUpdates().stream()
                .filter(u -> u.path("message").has("refunded_payment"))
                .reduce((a, b) -> b)
                .orElseThrow();
        ((ObjectNode) refundedUpdate)
                .put("update_id", refundedUpdate.path("update_id").asLong() + 1_000_000);
        assertThat(app.telegram()
                        .deliverRaw(refundedUpdate.toString(), TestBackend.WEBHOOK_SECRET)
                        .status())
                .isEqualTo(200);
        assertThat(count("SELECT count(*) FROM ledger_transfer WHERE id = 'refund:" + paid.chargeId() + "'"))
                .isEqualTo(1);
    }

    @Test
    void chargeAlreadyRefundedAtTelegramCountsAsDone() throws Exception {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Lost answer", 2, 100, 10));
        FakePlayer eve = app.telegram().player(50_002, "Eve", "ru");
        var paid = (PaymentOutcome.Paid) eve.pay(Scenarios.invoiceDirect(app, eve, raffle.id(), 1));
        // an earlier refund went through but its answer and its update were lost
        app.telegram().refundUpdates(false);
        try {
            outsideClient().refundStarPayment(50_002, paid.chargeId());
            app.backend().services().raffles().cancel(raffle.id(), Scenarios.OPERATOR, "lost answer");
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(count("SELECT count(*) FROM payment WHERE"
                                    + " telegram_payment_charge_id = '" + paid.chargeId() + "' AND state = 'REFUNDED'"))
                            .isEqualTo(1));
        } finally {
            app.telegram().refundUpdates(true);
        }
        assertThat(app.telegram().calls("refundStarPayment").stream()
                        .filter(c -> c.params()
                                .path("telegram_payment_charge_id")
                                .asText()
                                .equals(paid.chargeId()))
                        .count())
                .isEqualTo(2);
    }

    /** A Bot API client of the same bot that is not our backend. */
    private static io.rafflestars.backend.telegram.BotApiClient outsideClient() {
        return new io.rafflestars.backend.telegram.BotApiClient(app.telegram().baseUrl(), TestBackend.BOT_TOKEN);
    }

    private static long count(String sql) {
        return TestDatabases.count(db, sql);
    }
}
