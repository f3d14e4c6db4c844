package io.rafflestars.backend.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.bot.Lang;
import io.rafflestars.backend.bot.Texts;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.backend.testing.TestInitData;
import io.rafflestars.telegramfake.FakePlayer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Free entries to sweepstakes raffles through the Mini App API: a ticket like any other, a zero-value FREE_ENTRY
 * transfer, an audit entry and a feed event; limited per player by the database; precise refusals; the console field.
 */
@ExtendWith(FreshDatabase.class)
class FreeEntriesTest {
    private static final AtomicLong PLAYERS = new AtomicLong(71_000);
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

    private static HttpResponse<String> call(String method, String path, long player) {
        String initData = TestInitData.forPlayer(TestBackend.BOT_TOKEN, player, "P" + player, Instant.now());
        return TestBackend.send(HttpRequest.newBuilder(app.uri(path))
                .header("Authorization", "tma " + initData)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
    }

    private static HttpResponse<String> claim(long raffle, long player) {
        return call("POST", "/api/player/raffles/" + raffle + "/free-entry", player);
    }

    private static JsonNode json(HttpResponse<String> res) {
        try {
            return Json.mapper().readTree(res.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(res.body(), e);
        }
    }

    private static void refused(HttpResponse<String> res, int status, String code) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(json(res).path("error").path("code").asText()).isEqualTo(code);
    }

    @Test
    void aFreeEntryIsATicketAZeroValueTransferAnAuditEntryAndAFeedEvent() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.sweepstakes("Free Moon", 50, 5, 1));
        long p = PLAYERS.incrementAndGet();
        long q = PLAYERS.incrementAndGet();
        Scenarios.buy(app, app.telegram().player(q, "Q", "en"), raffle.id(), 2);

        HttpResponse<String> res = claim(raffle.id(), p);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        JsonNode entry = json(res);
        assertThat(entry.path("ticketNumber").asInt()).isEqualTo(3);
        assertThat(entry.path("entryNo").asInt()).isEqualTo(1);
        assertThat(entry.path("entriesLeft").asInt()).isZero();
        long id = entry.path("id").asLong();

        // the second claim is refused and changes nothing
        refused(claim(raffle.id(), p), 409, "FREE_ENTRIES_USED");

        JsonNode seen = json(call("GET", "/api/player/raffles/" + raffle.id(), p));
        assertThat(seen.path("myTickets")).hasSize(1);
        assertThat(seen.path("myTickets").get(0).asInt()).isEqualTo(3);
        assertThat(seen.path("freeEntriesPerPlayer").asInt()).isEqualTo(1);
        assertThat(seen.path("myFreeEntries").asInt()).isEqualTo(1);
        assertThat(seen.path("ticketsSold").asInt()).isEqualTo(3);
        assertThat(json(call("GET", "/api/player/tickets", p))
                        .path("raffles")
                        .get(0)
                        .path("numbers"))
                .hasSize(1);

        assertThat(TestDatabases.count(
                        db,
                        "SELECT count(*) FROM ledger_transfer WHERE id = 'free_entry:" + id + "' AND amount = 0"
                                + " AND kind = 'FREE_ENTRY' AND reference_type = 'free_entry'"))
                .isEqualTo(1);
        assertThat(TestDatabases.count(
                        db,
                        "SELECT count(*) FROM audit_log WHERE action = 'raffle.free_entry' AND target_id = '"
                                + raffle.id() + "' AND actor = 'telegram:" + p + "'"))
                .as("audited as the player")
                .isEqualTo(1);
        assertThat(TestDatabases.count(
                        db,
                        "SELECT count(*) FROM outbox_event WHERE type = 'FreeEntryClaimed' AND raffle_id = "
                                + raffle.id()))
                .isEqualTo(1);
        // the pot holds only what was paid
        assertThat(TestDatabases.count(
                        db,
                        "SELECT credits_posted - debits_posted FROM ledger_account WHERE code = 'raffle_pot:"
                                + raffle.id() + "'"))
                .isEqualTo(8);

