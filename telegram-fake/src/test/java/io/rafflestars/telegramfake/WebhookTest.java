package io.rafflestars.telegramfake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Telegram's side of the webhook: settings, the secret header, failures, filtering and simulated players. */
class WebhookTest {

    private static final long BEN = 2002;

    private FakeTelegram fake;
    private TestBot bot;
    private BotClient client;

    @BeforeEach
    void start() {
        fake = FakeTelegram.start("4:webhook");
        bot = TestBot.start();
        client = new BotClient(fake);
    }

    @AfterEach
    void stop() {
        fake.close();
        bot.close();
    }

    private void setWebhook(Object... extra) {
        Object[] params = new Object[extra.length + 2];
        params[0] = "url";
        params[1] = bot.url().toString();
        System.arraycopy(extra, 0, params, 2, extra.length);
        BotClient.Reply reply = client.call("setWebhook", params);
        assertThat(reply.ok()).as(reply.body().toString()).isTrue();
    }

    @Test
    void updatesArePostedAsJsonWithTheSecretHeader() {
        setWebhook("secret_token", "Abc_123-xyz");

        fake.player(BEN, "Ben", "fr").sendText("hello");

        TestBot.Received received = bot.received().getFirst();
        assertThat(received.secretHeader()).isEqualTo("Abc_123-xyz");
        assertThat(received.contentType()).isEqualTo("application/json");
        JsonNode message = received.update().path("message");
        assertThat(message.path("text").asText()).isEqualTo("hello");
        assertThat(message.at("/from/language_code").asText()).isEqualTo("fr");
        assertThat(message.at("/chat/id").asLong()).isEqualTo(BEN);
        assertThat(message.has("entities")).isFalse();
    }

    @Test
    void withoutASecretNoHeaderIsSent() {
        fake.webhook(bot.url(), null);

        fake.player(BEN, "Ben", null).sendText("hi");

        assertThat(bot.received().getFirst().secretHeader()).isNull();
    }

    @Test
    void setAndDeleteWebhookAnswerLikeTelegram() {
        BotClient.Reply set = client.call("setWebhook", "url", bot.url().toString(), "secret_token", "s");
        BotClient.Reply again = client.call("setWebhook", "url", bot.url().toString(), "secret_token", "s");
        JsonNode info = client.call("getWebhookInfo").result();
        BotClient.Reply deleted = client.call("deleteWebhook");
        BotClient.Reply deletedAgain = client.call("deleteWebhook");

        assertThat(set.body().toString())
                .isEqualTo("{\"ok\":true,\"result\":true,\"description\":\"Webhook was set\"}");
        assertThat(again.description()).isEqualTo("Webhook is already set");
        assertThat(info.toString())
                .isEqualTo("{\"url\":\"" + bot.url()
                        + "\",\"has_custom_certificate\":false,\"pending_update_count\":0,\"max_connections\":40}");
        assertThat(deleted.description()).isEqualTo("Webhook was deleted");
        assertThat(deletedAgain.description()).isEqualTo("Webhook is already deleted");
        assertThat(client.call("getWebhookInfo").result().toString())
                .isEqualTo("{\"url\":\"\",\"has_custom_certificate\":false,\"pending_update_count\":0}");
        assertThat(fake.webhookUrl()).isEmpty();
    }

    @Test
    void badWebhookSettingsAreRejected() {
        assertThat(client.call("setWebhook", "url", "not a url").description())
                .isEqualTo("Bad Request: invalid webhook URL specified");
        assertThat(client.call("setWebhook", "url", "ftp://example.org/hook").description())
                .isEqualTo("Bad Request: invalid webhook URL specified");
        assertThat(client.call("setWebhook", "url", bot.url().toString(), "secret_token", "has space")
                        .description())
                .isEqualTo("Bad Request: secret token contains unallowed characters");
        assertThat(client.call("setWebhook", "url", bot.url().toString(), "secret_token", "a".repeat(257))
                        .description())
                .isEqualTo("Bad Request: secret token is too long");
    }

