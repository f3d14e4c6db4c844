package io.rafflestars.telegramfake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Holds the fake to the Bot API reference: method names, required parameters, and the shape of every object. */
class SpecConformanceTest {

    private static final BotApiSpec SPEC = BotApiSpec.load();
    private static final long USER = 42;

    private FakeTelegram fake;
    private TestBot bot;
    private BotClient client;
    private FakePlayer player;

    @BeforeEach
    void start() {
        fake = FakeTelegram.start("123456:spec-token");
        bot = TestBot.start();
        client = new BotClient(fake);
        assertThat(client.call("setWebhook", "url", bot.url().toString()).ok()).isTrue();
        player = fake.player(USER, "Ann", "en");
    }

    @AfterEach
    void stop() {
        fake.close();
        bot.close();
    }

    @Test
    void everyImplementedMethodIsInTheSpecWithTheSameRequiredParameters() {
        for (BotMethod method : BotMethod.values()) {
            JsonNode spec = SPEC.method(method.apiName());
            assertThat(spec.isMissingNode())
                    .as("%s exists in the Bot API reference", method.apiName())
                    .isFalse();
            Map<String, JsonNode> specFields = new java.util.HashMap<>();
            spec.path("fields").forEach(f -> specFields.put(f.path("name").asText(), f));
            for (BotMethod.Param param : method.params()) {
                JsonNode field = specFields.get(param.name());
                assertThat(field)
                        .as("%s.%s is a parameter in the reference", method.apiName(), param.name())
                        .isNotNull();
                assertThat(param.required())
                        .as("%s.%s required flag", method.apiName(), param.name())
                        .isEqualTo(field.path("required").asBoolean());
                assertThat(kindFits(param.kind(), field))
                        .as(
                                "%s.%s of kind %s fits %s",
                                method.apiName(), param.name(), param.kind(), field.path("types"))
                        .isTrue();
            }
            Set<String> specRequired = specFields.values().stream()
                    .filter(f -> f.path("required").asBoolean())
                    .map(f -> f.path("name").asText())
                    .collect(Collectors.toSet());
            Set<String> fakeRequired = method.params().stream()
                    .filter(BotMethod.Param::required)
                    .map(BotMethod.Param::name)
                    .collect(Collectors.toSet());
            assertThat(fakeRequired)
                    .as("required parameters of %s", method.apiName())
                    .isEqualTo(specRequired);
        }
    }

    private static boolean kindFits(BotMethod.Kind kind, JsonNode field) {
        List<String> types = new ArrayList<>();
        field.path("types").forEach(t -> types.add(t.asText()));
        return switch (kind) {
            case STRING -> types.equals(List.of("String"));
            case INTEGER -> types.equals(List.of("Integer"));
            case BOOLEAN -> types.equals(List.of("Boolean"));
            case CHAT_ID -> types.equals(List.of("Integer", "String"));
            case FILE -> types.equals(List.of("InputFile"));
            case JSON ->
                types.stream()
                        .allMatch(t -> t.startsWith("Array of ")
                                || Character.isUpperCase(t.charAt(0))
                                        && !Set.of("String", "Integer", "Boolean", "Float", "InputFile")
                                                .contains(t));
        };
    }

    @Test
    void requiredParametersAreEnforcedOverHttp() {
        fake.topUpStars(100_000);
        Map<BotMethod, Supplier<ObjectNode>> complete = completeCalls();
        Set<BotMethod> withRequired = Arrays.stream(BotMethod.values())
                .filter(m -> m.params().stream().anyMatch(BotMethod.Param::required))
                .collect(Collectors.toSet());
        assertThat(complete.keySet()).isEqualTo(withRequired);

        for (BotMethod method : withRequired) {
            BotClient.Reply full =
                    client.callJson(method.apiName(), complete.get(method).get());
            assertThat(full.ok())
                    .as("%s with every required parameter: %s", method.apiName(), full.body())
                    .isTrue();
            for (BotMethod.Param param : method.params()) {
                if (!param.required()) {
                    continue;
                }
                ObjectNode without = complete.get(method).get();
                without.remove(param.name());
                BotClient.Reply missing = client.callJson(method.apiName(), without);
                assertThat(missing.status())
                        .as("%s without %s: %s", method.apiName(), param.name(), missing.body())
                        .isEqualTo(400);
                assertThat(missing.ok()).isFalse();
                assertThat(missing.body().path("error_code").asInt()).isEqualTo(400);
                assertThat(missing.description()).startsWith("Bad Request: ");

                ObjectNode empty = complete.get(method).get();
                empty.put(param.name(), "");
                assertThat(client.callJson(method.apiName(), empty).status())
                        .as("%s with empty %s (Telegram treats empty as missing)", method.apiName(), param.name())
                        .isEqualTo(400);
            }
        }
    }

