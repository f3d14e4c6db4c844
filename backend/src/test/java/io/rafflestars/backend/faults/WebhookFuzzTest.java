package io.rafflestars.backend.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.Invoice;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of the webhook, the public input Telegram (or anyone who finds the URL) can reach: headers,
 * arbitrary bodies, and real updates with any of their fields replaced by any JSON value. Never a 5xx; a rejected
 * request changes nothing; an accepted one leaves the books balanced. Tries per property: {@code fuzz.tries} (200,
 * 3000 with {@code -Dfaults.long=true}).
 */
class WebhookFuzzTest {
    private static final String[] TABLES = {
        "telegram_update",
        "payment",
        "ticket_hold",
        "ticket",
        "ledger_transfer",
        "audit_log",
        "outbox_event",
        "player",
        "outgoing_message",
        "purchase_intent"
    };
    private static final AtomicLong UPDATE_IDS = new AtomicLong(5_000_000);

    private static DatabaseUrl db;
    private static TestBackend app;
    private static List<ObjectNode> templates;

    @BeforeContainer
    static void start() {
        db = TestDatabases.create("WebhookFuzzTest");
        app = TestBackend.start(db);
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Fuzz", 2, 1_000_000, 1_000_000));
        FakePlayer ann = app.telegram().player(95_001, "Ann", "en");
        Invoice invoice = Scenarios.invoiceDirect(app, ann, raffle.id(), 2);
        templates = templates(invoice, ann);
    }

    @AfterContainer
    static void stop() {
        app.close();
        TestDatabases.drop(db);
    }

    @AfterProperty
    void booksBalance() {
        Invariants.assertHold(db);
    }

