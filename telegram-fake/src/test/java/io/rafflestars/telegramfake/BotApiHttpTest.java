package io.rafflestars.telegramfake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP surface: routing, authentication, parameter encodings, envelopes and call recording. */
class BotApiHttpTest {

    private static final String TOKEN = "7000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

    private FakeTelegram fake;
    private BotClient client;

    @BeforeEach
    void start() {
        fake = FakeTelegram.start(TOKEN);
        client = new BotClient(fake);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void listensOnLoopbackWithTheTokenInThePath() {
        assertThat(fake.baseUrl().getHost()).isEqualTo("127.0.0.1");
        assertThat(fake.baseUrl().getPort()).isPositive();
        assertThat(fake.botToken()).isEqualTo(TOKEN);
    }

    @Test
    void getMeDescribesTheBotWithTheIdFromItsToken() {
        BotClient.Reply me = client.call("getMe");

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.ok()).isTrue();
        assertThat(me.result().path("id").asLong()).isEqualTo(7000001L).isEqualTo(fake.botId());
        assertThat(me.result().path("is_bot").asBoolean()).isTrue();
        assertThat(me.result().path("username").asText()).isEqualTo(fake.botUsername());
    }

    @Test
    void methodNamesAreMatchedCaseInsensitivelyAndRecordedCanonically() {
        assertThat(client.call("getme").ok()).isTrue();
        assertThat(client.call("GETME").ok()).isTrue();
        assertThat(client.call("sendmessage", "chat_id", 5, "text", "hi").ok()).isTrue();

        assertThat(fake.calls()).extracting(RecordedCall::method).containsExactly("getMe", "getMe", "sendMessage");
        assertThat(fake.calls("SENDMESSAGE")).hasSize(1);
        assertThat(fake.calls("sendMessage").getFirst().params().path("text").asText())
                .isEqualTo("hi");
        assertThat(fake.calls("sendMessage").getFirst().at()).isNotNull();
        fake.clearCalls();
        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void wrongTokenIsUnauthorizedAndNotRecorded() {
        BotClient.Reply reply = client.withToken("7000001:wrong").call("getMe");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body().toString())
                .isEqualTo("{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void unknownMethodIsNotFoundButRecorded() {
        BotClient.Reply reply = client.call("editMessageText", "chat_id", 1, "message_id", 2, "text", "x");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().toString())
                .isEqualTo("{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");
        assertThat(fake.calls()).extracting(RecordedCall::method).containsExactly("editMessageText");
    }