    /** A valid call for each method with required parameters; fresh each time, as query ids are single-use. */
    private Map<BotMethod, Supplier<ObjectNode>> completeCalls() {
        Invoice invoice = invoice();
        Map<BotMethod, Supplier<ObjectNode>> calls = new EnumMap<>(BotMethod.class);
        calls.put(BotMethod.SET_WEBHOOK, () -> BotClient.params("url", bot.url().toString()));
        calls.put(BotMethod.SEND_MESSAGE, () -> BotClient.params("chat_id", USER, "text", "hello"));
        calls.put(BotMethod.SEND_INVOICE, () -> invoiceParams().put("chat_id", USER));
        calls.put(BotMethod.CREATE_INVOICE_LINK, SpecConformanceTest::invoiceParams);
        calls.put(BotMethod.ANSWER_PRE_CHECKOUT_QUERY, () -> {
            bot.behaviour(update -> TestBot.Response.ok());
            String id = player.preCheckout(invoice).queryId();
            return BotClient.params("pre_checkout_query_id", id, "ok", true);
        });
        calls.put(BotMethod.ANSWER_CALLBACK_QUERY, () -> {
            DeliveryResult pressed = player.pressButton("any", 1);
            return BotClient.params(
                    "callback_query_id",
                    pressed.update().at("/callback_query/id").asText());
        });
        calls.put(BotMethod.REFUND_STAR_PAYMENT, () -> {
            String chargeId = fake.newChargeId();
            player.successfulPayment(invoice, chargeId);
            return BotClient.params("user_id", USER, "telegram_payment_charge_id", chargeId);
        });
        calls.put(
                BotMethod.SET_MY_COMMANDS,
                () -> BotClient.params(
                        "commands", List.of(Map.of("command", "start", "description", "Start playing"))));
        calls.put(BotMethod.SEND_GIFT, () -> BotClient.params("user_id", USER, "gift_id", "5170145012310081615"));
        calls.put(
                BotMethod.GIFT_PREMIUM_SUBSCRIPTION,
                () -> BotClient.params("user_id", USER, "month_count", 3, "star_count", 1000));
        return calls;
    }

    private static ObjectNode invoiceParams() {
        return BotClient.params(
                "title",
                "Ticket",
                "description",
                "One raffle ticket",
                "payload",
                "ticket:1",
                "currency",
                "XTR",
                "prices",
                List.of(Map.of("label", "Ticket", "amount", 5)));
    }

    private Invoice invoice() {
        BotClient.Reply link = client.callJson("createInvoiceLink", invoiceParams());
        return fake.invoiceByLink(link.result().asText()).orElseThrow();
    }

