package io.rafflestars.backend.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.testing.FeedClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestInitData;
import io.rafflestars.common.api.FeedCloseCode;
import io.rafflestars.telegramfake.FakePlayer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Mini App's feed: public raffle channels for anyone, a player's own events after initData. */
@ExtendWith(FreshDatabase.class)
class PlayerFeedTest {
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
        Invariants.assertHold(db);
    }

    private static FeedClient player() {
        return FeedClient.connect(app.ws(Feeds.PLAYER_PATH));
    }

    private static String initData(FakePlayer p) {
        return TestInitData.forPlayer(TestBackend.BOT_TOKEN, p.userId(), p.firstName(), Instant.now());
    }

    private static void buy(FakePlayer p, Raffle r, int quantity) {
        p.pay(Scenarios.invoiceDirect(app, p, r.id(), quantity));
    }

    private static boolean isEvent(JsonNode m, String type) {
        return "event".equals(m.path("type").asText())
                && type.equals(m.path("event").asText());
    }

    @Test
    void anyoneWatchingARaffleGetsItsSnapshotThenEveryCounterChangeAndNobodysPrivateData() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Watch", 4, 30, 10));
        FakePlayer ann = app.telegram().player(3001, "Ann", "en");
        buy(ann, raffle, 1);
        try (FeedClient watcher = player()) {
            watcher.helloPlayer(null, null, raffle.id());
            JsonNode snapshot = watcher.awaitType("raffle");
            assertThat(snapshot.path("raffleId").asLong()).isEqualTo(raffle.id());
            assertThat(snapshot.path("state").asText()).isEqualTo("OPEN");
            assertThat(snapshot.path("ticketsSold").asInt()).isEqualTo(1);
            assertThat(snapshot.path("totalTickets").asInt()).isEqualTo(30);
            assertThat(Instant.parse(snapshot.path("endsAt").asText()))
                    .isEqualTo(raffle.spec().endsAt());
            assertThat(Instant.parse(snapshot.path("serverTime").asText()))
                    .isBetween(Instant.now().minusSeconds(60), Instant.now());
            watcher.awaitType("live");

            buy(ann, raffle, 2);
            buy(app.telegram().player(3002, "Bob", "en"), raffle, 3);
            watcher.awaitEvents(2);
            assertThat(watcher.events())
                    .extracting(e -> e.path("data").path("ticketsSold").asInt())
                    .containsExactly(3, 6);
            for (JsonNode e : watcher.events()) {
                assertThat(e.path("event").asText()).isEqualTo("TicketsSold");
                assertThat(e.has("mine")).isFalse();
                assertThat(e.toString())
                        .doesNotContain("3001")
                        .doesNotContain("3002")
                        .doesNotContain("numbers");
            }
        }
    }

    @Test
    void aSignedInPlayerAlsoGetsTheirOwnTicketsAndPaymentsWhereverTheyBuy() {
        Raffle watched = Scenarios.openRaffle(app, Scenarios.spec("Mine", 2, 50, 10));
        Raffle other = Scenarios.openRaffle(app, Scenarios.spec("Other", 2, 50, 10));
        FakePlayer cid = app.telegram().player(3003, "Cid", "en");
        FakePlayer dee = app.telegram().player(3004, "Dee", "en");
        try (FeedClient app1 = player()) {
            app1.helloPlayer(initData(cid), null, watched.id());
            assertThat(app1.awaitType("welcome").path("player").asLong()).isEqualTo(3003);
            app1.awaitType("live");

            buy(cid, watched, 2);
            JsonNode mine = app1.await(m -> isEvent(m, "TicketsSold") && m.has("mine"));
            assertThat(mine.path("mine").path("numbers").toString()).isEqualTo("[1,2]");
            assertThat(mine.path("data").path("ticketsSold").asInt()).isEqualTo(2);
            assertThat(app1.await(m -> isEvent(m, "PaymentReceived"))
                            .path("mine")
                            .path("state")
                            .asText())
                    .isEqualTo("CREDITED");

            buy(dee, watched, 1); // someone else: only the counter
            JsonNode theirs = app1.await(m -> isEvent(m, "TicketsSold")
                    && m.path("data").path("ticketsSold").asInt() == 3);
            assertThat(theirs.has("mine")).isFalse();

            buy(cid, other, 1); // a raffle not watched: still their own tickets, without its counter
            JsonNode elsewhere = app1.await(
                    m -> isEvent(m, "TicketsSold") && m.path("raffleId").asLong() == other.id());
            assertThat(elsewhere.path("mine").path("numbers").toString()).isEqualTo("[1]");
            buy(dee, other, 1);
            buy(cid, watched, 1); // a later event, so Dee's purchase in the other raffle has been passed over
            app1.await(m -> isEvent(m, "TicketsSold")
                    && m.path("data").path("ticketsSold").asInt() == 4);
            assertThat(app1.events())
                    .filteredOn(e -> e.path("raffleId").asLong() == other.id())
                    .allMatch(e -> e.has("mine"));
            assertThat(app1.eventIds()).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void forgedOrStaleInitDataClosesTheSocketAsUnauthorized() {
        FakePlayer eve = app.telegram().player(3005, "Eve", "en");
        String forged = initData(eve).replace("%22id%22%3A3005", "%22id%22%3A3001");
        String stale = TestInitData.forPlayer(
                TestBackend.BOT_TOKEN, 3005, "Eve", Instant.now().minus(Duration.ofDays(2)));
        String otherBot = TestInitData.forPlayer("999:another-bot", 3005, "Eve", Instant.now());
        for (var c : List.of(
                Map.entry(forged, "BAD_SIGNATURE"),
                Map.entry(stale, "EXPIRED"),
                Map.entry(otherBot, "BAD_SIGNATURE"))) {
            try (FeedClient client = player()) {
                client.helloPlayer(c.getKey(), null, 1);
                FeedClient.Closed closed = client.awaitClose();
                assertThat(closed.code()).isEqualTo(FeedCloseCode.UNAUTHORIZED.code());
                assertThat(closed.reason()).contains(c.getValue());
            }
        }
    }

    @Test
    void aRaffleThatIsNotPublicIsRefusedAndALaterSubscriptionStartsWithASnapshot() {
        Raffle draft = app.backend().services().raffles().create(Scenarios.spec("Draft", 1, 5, 1), Scenarios.OPERATOR);
        Raffle open = Scenarios.openRaffle(app, Scenarios.spec("Later", 1, 20, 5));
        try (FeedClient c = player()) {
            c.helloPlayer(null, null, draft.id(), 987_654_321L);
            c.awaitType("live");
            assertThat(c.await(m -> m.path("message").asText().contains(Long.toString(draft.id())))
                            .path("code")
                            .asText())
                    .isEqualTo("NOT_FOUND");
            c.await(m -> m.path("message").asText().contains("987654321"));

            c.send(FeedClient.message("subscribe")
                    .set(
                            "raffles",
                            new com.fasterxml.jackson.databind.ObjectMapper()
                                    .createArrayNode()
                                    .add(open.id())));
            assertThat(c.awaitType("raffle").path("raffleId").asLong()).isEqualTo(open.id());
            buy(app.telegram().player(3006, "Fay", "en"), open, 1);
            assertThat(c.awaitEvents(1).getFirst().path("raffleId").asLong()).isEqualTo(open.id());
        }
    }

    /** Every one of 1,000 sockets on one instance receives every counter update, in order. */
    @Test
    void aThousandPlayersEachReceiveEveryCounterUpdate() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Crowd", 1, 1_000, 100));
        int sockets = 1_000;
        int purchases = 12;
        List<CompletableFuture<FeedClient>> connecting = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
            connecting.add(FeedClient.connectAsync(app.ws(Feeds.PLAYER_PATH)));
        }
        List<FeedClient> crowd =
                connecting.stream().map(CompletableFuture::join).toList();
        try {
            crowd.forEach(c -> c.helloPlayer(null, null, raffle.id()));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() ->
                            crowd.stream().allMatch(c -> !c.messages("live").isEmpty()));

            FakePlayer buyer = app.telegram().player(3100, "Gus", "en");
            for (int i = 0; i < purchases; i++) {
                buy(buyer, raffle, 1);
            }
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> crowd.stream().allMatch(c -> c.events().size() >= purchases));
            List<Integer> expected = IntStream.rangeClosed(1, purchases).boxed().toList();
            for (FeedClient c : crowd) {
                assertThat(c.events())
                        .extracting(e -> e.path("data").path("ticketsSold").asInt())
                        .containsExactlyElementsOf(expected);
                assertThat(c.messages("raffle").getFirst().path("ticketsSold").asInt())
                        .isZero();
                assertThat(c.isClosed()).isFalse();
            }
        } finally {
            crowd.forEach(FeedClient::close);
        }
    }
}
