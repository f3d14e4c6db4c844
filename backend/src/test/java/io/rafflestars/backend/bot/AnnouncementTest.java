package io.rafflestars.backend.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.SendRates;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.telegramfake.FakeTelegram;
import io.rafflestars.telegramfake.RecordedCall;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Operators' announcements: one message per participant, in their language, within Telegram's limits as the fake
 * Telegram recorded them, once each even when the backend is stopped half-way and another instance finishes; a
 * retried request does not announce twice; bad requests change nothing.
 */
@ExtendWith(FreshDatabase.class)
class AnnouncementTest {
    private static final String TEXT = "The draw is tonight at 20:00 UTC.";
    private static final String TEXT_RU = "Розыгрыш сегодня в 20:00 UTC.";
    private static final long FIRST_PLAYER = 880_000;

    @Test
    void fiveHundredParticipantsHearOnceEachWithinTheLimitsAcrossARestart(DatabaseUrl db) throws Exception {
        try (FakeTelegram telegram = FakeTelegram.start(TestBackend.BOT_TOKEN)) {
            TestBackend first = TestBackend.start(db, Map.of(), telegram);
            Raffle raffle = Scenarios.openRaffle(first, Scenarios.spec("Big Crowd", 1, 2000, 10));
            participants(db, raffle.id(), 500, FIRST_PLAYER);
            ConsoleClient operator = first.as(Role.OPERATOR);
            String path = "/api/raffles/" + raffle.id() + "/announcements";
            String body = "{\"text\":\"" + TEXT + "\",\"variants\":{\"ru\":\"" + TEXT_RU + "\"}}";

            HttpResponse<String> res = announce(operator, path, "big-crowd-1", body);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
            JsonNode created = ConsoleClient.json(res);
            long id = created.get("id").asLong();
            assertThat(created.get("recipients").asInt()).isEqualTo(500);
            assertThat(res.headers().firstValue("Location")).hasValue(path + "/" + id);

            // the console retries (say its connection dropped): the same announcement, nothing more queued
            HttpResponse<String> again = announce(operator, path, "big-crowd-1", body);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(ConsoleClient.json(again).get("id").asLong()).isEqualTo(id);
            assertThat(TestDatabases.count(db, "SELECT count(*) FROM outgoing_message WHERE announcement_id = " + id))
                    .isEqualTo(500);

            // stopped (as in a deploy) while the messages go out; another instance finishes
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> announced(telegram).size() >= 150);
            first.close();
            int beforeStop = announced(telegram).size();
            assertThat(beforeStop).isLessThan(500);
            try (TestBackend second = TestBackend.start(db, Map.of(), telegram)) {
                ConsoleClient auditor = second.as(Role.AUDITOR);
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> ConsoleClient.json(auditor.get(path + "/" + id))
                                        .get("sent")
                                        .asInt()
                                == 500);
                JsonNode progress = ConsoleClient.json(auditor.get(path + "/" + id));
                assertThat(progress.get("queued").asInt()).isZero();
                assertThat(progress.get("failed").asInt()).isZero();
                assertThat(progress.get("variants").get("ru").asText()).isEqualTo(TEXT_RU);
            }

