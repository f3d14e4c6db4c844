package io.rafflestars.backend.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.backend.testing.ChildBackend;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.SendRates;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.telegramfake.FakeTelegram;
import io.rafflestars.telegramfake.RecordedCall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outgoing queue's limits hold for the bot as a whole, not per instance: two instances together, and an instance
 * replaced mid-way, stay within 30 messages in any second and one per chat per second, as the fake Telegram recorded
 * them; each message arrives once (and at most the one message in flight is repeated when an instance is killed).
 */
@ExtendWith(FreshDatabase.class)
class OutgoingPaceTest {

    @Test
    void twoInstancesTogetherStayWithinTheBotsLimitsAndSendEachMessageOnce(DatabaseUrl db) {
        try (FakeTelegram telegram = FakeTelegram.start(TestBackend.BOT_TOKEN);
                TestBackend a = TestBackend.start(db, Map.of(), telegram);
                TestBackend b = TestBackend.start(db, Map.of(), telegram)) {
            // 120 chats with one message each, 6 chats with five each: 150 messages
            a.backend().services().tx().execute(t -> {
                for (int chat = 0; chat < 126; chat++) {
                    int count = chat < 120 ? 1 : 5;
                    for (int i = 1; i <= count; i++) {
                        enqueue(a, t, 71_000 + chat, "twin " + chat + "/" + i, "twin-" + chat + "-" + i);
                    }
                }
            });
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> sent(telegram, 71_000).size() >= 150);
            Thread.sleep(300); // nothing more may come
            List<RecordedCall> calls = sent(telegram, 71_000);
            assertThat(calls).hasSize(150);
            assertThat(calls.stream().map(c -> c.params().path("text").asText()))
                    .doesNotHaveDuplicates();
            SendRates.assertWithinTelegramLimits(calls);
            // a chat's messages in the order they were queued
            for (int chat = 120; chat < 126; chat++) {
                long id = 71_000 + chat;
                assertThat(telegram.messagesTo(id))
                        .extracting(m -> m.path("text").asText())
                        .containsExactly(
                                "twin " + chat + "/1",
                                "twin " + chat + "/2",
                                "twin " + chat + "/3",
                                "twin " + chat + "/4",
                                "twin " + chat + "/5");
            }
            // the run was paced, not merely slow: it took more than five seconds' worth of slots
            assertThat(SendRates.busiestSecond(calls)).isGreaterThanOrEqualTo(15);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anInstanceStoppedMidWayHandsOverWithoutLosingOrRepeatingAMessage(DatabaseUrl db) {
        try (FakeTelegram telegram = FakeTelegram.start(TestBackend.BOT_TOKEN)) {
            TestBackend first = TestBackend.start(db, Map.of(), telegram);
            first.backend().services().tx().execute(t -> {
                for (int chat = 0; chat < 150; chat++) {
                    enqueue(first, t, 72_000 + chat, "handover " + chat, "handover-" + chat);
                }
            });
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> sent(telegram, 72_000).size() >= 40);
            first.close();
            int beforeRestart = sent(telegram, 72_000).size();
            assertThat(beforeRestart).isLessThan(150);
            try (TestBackend second = TestBackend.start(db, Map.of(), telegram)) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> sent(telegram, 72_000).size() >= 150);
                Thread.sleep(300);
            }
            List<RecordedCall> calls = sent(telegram, 72_000);
            assertThat(calls).hasSize(150);
            assertThat(calls.stream().map(c -> c.params().path("chat_id").asLong()))
                    .doesNotHaveDuplicates();
            SendRates.assertWithinTelegramLimits(calls);
            assertThat(
                            TestDatabases.count(
                                    db,
                                    "SELECT count(*) FROM outgoing_message WHERE dedupe_key LIKE 'handover-%' AND state = 'SENT'"))
                    .isEqualTo(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anInstanceKilledMidWayLosesNothingAndRepeatsAtMostTheMessageInFlight(DatabaseUrl db, @TempDir Path dir)
            throws Exception {
        try (FakeTelegram telegram = FakeTelegram.start(TestBackend.BOT_TOKEN)) {
            ChildBackend child = ChildBackend.start(db, Map.of(), dir, telegram);
            TestDatabases.execute(
                    db,
                    "INSERT INTO outgoing_message (chat_id, method, body, dedupe_key, state)"
                            + " SELECT 73000 + g, 'sendMessage',"
                            + " jsonb_build_object('chat_id', 73000 + g, 'text', 'killed ' || g), 'killed-' || g,"
                            + " 'QUEUED' FROM generate_series(0, 149) g");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> sent(telegram, 73_000).size() >= 40);
            child.kill();
            int beforeKill = sent(telegram, 73_000).size();
            assertThat(beforeKill).isLessThan(150);
            // the kill did cut a claim short (claimed, not recorded as sent): otherwise this test would prove nothing
            assertThat(TestDatabases.count(
                            db,
                            "SELECT count(*) FROM outgoing_message WHERE dedupe_key LIKE 'killed-%'"
                                    + " AND state = 'QUEUED' AND attempts > 0"))
                    .isPositive();
            try (TestBackend next = TestBackend.start(db, Map.of(), telegram)) {
                // what the dead instance had claimed waits out its lease (30 s), then goes
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> TestDatabases.count(
                                        db,
                                        "SELECT count(*) FROM outgoing_message WHERE dedupe_key LIKE 'killed-%'"
                                                + " AND state = 'SENT'")
                                == 150);
            }
            List<RecordedCall> calls = sent(telegram, 73_000);
            Map<Long, Long> perChat = calls.stream()
                    .collect(Collectors.groupingBy(
                            c -> c.params().path("chat_id").asLong(), Collectors.counting()));
            assertThat(perChat).hasSize(150);
            // Telegram may have taken the one message whose answer the killed instance never recorded
            assertThat(perChat.values().stream().filter(n -> n > 1).count()).isLessThanOrEqualTo(1);
            assertThat(perChat.values()).allMatch(n -> n <= 2);
            SendRates.assertWithinTelegramLimits(calls);
        }
    }

    /** The sendMessage calls to chats from {@code base} on (each test has its own range). */
    private static List<RecordedCall> sent(FakeTelegram telegram, long base) {
        return telegram.calls("sendMessage").stream()
                .filter(c -> {
                    long chat = c.params().path("chat_id").asLong();
                    return chat >= base && chat < base + 1000;
                })
                .toList();
    }

    private static void enqueue(
            TestBackend app, io.helidon.dbclient.DbTransaction t, long chat, String text, String key) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("chat_id", chat);
        body.put("text", text);
        app.backend().services().outgoing().enqueue(t, chat, "sendMessage", body, key);
    }
}
