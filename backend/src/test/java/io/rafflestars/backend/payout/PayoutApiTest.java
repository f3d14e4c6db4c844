package io.rafflestars.backend.payout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.ledger.Chart;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Prize;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleSpec;
import io.rafflestars.backend.raffle.RaffleSpec.PrizeChannel;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.telegramfake.Fault;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The payout routes as the console uses them, with real logins: draws by an operator over HTTP, then finance users
 * approving, rejecting and recording payouts; four eyes refused over HTTP with the right codes; each channel.
 */
@ExtendWith(FreshDatabase.class)
class PayoutApiTest {
    private static final AtomicLong PLAYER_IDS = new AtomicLong(9000);
    private static TestBackend app;
    private static DatabaseUrl db;
    /** An operator who is also in finance: still may not approve the payouts of a raffle they drew. */
    private static ConsoleClient olga;

    private static ConsoleClient ann;
    private static ConsoleClient bob;
    private static ConsoleClient auditor;

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = url;
        app = TestBackend.start(url, Map.of("PAYOUT_TWO_APPROVER_THRESHOLD", "100", "SCHEDULER_ENABLED", "false"));
        olga = ConsoleClient.user(app, "olga", Role.OPERATOR, Role.FINANCE);
        ann = ConsoleClient.user(app, "ann", Role.FINANCE);
        bob = ConsoleClient.user(app, "bob", Role.FINANCE);
        auditor = app.as(Role.AUDITOR);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void invariantsHold() {
        Invariants.assertHold(db);
    }

    /** Sold to {@code buyers} players ({@code tickets} each at 10 Stars), closed, drawn by olga over HTTP. */
    private static JsonNode drawn(PrizeChannel channel, int buyers, int tickets, Prize... prizes) {
        RaffleSpec spec = Scenarios.prizes(
                Scenarios.spec("Api " + PLAYER_IDS.get(), 10, 1000, 50),
                channel,
                RaffleSpec.DrawMode.OPERATOR,
                1000,
                RaffleSpec.RepeatPolicy.ONE_PRIZE_PER_PLAYER,
                prizes);
        Raffle raffle = Scenarios.openRaffle(app, spec);
        for (int i = 0; i < buyers; i++) {
            long id = PLAYER_IDS.incrementAndGet();
            Scenarios.buy(app, app.telegram().player(id, "Winner" + id, "en"), raffle.id(), tickets);
        }
        app.backend().services().raffles().close(raffle.id(), Scenarios.OPERATOR);
        return ok(olga.post("/api/raffles/" + raffle.id() + "/draw"));
    }

