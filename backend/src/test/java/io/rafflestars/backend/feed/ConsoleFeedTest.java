package io.rafflestars.backend.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.testing.FeedClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestTokens;
import io.rafflestars.telegramfake.FakePlayer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The console feed on one instance: authentication, role filtering, subscriptions, reconnects. */
@ExtendWith(FreshDatabase.class)
class ConsoleFeedTest {
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

    private static String token(String user, String... roles) {
        return TestTokens.token(user, Set.of(roles), Duration.ofMinutes(5));
    }

    @Test
    void aPurchaseReachesFinanceButOnlyItsSaleReachesAnOperator() {
        try (FeedClient finance = FeedClient.connect(app.ws(Feeds.CONSOLE_PATH));
                FeedClient operator = FeedClient.connect(app.ws(Feeds.CONSOLE_PATH))) {
            finance.helloConsole(token("fiona", "FINANCE"), null);
            operator.helloConsole(token("oleg", "OPERATOR"), null);
            assertThat(finance.awaitType("welcome").path("topics")).hasSize(7);
            assertThat(operator.awaitType("welcome").path("topics").toString())
                    .isEqualTo("[\"raffles\",\"sales\",\"draws\"]");
            finance.awaitType("live");
            operator.awaitType("live");

            Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Feed", 5, 100, 10));
            FakePlayer ann = app.telegram().player(2001, "Ann", "en");
            ann.pay(Scenarios.invoiceDirect(app, ann, raffle.id(), 2));

            JsonNode sold = finance.await(m -> "TicketsSold".equals(m.path("event").asText()));
            assertThat(sold.path("stream").asText()).isEqualTo("sales");
            assertThat(sold.path("data").path("numbers").toString()).isEqualTo("[1,2]");
            finance.await(m -> "PaymentReceived".equals(m.path("event").asText()));
            finance.await(m -> "AuditAppended".equals(m.path("event").asText()));
            operator.await(m -> "TicketsSold".equals(m.path("event").asText()));
            // the operator's stream is complete once the finance one is: both got everything up to the sale
            long last = finance.lastEventId();
            operator.await(m -> m.path("id").asLong() >= sold.path("id").asLong());
            assertThat(operator.events())
                    .extracting(e -> e.path("stream").asText())
                    .containsOnly("raffles", "sales");
            assertThat(finance.events())
                    .extracting(e -> e.path("stream").asText())
                    .contains("raffles", "sales", "payments", "audit");
            assertThat(finance.eventIds()).isSorted().doesNotHaveDuplicates();
            assertThat(last).isPositive();
        }
    }
}