    @Test
    void aCertificateUploadIsNoted() throws Exception {
        String boundary = "cert-boundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"url\"\r\n\r\n" + bot.url() + "\r\n"
                + "--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"certificate\"; filename=\"cert.pem\"\r\n"
                + "Content-Type: application/x-pem-file\r\n\r\n-----BEGIN CERTIFICATE-----\r\nMIIB\r\n"
                + "-----END CERTIFICATE-----\r\n--" + boundary + "--\r\n";
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/bot4:webhook/setWebhook"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(client.call("getWebhookInfo")
                        .result()
                        .path("has_custom_certificate")
                        .asBoolean())
                .isTrue();
        assertThat(fake.calls("setWebhook")
                        .getFirst()
                        .params()
                        .at("/certificate/file_name")
                        .asText())
                .isEqualTo("cert.pem");
    }

    @Test
    void failedDeliveriesShowInWebhookInfoAndStayPending() {
        setWebhook();
        bot.behaviour(update -> new TestBot.Response(500, ""));
        FakePlayer ben = fake.player(BEN, "Ben", null);

        DeliveryResult result = ben.sendText("are you up?");

        assertThat(result).isInstanceOf(DeliveryResult.Answered.class);
        assertThat(result.status()).isEqualTo(500);
        assertThat(result.ok()).isFalse();
        JsonNode info = client.call("getWebhookInfo").result();
        assertThat(info.path("pending_update_count").asInt()).isEqualTo(1);
        assertThat(info.path("last_error_message").asText())
                .isEqualTo("Wrong response from the webhook: 500 Internal Server Error");
        assertThat(info.path("last_error_date").asLong())
                .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
        assertThat(fake.pendingUpdates()).hasSize(1);

        bot.behaviour(update -> TestBot.Response.ok());
        List<DeliveryResult> redelivered = fake.redeliverPending();

        assertThat(redelivered).hasSize(1).allMatch(DeliveryResult::ok);
        assertThat(redelivered.getFirst().update().path("update_id").asLong())
                .isEqualTo(result.update().path("update_id").asLong());
        assertThat(client.call("getWebhookInfo")
                        .result()
                        .path("pending_update_count")
                        .asInt())
                .isZero();
    }

    @Test
    void dropPendingUpdatesForgetsThem() {
        setWebhook();
        bot.behaviour(update -> new TestBot.Response(502, ""));
        fake.player(BEN, "Ben", null).sendText("one");
        fake.player(BEN, "Ben", null).sendText("two");
        assertThat(fake.pendingUpdates()).hasSize(2);

        assertThat(client.call("deleteWebhook", "drop_pending_updates", true).ok())
                .isTrue();

        assertThat(fake.pendingUpdates()).isEmpty();
    }

    @Test
    void anUnreachableWebhookIsReported() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        fake.webhook(URI.create("http://127.0.0.1:" + closedPort + "/hook"), "s");

        DeliveryResult result = fake.player(BEN, "Ben", null).sendText("anyone?");

        assertThat(result).isInstanceOf(DeliveryResult.Unreachable.class);
        assertThat(result.status()).isZero();
        assertThat(client.call("getWebhookInfo")
                        .result()
                        .path("last_error_message")
                        .asText())
                .isEqualTo("Connection refused");
    }

    @Test
    void retriesWithBackoffWhenEnabled() {
        setWebhook();
        AtomicInteger attempts = new AtomicInteger();
        bot.behaviour(update -> attempts.incrementAndGet() < 3 ? new TestBot.Response(503, "") : TestBot.Response.ok());
        fake.webhookRetries(3, Duration.ofMillis(20));

        DeliveryResult result = fake.player(BEN, "Ben", null).sendText("persist");

        assertThat(result.ok()).isTrue();
        assertThat(((DeliveryResult.Answered) result).attempts()).isEqualTo(3);
        assertThat(bot.updates())
                .hasSize(3)
                .extracting(u -> u.path("update_id").asLong())
                .containsOnly(result.update().path("update_id").asLong());
        assertThat(fake.pendingUpdates()).isEmpty();
    }

    @Test
    void allowedUpdatesFilterWhatIsSent() {
        setWebhook("allowed_updates", List.of("message"));
        FakePlayer ben = fake.player(BEN, "Ben", null);
        client.call(
                "sendInvoice",
                "chat_id",
                BEN,
                "title",
                "T",
                "description",
                "D",
                "payload",
                "p",
                "currency",
                "XTR",
                "prices",
                List.of(Map.of("label", "T", "amount", 1)));

        DeliveryResult text = ben.sendText("hi");
        DeliveryResult callback = ben.pressButton("x", 1);
        PaymentOutcome payment = ben.pay(fake.lastInvoiceFor(BEN).orElseThrow());

        assertThat(text.ok()).isTrue();
        assertThat(callback).isInstanceOf(DeliveryResult.Skipped.class);
        // The bot forgot "pre_checkout_query" in allowed_updates: payments can never complete.
        assertThat(payment).isEqualTo(new PaymentOutcome.NoAnswer());
        assertThat(bot.updates()).hasSize(1);
        assertThat(client.call("getWebhookInfo")
                        .result()
                        .path("allowed_updates")
                        .toString())
                .isEqualTo("[\"message\"]");

        setWebhook("allowed_updates", List.of());
        assertThat(ben.pressButton("x", 1).ok()).isTrue();
        assertThat(client.call("getWebhookInfo").result().has("allowed_updates"))
                .isFalse();
    }

    @Test
    void defaultAllowedUpdatesLeaveOutChatMemberAndReactions() {
        setWebhook();
        DeliveryResult reaction = fake.deliver(BotClient.params("message_reaction", Map.of("x", 1)));
        DeliveryResult poll = fake.deliver(BotClient.params("poll", Map.of("id", "1")));

        assertThat(reaction).isInstanceOf(DeliveryResult.Skipped.class);
        assertThat(poll.ok()).isTrue();
    }

    @Test
    void deliverAddsIncreasingUpdateIdsAndRequiresAWebhook() {
        assertThatThrownBy(() -> fake.deliver(BotClient.params("message", Map.of())))
                .isInstanceOf(IllegalStateException.class);
        setWebhook();

        DeliveryResult first = fake.deliver(BotClient.params("message", Map.of("text", "a")));
        DeliveryResult second = fake.deliver(BotClient.params("message", Map.of("text", "b")));
        DeliveryResult explicit = fake.deliver(BotClient.params("update_id", 5, "message", Map.of("text", "c")));

        long firstId = first.update().path("update_id").asLong();
        assertThat(firstId).isPositive();
        assertThat(second.update().path("update_id").asLong()).isEqualTo(firstId + 1);
        assertThat(explicit.update().path("update_id").asLong()).isEqualTo(5);
        assertThat(bot.updates().getFirst().fieldNames().next()).isEqualTo("update_id");
        assertThat(fake.deliveredUpdates()).hasSize(3);
    }

    @Test
    void deliverRawSendsForgedBodiesAndHeadersAsIs() {
        setWebhook("secret_token", "real");
        String body = "{\"update_id\":1,\"message\":{\"text\":\"forged\"}}";

        DeliveryResult forged = fake.deliverRaw(body, "guess");
        DeliveryResult bare = fake.deliverRaw(body, null);
        DeliveryResult garbage = fake.deliverRaw("not json", "real");

        assertThat(bot.received()).extracting(TestBot.Received::secretHeader).containsExactly("guess", null, "real");
        assertThat(bot.received().get(0).rawBody()).isEqualTo(body);
        assertThat(forged.ok()).isTrue();
        assertThat(bare.update().path("update_id").asLong()).isEqualTo(1);
        assertThat(garbage.update()).isNull();
        assertThat(garbage.status()).isEqualTo(400);
    }

    @Test
    void commandsGetBotCommandEntities() {
        setWebhook();
        FakePlayer ben = fake.player(BEN, "Ben", null);

        ben.sendText("/start ref_42");
        ben.sendText("pick /join@RaffleStarsFakeBot or /help, not a/b");

        assertThat(bot.updates().get(0).at("/message/entities").toString())
                .isEqualTo("[{\"offset\":0,\"length\":6,\"type\":\"bot_command\"}]");
        assertThat(bot.updates().get(1).at("/message/entities").toString())
                .isEqualTo("[{\"offset\":5,\"length\":24,\"type\":\"bot_command\"},"
                        + "{\"offset\":33,\"length\":5,\"type\":\"bot_command\"}]");
    }

    @Test
    void playersAndTheBotShareTheChatsMessageIds() {
        setWebhook();
        FakePlayer ben = fake.player(BEN, "Ben", null);

        long fromPlayer = ben.sendText("hi").update().at("/message/message_id").asLong();
        long fromBot = client.call("sendMessage", "chat_id", BEN, "text", "hello")
                .result()
                .path("message_id")
                .asLong();

        assertThat(fromBot).isEqualTo(fromPlayer + 1);
        assertThat(ben.messages()).extracting(m -> m.path("text").asText()).containsExactly("hello");
    }

    @Test
    void pressingAButtonSendsACallbackQueryThatCanBeAnsweredOnce() {
        setWebhook();
        FakePlayer ben = fake.player(BEN, "Ben", null);
        ObjectNode sent = (ObjectNode) client.call(
                        "sendMessage",
                        "chat_id",
                        BEN,
                        "text",
                        "Join?",
                        "reply_markup",
                        Map.of("inline_keyboard", List.of(List.of(Map.of("text", "Yes", "callback_data", "join:7")))))
                .result();

        DeliveryResult pressed = ben.pressButton("join:7");

        JsonNode query = pressed.update().path("callback_query");
        assertThat(query.path("data").asText()).isEqualTo("join:7");
        assertThat(query.at("/from/id").asLong()).isEqualTo(BEN);
        assertThat(query.path("chat_instance").asText()).matches("-?\\d+");
        assertThat(query.at("/message/message_id").asLong())
                .isEqualTo(sent.path("message_id").asLong());
        assertThat(query.at("/message/reply_markup").toString())
                .isEqualTo(sent.path("reply_markup").toString());
        String id = query.path("id").asText();
        assertThat(client.call("answerCallbackQuery", "callback_query_id", id, "text", "You're in!")
                        .ok())
                .isTrue();
        assertThat(client.call("answerCallbackQuery", "callback_query_id", id).description())
                .isEqualTo("Bad Request: query is too old and response timeout expired or query ID is invalid");

        assertThatThrownBy(() -> ben.pressButton("never-shown")).isInstanceOf(IllegalStateException.class);
        JsonNode stale = ben.pressButton("old", 999).update().at("/callback_query/message");
        assertThat(stale.path("date").asLong()).isZero();
        assertThat(stale.path("message_id").asLong()).isEqualTo(999);
    }
}