    @Test
    void pathsOutsideTheBotApiAreNotFound() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(fake.baseUrl().resolve("/nothing"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    }

    @Test
    void sendMessageReturnsAMessageFromTheBotInThePrivateChat() {
        fake.player(5, "Bea", "de");
        BotClient.Reply reply = client.call("sendMessage", "chat_id", 5, "text", "Welcome!");

        JsonNode message = reply.result();
        assertThat(message.path("message_id").asLong()).isPositive();
        assertThat(message.path("date").asLong())
                .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
        assertThat(message.at("/chat/id").asLong()).isEqualTo(5);
        assertThat(message.at("/chat/type").asText()).isEqualTo("private");
        assertThat(message.at("/chat/first_name").asText()).isEqualTo("Bea");
        assertThat(message.at("/from/id").asLong()).isEqualTo(fake.botId());
        assertThat(message.at("/from/is_bot").asBoolean()).isTrue();
        assertThat(message.path("text").asText()).isEqualTo("Welcome!");
        // Same JSON as the bot got back (numeric node types may differ after a round trip).
        assertThat(fake.messagesTo(5)).extracting(Object::toString).containsExactly(message.toString());
    }

    @Test
    void messageIdsRunPerChat() {
        long first = client.call("sendMessage", "chat_id", 5, "text", "a")
                .result()
                .path("message_id")
                .asLong();
        long second = client.call("sendMessage", "chat_id", 5, "text", "b")
                .result()
                .path("message_id")
                .asLong();
        long otherChat = client.call("sendMessage", "chat_id", 6, "text", "c")
                .result()
                .path("message_id")
                .asLong();

        assertThat(second).isEqualTo(first + 1);
        assertThat(otherChat).isEqualTo(first);
    }

    @Test
    void formEncodedQueryAndMultipartParametersWorkLikeJson() {
        BotClient.Reply form = client.callForm("sendMessage", BotClient.form("chat_id", "7", "text", "form"));
        BotClient.Reply query = client.callQuery("sendMessage", BotClient.form("chat_id", "7", "text", "query"));
        BotClient.Reply multipart =
                client.callMultipart("sendMessage", BotClient.form("chat_id", "7", "text", "multi"));

        assertThat(List.of(form, query, multipart))
                .allSatisfy(reply -> assertThat(reply.ok()).isTrue());
        assertThat(fake.messagesTo(7))
                .extracting(m -> m.path("text").asText())
                .containsExactly("form", "query", "multi");
        // Numbers arrive as strings in these encodings but are recorded as numbers.
        assertThat(fake.calls("sendMessage"))
                .allSatisfy(call -> assertThat(call.params().path("chat_id").isIntegralNumber())
                        .isTrue());
    }

    @Test
    void jsonValuedParametersMayArriveAsJsonStrings() {
        String keyboard = "{\"inline_keyboard\":[[{\"text\":\"Join\",\"callback_data\":\"join\"}]]}";
        BotClient.Reply form = client.callForm(
                "sendMessage", BotClient.form("chat_id", "8", "text", "pick", "reply_markup", keyboard));
        BotClient.Reply jsonWithString =
                client.call("sendMessage", "chat_id", 8, "text", "again", "reply_markup", keyboard);
        BotClient.Reply invoice = client.callForm(
                "sendInvoice",
                BotClient.form(
                        "chat_id", "8",
                        "title", "Ticket",
                        "description", "One ticket",
                        "payload", "t1",
                        "currency", "XTR",
                        "prices", "[{\"label\":\"Ticket\",\"amount\":3}]"));

        assertThat(form.result()
                        .at("/reply_markup/inline_keyboard/0/0/callback_data")
                        .asText())
                .isEqualTo("join");
        assertThat(jsonWithString
                        .result()
                        .at("/reply_markup/inline_keyboard/0/0/text")
                        .asText())
                .isEqualTo("Join");
        assertThat(invoice.ok()).as(invoice.body().toString()).isTrue();
        assertThat(invoice.result().at("/invoice/total_amount").asLong()).isEqualTo(3);
        assertThat(fake.calls("sendInvoice").getFirst().params().path("prices").isArray())
                .isTrue();
    }

    @Test
    void missingOrInvalidParametersGetTelegramsDescriptions() {
        assertThat(client.call("sendMessage", "chat_id", 5).description())
                .isEqualTo("Bad Request: message text is empty");
        assertThat(client.call("sendMessage", "text", "x").description()).isEqualTo("Bad Request: chat_id is empty");
        assertThat(client.call("sendMessage", "chat_id", "@somechannel", "text", "x")
                        .description())
                .isEqualTo("Bad Request: chat not found");
        assertThat(client.call("sendMessage", "chat_id", 5, "text", "x".repeat(4097))
                        .description())
                .isEqualTo("Bad Request: message is too long");
        assertThat(client.call("refundStarPayment", "telegram_payment_charge_id", "stx1")
                        .description())
                .isEqualTo("Bad Request: invalid user_id specified");
        assertThat(client.call("setMyCommands").description())
                .isEqualTo("Bad Request: parameter \"commands\" is required");
        BotClient.Reply badJson = client.callForm("setMyCommands", BotClient.form("commands", "[{"));
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.description()).isEqualTo("Bad Request: can't parse commands JSON object");
    }

    @Test
    void aMalformedJsonBodyIsABadRequest() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/bot" + TOKEN + "/sendMessage"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(BotClient.JSON.readTree(response.body()).path("ok").asBoolean(true))
                .isFalse();
    }

    @Test
    void settingsMethodsValidateAndReturnTrue() {
        assertThat(client.call("setMyCommands", "commands", List.of(Map.of("command", "start", "description", "Go")))
                        .result()
                        .asBoolean())
                .isTrue();
        assertThat(client.call("setMyCommands", "commands", List.of(Map.of("command", "start")))
                        .status())
                .isEqualTo(400);
        assertThat(client.call("setChatMenuButton").result().asBoolean()).isTrue();
        assertThat(client.call("setChatMenuButton", "chat_id", 5, "menu_button", Map.of("type", "default"))
                        .ok())
                .isTrue();
        assertThat(client.call("sendGift", "gift_id", "1").description())
                .isEqualTo("Bad Request: invalid user_id specified");
        fake.topUpStars(1015);
        assertThat(client.call("sendGift", "chat_id", 9, "gift_id", "5170145012310081615")
                        .ok())
                .isTrue();
        assertThat(client.call("giftPremiumSubscription", "user_id", 9, "month_count", 3, "star_count", 1000)
                        .ok())
                .isTrue();
        assertThat(client.call("giftPremiumSubscription", "user_id", 9, "month_count", 3, "star_count", 999)
                        .status())
                .isEqualTo(400);
        assertThat(fake.calls("sendGift")).hasSize(2);
    }
}