    @Property
    void aWrongOrMissingSecretIsRefusedWith401AndChangesNothing(
            @ForAll("secrets") String secret, @ForAll("updates") String body) {
        List<Long> before = fingerprint();
        HttpRequest.Builder request = request(body);
        if (!secret.isEmpty()) {
            request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        HttpResponse<String> response = TestBackend.send(request.build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.body()).contains("\"UNAUTHENTICATED\"");
        assertThat(fingerprint()).isEqualTo(before);
    }

    @Property
    void anyBodyIsAnswered2xxOr4xxAndA4xxChangesNothing(@ForAll("bodies") String body) {
        List<Long> before = fingerprint();
        HttpResponse<String> response = post(body);
        assertThat(response.statusCode()).as(body + " -> " + response.body()).isBetween(200, 499);
        if (response.statusCode() >= 400) {
            assertThat(response.body()).startsWith("{\"error\":");
            assertThat(fingerprint()).isEqualTo(before);
        }
    }

    @Property
    void realUpdatesWithAnyFieldReplacedNeverFailTheWebhook(@ForAll("updates") String body) {
        HttpResponse<String> response = post(body);
        assertThat(response.statusCode()).as(body + " -> " + response.body()).isIn(200, 400);
        if (response.statusCode() == 200) {
            // stored once and handled (or parked for a retry): never left half-way
            long id = read(body).path("update_id").asLong();
            assertThat(TestDatabases.count(db, "SELECT count(*) FROM telegram_update WHERE update_id = " + id))
                    .isEqualTo(1);
        }
    }

    /** Found by the fuzzer: jsonb refuses U+0000, so such an update was answered 500 (and retried by Telegram). */
    @Example
    void anUpdateWithNulCharactersIsStoredAndHandled() {
        long id = UPDATE_IDS.incrementAndGet();
        String body = "{\"update_id\": " + id + ", \"message\": {\"message_id\": 1, \"date\": 1700000000,"
                + " \"chat\": {\"id\": 95002, \"type\": \"private\"}, \"from\": {\"id\": 95002,"
                + " \"is_bot\": false, \"first_name\": \"Nu\\u0000ll\"}, \"text\": \"/raffles\\u0000\"}}";
        assertThat(post(body).statusCode()).isEqualTo(200);
        assertThat(TestDatabases.count(
                        db, "SELECT count(*) FROM telegram_update WHERE update_id = " + id + " AND state = 'DONE'"))
                .isEqualTo(1);
        assertThat(TestDatabases.count(
                        db, "SELECT count(*) FROM player WHERE id = 95002 AND first_name = 'Nu\uFFFDll'"))
                .isEqualTo(1);
    }

    /** Found by the fuzzer: a POST without a body was answered 500. */
    @Example
    void anEmptyBodyIsABadRequest() {
        HttpResponse<String> response = post("");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"BAD_REQUEST\"");
    }

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.oneOf(
                        Arbitraries.strings().withCharRange('!', '~').ofMaxLength(300),
                        Arbitraries.of(
                                "",
                                " ",
                                TestBackend.WEBHOOK_SECRET + " ",
                                TestBackend.WEBHOOK_SECRET + "x",
                                TestBackend.WEBHOOK_SECRET.toUpperCase(),
                                TestBackend.WEBHOOK_SECRET.substring(1)))
                .filter(s -> !s.strip().equals(TestBackend.WEBHOOK_SECRET));
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                json(3).map(JsonNode::toString),
                updates().map(u -> u.substring(0, u.length() / 2)),
                Arbitraries.of(
                        "",
                        "null",
                        "[]",
                        "{}",
                        "{\"update_id\": null}",
                        "{\"update_id\": 1.5}",
                        "{\"update_id\": \"7\"}",
                        "{\"update_id\": 99999999999999999999999}",
                        "{\"update_id\": -1}",
                        "{\"update_id\": 1, \"update_id\": 2}",
                        "\uFEFF{\"update_id\": 3}"));
    }

    /** A real update (pre-checkout, payment, refund notice, text, button) with one field replaced or removed. */
    @Provide
    Arbitrary<String> updates() {
        return Combinators.combine(
                        Arbitraries.of(templates), Arbitraries.integers().between(0, 1000), json(2))
                .as((template, pick, value) -> {
                    ObjectNode update = template.deepCopy();
                    List<ObjectNode> parents = new ArrayList<>();
                    List<String> fields = new ArrayList<>();
                    leaves(update, parents, fields);
                    int i = pick % fields.size();
                    if (pick % 7 == 0) {
                        parents.get(i).remove(fields.get(i));
                    } else {
                        parents.get(i).set(fields.get(i), value);
                    }
                    if (!fields.get(i).equals("update_id") || pick % 7 == 0) {
                        update.put("update_id", UPDATE_IDS.incrementAndGet());
                    }
                    return update.toString();
                });
    }

    /** Any JSON value, nested up to {@code depth}, biased to what breaks parsers and databases. */
    private static Arbitrary<JsonNode> json(int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60).map(f::textNode),
                Arbitraries.of(
                                "",
                                "\u0000",
                                "a\u0000b",
                                "\uD800",
                                "\uDFFF\uD800",
                                "XTR",
                                "xtr",
                                "-1",
                                "1e400",
                                "' OR 1=1 --",
                                "%00",
                                "\\u0000",
                                "🎟️".repeat(40),
                                "x".repeat(300))
                        .map(f::textNode),
                Arbitraries.longs().map(f::numberNode),
                Arbitraries.of(0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, 2147483648L)
                        .map(f::numberNode),
                Arbitraries.of(new BigInteger("99999999999999999999999"), BigInteger.TWO.pow(64))
                        .map(f::numberNode),
                Arbitraries.doubles().map(f::numberNode),
                Arbitraries.of(f.booleanNode(true), f.booleanNode(false), f.nullNode()));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<JsonNode> inner = json(depth - 1);
        Arbitrary<JsonNode> arrays = inner.list().ofMaxSize(3).map(items -> {
            ArrayNode a = f.arrayNode();
            items.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> objects = Combinators.combine(
                        Arbitraries.strings()
                                .alpha()
                                .ofMinLength(1)
                                .ofMaxLength(8)
                                .list()
                                .ofMaxSize(3),
                        inner.list().ofSize(3))
                .as((names, values) -> {
                    ObjectNode o = f.objectNode();
                    for (int i = 0; i < names.size(); i++) {
                        o.set(names.get(i), values.get(i));
                    }
                    return o;
                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalars),
                net.jqwik.api.Tuple.of(1, arrays),
                net.jqwik.api.Tuple.of(1, objects));
    }

    private static void leaves(ObjectNode node, List<ObjectNode> parents, List<String> fields) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            parents.add(node);
            fields.add(name);
            if (node.get(name) instanceof ObjectNode child) {
                leaves(child, parents, fields);
            }
        }
    }

    private static List<ObjectNode> templates(Invoice invoice, FakePlayer player) {
        String from = "{\"id\": " + player.userId() + ", \"is_bot\": false, \"first_name\": \"Ann\","
                + " \"language_code\": \"en\"}";
        String chat = "{\"id\": " + player.userId() + ", \"type\": \"private\", \"first_name\": \"Ann\"}";
        String payment = "{\"currency\": \"XTR\", \"total_amount\": " + invoice.amount() + ", \"invoice_payload\": \""
                + invoice.payload() + "\", \"telegram_payment_charge_id\": \"fuzz-charge\","
                + " \"provider_payment_charge_id\": \"\"}";
        List<String> texts = List.of(
                "{\"update_id\": 1, \"pre_checkout_query\": {\"id\": \"fuzz-query\", \"from\": " + from
                        + ", \"currency\": \"XTR\", \"total_amount\": " + invoice.amount()
                        + ", \"invoice_payload\": \"" + invoice.payload() + "\"}}",
                "{\"update_id\": 1, \"message\": {\"message_id\": 7, \"date\": 1700000000, \"chat\": " + chat
                        + ", \"from\": " + from + ", \"successful_payment\": " + payment + "}}",
                "{\"update_id\": 1, \"message\": {\"message_id\": 8, \"date\": 1700000000, \"chat\": " + chat
                        + ", \"from\": " + from + ", \"refunded_payment\": " + payment + "}}",
                "{\"update_id\": 1, \"message\": {\"message_id\": 9, \"date\": 1700000000, \"chat\": " + chat
                        + ", \"from\": " + from + ", \"text\": \"/raffles\"}}",
                "{\"update_id\": 1, \"callback_query\": {\"id\": \"fuzz-callback\", \"from\": " + from
                        + ", \"chat_instance\": \"1\", \"data\": \"buy:1:1\", \"message\": {\"message_id\": 10,"
                        + " \"date\": 1700000000, \"chat\": " + chat + "}}}");
        return texts.stream().map(t -> (ObjectNode) read(t)).toList();
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static HttpResponse<String> post(String body) {
        return TestBackend.send(request(body)
                .header("X-Telegram-Bot-Api-Secret-Token", TestBackend.WEBHOOK_SECRET)
                .build());
    }

    private static HttpRequest.Builder request(String body) {
        return HttpRequest.newBuilder(app.uri("/telegram/webhook"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    /** Row counts of every table a webhook could touch. */
    private static List<Long> fingerprint() {
        List<Long> counts = new ArrayList<>();
        for (String table : TABLES) {
            counts.add(TestDatabases.count(db, "SELECT count(*) FROM " + table));
        }
        return counts;
    }
}