    @Test
    void everyObjectTheFakeReturnsOrSendsMatchesTheSpec() {
        Set<String> seen = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        bot.behaviour(TestBot.answeringPreCheckout(client, true, null));

        checkResult("getMe", client.call("getMe"), seen, problems);
        checkResult(
                "sendMessage",
                client.call(
                        "sendMessage",
                        "chat_id",
                        USER,
                        "text",
                        "Join the raffle?",
                        "reply_markup",
                        Map.of("inline_keyboard", List.of(List.of(Map.of("text", "Join", "callback_data", "join"))))),
                seen,
                problems);
        checkResult(
                "sendInvoice", client.callJson("sendInvoice", invoiceParams().put("chat_id", USER)), seen, problems);
        checkResult("createInvoiceLink", client.callJson("createInvoiceLink", invoiceParams()), seen, problems);
        player.sendText("/start ref_7");
        DeliveryResult pressed = player.pressButton("join");
        checkResult(
                "answerCallbackQuery",
                client.call(
                        "answerCallbackQuery",
                        "callback_query_id",
                        pressed.update().at("/callback_query/id").asText()),
                seen,
                problems);
        PaymentOutcome outcome = player.pay(fake.lastInvoiceFor(USER).orElseThrow());
        assertThat(outcome).isInstanceOf(PaymentOutcome.Paid.class);
        String chargeId = ((PaymentOutcome.Paid) outcome).chargeId();
        checkResult(
                "refundStarPayment",
                client.call("refundStarPayment", "user_id", USER, "telegram_payment_charge_id", chargeId),
                seen,
                problems);
        assertThat(fake.awaitDeliveredUpdate(
                        u -> u.at("/message/refunded_payment").isObject(), Duration.ofSeconds(5)))
                .isPresent();
        player.pay(fake.lastInvoiceFor(USER).orElseThrow());
        checkResult("getStarTransactions", client.call("getStarTransactions"), seen, problems);
        checkResult("getMyStarBalance", client.call("getMyStarBalance"), seen, problems);
        checkResult("setMyCommands", client.call("setMyCommands", "commands", List.of()), seen, problems);
        checkResult(
                "setChatMenuButton",
                client.call("setChatMenuButton", "menu_button", Map.of("type", "commands")),
                seen,
                problems);
        fake.topUpStars(2000);
        checkResult("getAvailableGifts", client.call("getAvailableGifts"), seen, problems);
        checkResult(
                "sendGift", client.call("sendGift", "user_id", USER, "gift_id", "5170145012310081615"), seen, problems);
        checkResult(
                "giftPremiumSubscription",
                client.call("giftPremiumSubscription", "user_id", USER, "month_count", 6, "star_count", 1500),
                seen,
                problems);
        checkResult("getStarTransactions", client.call("getStarTransactions"), seen, problems);
        bot.behaviour(update -> new TestBot.Response(503, ""));
        player.sendText("anyone there?");
        checkResult("getWebhookInfo", client.call("getWebhookInfo"), seen, problems);

        for (ObjectNode update : fake.deliveredUpdates()) {
            problems.addAll(SPEC.validate(update, List.of("Update"), "update", seen));
        }
        for (ObjectNode message : fake.messagesTo(USER)) {
            problems.addAll(SPEC.validate(message, List.of("Message"), "messagesTo", seen));
        }

        assertThat(problems).isEmpty();
        assertThat(seen)
                .contains(
                        "Message",
                        "User",
                        "Chat",
                        "Update",
                        "PreCheckoutQuery",
                        "SuccessfulPayment",
                        "RefundedPayment",
                        "StarTransaction",
                        "StarTransactions",
                        "TransactionPartnerUser",
                        "Gift",
                        "Gifts",
                        "Sticker",
                        "WebhookInfo",
                        "Invoice",
                        "StarAmount",
                        "CallbackQuery",
                        "MessageEntity",
                        "InlineKeyboardMarkup");
        // The error fields only appear after a failed delivery; make sure the check above saw them.
        assertThat(client.call("getWebhookInfo").result().has("last_error_message"))
                .isTrue();
    }

    private void checkResult(String method, BotClient.Reply reply, Set<String> seen, List<String> problems) {
        assertThat(reply.ok()).as("%s answered %s", method, reply.body()).isTrue();
        Set<String> envelopeKeys = new HashSet<>();
        reply.body().fieldNames().forEachRemaining(envelopeKeys::add);
        assertThat(envelopeKeys).isSubsetOf("ok", "result", "description");
        problems.addAll(SPEC.validate(reply.result(), SPEC.returns(method), method, seen));
    }
}
