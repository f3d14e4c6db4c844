package io.rafflestars.backend.draw;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Json;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real raffle, sold through the fake Telegram and drawn by the backend, reproduces worked example A of
 * docs/fairness.md: raffle 42, the example's seed, ten tickets of the example's players, three places, one prize per
 * player. The numbers below are the document's.
 */
@ExtendWith(FreshDatabase.class)
class WorkedExampleDrawTest {
    static final String SEED = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static final String COMMITMENT = "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd";
    static final String TICKETS_HASH = "dcf37748555516637fb36881d89cd6f2012918928c8d61ada566a298982acbc9";
    static final String DRAW_KEY = "3b6b522e92db43d75fb3eb7fc7fb6d83a3714f48eae1937b6d034937c274e5b7";
    static final long[] PLAYERS = {1001, 1002, 1003, 1001, 1004, 1005, 1002, 1006, 1007, 1008};

    private static TestBackend app;
    private static DatabaseUrl db;

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = url;
        app = TestBackend.start(url, Map.of("SCHEDULER_ENABLED", "false"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aRealDrawReproducesTheDocumentsWorkedExampleAndItsRedraw() throws Exception {
        // The example is raffle 42 whose seed is 00 01 .. 1f: the next raffle gets id 42, and its seed is set as the
        // example's before sales open (a real one comes from SecureRandom at publication).
        TestDatabases.execute(db, "ALTER TABLE raffle ALTER COLUMN id RESTART WITH 42");
        RaffleSpec spec = Scenarios.prizes(
                Scenarios.spec("Worked example", 10, 100, 5),
                RaffleSpec.PrizeChannel.PRIZE_CREDIT,
                RaffleSpec.DrawMode.OPERATOR,
                1000,
                RaffleSpec.RepeatPolicy.ONE_PRIZE_PER_PLAYER,
                new Prize(1, 5000, null),
                new Prize(2, 3000, null),
                new Prize(3, 2000, null));
        var raffles = app.backend().services().raffles();
        Raffle raffle = raffles.create(spec, Scenarios.OPERATOR);
        assertThat(raffle.id()).isEqualTo(42);
        raffles.publish(42, Scenarios.OPERATOR);
        TestDatabases.execute(
                db,
                "UPDATE raffle SET seed = '\\x" + SEED + "'::bytea, commitment = '" + COMMITMENT + "' WHERE id = 42");
        raffles.open(42, Scenarios.OPERATOR);
        for (long player : PLAYERS) {
            Scenarios.buy(app, app.telegram().player(player, "P" + player, "en"), 42, 1);
        }
        assertThat(raffles.close(42, Scenarios.OPERATOR).ticketsHash()).isEqualTo(TICKETS_HASH);

        ConsoleClient operator = app.as(Role.OPERATOR);
        JsonNode drawn = json(operator.post("/api/raffles/42/draw"));
        assertThat(winners(drawn.path("draw"))).containsExactly("1:10:1008", "2:5:1004", "3:8:1006");
        // pot 100, house fee 10%, shares 50/30/20 of 90
        assertThat(drawn.at("/draw/winners/0/prize").asLong()).isEqualTo(45);
        assertThat(drawn.at("/draw/winners/1/prize").asLong()).isEqualTo(27);
        assertThat(drawn.at("/draw/winners/2/prize").asLong()).isEqualTo(18);
        assertThat(drawn.path("payouts")).hasSize(3);

        JsonNode proof = json(app.get("/public/raffles/42/draw"));
        assertThat(proof.path("state").asText()).isEqualTo("DRAWN");
        assertThat(proof.path("algorithm").asText()).isEqualTo("raffle-stars/draw/v1");
        assertThat(proof.path("commitment").asText()).isEqualTo(COMMITMENT);
        assertThat(proof.path("seed").asText()).isEqualTo(SEED);
        assertThat(proof.path("ticketsHash").asText()).isEqualTo(TICKETS_HASH);
        assertThat(proof.path("ticketCount").asInt()).isEqualTo(10);
        assertThat(proof.path("policy").asText()).isEqualTo("ONE_PRIZE_PER_PLAYER");
        assertThat(proof.path("beacon").isNull()).isTrue();
        assertThat(winners(proof)).containsExactly("1:10:1008", "2:5:1004", "3:8:1006");
        List<String> tickets = new ArrayList<>();
        proof.path("tickets")
                .forEach(t -> tickets.add(
                        t.path("number").asLong() + ":" + t.path("playerId").asLong()));
        assertThat(tickets)
                .containsExactly(
                        "1:1001", "2:1002", "3:1003", "4:1001", "5:1004", "6:1005", "7:1002", "8:1006", "9:1007",
                        "10:1008");

        JsonNode verified = json(app.post("/public/raffles/42/draw/verify", "application/json", ""));
        assertThat(verified.path("verified").asBoolean())
                .as(verified.toString())
                .isTrue();
        assertThat(verified.path("drawKey").asText()).isEqualTo(DRAW_KEY);
        assertThat(verified.path("stepsTaken").asInt()).isEqualTo(3);
        assertThat(verified.path("valuesDrawn").asLong()).isEqualTo(3);

        // Redraw of place 2: the stream continues with its fourth value and picks ticket #9 of player 1007.
        JsonNode redrawn = json(operator.post(
                "/api/raffles/42/draw/disqualify",
                "{\"place\": 2, \"reason\": \"ticket bought with a stolen account\"}"));
        assertThat(winners(redrawn.path("draw"))).containsExactly("1:10:1008", "2:9:1007", "3:8:1006");
        JsonNode after = json(app.get("/public/raffles/42/draw"));
        assertThat(winners(after)).containsExactly("1:10:1008", "2:9:1007", "3:8:1006");
        assertThat(after.path("disqualifications")).hasSize(1);
        assertThat(after.at("/disqualifications/0/place").asInt()).isEqualTo(2);
        assertThat(after.at("/disqualifications/0/ticketNumber").asInt()).isEqualTo(5);
        assertThat(after.at("/disqualifications/0/playerId").asLong()).isEqualTo(1004);
        assertThat(after.at("/disqualifications/0/reason").asText()).isEqualTo("ticket bought with a stolen account");
        JsonNode reverified = json(app.get("/public/raffles/42/draw/verify"));
        assertThat(reverified.path("verified").asBoolean())
                .as(reverified.toString())
                .isTrue();
        assertThat(reverified.path("stepsTaken").asInt()).isEqualTo(4);

        Invariants.assertHold(db);
    }

    private static List<String> winners(JsonNode draw) {
        List<String> out = new ArrayList<>();
        draw.path("winners")
                .forEach(w -> out.add(
                        w.path("place").asInt() + ":" + w.path("ticketNumber").asInt() + ":"
                                + w.path("playerId").asLong()));
        return out;
    }

    private static JsonNode json(HttpResponse<String> res) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return Json.mapper().readTree(res.body());
    }
}