    private static JsonNode ok(HttpResponse<String> res) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return ConsoleClient.json(res);
    }

    private static void refused(HttpResponse<String> res, int status, String code) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(ConsoleClient.json(res).at("/error/code").asText()).isEqualTo(code);
    }

    private static String approve(long payout) {
        return "/api/payouts/" + payout + "/approve";
    }

    @Test
    void theDrawerTheRequesterAndASecondApprovalBySameUserAreRefused() {
        // pot 200, fee 20, 162 to place 1: above the threshold of 100, two approvers
        JsonNode draw = drawn(PrizeChannel.PRIZE_CREDIT, 2, 10, new Prize(1, 9000, null));
        JsonNode payout = draw.at("/payouts/0");
        long id = payout.path("id").asLong();
        assertThat(payout.path("amount").asLong()).isEqualTo(162);
        assertThat(payout.path("approvalsRequired").asInt()).isEqualTo(2);
        assertThat(payout.path("drawnBy").asText()).isEqualTo("olga");

        refused(olga.post(approve(id)), 403, "FOUR_EYES_VIOLATION");
        refused(auditor.post(approve(id)), 403, "FORBIDDEN");
        refused(app.post(approve(id), "application/json", "{}"), 401, "UNAUTHENTICATED");
        JsonNode once = ok(ann.post(approve(id), "{\"note\":\"winner's identity checked\"}"));
        assertThat(once.path("state").asText()).isEqualTo("PENDING_APPROVAL");
        assertThat(once.path("approvals").asInt()).isEqualTo(1);
        refused(ann.post(approve(id)), 403, "FOUR_EYES_VIOLATION");
        JsonNode paid = ok(bob.post(approve(id)));
        assertThat(paid.path("state").asText()).isEqualTo("EXECUTED");
        assertThat(paid.path("approvedBy")).extracting(JsonNode::asText).containsExactly("ann", "bob");

        JsonNode detail = ok(auditor.get("/api/payouts/" + id));
        assertThat(detail.at("/decisions/0/reason").asText()).isEqualTo("winner's identity checked");
        assertThat(detail.at("/decisions/0/source").asText()).isEqualTo("127.0.0.1");
        assertThat(app.backend()
                        .services()
                        .ledger()
                        .account("player_credit:" + paid.path("playerId").asLong())
                        .orElseThrow()
                        .balance())
                .isEqualTo(162);
    }

    @Test
    void whoeverRequestedARedrawnPayoutMayNotApproveIt() {
        JsonNode draw = drawn(PrizeChannel.PRIZE_CREDIT, 3, 2, new Prize(1, 10000, null));
        long raffle = draw.at("/draw/raffleId").asLong();
        ConsoleClient oscar = ConsoleClient.user(app, "oscar", Role.OPERATOR, Role.FINANCE);
        refused(oscar.post("/api/raffles/" + raffle + "/draw/disqualify", "{\"place\":1}"), 400, "VALIDATION_FAILED");
        refused(
                ann.post("/api/raffles/" + raffle + "/draw/disqualify", "{\"place\":1,\"reason\":\"x\"}"),
                403,
                "FORBIDDEN");
        JsonNode redrawn = ok(oscar.post(
                "/api/raffles/" + raffle + "/draw/disqualify",
                "{\"place\":1,\"reason\":\"bought with a stolen card\"}"));
        JsonNode fresh = null;
        for (JsonNode p : redrawn.path("payouts")) {
            if (p.path("state").asText().equals("PENDING_APPROVAL")) {
                fresh = p;
            }
        }
        assertThat(fresh).isNotNull();
        assertThat(fresh.path("requestedBy").asText()).isEqualTo("oscar");
        assertThat(fresh.path("replacesPayoutId").asLong())
                .isEqualTo(draw.at("/payouts/0/id").asLong());
        refused(oscar.post(approve(fresh.path("id").asLong())), 403, "FOUR_EYES_VIOLATION");
        refused(olga.post(approve(fresh.path("id").asLong())), 403, "FOUR_EYES_VIOLATION");
        assertThat(ok(ann.post(approve(fresh.path("id").asLong())))
                        .path("state")
                        .asText())
                .isEqualTo("EXECUTED");
        assertThat(ok(auditor.get("/api/raffles/" + raffle + "/draw"))
                        .at("/draw/state")
                        .asText())
                .isEqualTo("SETTLED");
    }

    @Test
    void atOrBelowTheThresholdOneApprovalPays() {
        JsonNode draw = drawn(PrizeChannel.PRIZE_CREDIT, 1, 10, new Prize(1, 10000, null));
        long id = draw.at("/payouts/0/id").asLong();
        assertThat(draw.at("/payouts/0/amount").asLong()).isEqualTo(90);
        assertThat(draw.at("/payouts/0/approvalsRequired").asInt()).isEqualTo(1);
        assertThat(ok(bob.post(approve(id))).path("state").asText()).isEqualTo("EXECUTED");
    }

    @Test
    void aGiftFailsThenIsRetriedAndTheBotsStarsGoDown() {
        // pot 30, fee 3, 27 to place 1: a 25-Star gift and 2 Stars of credit
        JsonNode draw = drawn(PrizeChannel.TELEGRAM_GIFT, 1, 3, new Prize(1, 10000, null));
        long id = draw.at("/payouts/0/id").asLong();
        long player = draw.at("/payouts/0/playerId").asLong();
        long stars = app.telegram().starBalance();
        app.telegram().faults().next("sendGift", new Fault.BadRequest("BALANCE_TOO_LOW"));
        ok(ann.post(approve(id)));
        JsonNode failed = awaitState(id, "FAILED");
        assertThat(failed.path("lastError").asText()).contains("BALANCE_TOO_LOW");
        assertThat(app.telegram().starBalance()).isEqualTo(stars);
        refused(ann.post("/api/payouts/" + id + "/approve"), 409, "ILLEGAL_TRANSITION");

        ok(bob.post("/api/payouts/" + id + "/retry"));
        JsonNode paid = awaitState(id, "EXECUTED");
        assertThat(paid.path("giftCost").asLong()).isEqualTo(25);
        assertThat(paid.path("gift").asText()).startsWith("GIFT ");
        assertThat(app.telegram().starBalance()).isEqualTo(stars - 25);
        assertThat(app.telegram().sentGifts()).anySatisfy(g -> {
            assertThat(g.userId()).isEqualTo(player);
            assertThat(g.stars()).isEqualTo(25);
        });
        assertThat(ok(auditor.get("/api/payouts/" + id)).path("decisions"))
                .extracting(d -> d.path("decision").asText())
                .containsExactly("APPROVE", "RETRY");
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(app.telegram().messagesTo(player))
                        .extracting(m -> m.path("text").asText())
                        .anySatisfy(t -> assertThat(t).contains("Telegram gift worth 25 ⭐")));
    }

    @Test
    void anOffPlatformPayoutIsPaidWhenFinanceRecordsTheReference() {
        JsonNode draw = drawn(PrizeChannel.OFF_PLATFORM, 1, 10, new Prize(1, null, 60L));
        long id = draw.at("/payouts/0/id").asLong();
        String execute = "/api/payouts/" + id + "/execute";
        refused(ann.post(execute, "{\"externalReference\":\"SEPA 42\"}"), 409, "ILLEGAL_TRANSITION");
        assertThat(ok(ann.post(approve(id))).path("state").asText()).isEqualTo("APPROVED");
        refused(bob.post(execute, "{}"), 400, "VALIDATION_FAILED");
        refused(bob.post(execute, "not json"), 400, "MALFORMED_JSON");
        refused(olga.post(execute, "{\"externalReference\":\"SEPA 42\"}"), 403, "FOUR_EYES_VIOLATION");
        long before = app.backend()
                .services()
                .ledger()
                .account(Chart.PAYOUTS_OFF_PLATFORM)
                .orElseThrow()
                .balance();
        JsonNode paid = ok(bob.post(execute, "{\"externalReference\":\"SEPA 42\"}"));
        assertThat(paid.path("state").asText()).isEqualTo("EXECUTED");
        assertThat(paid.path("externalReference").asText()).isEqualTo("SEPA 42");
        assertThat(app.backend()
                        .services()
                        .ledger()
                        .account(Chart.PAYOUTS_OFF_PLATFORM)
                        .orElseThrow()
                        .balance())
                .isEqualTo(before + 60);
    }

    @Test
    void rejectionVoidsTheHoldAndTheQueueShowsWhatIsLeft() {
        JsonNode draw = drawn(PrizeChannel.PRIZE_CREDIT, 3, 5, new Prize(1, 5000, null), new Prize(2, 5000, null));
        long raffle = draw.at("/draw/raffleId").asLong();
        JsonNode queue = ok(auditor.get("/api/payouts?status=OPEN&raffle=" + raffle));
        assertThat(queue.path("items")).hasSize(2);
        JsonNode first = queue.at("/items/0");
        assertThat(first.path("raffleTitle").asText()).startsWith("Api ");
        assertThat(first.path("playerName").asText()).startsWith("Winner");
        assertThat(first.path("channel").asText()).isEqualTo("PRIZE_CREDIT");
        assertThat(first.path("approvals").asInt()).isZero();
        assertThat(first.path("ageSeconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(first.has("ticketNumber")).isTrue();
        long id = first.path("id").asLong();
        long house = app.backend()
                .services()
                .ledger()
                .account(Chart.HOUSE_REVENUE)
                .orElseThrow()
                .balance();

        refused(ann.post("/api/payouts/" + id + "/reject", "{}"), 400, "VALIDATION_FAILED");
        refused(auditor.post("/api/payouts/" + id + "/reject", "{\"reason\":\"no\"}"), 403, "FORBIDDEN");
        JsonNode rejected = ok(ann.post("/api/payouts/" + id + "/reject", "{\"reason\":\"account reported stolen\"}"));
        assertThat(rejected.path("state").asText()).isEqualTo("REJECTED");
        assertThat(app.backend()
                        .services()
                        .ledger()
                        .account(Chart.HOUSE_REVENUE)
                        .orElseThrow()
                        .balance())
                .isEqualTo(house + first.path("amount").asLong());
        assertThat(ok(auditor.get("/api/payouts?status=OPEN&raffle=" + raffle)).path("items"))
                .hasSize(1);
        assertThat(ok(auditor.get("/api/payouts?status=REJECTED&raffle=" + raffle))
                        .path("items"))
                .hasSize(1);
        refused(auditor.get("/api/payouts?status=PAID"), 400, "VALIDATION_FAILED");
        refused(auditor.get("/api/payouts?limit=0"), 400, "VALIDATION_FAILED");
        refused(auditor.get("/api/payouts/999999"), 404, "NOT_FOUND");
        ok(bob.post("/api/payouts/" + queue.at("/items/1/id").asLong() + "/reject", "{\"reason\":\"cleanup\"}"));
    }

    /** A route, and a logged-in user who holds none of the roles it needs. */
    private record Guarded(String method, String path, ConsoleClient outsider) {}

    @Test
    void everyPayoutAndDrawRouteNeedsALoginAndTheRightRole() {
        ConsoleClient operator = app.as(Role.OPERATOR);
        ConsoleClient admin = app.as(Role.ADMIN);
        List<Guarded> routes = List.of(
                new Guarded("GET", "/api/payouts", operator),
                new Guarded("GET", "/api/payouts/1", operator),
                new Guarded("POST", "/api/payouts/1/approve", auditor),
                new Guarded("POST", "/api/payouts/1/reject", operator),
                new Guarded("POST", "/api/payouts/1/execute", auditor),
                new Guarded("POST", "/api/payouts/1/retry", admin),
                new Guarded("POST", "/api/payouts/1/reissue", auditor),
                new Guarded("POST", "/api/raffles/1/draw", ann),
                new Guarded("GET", "/api/raffles/1/draw", admin),
                new Guarded("POST", "/api/raffles/1/draw/disqualify", auditor));
        for (Guarded r : routes) {
            boolean get = r.method().equals("GET");
            refused(get ? app.get(r.path()) : app.post(r.path(), "application/json", "{}"), 401, "UNAUTHENTICATED");
            refused(get ? r.outsider().get(r.path()) : r.outsider().post(r.path(), "{}"), 403, "FORBIDDEN");
        }
    }

    private static JsonNode awaitState(long id, String state) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    last[0] = ok(auditor.get("/api/payouts/" + id)).path("payout");
                    return last[0].path("state").asText().equals(state);
                });
        return last[0];
    }
}
