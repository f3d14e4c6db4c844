package io.rafflestars.telegramfake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Stars purchase as Telegram runs it, refunds, and the transaction history, through a real webhook. */
class PaymentsTest {

    private static final long ANN = 1001;

    private FakeTelegram fake;
    private TestBot bot;
    private BotClient client;
    private FakePlayer ann;

    @BeforeEach
    void start() {
        fake = FakeTelegram.start("3:payments");
        bot = TestBot.start();
        client = new BotClient(fake);
        assertThat(client.call("setWebhook", "url", bot.url().toString(), "secret_token", "s3cr3t")
                        .ok())
                .isTrue();
        ann = fake.player(ANN, "Ann", "en");
    }

    @AfterEach
    void stop() {
        fake.close();
        bot.close();
    }

    private Invoice sendInvoice(long chatId, int amount, String payload) {
        BotClient.Reply reply = client.call(
                "sendInvoice",
                "chat_id",
                chatId,
                "title",
                "Ticket",
                "description",
                "A raffle ticket",
                "payload",
                payload,
                "currency",
                "XTR",
                "prices",
                List.of(Map.of("label", "Ticket", "amount", amount)));
        assertThat(reply.ok()).as(reply.body().toString()).isTrue();
        return fake.lastInvoiceFor(chatId).orElseThrow();
    }

    private static boolean isSuccessfulPayment(ObjectNode update) {
        return update.at("/message/successful_payment").isObject();
    }

    @Test
    void approvedPreCheckoutLeadsToAChargeAndASuccessfulPaymentMessage() {
        bot.behaviour(TestBot.answeringPreCheckout(client, true, null));
        Invoice invoice = sendInvoice(ANN, 15, "raffle:1:ticket");

        PaymentOutcome outcome = ann.pay(invoice);

        assertThat(outcome).isInstanceOf(PaymentOutcome.Paid.class);
        PaymentOutcome.Paid paid = (PaymentOutcome.Paid) outcome;
        assertThat(paid.chargeId()).startsWith("stx").hasSizeGreaterThan(40);
        assertThat(paid.preCheckoutMillis()).isBetween(0L, 10_000L);
        assertThat(paid.delivery().ok()).isTrue();

        List<ObjectNode> updates = bot.updates();
        assertThat(updates).hasSize(2);
        JsonNode query = updates.get(0).path("pre_checkout_query");
        assertThat(query.path("id").asText()).matches("\\d+");
        assertThat(query.at("/from/id").asLong()).isEqualTo(ANN);
        assertThat(query.at("/from/first_name").asText()).isEqualTo("Ann");
        assertThat(query.path("currency").asText()).isEqualTo("XTR");
        assertThat(query.path("total_amount").asLong()).isEqualTo(15);
        assertThat(query.path("invoice_payload").asText()).isEqualTo("raffle:1:ticket");

        ObjectNode paymentUpdate = updates.get(1);
        assertThat(paymentUpdate.path("update_id").asLong())
                .isGreaterThan(updates.get(0).path("update_id").asLong());
        assertThat(paymentUpdate.toString())
                .isEqualTo(paid.successfulPaymentUpdate().toString());
        JsonNode message = paymentUpdate.path("message");
        assertThat(message.at("/chat/id").asLong()).isEqualTo(ANN);
        assertThat(message.at("/chat/type").asText()).isEqualTo("private");
        assertThat(message.at("/from/id").asLong()).isEqualTo(ANN);
        assertThat(message.path("successful_payment").toString())
                .isEqualTo("{\"currency\":\"XTR\",\"total_amount\":15,\"invoice_payload\":\"raffle:1:ticket\","
                        + "\"telegram_payment_charge_id\":\"" + paid.chargeId()
                        + "\",\"provider_payment_charge_id\":\"\"}");

        JsonNode transactions = client.call("getStarTransactions").result().path("transactions");
        assertThat(transactions).hasSize(1);
        assertThat(transactions.get(0).path("id").asText()).isEqualTo(paid.chargeId());
        assertThat(transactions.get(0).path("amount").asLong()).isEqualTo(15);
        assertThat(transactions.get(0).path("source").toString())
                .isEqualTo("{\"transaction_type\":\"invoice_payment\",\"type\":\"user\","
                        + "\"user\":{\"id\":1001,\"is_bot\":false,\"first_name\":\"Ann\",\"language_code\":\"en\"},"
                        + "\"invoice_payload\":\"raffle:1:ticket\"}");
        assertThat(client.call("getMyStarBalance").result().toString()).isEqualTo("{\"amount\":15}");
    }

