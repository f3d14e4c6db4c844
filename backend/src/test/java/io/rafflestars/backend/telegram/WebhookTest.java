package io.rafflestars.backend.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.Fault;
import io.rafflestars.telegramfake.PaymentOutcome;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The webhook route as Telegram calls it: secret header, bad bodies, redeliveries, handler failures. */
@ExtendWith(FreshDatabase.class)
class WebhookTest {
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

    @Test
    void badBodiesWithTheRightSecretGetPreciseErrorsAndStoreNothing() {
        long before = TestDatabases.count(db, "SELECT count(*) FROM telegram_update");
        assertError(post("{not json", TestBackend.WEBHOOK_SECRET), 400, "MALFORMED_JSON");
        assertError(post("[1, 2]", TestBackend.WEBHOOK_SECRET), 400, "BAD_REQUEST");
        assertError(post("{\"message\": {}}", TestBackend.WEBHOOK_SECRET), 400, "BAD_REQUEST");
        assertError(post("{\"update_id\": \"7\"}", TestBackend.WEBHOOK_SECRET), 400, "BAD_REQUEST");
        assertError(post("{\"update_id\": 1}", TestBackend.WEBHOOK_SECRET.substring(1)), 401, "UNAUTHENTICATED");
        assertError(post("{\"update_id\": 1}", TestBackend.WEBHOOK_SECRET + "x"), 401, "UNAUTHENTICATED");
        assertThat(TestDatabases.count(db, "SELECT count(*) FROM telegram_update"))
                .isEqualTo(before);
    }

    @Test
    void anUpdateIsStoredOnceAndHandledOnce() {
        FakePlayer ann = app.telegram().player(5001, "Ann", "en");
        int before = ann.messages().size();
        var delivered = ann.sendText("/help");
        String json = app.telegram().deliveredUpdates().getLast().toString();
        for (int i = 0; i < 3; i++) {
            assertThat(app.telegram()
                            .deliverRaw(json, TestBackend.WEBHOOK_SECRET)
                            .status())
                    .isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ann.messages().size() > before);
        // give a wrongly repeated reply time to show up before counting
        await().pollDelay(Duration.ofMillis(1500)).until(() -> true);
        assertThat(ann.messages()).hasSize(before + 1);
        assertThat(delivered).isNotNull();
        assertThat(TestDatabases.count(
                        db,
                        "SELECT count(*) FROM telegram_update WHERE state = 'DONE'"
                                + " AND kind = 'message' AND payload->'message'->'from'->>'id' = '5001'"))
                .isEqualTo(1);
    }

    @Test
    void aFailedHandlingIsAnswered200AndRetriedUntilItWorks() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Retry", 4, 50, 5));
        FakePlayer bob = app.telegram().player(5002, "Bob", "en");
        // Telegram's side is down for the pre-checkout answer: every attempt of the first handling fails.
        app.telegram().faults().next("answerPreCheckoutQuery", 3, new Fault.ServerError(502));
        PaymentOutcome outcome = bob.pay(Scenarios.invoiceDirect(app, bob, raffle.id(), 2));
        assertThat(outcome).isInstanceOf(PaymentOutcome.Paid.class);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(TestDatabases.count(
                                db,
                                "SELECT count(*) FROM telegram_update WHERE kind = 'pre_checkout_query'"
                                        + " AND attempts >= 2 AND state = 'DONE'"
                                        + " AND payload->'pre_checkout_query'->'from'->>'id' = '5002'"))
                        .isEqualTo(1));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(TestDatabases.count(db, "SELECT count(*) FROM ticket WHERE player_id = 5002"))
                                .isEqualTo(2));
    }

    private static HttpResponse<String> post(String body, String secret) {
        return TestBackend.send(HttpRequest.newBuilder(app.uri(WebhookService.PATH))
                .header("Content-Type", "application/json")
                .header("X-Telegram-Bot-Api-Secret-Token", secret)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static void assertError(HttpResponse<String> res, int status, String code) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.body()).contains("\"code\":\"" + code + "\"");
    }
}
