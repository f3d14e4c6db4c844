package io.rafflestars.backend.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FeedClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.OutboxEvents;
import io.rafflestars.backend.testing.RawWebSocket;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.common.api.FeedCloseCode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Connections that misbehave or end: slow readers, silent or vanished clients, oversized frames, no hello, and the
 * instance shutting down. A heartbeat of 3 s here, so a dead client is found within seconds.
 */
@ExtendWith(FreshDatabase.class)
class FeedConnectionTest {
    private static final Pattern CONSOLE_CONNECTIONS =
            Pattern.compile("feed_sockets\\{[^}]*feed=\"console\"[^}]*} ([0-9.]+)");
    private static final int QUEUE = 1_000;

    private static TestBackend app;
    private static DatabaseUrl db;
    private static String adminToken;

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = url;
        app = TestBackend.start(
                url,
                Map.of(
                        "SCHEDULER_ENABLED", "false",
                        "FEED_HEARTBEAT_MILLIS", "3000",
                        "FEED_CLIENT_QUEUE", Integer.toString(QUEUE)));
        adminToken = ConsoleClient.as(app, Role.ADMIN).accessToken();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** A console hello with a logged-in administrator's token (valid well beyond this class's run). */
    private static String hello() {
        return "{\"type\":\"hello\",\"token\":\"" + adminToken + "\"}";
    }

    private static RawWebSocket rawAdmin(int receiveBuffer) throws IOException {
        RawWebSocket raw = RawWebSocket.connect(app.ws(Feeds.CONSOLE_PATH), receiveBuffer);
        raw.sendText(hello());
        return raw;
    }

    private static int consoleConnections() {
        Matcher m = CONSOLE_CONNECTIONS.matcher(app.get("/metrics").body());
        assertThat(m.find()).isTrue();
        return (int) Double.parseDouble(m.group(1));
    }

    private static double metric(String name) {
        Matcher m = Pattern.compile(name + "\\{[^}]*} ([0-9.E]+)")
                .matcher(app.get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static void awaitConsoleConnections(int n) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> consoleConnections() == n);
    }

    @Test
    void aClientThatStopsReadingIsToldToResyncWhileOthersGetEveryEvent() throws Exception {
        int before = consoleConnections();
        try (FeedClient healthy = FeedClient.connect(app.ws(Feeds.CONSOLE_PATH));
                RawWebSocket slow = rawAdmin(4 * 1024);
                var heartbeat = Executors.newSingleThreadScheduledExecutor()) {
            // alive (its own heartbeat keeps coming), just not reading
            heartbeat.scheduleAtFixedRate(
                    () -> {
                        try {
                            slow.sendText("{\"type\":\"ping\"}");
                        } catch (IOException e) {
                            // closed by the server: the test reads why
                        }
                    },
                    0,
                    500,
                    TimeUnit.MILLISECONDS);
            healthy.send(hello());
            healthy.awaitType("live");
            awaitConsoleConnections(before + 2);
            double overflows = metric("feed_client_overflows_total");

            // Events of 5 KiB, 500 per transaction, until the slow client's socket buffers and then its queue are
            // full (some MiB: the kernel sizes the buffers).
            long start = OutboxEvents.head(db);
            int sent = 0;
            while (metric("feed_client_overflows_total") <= overflows) {
                assertThat(sent).as("events sent without an overflow").isLessThan(20_000);
                OutboxEvents.insert(db, 500, 5_000);
                sent += 500;
                long head = OutboxEvents.head(db);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> app.backend().feeds().position() >= head);
            }

            // the slow client reads again: what was in flight, then the resync notice, then the close
            List<String> texts = new ArrayList<>();
            RawWebSocket.Frame close = slow.readUntilClose(texts);
            assertThat(texts.getLast()).contains("\"type\":\"resync\"").contains("TOO_SLOW");
            assertThat(close).isNotNull();
            assertThat(close.closeCode()).isEqualTo(FeedCloseCode.RESYNC.code());

            // the healthy client was never held up: every event, in order
            healthy.awaitEvents(sent);
            assertThat(healthy.eventIds())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(start + 1, start + sent)
                            .boxed()
                            .toList());
        }
        awaitConsoleConnections(before);
    }

    @Test
    void aClientThatGoesSilentOrVanishesWithoutACloseFrameIsDropped() throws Exception {
        int before = consoleConnections();
        RawWebSocket silent = rawAdmin(64 * 1024); // never answers the pings
        RawWebSocket vanished = rawAdmin(64 * 1024);
        awaitConsoleConnections(before + 2);
        vanished.close(); // the TCP connection ends, no close frame
        awaitConsoleConnections(before + 1);
        awaitConsoleConnections(before); // three heartbeats without a pong
        assertThat(silent.readUntilClose(new ArrayList<>())).isNull(); // dropped, not closed politely
        silent.close();
    }

    @Test
    void anOversizedFrameEndsTheConnection() throws Exception {
        int before = consoleConnections();
        try (RawWebSocket raw = rawAdmin(64 * 1024)) {
            awaitConsoleConnections(before + 1);
            raw.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(Feeds.MAX_FRAME_BYTES) + "\"}");
            RawWebSocket.Frame close = raw.readUntilClose(new ArrayList<>());
            if (close != null) {
                assertThat(close.closeCode()).isEqualTo(1009); // message too big
            }
        }
        awaitConsoleConnections(before);
    }

    @Test
    void aClientThatNeverSaysHelloIsClosed() {
        try (FeedClient mute = FeedClient.connect(app.ws(Feeds.PLAYER_PATH))) {
            FeedClient.Closed closed = mute.awaitClose(Duration.ofSeconds(15));
            assertThat(closed.code()).isEqualTo(FeedCloseCode.HELLO_TIMEOUT.code());
        }
    }

    /** CONSOLE_ALLOW_FROM guards /ws/console too, though Helidon upgrades a WebSocket before any HTTP filter runs. */
    @Test
    void theConsoleFeedIsOnlyOpenToTheConsoleAllowList() {
        try (TestBackend office = TestBackend.start(
                        db,
                        Map.of(
                                "SCHEDULER_ENABLED", "false",
                                "CONSOLE_ALLOW_FROM", "10.0.0.0/8",
                                "TRUSTED_PROXY_HOPS", "1"));
                FeedClient outside = FeedClient.connectAsync(
                                office.ws(Feeds.CONSOLE_PATH), Map.of("X-Forwarded-For", "203.0.113.7"))
                        .join();
                FeedClient inside = FeedClient.connectAsync(
                                office.ws(Feeds.CONSOLE_PATH), Map.of("X-Forwarded-For", "10.1.2.3"))
                        .join();
                FeedClient player = FeedClient.connectAsync(
                                office.ws(Feeds.PLAYER_PATH), Map.of("X-Forwarded-For", "203.0.113.7"))
                        .join()) {
            FeedClient.Closed refused = outside.awaitClose();
            assertThat(refused.code()).isEqualTo(FeedCloseCode.FORBIDDEN.code());
            assertThat(refused.reason()).contains("address");
            inside.send(hello());
            inside.awaitType("live");
            player.helloPlayer(null, null);
            player.awaitType("live"); // the Mini App's feed is open to every address
        }
    }

    @Test
    void aStoppingInstanceTellsItsClientsToReconnectElsewhere() {
        TestBackend second = TestBackend.start(db, Map.of("SCHEDULER_ENABLED", "false"));
        long last;
        try (FeedClient client = FeedClient.connect(second.ws(Feeds.CONSOLE_PATH))) {
            client.send(hello());
            client.awaitType("live");
            OutboxEvents.insert(db, 3, 10);
            client.awaitEvents(3);
            last = client.lastEventId();
            second.close();
            FeedClient.Closed closed = client.awaitClose();
            assertThat(closed.code()).isEqualTo(FeedCloseCode.SERVICE_RESTART.code());
        }
        // it reconnects to the instance that is still up and misses nothing
        OutboxEvents.insert(db, 2, 10);
        try (FeedClient again = FeedClient.connect(app.ws(Feeds.CONSOLE_PATH))) {
            again.send(hello().replace("{\"type\":\"hello\",", "{\"type\":\"hello\",\"since\":" + last + ","));
            again.awaitEvents(2);
            assertThat(again.eventIds()).containsExactly(last + 1, last + 2);
        }
    }
}