    @Test
    void declinedPreCheckoutChargesNothing() {
        bot.behaviour(TestBot.answeringPreCheckout(client, false, "Sold out, sorry"));
        Invoice invoice = sendInvoice(ANN, 15, "raffle:2:ticket");

        PaymentOutcome outcome = ann.pay(invoice);

        assertThat(outcome).isEqualTo(new PaymentOutcome.Declined("Sold out, sorry"));
        assertThat(bot.updates()).hasSize(1).noneMatch(PaymentsTest::isSuccessfulPayment);
        assertThat(fake.deliveredUpdates()).noneMatch(PaymentsTest::isSuccessfulPayment);
        assertThat(client.call("getStarTransactions").result().path("transactions"))
                .isEmpty();
        assertThat(fake.starBalance()).isZero();
    }

    @Test
    void declineWithoutErrorMessageIsABadRequest() {
        String id = ann.preCheckout(sendInvoice(ANN, 5, "p")).queryId();

        BotClient.Reply reply = client.call("answerPreCheckoutQuery", "pre_checkout_query_id", id, "ok", false);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.description()).isEqualTo("Bad Request: parameter \"error_message\" is required");
    }

    @Test
    void unansweredPreCheckoutTimesOutAndALateAnswerIsRefused() {
        fake.preCheckoutTimeout(Duration.ofMillis(300));
        Invoice invoice = sendInvoice(ANN, 15, "raffle:3:ticket");

        PaymentOutcome outcome = ann.pay(invoice);

        assertThat(outcome).isEqualTo(new PaymentOutcome.NoAnswer());
        String id = bot.updates().getFirst().at("/pre_checkout_query/id").asText();
        BotClient.Reply late = client.call("answerPreCheckoutQuery", "pre_checkout_query_id", id, "ok", true);
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.description())
                .isEqualTo("Bad Request: query is too old and response timeout expired or query ID is invalid");
        assertThat(fake.deliveredUpdates()).noneMatch(PaymentsTest::isSuccessfulPayment);
    }

    @Test
    void anAnswerFromAnotherThreadWithinTheDeadlineCounts() {
        bot.behaviour(update -> {
            if (update.has("pre_checkout_query")) {
                String id = update.at("/pre_checkout_query/id").asText();
                // Answer after the webhook request returned, as bots with a queue do.
                CompletableFuture.runAsync(() -> {
                    sleep(200);
                    client.call("answerPreCheckoutQuery", "pre_checkout_query_id", id, "ok", true);
                });
            }
            return TestBot.Response.ok();
        });

        PaymentOutcome outcome = ann.pay(sendInvoice(ANN, 4, "async"));

        assertThat(outcome).isInstanceOf(PaymentOutcome.Paid.class);
        assertThat(((PaymentOutcome.Paid) outcome).preCheckoutMillis()).isGreaterThanOrEqualTo(150);
    }

    @Test
    void unknownQueryIdsAreRefused() {
        BotClient.Reply reply = client.call("answerPreCheckoutQuery", "pre_checkout_query_id", "123", "ok", true);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.description())
                .isEqualTo("Bad Request: query is too old and response timeout expired or query ID is invalid");
    }

    @Test
    void preCheckoutAloneReturnsTheQueryAndTheAnswerWithoutCharging() {
        bot.behaviour(TestBot.answeringPreCheckout(client, true, null));

        PreCheckout preCheckout = ann.preCheckout(sendInvoice(ANN, 8, "only-pre"));

        assertThat(preCheckout.delivery().ok()).isTrue();
        assertThat(preCheckout.awaitAnswer(Duration.ofSeconds(2)))
                .hasValueSatisfying(answer -> assertThat(answer.ok()).isTrue());
        assertThat(preCheckout.answer()).isPresent();
        assertThat(fake.deliveredUpdates()).noneMatch(PaymentsTest::isSuccessfulPayment);
        assertThat(fake.starBalance()).isZero();
    }

    @Test
    void replayedSuccessfulPaymentIsDeliveredAgainButBookedOnce() {
        Invoice invoice = sendInvoice(ANN, 30, "replay");
        String chargeId = fake.newChargeId();

        DeliveryResult first = ann.successfulPayment(invoice, chargeId);
        DeliveryResult replay = ann.successfulPayment(invoice, chargeId);

        assertThat(first.ok()).isTrue();
        assertThat(replay.ok()).isTrue();
        assertThat(bot.updates()).filteredOn(PaymentsTest::isSuccessfulPayment).hasSize(2);
        assertThat(replay.update().path("update_id").asLong())
                .isNotEqualTo(first.update().path("update_id").asLong());
        assertThat(client.call("getStarTransactions").result().path("transactions"))
                .hasSize(1);
        assertThat(fake.starBalance()).isEqualTo(30);
    }

    @Test
    void refundSucceedsOnceThenReportsAlreadyRefunded() {
        bot.behaviour(TestBot.answeringPreCheckout(client, true, null));
        PaymentOutcome.Paid paid = (PaymentOutcome.Paid) ann.pay(sendInvoice(ANN, 12, "refund-me"));

        BotClient.Reply refund =
                client.call("refundStarPayment", "user_id", ANN, "telegram_payment_charge_id", paid.chargeId());
        BotClient.Reply again =
                client.call("refundStarPayment", "user_id", ANN, "telegram_payment_charge_id", paid.chargeId());

        assertThat(refund.body().toString()).isEqualTo("{\"ok\":true,\"result\":true}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.description()).isEqualTo("Bad Request: CHARGE_ALREADY_REFUNDED");

        ObjectNode notice = fake.awaitDeliveredUpdate(
                        u -> u.at("/message/refunded_payment").isObject(), Duration.ofSeconds(5))
                .orElseThrow();
        assertThat(notice.at("/message/refunded_payment").toString())
                .isEqualTo("{\"currency\":\"XTR\",\"total_amount\":12,\"invoice_payload\":\"refund-me\","
                        + "\"telegram_payment_charge_id\":\"" + paid.chargeId() + "\"}");
        assertThat(notice.at("/message/chat/id").asLong()).isEqualTo(ANN);

        JsonNode transactions = client.call("getStarTransactions").result().path("transactions");
        assertThat(transactions).hasSize(2);
        JsonNode refundTransaction = transactions.get(1);
        assertThat(refundTransaction.path("id").asText()).isEqualTo(paid.chargeId());
        assertThat(refundTransaction.path("amount").asLong()).isEqualTo(12);
        assertThat(refundTransaction.has("source")).isFalse();
        assertThat(refundTransaction.at("/receiver/type").asText()).isEqualTo("user");
        assertThat(refundTransaction.at("/receiver/user/id").asLong()).isEqualTo(ANN);
        assertThat(fake.starBalance()).isZero();
    }

    @Test
    void refundOfUnknownOrSomeoneElsesChargeIsNotFound() {
        bot.behaviour(TestBot.answeringPreCheckout(client, true, null));
        PaymentOutcome.Paid paid = (PaymentOutcome.Paid) ann.pay(sendInvoice(ANN, 12, "mine"));

        BotClient.Reply unknown =
                client.call("refundStarPayment", "user_id", ANN, "telegram_payment_charge_id", "stxMadeUp");
        BotClient.Reply otherUser =
                client.call("refundStarPayment", "user_id", 2002, "telegram_payment_charge_id", paid.chargeId());

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.description()).isEqualTo("Bad Request: CHARGE_NOT_FOUND");
        assertThat(otherUser.description()).isEqualTo("Bad Request: CHARGE_NOT_FOUND");
    }

    @Test
    void refundNoticeCanBeSwitchedOff() throws Exception {
        fake.refundUpdates(false);
        Invoice invoice = sendInvoice(ANN, 3, "quiet");
        String chargeId = fake.newChargeId();
        ann.successfulPayment(invoice, chargeId);

        assertThat(client.call("refundStarPayment", "user_id", ANN, "telegram_payment_charge_id", chargeId)
                        .ok())
                .isTrue();

        assertThat(fake.awaitDeliveredUpdate(
                        u -> u.at("/message/refunded_payment").isObject(), Duration.ofMillis(300)))
                .isEmpty();
    }

    @Test
    void starTransactionsArePagedInChronologicalOrder() {
        Invoice invoice = sendInvoice(ANN, 1, "page");
        List<String> chargeIds = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String chargeId = fake.newChargeId();
            chargeIds.add(chargeId);
            ann.successfulPayment(invoice, chargeId);
        }

        JsonNode firstPage = client.call("getStarTransactions", "offset", 0, "limit", 3)
                .result()
                .path("transactions");
        JsonNode secondPage = client.call("getStarTransactions", "offset", 3, "limit", 3)
                .result()
                .path("transactions");
        JsonNode lastPage = client.callForm("getStarTransactions", BotClient.form("offset", "6", "limit", "3"))
                .result()
                .path("transactions");
        JsonNode beyond =
                client.call("getStarTransactions", "offset", 50).result().path("transactions");

        List<String> seen = new ArrayList<>();
        for (JsonNode page : List.of(firstPage, secondPage, lastPage)) {
            page.forEach(t -> seen.add(t.path("id").asText()));
        }
        assertThat(firstPage).hasSize(3);
        assertThat(secondPage).hasSize(3);
        assertThat(lastPage).hasSize(1);
        assertThat(seen).isEqualTo(chargeIds);
        assertThat(beyond).isEmpty();
        // Telegram clamps limit to 1..100 instead of failing.
        assertThat(client.call("getStarTransactions", "limit", 0).result().path("transactions"))
                .hasSize(1);
        assertThat(client.call("getStarTransactions", "limit", 1000).result().path("transactions"))
                .hasSize(7);
    }

    @Test
    void invoiceLinksCanBePaidThroughTheControlApi() throws Exception {
        bot.behaviour(TestBot.answeringPreCheckout(client, true, null));
        String link = client.call(
                        "createInvoiceLink",
                        "title",
                        "Ticket",
                        "description",
                        "A raffle ticket",
                        "payload",
                        "web:1",
                        "currency",
                        "XTR",
                        "prices",
                        List.of(Map.of("label", "Ticket", "amount", 9)))
                .result()
                .asText();

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(fake.baseUrl().resolve("/_fake/invoices/pay"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        BotClient.params("link", link, "user_id", 3003, "first_name", "Dee")
                                                .toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = BotClient.JSON.readTree(response.body());
        assertThat(body.path("status").asText()).isEqualTo("paid");
        assertThat(body.path("charge_id").asText()).startsWith("stx");
        ObjectNode payment = fake.deliveredUpdates().stream()
                .filter(PaymentsTest::isSuccessfulPayment)
                .findFirst()
                .orElseThrow();
        assertThat(payment.at("/message/from/first_name").asText()).isEqualTo("Dee");
        assertThat(payment.at("/message/successful_payment/invoice_payload").asText())
                .isEqualTo("web:1");

        bot.behaviour(TestBot.answeringPreCheckout(client, false, "Raffle closed"));
        HttpResponse<String> declined = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(fake.baseUrl().resolve("/_fake/invoices/pay"))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        BotClient.params("link", link, "user_id", 3003)
                                                .toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(BotClient.JSON.readTree(declined.body()).toString())
                .isEqualTo("{\"status\":\"declined\",\"error_message\":\"Raffle closed\"}");

        HttpResponse<String> unknown = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(fake.baseUrl().resolve("/_fake/invoices/pay"))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        BotClient.params("link", "https://t.me/$nope", "user_id", 3003)
                                                .toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void theBotMayAnswerInTheWebhookResponseBody() {
        // Telegram executes a method put in the webhook's 2xx reply; many bots answer pre-checkout that way.
        bot.behaviour(update -> update.has("pre_checkout_query")
                ? new TestBot.Response(
                        200,
                        BotClient.params(
                                        "method",
                                        "answerPreCheckoutQuery",
                                        "pre_checkout_query_id",
                                        update.at("/pre_checkout_query/id").asText(),
                                        "ok",
                                        true)
                                .toString())
                : TestBot.Response.ok());

        PaymentOutcome outcome = ann.pay(sendInvoice(ANN, 6, "reply-body"));

        assertThat(outcome).isInstanceOf(PaymentOutcome.Paid.class);
        assertThat(fake.calls("answerPreCheckoutQuery")).hasSize(1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
