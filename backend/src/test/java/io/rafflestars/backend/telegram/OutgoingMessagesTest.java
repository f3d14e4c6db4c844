package io.rafflestars.backend.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.telegramfake.Fault;
import io.rafflestars.telegramfake.RecordedCall;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The bot's outgoing queue: queued in the database, sent once, within Telegram's per-chat limit, 429s honoured. */
@ExtendWith(FreshDatabase.class)
class OutgoingMessagesTest {
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

    @Test
    void messagesToOneChatAreSpacedASecondApartAndEachIsSentOnce() {
        app.backend().services().tx().execute(t -> {
            for (int i = 1; i <= 3; i++) {
                enqueue(t, 6001, "one " + i, "spacing-6001-" + i);
                enqueue(t, 6001, "one " + i + " again", "spacing-6001-" + i); // same key: queued once
            }
            enqueue(t, 6002, "other chat", "spacing-6002");
        });
        await().atMost(Duration.ofSeconds(15))
                .until(() -> app.telegram().messagesTo(6001).size() == 3);
        List<RecordedCall> calls = app.telegram().calls("sendMessage").stream()
                .filter(c -> c.params().path("chat_id").asLong() == 6001)
                .toList();
        assertThat(calls).extracting(c -> c.params().path("text").asText()).containsExactly("one 1", "one 2", "one 3");
        for (int i = 1; i < calls.size(); i++) {
            assertThat(Duration.between(calls.get(i - 1).at(), calls.get(i).at()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> app.telegram().messagesTo(6002).size() == 1);
        assertThat(TestDatabases.count(
                        db,
                        "SELECT count(*) FROM outgoing_message WHERE chat_id IN (6001, 6002)" + " AND state = 'SENT'"))
                .isEqualTo(4);
    }

    @Test
    void aTooManyRequestsAnswerDelaysTheMessageByRetryAfterAndItStillGoesOnce() {
        app.telegram().faults().next("sendMessage", 1, new Fault.TooManyRequests(2));
        app.backend().services().tx().execute(t -> enqueue(t, 6003, "after a pause", "throttled-6003"));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> app.telegram().messagesTo(6003).size() == 1);
        List<RecordedCall> calls = app.telegram().calls("sendMessage").stream()
                .filter(c -> c.params().path("chat_id").asLong() == 6003)
                .toList();
        assertThat(calls).hasSize(2);
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aTooManyRequestsAnswerPausesTheWholeBotNotOnlyThatChat() throws Exception {
        app.telegram().faults().next("sendMessage", 1, new Fault.TooManyRequests(2));
        app.backend().services().tx().execute(t -> enqueue(t, 6101, "first, throttled", "pause-6101"));
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        TestDatabases.count(db, "SELECT count(*) FROM outgoing_pace WHERE paused_until > now()") == 1);
        java.time.Instant pausedUntil;
        try (var c = TestDatabases.connect(db);
                var rs = c.createStatement().executeQuery("SELECT paused_until FROM outgoing_pace")) {
            rs.next();
            pausedUntil = rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
        }
        app.backend().services().tx().execute(t -> {
            enqueue(t, 6102, "other chat, waits for the pause", "pause-6102");
            enqueue(t, 6103, "another chat, waits too", "pause-6103");
        });
        await().atMost(Duration.ofSeconds(15))
                .until(() -> app.telegram().messagesTo(6101).size() == 1
                        && app.telegram().messagesTo(6102).size() == 1
                        && app.telegram().messagesTo(6103).size() == 1);
        List<RecordedCall> after = app.telegram().calls("sendMessage").stream()
                .filter(c -> List.of(6102L, 6103L)
                        .contains(c.params().path("chat_id").asLong()))
                .toList();
        assertThat(after).hasSize(2).allSatisfy(c -> assertThat(c.at()).isAfterOrEqualTo(pausedUntil));
        assertThat(app.get("/metrics").body())
                .contains("telegram_outgoing_paused_seconds", "telegram_outgoing_oldest_seconds");
    }

    @Test
    void aServerErrorIsRetriedAfterABackOffAndTheChatsLaterMessagesKeepTheirPlace() {
        app.telegram().faults().next("sendMessage", 1, new Fault.ServerError(502));
        app.backend().services().tx().execute(t -> {
            enqueue(t, 6201, "first", "order-6201-1");
            enqueue(t, 6201, "second", "order-6201-2");
        });
        await().atMost(Duration.ofSeconds(15))
                .until(() -> app.telegram().messagesTo(6201).size() == 2);
        List<RecordedCall> calls = app.telegram().calls("sendMessage").stream()
                .filter(c -> c.params().path("chat_id").asLong() == 6201)
                .toList();
        // the failed call, its retry after the back-off (2 s), then the second message a second later
        assertThat(calls).extracting(c -> c.params().path("text").asText()).containsExactly("first", "first", "second");
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at()))
                .isGreaterThanOrEqualTo(OutgoingMessages.backoff(1));
        assertThat(app.telegram().messagesTo(6201))
                .extracting(m -> m.path("text").asText())
                .containsExactly("first", "second");
    }

    @Test
    void aBlockedChatFailsForGoodAndDoesNotHoldUpTheQueue() {
        app.telegram().faults().next("sendMessage", 1, new Fault.Forbidden("bot was blocked by the user"));
        app.backend().services().tx().execute(t -> {
            enqueue(t, 6004, "never arrives", "blocked-6004");
            enqueue(t, 6005, "arrives", "fine-6005");
        });
        await().atMost(Duration.ofSeconds(10))
                .until(() -> app.telegram().messagesTo(6005).size() == 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> TestDatabases.count(
                                db,
                                "SELECT count(*) FROM outgoing_message WHERE dedupe_key = 'blocked-6004' AND state = 'FAILED'")
                        == 1);
        assertThat(app.telegram().messagesTo(6004)).isEmpty();
    }

    private static void enqueue(io.helidon.dbclient.DbTransaction t, long chat, String text, String key) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("chat_id", chat);
        body.put("text", text);
        app.backend().services().outgoing().enqueue(t, chat, "sendMessage", body, key);
    }
}