            List<RecordedCall> calls = announced(telegram);
            Map<Long, List<String>> byPlayer = calls.stream()
                    .collect(Collectors.groupingBy(
                            c -> c.params().path("chat_id").asLong(),
                            Collectors.mapping(c -> c.params().path("text").asText(), Collectors.toList())));
            assertThat(byPlayer).hasSize(500);
            assertThat(byPlayer.values()).allSatisfy(texts -> assertThat(texts).hasSize(1));
            // every fifth player speaks Russian (participants below)
            assertThat(byPlayer.get(FIRST_PLAYER).getFirst()).isEqualTo("📣 Розыгрыш «Big Crowd»:\n\n" + TEXT_RU);
            assertThat(byPlayer.get(FIRST_PLAYER + 1).getFirst()).isEqualTo("📣 Raffle \"Big Crowd\":\n\n" + TEXT);
            assertThat(byPlayer.get(FIRST_PLAYER + 2).getFirst()).endsWith(TEXT); // no language known: the default
            SendRates.assertWithinTelegramLimits(calls);
            assertThat(TestDatabases.count(
                            db,
                            "SELECT count(*) FROM audit_log WHERE action = 'raffle.announce' AND target_id = '"
                                    + raffle.id() + "'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void theBotAnswersAtOnceWhileABigAnnouncementGoesOut(DatabaseUrl db) {
        try (TestBackend app = TestBackend.start(db)) {
            Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Busy Bot", 1, 1000, 10));
            participants(db, raffle.id(), 300, 895_000);
            HttpResponse<String> res = announce(
                    app.as(Role.OPERATOR),
                    "/api/raffles/" + raffle.id() + "/announcements",
                    "busy-1",
                    "{\"text\":\"hi\"}");
            assertThat(res.statusCode()).as(res.body()).isEqualTo(201);

            // a participant (the last in queue order) writes to the bot while the announcement goes out: the answer
            // does not wait behind it, not even behind the announcement to the same chat
            var player = app.telegram().player(895_299, "P299", "en");
            player.sendText("/help");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> announced(app.telegram()).size() == 300);
            List<RecordedCall> calls = app.telegram().calls("sendMessage");
            int answer = indexOf(calls, c -> c.params().path("text").asText().startsWith("How it works"));
            long announcementsAfter = calls.subList(answer, calls.size()).stream()
                    .filter(c -> c.params().path("text").asText().startsWith("📣"))
                    .count();
            assertThat(announcementsAfter)
                    .as("announcement messages sent after the answer")
                    .isGreaterThan(150);
            int own = indexOf(
                    calls,
                    c -> c.params().path("chat_id").asLong() == 895_299
                            && c.params().path("text").asText().startsWith("📣"));
            assertThat(answer).isLessThan(own);
            SendRates.assertWithinTelegramLimits(calls);
        }
    }