        // the free ticket is in the draw like any other
        app.backend().services().raffles().close(raffle.id(), Scenarios.OPERATOR);
        var draw = app.backend().services().draws().publicDraw(raffle.id());
        assertThat(draw.ticketCount()).isEqualTo(3);
        assertThat(draw.tickets()).anyMatch(t -> t.number() == 3 && t.playerId() == p);
    }

    @Test
    void cancellingTellsFreeEntryOnlyHoldersOnceAndPayersOnlyOfTheirRefund() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.sweepstakes("Free Called Off", 50, 5, 1));
        long freeOnly = PLAYERS.incrementAndGet();
        FakePlayer payer = app.telegram().player(PLAYERS.incrementAndGet(), "Pay", "en");
        assertThat(claim(raffle.id(), freeOnly).statusCode()).isEqualTo(201);
        assertThat(claim(raffle.id(), payer.userId()).statusCode()).isEqualTo(201);
        Scenarios.buy(app, payer, raffle.id(), 1);

        app.backend().services().raffles().cancel(raffle.id(), Scenarios.OPERATOR, "venue closed");

        String freeNotice = Texts.freeEntryCancelled(Lang.EN, "Free Called Off");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> texts(freeOnly).contains(freeNotice)
                        && texts(payer.userId()).contains(Texts.raffleCancelled(Lang.EN, "Free Called Off", 4)));
        assertThat(texts(freeOnly)).containsOnlyOnce(freeNotice);
        // the payer hears of the refund, not of a free entry lost beside it
        assertThat(texts(payer.userId())).doesNotContain(freeNotice);
    }

    private static List<String> texts(long chat) {
        return app.telegram().messagesTo(chat).stream()
                .map(m -> m.path("text").asText(""))
                .toList();
    }

    @Test
    void claimsAreRefusedPrecisely() {
        long p = PLAYERS.incrementAndGet();
        Raffle paidOnly = Scenarios.openRaffle(app, Scenarios.spec("Paid only", 4, 10, 5));
        refused(claim(paidOnly.id(), p), 409, "FREE_ENTRY_NOT_OFFERED");
        refused(claim(999_999, p), 404, "NOT_FOUND");

        Raffle capped = Scenarios.openRaffle(app, Scenarios.sweepstakes("Free capped", 10, 2, 2));
        Scenarios.buy(app, app.telegram().player(p, "P", "en"), capped.id(), 2);
        refused(claim(capped.id(), p), 409, "PLAYER_CAP_REACHED");

        Raffle tiny = Scenarios.openRaffle(app, Scenarios.sweepstakes("Free tiny", 2, 2, 1));
        long a = PLAYERS.incrementAndGet();
        long b = PLAYERS.incrementAndGet();
        long c = PLAYERS.incrementAndGet();
        assertThat(claim(tiny.id(), a).statusCode()).isEqualTo(201);
        assertThat(claim(tiny.id(), b).statusCode()).isEqualTo(201);
        refused(claim(tiny.id(), c), 409, "SOLD_OUT");

        Raffle closed = Scenarios.openRaffle(app, Scenarios.sweepstakes("Free closed", 10, 2, 1));
        app.backend().services().raffles().close(closed.id(), Scenarios.OPERATOR);
        refused(claim(closed.id(), c), 409, "RAFFLE_NOT_OPEN");
        assertThat(TestDatabases.count(db, "SELECT count(*) FROM free_entry WHERE player_id = " + c))
                .isZero();
    }

    @Test
    void concurrentClaimsOfOnePlayerMakeExactlyAsManyEntriesAsAllowed() throws Exception {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.sweepstakes("Free race", 100, 10, 2));
        long p = PLAYERS.incrementAndGet();
        List<Callable<Integer>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            claims.add(() -> claim(raffle.id(), p).statusCode());
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Integer> f : pool.invokeAll(claims)) {
                statuses.add(f.get());
            }
        }
        assertThat(statuses.stream().filter(s -> s == 201)).hasSize(2);
        assertThat(statuses.stream().filter(s -> s == 409)).hasSize(6);
        assertThat(TestDatabases.count(db, "SELECT count(*) FROM ticket WHERE raffle_id = " + raffle.id()))
                .isEqualTo(2);
    }

    @Test
    void theDatabaseRefusesWhatTheCodeMustNeverDo() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.sweepstakes("Free guard", 20, 5, 1));
        long p = PLAYERS.incrementAndGet();
        assertThat(claim(raffle.id(), p).statusCode()).isEqualTo(201);
        long r = raffle.id();
        // a second entry past the limit, even with a free ticket of its own
        TestDatabases.execute(db, "UPDATE raffle SET tickets_sold = tickets_sold + 1 WHERE id = " + r);
        TestDatabases.execute(
                db,
                "INSERT INTO ticket (raffle_id, number, player_id, free_entry) VALUES (" + r + ", 2, " + p + ", true)");
        assertThatThrownBy(() -> TestDatabases.execute(
                        db,
                        "INSERT INTO free_entry (raffle_id, player_id, entry_no, ticket_number) VALUES (" + r + ", " + p
                                + ", 2, 2)"))
                .hasMessageContaining("allows 1 free entries");
        // the same entry twice
        assertThatThrownBy(() -> TestDatabases.execute(
                        db,
                        "INSERT INTO free_entry (raffle_id, player_id, entry_no, ticket_number) VALUES (" + r + ", " + p
                                + ", 1, 2)"))
                .hasMessageContaining("free_entry_once");
        // claims are append-only
        assertThatThrownBy(() -> TestDatabases.execute(db, "DELETE FROM free_entry WHERE raffle_id = " + r))
                .hasMessageContaining("append-only");
        // undo the stray ticket so the invariants see the honest state again
        TestDatabases.execute(db, "DELETE FROM ticket WHERE raffle_id = " + r + " AND number = 2");
        TestDatabases.execute(db, "UPDATE raffle SET tickets_sold = tickets_sold - 1 WHERE id = " + r);
        // free entries only for sweepstakes raffles; zero only for FREE_ENTRY transfers, and those always zero
        assertThatThrownBy(() -> TestDatabases.execute(db, "UPDATE raffle SET sweepstakes = false WHERE id = " + r))
                .hasMessageContaining("raffle_free_entries_need_sweepstakes");
        assertThatThrownBy(() -> TestDatabases.execute(
                        db,
                        "INSERT INTO ledger_transfer (id, debit_account_id, credit_account_id, amount, kind, phase,"
                                + " reference_type, reference_id) SELECT 'zero-payment', a.id, b.id, 0, 'PAYMENT',"
                                + " 'SINGLE', 'test', 'x' FROM ledger_account a, ledger_account b"
                                + " WHERE a.code = 'house_revenue' AND b.code = 'raffle_pot:" + r + "'"))
                .hasMessageContaining("ledger_transfer_amount_check");
        assertThatThrownBy(() -> TestDatabases.execute(
                        db,
                        "INSERT INTO ledger_transfer (id, debit_account_id, credit_account_id, amount, kind, phase,"
                                + " reference_type, reference_id) SELECT 'paid-free', a.id, b.id, 5, 'FREE_ENTRY',"
                                + " 'SINGLE', 'test', 'x' FROM ledger_account a, ledger_account b"
                                + " WHERE a.code = 'house_revenue' AND b.code = 'raffle_pot:" + r + "'"))
                .hasMessageContaining("ledger_transfer_amount_check");
    }

    @Test
    void operatorsSetTheLimitInTheConsoleApi() {
        ConsoleClient operator = app.as(Role.OPERATOR);
        ObjectNode spec = Json.mapper().valueToTree(Scenarios.spec("Console free", 5, 100, 10));
        spec.put("freeEntriesPerPlayer", 1);
        HttpResponse<String> notSweepstakes = operator.post("/api/raffles", spec.toString());
        assertThat(ConsoleClient.error(notSweepstakes, 400, "VALIDATION_FAILED")
                        .path("field")
                        .asText())
                .isEqualTo("freeEntriesPerPlayer");
        spec.put("sweepstakes", true);
        spec.put("freeEntriesPerPlayer", 11);
        assertThat(ConsoleClient.error(operator.post("/api/raffles", spec.toString()), 400, "VALIDATION_FAILED")
                        .path("field")
                        .asText())
                .isEqualTo("freeEntriesPerPlayer");
        spec.put("freeEntriesPerPlayer", 3);
        HttpResponse<String> created = operator.post("/api/raffles", spec.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = ConsoleClient.json(created);
        assertThat(body.findValue("freeEntriesPerPlayer").asInt()).isEqualTo(3);
        long id = body.path("id").asLong();
        assertThat(app.backend().services().raffles().get(id).spec().freeEntriesPerPlayer())
                .isEqualTo(3);
        // a spec without the field means no free entries
        ObjectNode plain = Json.mapper().valueToTree(Scenarios.spec("Console plain", 5, 100, 10));
        plain.remove("freeEntriesPerPlayer");
        JsonNode made = ConsoleClient.json(operator.post("/api/raffles", plain.toString()));
        assertThat(made.findValue("freeEntriesPerPlayer").asInt()).isZero();
    }
}
