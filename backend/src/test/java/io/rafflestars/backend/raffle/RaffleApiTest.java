package io.rafflestars.backend.raffle;

import static io.rafflestars.backend.testing.ConsoleClient.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.PaymentOutcome;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Raffle management over HTTP: CRUD with version checks, the lifecycle, reads, and an audit row per change. */
@ExtendWith(FreshDatabase.class)
class RaffleApiTest {
    private static DatabaseUrl db;
    private static TestBackend app;
    private static ConsoleClient operator;

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = url;
        app = TestBackend.start(url);
        operator = ConsoleClient.user(app, "olga", Role.OPERATOR);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** A raffle body that starts in the past, so the scheduler opens it once published. */
    private static ObjectNode spec(String title) {
        return Json.mapper().valueToTree(Scenarios.spec(title, 5, 100, 10));
    }

    private static JsonNode created(ObjectNode spec) {
        HttpResponse<String> res = operator.post("/api/raffles", spec.toString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        return ConsoleClient.json(res);
    }

    private static long audited(String action, long raffleId) {
        return TestDatabases.count(
                db,
                "SELECT count(*) FROM audit_log WHERE action = '" + action + "' AND target_type = 'raffle'"
                        + " AND target_id = '" + raffleId + "' AND actor = 'olga' AND source = '127.0.0.1'");
    }

    private static JsonNode awaitState(long id, String state) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            last[0] = ConsoleClient.json(operator.get("/api/raffles/" + id));
            return last[0].get("state").asText().equals(state);
        });
        return last[0];
    }

    @Test
    void createEditWithVersionChecksThenRunTheLifecycle() {
        HttpResponse<String> res = operator.post("/api/raffles", spec("Moon").toString());
        assertThat(res.statusCode()).isEqualTo(201);
        JsonNode raffle = ConsoleClient.json(res);
        long id = raffle.get("id").asLong();
        assertThat(res.headers().firstValue("Location")).contains("/api/raffles/" + id);
        assertThat(res.headers().firstValue("ETag")).contains("\"0\"");
        assertThat(raffle.get("state").asText()).isEqualTo("DRAFT");
        assertThat(raffle.get("createdBy").asText()).isEqualTo("olga");
        assertThat(raffle.has("seed")).isFalse();
        assertThat(audited("raffle.create", id)).isEqualTo(1);

        // edits need If-Match; a stale one is refused and nothing is overwritten
        ObjectNode edit = spec("Moon II");
        error(operator.put("/api/raffles/" + id, edit.toString()), 428, "PRECONDITION_REQUIRED");
        HttpResponse<String> edited = operator.put("/api/raffles/" + id, edit.toString(), "If-Match", "\"0\"");
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        assertThat(edited.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(ConsoleClient.json(edited).at("/spec/title").asText()).isEqualTo("Moon II");
        assertThat(audited("raffle.update", id)).isEqualTo(1);
        error(
                operator.put("/api/raffles/" + id, spec("Lost update").toString(), "If-Match", "\"0\""),
                409,
                "VERSION_CONFLICT");
        assertThat(ConsoleClient.json(operator.get("/api/raffles/" + id))
                        .at("/spec/title")
                        .asText())
                .isEqualTo("Moon II");

        // validation names the field; an unknown enum value too
        ObjectNode tooLong = spec("x".repeat(33));
        assertThat(error(
                                operator.put("/api/raffles/" + id, tooLong.toString(), "If-Match", "\"1\""),
                                400,
                                "VALIDATION_FAILED")
                        .get("field")
                        .asText())
                .isEqualTo("title");
        ObjectNode badMode = spec("Moon").put("drawMode", "DICE");
        assertThat(error(operator.post("/api/raffles", badMode.toString()), 400, "VALIDATION_FAILED")
                        .get("field")
                        .asText())
                .isEqualTo("drawMode");
        // a fractional price is refused, never truncated into a real raffle (found by an adversarial check)
        ObjectNode fractional = spec("Moon").put("ticketPrice", 1.5);
        assertThat(error(operator.post("/api/raffles", fractional.toString()), 400, "VALIDATION_FAILED")
                        .get("field")
                        .asText())
                .isEqualTo("ticketPrice");

        // publish: commitment shown, seed never; publishing twice is an illegal move
        JsonNode published = ConsoleClient.json(operator.post("/api/raffles/" + id + "/publish"));
        assertThat(published.get("state").asText()).isEqualTo("SCHEDULED");
        assertThat(published.get("commitment").asText()).hasSize(64);
        error(operator.post("/api/raffles/" + id + "/publish"), 409, "ILLEGAL_TRANSITION");
        assertThat(audited("raffle.publish", id)).isEqualTo(1);

        // the scheduler opens it (its start has passed); an open raffle can no longer be edited
        JsonNode open = awaitState(id, "OPEN");
        error(
                operator.put(
                        "/api/raffles/" + id,
                        spec("Too late").toString(),
                        "If-Match",
                        "\"" + open.get("version") + "\""),
                409,
                "ILLEGAL_TRANSITION");
        error(operator.post("/api/raffles/" + id + "/resume"), 409, "ILLEGAL_TRANSITION");
        assertThat(ConsoleClient.json(operator.post("/api/raffles/" + id + "/pause"))
                        .get("state")
                        .asText())
                .isEqualTo("PAUSED");
        error(operator.post("/api/raffles/" + id + "/pause"), 409, "ILLEGAL_TRANSITION");
        assertThat(ConsoleClient.json(operator.post("/api/raffles/" + id + "/resume"))
                        .get("state")
                        .asText())
                .isEqualTo("OPEN");

        // players buy; then the operator closes it: the ticket list is fixed and hashed
        FakePlayer ann = app.telegram().player(70_001, "Ann", "en");
        FakePlayer bob = app.telegram().player(70_002, "Bob", "en");
        assertThat(ann.pay(Scenarios.invoiceDirect(app, ann, id, 3))).isInstanceOf(PaymentOutcome.Paid.class);
        assertThat(bob.pay(Scenarios.invoiceDirect(app, bob, id, 1))).isInstanceOf(PaymentOutcome.Paid.class);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ConsoleClient.json(operator.get("/api/raffles/" + id))
                                .get("ticketsSold")
                                .asInt()
                        == 4);
        JsonNode closed = ConsoleClient.json(operator.post("/api/raffles/" + id + "/close"));
        assertThat(closed.get("state").asText()).isEqualTo("CLOSED");
        assertThat(closed.get("ticketsHash").asText()).hasSize(64);
        error(operator.post("/api/raffles/" + id + "/close"), 409, "ILLEGAL_TRANSITION");
        error(operator.post("/api/raffles/" + id + "/pause"), 409, "ILLEGAL_TRANSITION");
        for (String action : new String[] {"raffle.pause", "raffle.resume", "raffle.close"}) {
            assertThat(audited(action, id)).as(action).isEqualTo(1);
        }

        // participants, tickets and sales; FINANCE and AUDITOR may read them
        ConsoleClient finance = app.as(Role.FINANCE);
        JsonNode participants = ConsoleClient.json(finance.get("/api/raffles/" + id + "/participants?limit=1"));
        assertThat(participants.get("total").asLong()).isEqualTo(2);
        assertThat(participants.get("items")).singleElement().satisfies(p -> {
            assertThat(p.get("playerId").asLong()).isEqualTo(70_001);
            assertThat(p.get("tickets").asLong()).isEqualTo(3);
            assertThat(p.get("starsPaid").asLong()).isEqualTo(15);
            assertThat(p.get("firstName").asText()).isEqualTo("Ann");
        });
        JsonNode page2 = ConsoleClient.json(finance.get("/api/raffles/" + id + "/participants?limit=1&offset=1"));
        assertThat(page2.at("/items/0/playerId").asLong()).isEqualTo(70_002);
        JsonNode tickets = ConsoleClient.json(app.as(Role.AUDITOR).get("/api/raffles/" + id + "/tickets?limit=3"));
        assertThat(tickets).hasSize(3);
        assertThat(tickets.get(0).get("number").asInt()).isEqualTo(1);
        JsonNode rest = ConsoleClient.json(finance.get("/api/raffles/" + id + "/tickets?after=3"));
        assertThat(rest)
                .singleElement()
                .satisfies(t -> assertThat(t.get("number").asInt()).isEqualTo(4));
        JsonNode sales = ConsoleClient.json(finance.get("/api/raffles/" + id + "/sales"));
        assertThat(sales.get("ticketsSold").asInt()).isEqualTo(4);
        assertThat(sales.get("starsReceived").asLong()).isEqualTo(20);
        assertThat(sales.get("starsRefunded").asLong()).isZero();
        assertThat(sales.get("starsNet").asLong()).isEqualTo(20);
        assertThat(sales.get("perDay")).singleElement().satisfies(d -> {
            assertThat(d.get("day").asText())
                    .isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
            assertThat(d.get("tickets").asLong()).isEqualTo(4);
            assertThat(d.get("starsReceived").asLong()).isEqualTo(20);
        });
        error(finance.post("/api/raffles/" + id + "/cancel", "{\"reason\":\"no\"}"), 403, "FORBIDDEN");
        Invariants.assertHold(db);
    }

    @Test
    void cancellingNeedsAReasonAndRefundsEveryTicket() {
        long id = created(spec("Storm")).get("id").asLong();
        operator.post("/api/raffles/" + id + "/publish");
        awaitState(id, "OPEN");
        FakePlayer cid = app.telegram().player(71_001, "Cid", "en");
        assertThat(cid.pay(Scenarios.invoiceDirect(app, cid, id, 2))).isInstanceOf(PaymentOutcome.Paid.class);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ConsoleClient.json(operator.get("/api/raffles/" + id))
                                .get("ticketsSold")
                                .asInt()
                        == 2);

        assertThat(error(
                                operator.post("/api/raffles/" + id + "/cancel", "{\"reason\":\"  \"}"),
                                400,
                                "VALIDATION_FAILED")
                        .get("field")
                        .asText())
                .isEqualTo("reason");
        error(operator.post("/api/raffles/" + id + "/cancel"), 400, "MALFORMED_JSON");
        assertThat(ConsoleClient.json(operator.get("/api/raffles/" + id))
                        .get("state")
                        .asText())
                .isEqualTo("OPEN");

        JsonNode cancelled =
                ConsoleClient.json(operator.post("/api/raffles/" + id + "/cancel", "{\"reason\":\"storm warning\"}"));
        assertThat(cancelled.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("cancelReason").asText()).isEqualTo("storm warning");
        assertThat(audited("raffle.cancel", id)).isEqualTo(1);
        error(operator.post("/api/raffles/" + id + "/cancel", "{\"reason\":\"again\"}"), 409, "ILLEGAL_TRANSITION");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ConsoleClient.json(operator.get("/api/raffles/" + id + "/sales"))
                                .get("starsRefunded")
                                .asLong()
                        == 10);
        JsonNode sales = ConsoleClient.json(operator.get("/api/raffles/" + id + "/sales"));
        assertThat(sales.get("refunds").asLong()).isEqualTo(1);
        assertThat(sales.get("starsNet").asLong()).isZero();
        assertThat(sales.at("/perDay/0/starsRefunded").asLong()).isEqualTo(10);
        Invariants.assertHold(db);
    }

    @Test
    void theListFiltersByStateTextAndTimeAndPages() {
        String tag = "Zq" + System.nanoTime() % 100_000;
        long a = created(spec(tag + " alpha")).get("id").asLong();
        long b = created(spec(tag + " beta")).get("id").asLong();
        ObjectNode later = spec(tag + " later");
        later.put("startsAt", Instant.now().plus(Duration.ofDays(30)).toString());
        later.put("endsAt", Instant.now().plus(Duration.ofDays(31)).toString());
        long c = created(later).get("id").asLong();
        operator.post("/api/raffles/" + c + "/publish");

        JsonNode all = ConsoleClient.json(operator.get("/api/raffles?q=" + tag.toLowerCase()));
        assertThat(all.get("total").asLong()).isEqualTo(3);
        assertThat(all.get("items").findValuesAsText("id")).containsExactly("" + c, "" + b, "" + a);

        JsonNode drafts = ConsoleClient.json(operator.get("/api/raffles?q=" + tag + "&state=DRAFT"));
        assertThat(drafts.get("items").findValuesAsText("id")).containsExactly("" + b, "" + a);
        JsonNode either = ConsoleClient.json(operator.get("/api/raffles?q=" + tag + "&state=draft,scheduled"));
        assertThat(either.get("total").asLong()).isEqualTo(3);

        JsonNode paged = ConsoleClient.json(operator.get("/api/raffles?q=" + tag + "&limit=1&offset=1"));
        assertThat(paged.get("total").asLong()).isEqualTo(3);
        assertThat(paged.get("items").findValuesAsText("id")).containsExactly("" + b);

        String inAWeek = Instant.now().plus(Duration.ofDays(7)).toString();
        JsonNode future = ConsoleClient.json(operator.get("/api/raffles?q=" + tag + "&from=" + inAWeek));
        assertThat(future.get("items").findValuesAsText("id")).containsExactly("" + c);
        JsonNode soon = ConsoleClient.json(operator.get("/api/raffles?q=" + tag + "&to=" + inAWeek));
        assertThat(soon.get("items").findValuesAsText("id")).containsExactly("" + b, "" + a);

        // wildcards in the search text are plain characters
        assertThat(ConsoleClient.json(operator.get("/api/raffles?q=%25"))
                        .get("total")
                        .asLong())
                .isZero();
        assertThat(error(operator.get("/api/raffles?state=SOLD"), 400, "VALIDATION_FAILED")
                        .get("field")
                        .asText())
                .isEqualTo("state");
        assertThat(error(operator.get("/api/raffles?from=yesterday"), 400, "VALIDATION_FAILED")
                        .get("field")
                        .asText())
                .isEqualTo("from");
        assertThat(error(operator.get("/api/raffles?limit=0"), 400, "VALIDATION_FAILED")
                        .get("field")
                        .asText())
                .isEqualTo("limit");
        error(operator.get("/api/raffles/999999"), 404, "NOT_FOUND");
        error(operator.get("/api/raffles/abc"), 404, "NOT_FOUND");
        error(operator.get("/api/raffles/999999/sales"), 404, "NOT_FOUND");
    }
}