    @Test
    void theSameKeySentFiveTimesAtOnceAnnouncesOnce(DatabaseUrl db) {
        try (TestBackend app = TestBackend.start(db)) {
            Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Double Click", 1, 100, 10));
            participants(db, raffle.id(), 20, 897_000);
            ConsoleClient operator = app.as(Role.OPERATOR);
            String path = "/api/raffles/" + raffle.id() + "/announcements";
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> posts = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                posts.add(java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> announce(operator, path, "same-key", "{\"text\":\"once\"}")));
            }
            List<HttpResponse<String>> answers = posts.stream()
                    .map(java.util.concurrent.CompletableFuture::join)
                    .toList();
            assertThat(answers)
                    .extracting(HttpResponse::statusCode)
                    .containsOnly(201, 200)
                    .containsOnlyOnce(201);
            assertThat(answers.stream().map(r -> ConsoleClient.json(r).get("id").asLong()))
                    .as("one announcement")
                    .containsOnly(
                            ConsoleClient.json(answers.getFirst()).get("id").asLong());
            assertThat(TestDatabases.count(db, "SELECT count(*) FROM announcement WHERE raffle_id = " + raffle.id()))
                    .isEqualTo(1);
            assertThat(TestDatabases.count(
                            db,
                            "SELECT count(*) FROM outgoing_message m JOIN announcement a ON a.id = m.announcement_id"
                                    + " WHERE a.raffle_id = " + raffle.id()))
                    .isEqualTo(20);
        }
    }

    private static int indexOf(List<RecordedCall> calls, java.util.function.Predicate<RecordedCall> wanted) {
        for (int i = 0; i < calls.size(); i++) {
            if (wanted.test(calls.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such call among " + calls.size());
    }

    @Test
    void badRequestsAreRefusedWithStableCodesAndQueueNothing(DatabaseUrl db) {
        try (TestBackend app = TestBackend.start(db)) {
            Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Few", 1, 100, 10));
            Raffle empty = Scenarios.openRaffle(app, Scenarios.spec("Nobody", 1, 100, 10));
            participants(db, raffle.id(), 3, 890_000);
            ConsoleClient operator = app.as(Role.OPERATOR);
            String path = "/api/raffles/" + raffle.id() + "/announcements";
            long before = TestDatabases.count(db, "SELECT count(*) FROM outgoing_message");

            ConsoleClient.error(
                    announce(operator, "/api/raffles/999999/announcements", "k1", "{\"text\":\"hi\"}"),
                    404,
                    "NOT_FOUND");
            ConsoleClient.error(
                    announce(operator, "/api/raffles/" + empty.id() + "/announcements", "k1", "{\"text\":\"hi\"}"),
                    409,
                    "NO_PARTICIPANTS");
            assertThat(ConsoleClient.error(operator.post(path, "{\"text\":\"hi\"}"), 400, "VALIDATION_FAILED")
                            .get("field")
                            .asText())
                    .isEqualTo("Idempotency-Key");
            assertThat(ConsoleClient.error(
                                    announce(operator, path, "k2", "{\"text\":\"  \"}"), 400, "VALIDATION_FAILED")
                            .get("field")
                            .asText())
                    .isEqualTo("text");
            assertThat(ConsoleClient.error(
                                    announce(operator, path, "k2", "{\"text\":\"hi\",\"variants\":{\"fr\":\"salut\"}}"),
                                    400,
                                    "VALIDATION_FAILED")
                            .get("field")
                            .asText())
                    .isEqualTo("variants.fr");
            ConsoleClient.error(
                    announce(operator, path, "k2", "{\"text\":\"" + "x".repeat(Announcements.MAX_TEXT + 1) + "\"}"),
                    400,
                    "VALIDATION_FAILED");
            ConsoleClient.error(announce(operator, path, "k2", "{\"text\":"), 400, "MALFORMED_JSON");
            ConsoleClient.error(announce(app.as(Role.FINANCE), path, "k2", "{\"text\":\"hi\"}"), 403, "FORBIDDEN");
            assertThat(TestDatabases.count(db, "SELECT count(*) FROM outgoing_message"))
                    .isEqualTo(before);
            assertThat(TestDatabases.count(db, "SELECT count(*) FROM announcement"))
                    .isZero();

            // an ADMIN may announce too; the same key with other words is not a retry
            HttpResponse<String> ok = announce(app.as(Role.ADMIN), path, "k3", "{\"text\":\"hi\"}");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
            long id = ConsoleClient.json(ok).get("id").asLong();
            ConsoleClient.error(announce(operator, path, "k3", "{\"text\":\"hello\"}"), 409, "IDEMPOTENCY_KEY_REUSED");
            assertThat(TestDatabases.count(db, "SELECT count(*) FROM outgoing_message"))
                    .isEqualTo(before + 3);

            ConsoleClient.error(operator.get(path + "/" + (id + 100)), 404, "NOT_FOUND");
            ConsoleClient.error(operator.get("/api/raffles/" + empty.id() + "/announcements/" + id), 404, "NOT_FOUND");
            ConsoleClient.error(app.as(Role.FINANCE).get(path + "/" + id), 403, "FORBIDDEN");
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> ConsoleClient.json(operator.get(path + "/" + id))
                                    .get("sent")
                                    .asInt()
                            == 3);
        }
    }

    /**
     * {@code count} players holding a ticket each of raffle {@code raffleId}, written straight into the database (the
     * purchase path has its own tests; here only "who holds a ticket" matters). Every fifth speaks Russian, every
     * fifth from the third on has no known language.
     */
    private static void participants(DatabaseUrl db, long raffleId, int count, long firstPlayer) {
        TestDatabases.execute(
                db,
                "INSERT INTO player (id, first_name, language_code) SELECT " + firstPlayer + " + g, 'P' || g,"
                        + " CASE g % 5 WHEN 0 THEN 'ru' WHEN 2 THEN NULL ELSE 'en' END"
                        + " FROM generate_series(0, " + (count - 1) + ") g");
        // one player holds two tickets: a participant is told once
        TestDatabases.execute(
                db,
                "INSERT INTO ticket (raffle_id, number, player_id) SELECT " + raffleId + ", g + 1, " + firstPlayer
                        + " + g FROM generate_series(0, " + (count - 1) + ") g UNION ALL SELECT " + raffleId + ", "
                        + (count + 1) + ", " + firstPlayer);
    }

    private static HttpResponse<String> announce(ConsoleClient client, String path, String key, String json) {
        return client.send(client.request(path)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)));
    }

    private static List<RecordedCall> announced(FakeTelegram telegram) {
        return telegram.calls("sendMessage").stream()
                .filter(c -> c.params().path("text").asText().startsWith("📣"))
                .toList();
    }
}
