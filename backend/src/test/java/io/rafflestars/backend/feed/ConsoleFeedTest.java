package io.rafflestars.backend.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FeedClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.OutboxEvents;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.backend.testing.TestTokens;
import io.rafflestars.common.api.FeedCloseCode;
import io.rafflestars.telegramfake.FakePlayer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The console feed on one instance: authentication, role filtering, subscriptions, reconnects. */
@ExtendWith(FreshDatabase.class)
class ConsoleFeedTest {
    private static TestBackend app;
    private static DatabaseUrl db;
    /** Logged in once: a login is audited, and its audit events would land in the middle of counted ranges. */
    private static String adminToken;

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = url;
        app = TestBackend.start(url, Map.of("SCHEDULER_ENABLED", "false", "FEED_HEARTBEAT_MILLIS", "1000"));
        adminToken = token(Role.ADMIN);
    }

    @AfterAll
    static void stop() {
        app.close();
        Invariants.assertHold(db);
    }

    /** An access token from a real login, as a new console user holding {@code roles}. */
    private static String token(Role... roles) {
        return ConsoleClient.as(app, roles).accessToken();
    }

    private static FeedClient console() {
        return FeedClient.connect(app.ws(Feeds.CONSOLE_PATH));
    }

    /** A connected admin that has received everything up to now. */
    private static FeedClient liveAdmin(Long since) {
        FeedClient c = console();
        c.helloConsole(adminToken, since);
        c.awaitType("live");
        return c;
    }

    private static boolean isEvent(JsonNode m, String type) {
        return "event".equals(m.path("type").asText())
                && type.equals(m.path("event").asText());
    }

    @Test
    void aPurchaseReachesFinanceButOnlyItsSaleReachesAnOperator() {
        // logins first: a login hashes a password, which takes longer than the hello may wait
        String financeToken = token(Role.FINANCE);
        String operatorToken = token(Role.OPERATOR);
        try (FeedClient finance = console();
                FeedClient operator = console()) {
            finance.helloConsole(financeToken, null);
            operator.helloConsole(operatorToken, null);
            assertThat(finance.awaitType("welcome").path("topics")).hasSize(7);
            assertThat(operator.awaitType("welcome").path("topics").toString())
                    .isEqualTo("[\"raffles\",\"sales\",\"draws\"]");
            finance.awaitType("live");
            operator.awaitType("live");

            Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Feed roles", 5, 100, 10));
            FakePlayer ann = app.telegram().player(2001, "Ann", "en");
            ann.pay(Scenarios.invoiceDirect(app, ann, raffle.id(), 2));

            JsonNode sold = finance.await(m -> isEvent(m, "TicketsSold"));
            assertThat(sold.path("stream").asText()).isEqualTo("sales");
            assertThat(sold.path("data").path("numbers").toString()).isEqualTo("[1,2]");
            assertThat(sold.path("at").asText()).isNotEmpty();
            finance.await(m -> isEvent(m, "PaymentReceived"));
            finance.await(m -> isEvent(m, "AuditAppended"));
            operator.await(m -> isEvent(m, "TicketsSold"));
            // Everything up to the sale has reached both; the operator got none of the money or audit events.
            assertThat(operator.events())
                    .extracting(e -> e.path("stream").asText())
                    .contains("raffles", "sales")
                    .containsOnly("raffles", "sales");
            assertThat(finance.events())
                    .extracting(e -> e.path("stream").asText())
                    .contains("raffles", "sales", "payments", "audit");
            assertThat(finance.eventIds()).isSorted().doesNotHaveDuplicates();
            assertThat(operator.eventIds()).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aMissingBadForeignOrExpiredTokenClosesTheSocketAsUnauthorized() {
        List<String> refused = List.of("", "not-a-token", TestTokens.foreign("ada"), TestTokens.expired("ada"));
        for (String t : refused) {
            try (FeedClient c = console()) {
                c.helloConsole(t, null);
                FeedClient.Closed closed = c.awaitClose();
                assertThat(closed.code()).as(t).isEqualTo(FeedCloseCode.UNAUTHORIZED.code());
                assertThat(closed.reason()).contains("access token");
                assertThat(c.messages("welcome")).isEmpty();
            }
        }
    }

    @Test
    void aRefusedHelloOrSubscriptionChangesNothingAndSaysWhy() {
        String operatorToken = token(Role.OPERATOR);
        try (FeedClient operator = console()) {
            operator.helloConsole(operatorToken, null, "raffles", "payments");
            JsonNode forbidden = operator.awaitType("error");
            assertThat(forbidden.path("code").asText()).isEqualTo("FORBIDDEN");
            assertThat(forbidden.path("message").asText()).contains("payments");
            operator.helloConsole(operatorToken, null, "nonsense");
            operator.await(m -> "VALIDATION_FAILED".equals(m.path("code").asText()));
            assertThat(operator.messages("welcome")).isEmpty();

            operator.helloConsole(operatorToken, null, "raffles");
            assertThat(operator.awaitType("welcome").path("topics").toString()).isEqualTo("[\"raffles\"]");
            operator.send(FeedClient.message("subscribe").set("topics", array("audit")));
            operator.await(m -> m.path("message").asText().contains("audit"));
            operator.send(FeedClient.message("subscribe").set("topics", array("sales")));
            operator.await(m -> "subscribed".equals(m.path("type").asText()));
            operator.send(FeedClient.message("unsubscribe").set("topics", array("raffles")));
            assertThat(operator.await(m -> "subscribed".equals(m.path("type").asText())
                                    && m.path("topics").size() == 1)
                            .path("topics")
                            .toString())
                    .isEqualTo("[\"sales\"]");

            Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Feed topics", 3, 50, 10));
            FakePlayer bob = app.telegram().player(2002, "Bob", "en");
            bob.pay(Scenarios.invoiceDirect(app, bob, raffle.id(), 1));
            operator.await(m -> isEvent(m, "TicketsSold"));
            assertThat(operator.events())
                    .allMatch(e -> e.path("stream").asText().equals("sales"));
        }
    }

    @Test
    void aMessageOutsideTheProtocolClosesTheSocketWithBadMessage() {
        for (String bad :
                List.of("not json", "{\"type\":\"subscribe\",\"topics\":[\"sales\"]}", "{\"type\":\"shout\"}")) {
            try (FeedClient c = console()) {
                c.send(bad);
                FeedClient.Closed closed = c.awaitClose();
                assertThat(closed.code()).as(bad).isEqualTo(FeedCloseCode.BAD_MESSAGE.code());
            }
        }
    }

    @Test
    void aClientThatReconnectsWithItsLastIdGetsWhatItMissedThenLiveEventsOnce() {
        long last;
        try (FeedClient before = liveAdmin(null)) {
            OutboxEvents.insert(db, 3, 10);
            before.awaitEvents(3);
            last = before.lastEventId();
        }
        OutboxEvents.insert(db, 150, 10); // missed while away
        awaitPublished(last + 150);
        try (FeedClient after = liveAdmin(last)) {
            assertThat(after.eventIds()).containsExactlyElementsOf(range(last + 1, last + 150));
            JsonNode live = after.awaitType("live");
            assertThat(live.path("position").asLong()).isEqualTo(last + 150);
            OutboxEvents.insert(db, 2, 10);
            after.awaitEvents(152);
            assertThat(after.eventIds()).containsExactlyElementsOf(range(last + 1, last + 152));
            // welcome, 150 events, live, 2 events: the live marker sits exactly between missed and new
            List<JsonNode> all = after.messages();
            assertThat(all.get(151).path("type").asText()).isEqualTo("live");
        }
    }

    @Test
    void farBehindIsReadFromTheOutboxAndTooFarBehindIsToldToReload() {
        long start = OutboxEvents.head(db);
        OutboxEvents.insert(db, FeedSession.MAX_CATCH_UP + 50, 10);
        long head = OutboxEvents.head(db);
        awaitPublished(head);
        try (FeedClient tooFar = console()) {
            tooFar.helloConsole(adminToken, start);
            assertThat(tooFar.awaitType("resync").path("reason").asText()).isEqualTo("TOO_FAR_BEHIND");
            assertThat(tooFar.awaitClose().code()).isEqualTo(FeedCloseCode.RESYNC.code());
        }
        // further back than the instance keeps in memory: served from the outbox table
        long since = head - (FeedHub.RECENT + 100);
        try (FeedClient behind = liveAdmin(since)) {
            assertThat(behind.eventIds()).containsExactlyElementsOf(range(since + 1, head));
        }
    }

    @Test
    void anIdOlderThanTheOutboxKeepsOrNeverIssuedMeansReload() {
        // more events than the instance keeps in memory, so that the oldest can only come from the table
        OutboxEvents.insert(db, FeedHub.RECENT + 10, 10);
        long head = OutboxEvents.head(db);
        awaitPublished(head);
        long oldest = TestDatabases.count(db, "SELECT min(seq) FROM outbox_event");
        // pruning removes the oldest events: a client that last saw one of them cannot be caught up
        TestDatabases.execute(db, "DELETE FROM outbox_event WHERE seq <= " + (oldest + 1));
        try (FeedClient pruned = console()) {
            pruned.helloConsole(adminToken, oldest);
            assertThat(pruned.awaitType("resync").path("reason").asText()).isEqualTo("HISTORY_PRUNED");
            assertThat(pruned.awaitClose().code()).isEqualTo(FeedCloseCode.RESYNC.code());
        }
        try (FeedClient future = console()) {
            future.helloConsole(adminToken, head + 1_000);
            assertThat(future.awaitType("resync").path("reason").asText()).isEqualTo("UNKNOWN_POSITION");
            assertThat(future.awaitClose().code()).isEqualTo(FeedCloseCode.RESYNC.code());
        }
    }

    /** The token is checked again at every heartbeat: logout or a role change ends the session within one. */
    @Test
    void aRevokedTokenEndsTheSessionAndAFreshOneKeepsItGoing() throws Exception {
        ConsoleClient ada = ConsoleClient.as(app, Role.ADMIN);
        ConsoleClient bea = ConsoleClient.as(app, Role.FINANCE);
        ConsoleClient cem = ConsoleClient.as(app, Role.AUDITOR);
        String someoneElse = token(Role.ADMIN);
        try (FeedClient renewing = console();
                FeedClient loggedOut = console();
                FeedClient demoted = console()) {
            renewing.helloConsole(ada.accessToken(), null);
            loggedOut.helloConsole(bea.accessToken(), null);
            demoted.helloConsole(cem.accessToken(), null);
            renewing.awaitType("live");
            loggedOut.awaitType("live");
            demoted.awaitType("live");

            assertThat(bea.post("/api/auth/logout").statusCode()).isEqualTo(204);
            app.backend().services().users().setRoles(cem.username(), List.of("OPERATOR"), Scenarios.OPERATOR);
            for (FeedClient ended : List.of(loggedOut, demoted)) {
                FeedClient.Closed closed = ended.awaitClose(Duration.ofSeconds(10));
                assertThat(closed.code()).isEqualTo(FeedCloseCode.UNAUTHORIZED.code());
                assertThat(closed.reason()).contains("expired or revoked");
            }

            // a refreshed token, sent before the old one expires, carries the session on
            assertThat(ada.refresh().statusCode()).isEqualTo(200);
            renewing.send(FeedClient.message("auth").put("token", ada.accessToken()));
            assertThat(renewing.awaitType("subscribed").path("topics")).hasSize(7);
            // several heartbeats later it is still there: the client's automatic pongs keep it alive
            Thread.sleep(3_500);
            assertThat(renewing.isClosed()).isFalse();
            renewing.send(FeedClient.message("ping"));
            renewing.awaitType("pong");
            // someone else's token is not a renewal
            renewing.send(FeedClient.message("auth").put("token", someoneElse));
            assertThat(renewing.awaitClose().code()).isEqualTo(FeedCloseCode.UNAUTHORIZED.code());
        }
    }

    @Test
    void metricsCountConnectionsAndEvents() {
        try (FeedClient c = liveAdmin(null)) {
            OutboxEvents.insert(db, 1, 10);
            c.awaitEvents(1);
            String metrics = app.get("/metrics").body();
            assertThat(metrics)
                    .containsPattern("feed_sockets\\{[^}]*feed=\"console\"[^}]*} [1-9]")
                    .containsPattern("feed_outbox_lag_seconds\\{[^}]*} [0-9](\\.|E)")
                    .contains("feed_queue_depth")
                    .contains("feed_outbox_lag_seconds")
                    .containsPattern("feed_events_published_total\\{[^}]*} [1-9]")
                    .containsPattern("feed_listener_up\\{[^}]*} 1");
        }
    }

    /** Until this instance has fanned out everything up to {@code position}. */
    private static void awaitPublished(long position) {
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> app.backend().feeds().position() >= position);
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode array(String... values) {
        var a = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (String v : values) {
            a.add(v);
        }
        return a;
    }
}
