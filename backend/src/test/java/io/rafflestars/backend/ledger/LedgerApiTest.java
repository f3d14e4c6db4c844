package io.rafflestars.backend.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Prize;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleSpec;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ledger and reconciliation routes over HTTP: filters, cursors, CSV twins, resolving mismatches, roles. */
@ExtendWith(FreshDatabase.class)
class LedgerApiTest {
    private static TestBackend app;
    private static DatabaseUrl db;
    private static ConsoleClient finance;
    private static ConsoleClient auditor;
    private static long raffleId;

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = url;
        app = TestBackend.start(url, Map.of("SCHEDULER_ENABLED", "false"));
        finance = app.as(Role.FINANCE);
        auditor = app.as(Role.AUDITOR);
        // money moving through every step: three purchases, a draw, one payout paid in prize credit
        RaffleSpec spec = Scenarios.prizes(
                Scenarios.spec("Ledger", 10, 100, 10),
                RaffleSpec.PrizeChannel.PRIZE_CREDIT,
                RaffleSpec.DrawMode.OPERATOR,
                1000,
                RaffleSpec.RepeatPolicy.ONE_PRIZE_PER_PLAYER,
                new Prize(1, 8000, null));
        Raffle raffle = Scenarios.openRaffle(app, spec);
        raffleId = raffle.id();
        for (int i = 0; i < 3; i++) {
            Scenarios.buy(app, app.telegram().player(3100 + i, "L" + i, "en"), raffleId, 2 + i);
        }
        app.backend().services().raffles().close(raffleId, Scenarios.OPERATOR);
        JsonNode draw = ok(app.as(Role.OPERATOR).post("/api/raffles/" + raffleId + "/draw"));
        ok(finance.post("/api/payouts/" + draw.at("/payouts/0/id").asLong() + "/approve"));
    }

    @AfterAll
    static void stop() {
        Invariants.assertHold(db);
        app.close();
    }

    private static JsonNode ok(HttpResponse<String> res) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return ConsoleClient.json(res);
    }

    private static void refused(HttpResponse<String> res, int status, String code, String field) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(ConsoleClient.json(res).at("/error/code").asText()).isEqualTo(code);
        if (field != null) {
            assertThat(ConsoleClient.json(res).at("/error/field").asText()).isEqualTo(field);
        }
    }

    /** Reads every page of a list with the given page size, following {@code nextAfter}. */
    private static List<JsonNode> all(String path, int limit) {
        List<JsonNode> items = new ArrayList<>();
        long after = 0;
        while (true) {
            String sep = path.contains("?") ? "&" : "?";
            JsonNode page = ok(auditor.get(path + sep + "limit=" + limit + "&after=" + after));
            page.path("items").forEach(items::add);
            if (page.path("nextAfter").isNull()) {
                return items;
            }
            after = page.path("nextAfter").asLong();
        }
    }

    private static List<String> csv(HttpResponse<String> res) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        return res.body().lines().toList();
    }

    @Test
    void entriesFilterByRaffleKindAccountAndTimeAndPageWithACursor() {
        List<JsonNode> ofRaffle = all("/api/ledger/entries?raffle=" + raffleId, 1000);
        // 3 payments, fee, prize, remainder, payout hold and its post
        assertThat(ofRaffle)
                .extracting(e -> e.path("kind").asText() + "/" + e.path("phase").asText())
                .containsExactly(
                        "PAYMENT/SINGLE",
                        "PAYMENT/SINGLE",
                        "PAYMENT/SINGLE",
                        "HOUSE_FEE/SINGLE",
                        "PRIZE/SINGLE",
                        "HOUSE_FEE/SINGLE",
                        "PAYOUT/PENDING",
                        "PAYOUT/POST_PENDING");
        assertThat(all("/api/ledger/entries?raffle=" + raffleId, 3)).isEqualTo(ofRaffle);
        assertThat(all("/api/ledger/entries?kind=payment&raffle=" + raffleId, 2))
                .hasSize(3);
        assertThat(all("/api/ledger/entries?account=house_revenue", 100))
                .allSatisfy(e -> assertThat(e.path("credit").asText()).isEqualTo("house_revenue"))
                .hasSize(2);
        Instant drawnAt = Instant.parse(ofRaffle.get(3).path("at").asText());
        assertThat(all("/api/ledger/entries?raffle=" + raffleId + "&from=" + drawnAt, 100))
                .hasSize(5);
        assertThat(all("/api/ledger/entries?raffle=" + raffleId + "&to=" + drawnAt, 100))
                .hasSize(3);

        List<String> rows = csv(auditor.get("/api/ledger/entries.csv?raffle=" + raffleId));
        assertThat(rows.getFirst()).startsWith("seq,id,created_at,kind,phase,debit,credit,amount");
        assertThat(rows).hasSize(1 + ofRaffle.size());
        assertThat(rows.get(1)).contains(",PAYMENT,SINGLE,telegram_clearing,raffle_pot:" + raffleId + ",20,");

        refused(auditor.get("/api/ledger/entries?kind=GIFT"), 400, "VALIDATION_FAILED", "kind");
        refused(auditor.get("/api/ledger/entries?from=yesterday"), 400, "VALIDATION_FAILED", "from");
        refused(
                auditor.get("/api/ledger/entries?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"),
                400,
                "VALIDATION_FAILED",
                "to");
        // a CSV request is checked before its body starts, so a bad filter still gets the JSON error
        refused(auditor.get("/api/ledger/entries.csv?kind=GIFT"), 400, "VALIDATION_FAILED", "kind");
        refused(auditor.get("/api/ledger/entries?after=-1"), 400, "VALIDATION_FAILED", "after");
    }

    @Test
    void accountsTrialBalanceAndRaffleResults() {
        List<JsonNode> pots = all("/api/ledger/accounts?type=RAFFLE_POT", 1);
        assertThat(pots).extracting(a -> a.path("code").asText()).containsExactly("raffle_pot:" + raffleId);
        assertThat(pots.getFirst().path("balance").asLong()).isZero();
        JsonNode credit =
                all("/api/ledger/accounts?type=PLAYER_PRIZE_CREDIT", 10).getFirst();
        // pot 90, fee 9, 80% of 81 = 64
        assertThat(credit.path("balance").asLong()).isEqualTo(64);
        assertThat(credit.path("available").asLong()).isEqualTo(64);
        assertThat(all("/api/ledger/accounts?raffle=" + raffleId, 10)).hasSize(2);
        assertThat(csv(auditor.get("/api/ledger/accounts.csv")))
                .hasSize(1 + all("/api/ledger/accounts", 1000).size());

        JsonNode tb = ok(finance.get("/api/ledger/trial-balance"));
        assertThat(tb.path("balanced").asBoolean()).isTrue();
        assertThat(tb.path("debits").asLong()).isEqualTo(tb.path("credits").asLong());
        assertThat(csv(finance.get("/api/ledger/trial-balance.csv")).getLast()).startsWith("TOTAL,,");

        JsonNode result = ok(auditor.get("/api/ledger/raffle-results/" + raffleId));
        assertThat(result.path("paid").asLong()).isEqualTo(90);
        assertThat(result.path("houseFee").asLong()).isEqualTo(26);
        assertThat(result.path("prizes").asLong()).isEqualTo(64);
        assertThat(result.path("paidOut").asLong()).isEqualTo(64);
        assertThat(result.path("potBalance").asLong()).isZero();
        assertThat(result.path("prizesOwed").asLong()).isZero();
        assertThat(all("/api/ledger/raffle-results", 1))
                .extracting(r -> r.path("raffleId").asLong())
                .contains(raffleId);
        assertThat(csv(auditor.get("/api/ledger/raffle-results.csv")))
                .anySatisfy(line -> assertThat(line).startsWith(raffleId + ",Ledger,SETTLED,90,0,26,64,64,0,0,0"));
        refused(auditor.get("/api/ledger/raffle-results/999999"), 404, "NOT_FOUND", null);
    }

    @Test
    void financeResolvesAMismatchOnceWithANoteAndItIsAudited() {
        TestDatabases.execute(
                db,
                "WITH run AS (INSERT INTO reconciliation_run DEFAULT VALUES RETURNING id)"
                        + " INSERT INTO reconciliation_mismatch (run_id, kind, telegram_payment_charge_id,"
                        + " telegram_amount, detail) SELECT id, 'MISSING_HERE', 'stx-lost', 30,"
                        + " '=HYPERLINK(\"x\"), a detail' FROM run");
        JsonNode open = ok(auditor.get("/api/reconciliation/mismatches"));
        assertThat(open.path("items")).hasSize(1);
        long id = open.at("/items/0/id").asLong();
        String resolve = "/api/reconciliation/mismatches/" + id + "/resolve";
        // a formula-looking text is defused in the CSV
        assertThat(csv(auditor.get("/api/reconciliation/mismatches.csv")).get(1))
                .contains("\"'=HYPERLINK(\"\"x\"\"), a detail\"");

        refused(auditor.post(resolve, "{\"note\":\"seen\"}"), 403, "FORBIDDEN", null);
        refused(finance.post(resolve, "{}"), 400, "VALIDATION_FAILED", "note");
        JsonNode resolved = ok(finance.post(resolve, "{\"note\":\"test payment by the support team, refunded\"}"));
        assertThat(resolved.path("resolvedBy").asText()).isEqualTo(finance.username());
        assertThat(resolved.path("resolution").asText()).isEqualTo("test payment by the support team, refunded");
        refused(finance.post(resolve, "{\"note\":\"again\"}"), 409, "ILLEGAL_TRANSITION", null);
        assertThat(ok(auditor.get("/api/reconciliation/mismatches")).path("items"))
                .isEmpty();
        assertThat(ok(auditor.get("/api/reconciliation/mismatches?status=resolved"))
                        .path("items"))
                .hasSize(1);
        assertThat(TestDatabases.count(
                        db,
                        "SELECT count(*) FROM audit_log WHERE action = 'reconciliation.resolve' AND target_id = '" + id
                                + "' AND actor = '" + finance.username() + "'"))
                .isEqualTo(1);
        refused(auditor.get("/api/reconciliation/mismatches?status=LOST"), 400, "VALIDATION_FAILED", "status");
        refused(auditor.get("/api/reconciliation/mismatches.csv?status=LOST"), 400, "VALIDATION_FAILED", "status");
    }

    @Test
    void onlyFinanceAndAuditorsReadTheLedger() {
        ConsoleClient operator = app.as(Role.OPERATOR);
        for (String path : List.of(
                "/api/ledger/accounts",
                "/api/ledger/accounts.csv",
                "/api/ledger/entries",
                "/api/ledger/entries.csv",
                "/api/ledger/trial-balance",
                "/api/ledger/trial-balance.csv",
                "/api/ledger/raffle-results",
                "/api/ledger/raffle-results.csv",
                "/api/ledger/raffle-results/1",
                "/api/reconciliation/mismatches",
                "/api/reconciliation/mismatches.csv")) {
            refused(app.get(path), 401, "UNAUTHENTICATED", null);
            refused(operator.get(path), 403, "FORBIDDEN", null);
        }
        refused(
                app.post("/api/reconciliation/mismatches/1/resolve", "application/json", "{}"),
                401,
                "UNAUTHENTICATED",
                null);
    }
}
