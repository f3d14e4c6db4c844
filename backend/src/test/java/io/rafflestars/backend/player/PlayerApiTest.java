package io.rafflestars.backend.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestInitData;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.Invoice;
import io.rafflestars.telegramfake.PaymentOutcome;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Mini App's API over real HTTP: initData authentication, the player's rate limit, buying, tickets, proofs. */
@ExtendWith(FreshDatabase.class)
class PlayerApiTest {
    private static final AtomicLong PLAYERS = new AtomicLong(51_000);
    private static TestBackend app;
    private static DatabaseUrl db;

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = url;
        app = TestBackend.start(url, Map.of("RATE_LIMIT_PLAYER", "1000/60s"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void invariantsHold() {
        Invariants.assertHold(db);
    }

    static String initData(long player) {
        return TestInitData.forPlayer(TestBackend.BOT_TOKEN, player, "P" + player, Instant.now());
    }

    static HttpResponse<String> call(TestBackend on, String method, String path, String authorization, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(on.uri(path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return TestBackend.send(b.build());
    }

    private static HttpResponse<String> get(String path, long player) {
        return call(app, "GET", path, "tma " + initData(player), null);
    }

    private static HttpResponse<String> buy(long raffle, long player, String body) {
        return call(app, "POST", "/api/player/raffles/" + raffle + "/purchases", "tma " + initData(player), body);
    }

    private static JsonNode json(HttpResponse<String> res) {
        try {
            return Json.mapper().readTree(res.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(res.body(), e);
        }
    }

    private static String code(HttpResponse<String> res) {
        return json(res).path("error").path("code").asText();
    }

    @Test
    void everyRouteRefusesMissingTamperedAndExpiredInitData() {
        long p = PLAYERS.incrementAndGet();
        String good = initData(p);
        String tampered = good.replace("%22id%22%3A" + p, "%22id%22%3A" + (p + 1));
        assertThat(tampered).isNotEqualTo(good);
        String expired = TestInitData.forPlayer(
                TestBackend.BOT_TOKEN, p, "Old", Instant.now().minus(Duration.ofDays(2)));
        String otherBot = TestInitData.forPlayer("777:other-bot", p, "X", Instant.now());
        for (String path :
                List.of("/api/player/me", "/api/player/raffles", "/api/player/raffles/1", "/api/player/tickets")) {
            HttpResponse<String> none = call(app, "GET", path, null, null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(code(none)).isEqualTo("UNAUTHENTICATED");
            assertThat(code(call(app, "GET", path, "Bearer " + good, null))).isEqualTo("UNAUTHENTICATED");
            assertThat(code(call(app, "GET", path, "tma ", null))).isEqualTo("UNAUTHENTICATED");
            HttpResponse<String> bad = call(app, "GET", path, "tma " + tampered, null);
            assertThat(bad.statusCode()).isEqualTo(401);
            assertThat(code(bad)).isEqualTo("INIT_DATA_INVALID");
            assertThat(code(call(app, "GET", path, "tma " + otherBot, null))).isEqualTo("INIT_DATA_INVALID");
            assertThat(code(call(app, "GET", path, "tma garbage", null))).isEqualTo("INIT_DATA_INVALID");
            HttpResponse<String> old = call(app, "GET", path, "tma " + expired, null);
            assertThat(old.statusCode()).isEqualTo(401);
            assertThat(code(old)).isEqualTo("INIT_DATA_EXPIRED");
        }
        HttpResponse<String> anonymousBuy =
                call(app, "POST", "/api/player/raffles/1/purchases", null, "{\"quantity\":1}");
        assertThat(anonymousBuy.statusCode()).isEqualTo(401);
        assertThat(code(call(app, "POST", "/api/player/raffles/1/purchases", "tma " + tampered, "{\"quantity\":1}")))
                .isEqualTo("INIT_DATA_INVALID");
        HttpResponse<String> me = call(app, "GET", "/api/player/me", "TMA " + good, null);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me).path("id").asLong()).isEqualTo(p);
        assertThat(json(me).path("languageCode").asText()).isEqualTo("en");
    }

    @Test
    void aPlayerSeesOpenRafflesBuysThroughAnInvoiceLinkAndGetsTicketsOnlyOncePaid() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Mini App buy", 7, 100, 10));
        long p = PLAYERS.incrementAndGet();

        JsonNode list = json(get("/api/player/raffles", p));
        JsonNode listed = null;
        for (JsonNode r : list.path("open")) {
            if (r.path("id").asLong() == raffle.id()) {
                listed = r;
            }
        }
        assertThat(listed).as("open raffle listed in " + list).isNotNull();
        assertThat(listed.path("ticketPrice").asLong()).isEqualTo(7);
        assertThat(listed.path("ticketsLeft").asInt()).isEqualTo(100);
        assertThat(Instant.parse(listed.path("closesAt").asText()))
                .isEqualTo(raffle.spec().endsAt());
        assertThat(list.path("serverTime").asText()).isNotEmpty();

        HttpResponse<String> bought = buy(raffle.id(), p, "{\"quantity\":3}");
        assertThat(bought.statusCode()).as(bought.body()).isEqualTo(201);
        JsonNode purchase = json(bought);
        assertThat(purchase.path("amount").asLong()).isEqualTo(21);
        assertThat(purchase.path("quantity").asInt()).isEqualTo(3);
        String link = purchase.path("invoiceLink").asText();
        Invoice invoice = app.telegram().invoiceByLink(link).orElseThrow();
        assertThat(invoice.currency()).isEqualTo("XTR");
        assertThat(invoice.amount()).isEqualTo(21);

        // an invoice link alone makes no tickets
        assertThat(json(get("/api/player/tickets", p)).path("raffles")).isEmpty();
        assertThat(json(get("/api/player/raffles/" + raffle.id(), p)).path("myTickets"))
                .isEmpty();

        FakePlayer player = app.telegram().player(p, "P" + p, "en");
        assertThat(player.pay(invoice)).isInstanceOf(PaymentOutcome.Paid.class);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> json(get("/api/player/tickets", p)).path("raffles").size() == 1);
        JsonNode mine = json(get("/api/player/tickets", p)).path("raffles").get(0);
        assertThat(mine.path("raffleId").asLong()).isEqualTo(raffle.id());
        assertThat(mine.path("numbers")).hasSize(3);
        JsonNode one = json(get("/api/player/raffles/" + raffle.id(), p));
        assertThat(one.path("myTickets")).hasSize(3);
        assertThat(one.path("ticketsSold").asInt()).isEqualTo(3);
        assertThat(one.path("ticketsLeft").asInt()).isEqualTo(97);
        // another player sees the counter, not the numbers
        assertThat(json(get("/api/player/raffles/" + raffle.id(), PLAYERS.incrementAndGet()))
                        .path("myTickets"))
                .isEmpty();
    }

    @Test
    void buyingIsRefusedPreciselyAndChangesNothing() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Mini App refusals", 5, 6, 4));
        long p = PLAYERS.incrementAndGet();
        List<String> codes = new ArrayList<>();
        for (String body : List.of("{\"quantity\":0}", "{\"quantity\":-2}", "{}", "{\"quantity\":5}")) {
            HttpResponse<String> res = buy(raffle.id(), p, body);
            assertThat(res.statusCode()).as(body).isEqualTo(400);
            assertThat(json(res).path("error").path("field").asText()).isEqualTo("quantity");
            codes.add(code(res));
        }
        assertThat(codes).containsOnly("VALIDATION_FAILED");
        assertThat(code(buy(raffle.id(), p, "{\"quantity\":\"three\"}"))).isEqualTo("VALIDATION_FAILED");
        assertThat(code(buy(raffle.id(), p, "not json"))).isEqualTo("MALFORMED_JSON");
        assertThat(buy(999_999, p, "{\"quantity\":1}").statusCode()).isEqualTo(404);

        // the player's cap counts tickets already bought
        long q = PLAYERS.incrementAndGet();
        Scenarios.buy(app, app.telegram().player(q, "Q", "en"), raffle.id(), 3);
        HttpResponse<String> cap = buy(raffle.id(), q, "{\"quantity\":2}");
        assertThat(cap.statusCode()).isEqualTo(409);
        assertThat(code(cap)).isEqualTo("PLAYER_CAP_REACHED");

        // three tickets left: four are too many
        long r = PLAYERS.incrementAndGet();
        HttpResponse<String> sold = buy(raffle.id(), r, "{\"quantity\":4}");
        assertThat(sold.statusCode()).isEqualTo(409);
        assertThat(code(sold)).isEqualTo("SOLD_OUT");

        app.backend().services().raffles().close(raffle.id(), Scenarios.OPERATOR);
        HttpResponse<String> closed = buy(raffle.id(), r, "{\"quantity\":1}");
        assertThat(closed.statusCode()).isEqualTo(409);
        assertThat(code(closed)).isEqualTo("RAFFLE_NOT_OPEN");
        assertThat(app.telegram().calls("createInvoiceLink")).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void aDrawnRafflesProofIsThere() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Mini App proof", 3, 20, 5));
        long p = PLAYERS.incrementAndGet();
        Scenarios.buy(app, app.telegram().player(p, "P", "en"), raffle.id(), 2);
        Scenarios.buy(app, app.telegram().player(p + 1000, "Q", "en"), raffle.id(), 3);
        assertThat(json(get("/api/player/raffles/" + raffle.id() + "/draw", p))
                        .path("seed")
                        .isNull())
                .isTrue();
        app.backend().services().raffles().close(raffle.id(), Scenarios.OPERATOR);
        app.backend().services().draws().draw(raffle.id(), Scenarios.OPERATOR);
        JsonNode proof = json(get("/api/player/raffles/" + raffle.id() + "/draw", p));
        assertThat(proof.path("seed").asText()).hasSize(64);
        assertThat(proof.path("tickets")).hasSize(5);
        assertThat(proof.path("winners")).hasSize(1);
        JsonNode listed = json(get("/api/player/raffles", p)).path("results");
        assertThat(listed.findValues("id").stream().map(JsonNode::asLong)).contains(raffle.id());
    }

    @Test
    void eachPlayerHasTheirOwnRateLimitRightAfterAuthentication() {
        try (TestBackend limited = TestBackend.start(db, Map.of("RATE_LIMIT_PLAYER", "3/60s"))) {
            long p = PLAYERS.incrementAndGet();
            String auth = "tma " + initData(p);
            for (int i = 0; i < 3; i++) {
                assertThat(call(limited, "GET", "/api/player/me", auth, null).statusCode())
                        .isEqualTo(200);
            }
            HttpResponse<String> refused = call(limited, "GET", "/api/player/raffles", auth, null);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(code(refused)).isEqualTo("TOO_MANY_REQUESTS");
            assertThat(Long.parseLong(
                            refused.headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(1L, 60L);
            // another player is not held back by the first one
            assertThat(call(limited, "GET", "/api/player/me", "tma " + initData(p + 1), null)
                            .statusCode())
                    .isEqualTo(200);
            // refused before authentication, invalid initData takes no player's tokens (and gets its 401)
            assertThat(call(limited, "GET", "/api/player/me", "tma bad", null).statusCode())
                    .isEqualTo(401);
        }
    }
}
