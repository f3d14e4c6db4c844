package io.rafflestars.backend.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.common.api.FeedEvent;
import io.rafflestars.common.api.FeedTopic;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each audience receives of an event, exactly as the outbox stores it. */
class FeedItemTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ANN = 7001;

    private static FeedItem item(long seq, FeedEvent e) throws Exception {
        return FeedItem.of(new OutboxRow(
                seq,
                e.stream(),
                e.getClass().getSimpleName(),
                Json.mapper().writeValueAsString(e),
                Instant.parse("2026-12-04T10:00:00Z")));
    }

    private static JsonNode json(String frame) throws Exception {
        return JSON.readTree(frame);
    }

    @Test
    void theConsoleGetsTheEventAsStored() throws Exception {
        FeedItem item = item(12, new FeedEvent.PaymentReceived(5, "charge-1", 3L, ANN, 20, "CREDITED"));
        JsonNode frame = json(item.consoleFrame());
        assertThat(frame.path("type").asText()).isEqualTo("event");
        assertThat(frame.path("id").asLong()).isEqualTo(12);
        assertThat(frame.path("stream").asText()).isEqualTo("payments");
        assertThat(frame.path("event").asText()).isEqualTo("PaymentReceived");
        assertThat(frame.path("at").asText()).isEqualTo("2026-12-04T10:00:00Z");
        assertThat(frame.path("data").path("chargeId").asText()).isEqualTo("charge-1");
        assertThat(item.topic()).contains(FeedTopic.PAYMENTS);
    }

    @Test
    void aSaleShowsEveryoneTheCounterAndOnlyTheBuyerTheirTickets() throws Exception {
        FeedItem item = item(13, new FeedEvent.TicketsSold(3, ANN, 5, 20, List.of(4, 5), 5, 100));
        JsonNode shared = json(item.publicFrame());
        assertThat(shared.path("raffleId").asLong()).isEqualTo(3);
        assertThat(shared.path("data").path("ticketsSold").asInt()).isEqualTo(5);
        assertThat(shared.path("data").path("totalTickets").asInt()).isEqualTo(100);
        assertThat(shared.has("mine")).isFalse();
        assertThat(item.publicFrame()).doesNotContain(Long.toString(ANN)).doesNotContain("numbers");

        JsonNode mine = json(item.ownerFrame());
        assertThat(item.owner()).isEqualTo(ANN);
        assertThat(mine.path("data").path("ticketsSold").asInt()).isEqualTo(5);
        assertThat(mine.path("mine").path("numbers").toString()).isEqualTo("[4,5]");

        var anyone = new Audience.Player(Set.of(3L), null);
        var ann = new Audience.Player(Set.of(), ANN);
        var elsewhere = new Audience.Player(Set.of(4L), 42L);
        assertThat(anyone.eventFor(item).text()).isEqualTo(item.publicFrame());
        assertThat(anyone.eventFor(item).publicRaffle()).isEqualTo(3L);
        assertThat(ann.eventFor(item).text()).isEqualTo(item.ownerFrame());
        assertThat(elsewhere.eventFor(item)).isNull();
    }

    @Test
    void aRaffleChangeShowsItsStateButNotWhoChangedIt() throws Exception {
        FeedItem item = item(14, new FeedEvent.RaffleChanged(3, "CLOSED", "Moon", 100, 100, "operator-olga"));
        JsonNode shared = json(item.publicFrame());
        assertThat(shared.path("data").path("state").asText()).isEqualTo("CLOSED");
        assertThat(item.publicFrame()).doesNotContain("olga");
        assertThat(item.ownerFrame()).isNull();
    }

    @Test
    void paymentsAndRefundsReachOnlyThePlayerTheyConcern() throws Exception {
        FeedItem refund = item(15, new FeedEvent.RefundChanged(5, "charge-1", 3L, ANN, 20, "REFUNDED", "cancelled"));
        assertThat(refund.publicFrame()).isNull();
        assertThat(json(refund.ownerFrame()).path("mine").path("state").asText())
                .isEqualTo("REFUNDED");
        assertThat(refund.ownerFrame()).doesNotContain("charge-1");
        assertThat(new Audience.Player(Set.of(3L), null).eventFor(refund)).isNull();
    }

    @Test
    void aDrawShowsEveryFollowerTheWinningTicketsButNotWhoHoldsThem() throws Exception {
        FeedItem draw = item(
                18,
                new FeedEvent.DrawCompleted(
                        3,
                        "c0ffee",
                        "5eed",
                        "7a11",
                        40,
                        List.of(new FeedEvent.Place(1, 17, ANN, 900), new FeedEvent.Place(2, null, null, 100)),
                        "operator-olga"));
        JsonNode shared = json(draw.publicFrame());
        assertThat(shared.path("data").path("seed").asText()).isEqualTo("5eed");
        assertThat(shared.path("data").path("winners").toString())
                .isEqualTo("[{\"place\":1,\"ticket\":17,\"prize\":900},{\"place\":2,\"ticket\":null,\"prize\":100}]");
        assertThat(draw.publicFrame())
                .doesNotContain(Long.toString(ANN))
                .doesNotContain("player")
                .doesNotContain("olga");

        FeedItem redraw = item(
                19,
                new FeedEvent.WinnerDisqualified(
                        3,
                        1,
                        1,
                        17,
                        ANN,
                        "bought with a stolen account",
                        new FeedEvent.Place(1, 23, 42L, 900),
                        "olga"));
        assertThat(redraw.publicFrame())
                .doesNotContain("stolen")
                .doesNotContain("player")
                .doesNotContain("olga");
        assertThat(json(redraw.publicFrame())
                        .path("data")
                        .path("replacement")
                        .path("ticket")
                        .asInt())
                .isEqualTo(23);
        assertThat(redraw.owner()).isEqualTo(ANN);
        assertThat(json(redraw.ownerFrame()).path("mine").path("reason").asText())
                .contains("stolen");
    }

    @Test
    void aPayoutReachesOnlyItsWinner() throws Exception {
        FeedItem payout = item(
                20, new FeedEvent.PayoutChanged(9, 3, 1, ANN, 900, "PRIZE_CREDIT", "EXECUTED", 1, 1, "finance-fay"));
        assertThat(payout.publicFrame()).isNull();
        assertThat(payout.owner()).isEqualTo(ANN);
        JsonNode mine = json(payout.ownerFrame()).path("mine");
        assertThat(mine.path("amount").asLong()).isEqualTo(900);
        assertThat(mine.path("state").asText()).isEqualTo("EXECUTED");
        assertThat(payout.ownerFrame()).doesNotContain("fay");
        assertThat(payout.topic()).contains(FeedTopic.PAYOUTS);
    }

    @Test
    void financeAndAuditEventsNeverReachPlayers() throws Exception {
        for (FeedEvent e : List.of(
                new FeedEvent.ReconciliationMismatch(1, "MISSING_HERE", "c"),
                new FeedEvent.AuditAppended(1, "ada", "raffle.open", "raffle", "3"))) {
            FeedItem item = item(16, e);
            assertThat(item.publicFrame()).isNull();
            assertThat(item.ownerFrame()).isNull();
        }
    }

    @Test
    void anEventOfUnknownTypeStillReachesTheConsoleAsStored() throws Exception {
        FeedItem item = FeedItem.of(new OutboxRow(17, "payouts", "PayoutChangedV9", "{\"x\":1}", Instant.now()));
        assertThat(json(item.consoleFrame()).path("data").path("x").asInt()).isEqualTo(1);
        assertThat(item.publicFrame()).isNull();
        assertThat(item.ownerFrame()).isNull();
        var finance =
                new Audience.Console(new ConsolePrincipal("f", Set.of("FINANCE")), "t", Set.of(FeedTopic.PAYOUTS));
        var operator =
                new Audience.Console(new ConsolePrincipal("o", Set.of("OPERATOR")), "t", Set.of(FeedTopic.PAYOUTS));
        assertThat(finance.eventFor(item)).isNotNull();
        assertThat(operator.eventFor(item)).isNull(); // roles are checked at delivery too
    }
}
