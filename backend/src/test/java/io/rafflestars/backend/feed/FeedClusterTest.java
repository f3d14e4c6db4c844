package io.rafflestars.backend.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.testing.ChildBackend;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FeedClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.OutboxEvents;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.backend.testing.TestInitData;
import io.rafflestars.backend.testing.TestTokens;
import io.rafflestars.common.api.FeedCloseCode;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.PaymentOutcome;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two backend instances on one database behave as one feed. Instance A runs in its own JVM, started as in production,
 * so that the last test can kill it without warning; instance B runs in the test's JVM.
 */
@ExtendWith(FreshDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FeedClusterTest {
    private static final Map<String, String> ENV = Map.of("SCHEDULER_ENABLED", "false");

    private static DatabaseUrl db;
    private static TestBackend b;
    private static ChildBackend a;
    private static Raffle raffle;
    private static String adminToken;

    @BeforeAll
    static void start(DatabaseUrl url, @TempDir Path dir) throws Exception {
        db = url;
        b = TestBackend.start(url, ENV);
        a = ChildBackend.start(url, ENV, dir);
        a.telegram().preCheckoutTimeout(Duration.ofSeconds(2));
        raffle = Scenarios.openRaffle(b, Scenarios.spec("Cluster", 1, 100_000, 10_000));
        adminToken = ConsoleClient.as(b, Role.ADMIN).accessToken();
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        Invariants.assertHold(db);
    }

    /** The token of a console login on instance B; good on every instance (same secret, same sessions). */
    private static String admin() {
        return adminToken;
    }

    private static String initData(FakePlayer p) {
        return TestInitData.forPlayer(TestBackend.BOT_TOKEN, p.userId(), p.firstName(), Instant.now());
    }

    /** A purchase whose pre-checkout query and payment reach instance A's webhook. */
    private static PaymentOutcome buyThroughA(FakePlayer playerOfA, int quantity) {
        return playerOfA.pay(Scenarios.invoiceDirect(b, playerOfA, raffle.id(), quantity));
    }

    private static boolean isEvent(JsonNode m, String type, long player) {
        return "event".equals(m.path("type").asText())
                && type.equals(m.path("event").asText())
                && m.path("data").path("player").asLong() == player;
    }

    @Test
    @Order(1)
    void aPurchaseThroughInstanceAReachesAConsoleOnBAndAPlayerOnA() {
        FakePlayer ann = a.telegram().player(4001, "Ann", "en");
        try (FeedClient consoleOnB = FeedClient.connect(b.ws(Feeds.CONSOLE_PATH));
                FeedClient playerOnA = FeedClient.connect(a.ws(Feeds.PLAYER_PATH))) {
            consoleOnB.helloConsole(admin(), null);
            playerOnA.helloPlayer(initData(ann), null, raffle.id());
            consoleOnB.awaitType("live");
            playerOnA.awaitType("live");

            assertThat(buyThroughA(ann, 3)).isInstanceOf(PaymentOutcome.Paid.class);

            JsonNode sold = consoleOnB.await(m -> isEvent(m, "TicketsSold", 4001));
            assertThat(sold.path("data").path("numbers")).hasSize(3);
            consoleOnB.await(m -> isEvent(m, "PaymentReceived", 4001));
            JsonNode mine =
                    playerOnA.await(m -> "TicketsSold".equals(m.path("event").asText()));
            assertThat(mine.path("id").asLong()).isEqualTo(sold.path("id").asLong());
            assertThat(mine.path("mine").path("numbers"))
                    .isEqualTo(sold.path("data").path("numbers"));
        }
        // a console session signed in on B is good on A, and a forged one is refused there as well
        try (FeedClient consoleOnA = FeedClient.connect(a.ws(Feeds.CONSOLE_PATH));
                FeedClient forgedOnA = FeedClient.connect(a.ws(Feeds.CONSOLE_PATH))) {
            consoleOnA.helloConsole(admin(), null);
            assertThat(consoleOnA.awaitType("welcome").path("topics")).hasSize(7);
            forgedOnA.helloConsole(TestTokens.foreign("ada"), null);
            assertThat(forgedOnA.awaitClose().code()).isEqualTo(FeedCloseCode.UNAUTHORIZED.code());
        }
    }

    @Test
    @Order(2)
    void aClientThatMissesAHundredEventsGetsAllOfThemThenLiveOnesWithoutDuplicates() {
        long last;
        try (FeedClient before = FeedClient.connect(b.ws(Feeds.CONSOLE_PATH))) {
            before.helloConsole(admin(), null);
            last = before.awaitType("live").path("position").asLong();
        }
        // at least 100 events while it is away, all through instance A
        int player = 4100;
        while (OutboxEvents.head(db) - last < 100) {
            FakePlayer p = a.telegram().player(player++, "P" + player, "en");
            assertThat(buyThroughA(p, 1)).isInstanceOf(PaymentOutcome.Paid.class);
        }
        long missedUpTo = OutboxEvents.head(db);
        try (FeedClient after = FeedClient.connect(b.ws(Feeds.CONSOLE_PATH))) {
            after.helloConsole(admin(), last);
            after.awaitType("live");
            FakePlayer late = a.telegram().player(player, "Late", "en");
            assertThat(buyThroughA(late, 1)).isInstanceOf(PaymentOutcome.Paid.class);
            JsonNode live = after.await(m -> isEvent(m, "TicketsSold", late.userId()));
            long newest = OutboxEvents.head(db);
            after.await(m -> m.path("id").asLong() == newest);
            assertThat(missedUpTo - last).isGreaterThanOrEqualTo(100);
            assertThat(after.eventIds()).containsExactlyElementsOf(range(last + 1, newest));
            assertThat(live.path("id").asLong()).isGreaterThan(missedUpTo);
        }
    }

    @Test
    @Order(3)
    void killingInstanceAMidStreamLosesNothingForClientsOfB() throws Exception {
        FakePlayer ann = a.telegram().player(4500, "Ann", "en");
        try (FeedClient consoleOnB = FeedClient.connect(b.ws(Feeds.CONSOLE_PATH));
                FeedClient playerOnA = FeedClient.connect(a.ws(Feeds.PLAYER_PATH))) {
            consoleOnB.helloConsole(admin(), null);
            long start = consoleOnB.awaitType("live").path("position").asLong();
            playerOnA.helloPlayer(initData(ann), null, raffle.id());
            long playerFrom = playerOnA.awaitType("raffle").path("asOf").asLong();
            playerOnA.awaitType("live");

            // purchases stream through A from four players at once; A is killed in the middle of it
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger paid = new AtomicInteger();
            ExecutorService buyers = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                FakePlayer p = t == 0 ? ann : a.telegram().player(4501 + t, "Buyer" + t, "en");
                buyers.submit(() -> {
                    while (running.get()) {
                        try {
                            if (buyThroughA(p, 1) instanceof PaymentOutcome.Paid) {
                                paid.incrementAndGet();
                            }
                        } catch (RuntimeException | AssertionError gone) {
                            // instance A is gone
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> OutboxEvents.head(db) - start >= 60);
            a.kill();
            running.set(false);
            buyers.shutdown();
            assertThat(buyers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            assertThat(playerOnA.awaitClose().code()).isNotEqualTo(FeedCloseCode.SERVICE_RESTART.code());

            // Nothing more can commit on A: B's console has every event A committed, once, in order.
            long end = OutboxEvents.head(db);
            consoleOnB.await(m -> m.path("id").asLong() >= end, Duration.ofSeconds(30));
            assertThat(consoleOnB.eventIds().stream().filter(id -> id <= end))
                    .containsExactlyElementsOf(range(start + 1, end));

            // A's player reconnects to B with its last id and gets the rest of its events, nothing twice.
            Long lastSeen = playerOnA.lastEventId();
            try (FeedClient playerOnB = FeedClient.connect(b.ws(Feeds.PLAYER_PATH))) {
                playerOnB.helloPlayer(initData(ann), lastSeen == null ? playerFrom : lastSeen, raffle.id());
                playerOnB.awaitType("live");
                List<Long> expected = playerEvents(ann.userId(), playerFrom, end);
                List<Long> received = new ArrayList<>(playerOnA.eventIds());
                received.addAll(playerOnB.eventIds());
                assertThat(received).containsExactlyElementsOf(expected);
                assertThat(expected).isNotEmpty();

                // and life goes on, through B
                FakePlayer afterwards = b.telegram().player(4600, "Zoe", "en");
                afterwards.pay(Scenarios.invoiceDirect(b, afterwards, raffle.id(), 1));
                consoleOnB.await(m -> isEvent(m, "TicketsSold", 4600));
                playerOnB.await(m -> m.path("id").asLong() > end
                        && "TicketsSold".equals(m.path("event").asText()));
            }
            assertThat(paid.get()).isPositive();
        }
    }

    /** What a player's feed must carry, read straight from the outbox: the raffle's counter and state, their own. */
    private static List<Long> playerEvents(long player, long after, long upTo) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (var c = TestDatabases.connect(db);
                var s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT seq FROM outbox_event WHERE seq > " + after + " AND seq <= " + upTo
                                + " AND ((raffle_id = " + raffle.id() + " AND type IN ('TicketsSold', 'RaffleChanged'))"
                                + " OR (player_id = " + player + " AND type IN ('TicketsSold', 'PaymentReceived',"
                                + " 'RefundChanged'))) ORDER BY seq")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
