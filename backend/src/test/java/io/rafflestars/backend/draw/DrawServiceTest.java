package io.rafflestars.backend.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.Services;
import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.bot.PlayerNotices;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Prize;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleScheduler;
import io.rafflestars.backend.raffle.RaffleSpec;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.common.api.ErrorCode;
import io.rafflestars.common.draw.BeaconValue;
import io.rafflestars.common.draw.DrawInput;
import io.rafflestars.common.draw.ProvableDraw;
import io.rafflestars.common.draw.RepeatWinnerPolicy;
import io.rafflestars.common.draw.Seed;
import io.rafflestars.common.draw.TicketList;
import io.rafflestars.common.raffle.RaffleState;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Draws against a real backend: the split, refusals, automatic draws at close (once across instances), beacons. */
@ExtendWith(FreshDatabase.class)
class DrawServiceTest {
    private static final AtomicLong PLAYER_IDS = new AtomicLong(7000);
    private static TestBackend app;
    private static DatabaseUrl db;
    private static Services services;

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = url;
        app = TestBackend.start(url);
        services = app.backend().services();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void invariantsHold() {
        Invariants.assertHold(db);
    }

    private static Raffle sold(RaffleSpec.DrawMode mode, int buyers, int tickets, Prize... prizes) {
        RaffleSpec spec = Scenarios.prizes(
                Scenarios.spec("Draw " + PLAYER_IDS.get(), 10, 1000, 50),
                RaffleSpec.PrizeChannel.PRIZE_CREDIT,
                mode,
                1500,
                RaffleSpec.RepeatPolicy.ALLOW_REPEAT,
                prizes);
        Raffle raffle = Scenarios.openRaffle(app, spec);
        for (int i = 0; i < buyers; i++) {
            long id = PLAYER_IDS.incrementAndGet();
            Scenarios.buy(app, app.telegram().player(id, "P" + id, "en"), raffle.id(), tickets);
        }
        return raffle;
    }

    @Test
    void theDrawSplitsThePotIntoFeePrizesAndHouseShareAndHoldsEachPrize() {
        Raffle r = sold(RaffleSpec.DrawMode.OPERATOR, 3, 7, new Prize(1, 5000, null), new Prize(2, null, 20L));
        assertThatThrownBy(() -> services.draws().draw(r.id(), Scenarios.OPERATOR))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION));
        services.raffles().close(r.id(), Scenarios.OPERATOR);
        DrawService.Outcome outcome = services.draws().draw(r.id(), Scenarios.OPERATOR);

        // pot 210; fee 15% = 31; base 179; place 1 50% = 89; place 2 fixed 20; the house keeps 70
        assertThat(outcome.split()).isEqualTo(new PotSplit(210, 31, java.util.List.of(89L, 20L), 70));
        assertThat(outcome.payouts()).extracting(p -> p.amount()).containsExactly(89L, 20L);
        assertThat(outcome.payouts()).allSatisfy(p -> assertThat(p.state()).isEqualTo("PENDING_APPROVAL"));
        assertThat(services.raffles().get(r.id()).state()).isEqualTo(RaffleState.DRAWN);
        var result = services.ledger().raffleResult(r.id());
        assertThat(result.paid()).isEqualTo(210);
        assertThat(result.houseFee()).isEqualTo(101);
        assertThat(result.prizes()).isEqualTo(109);
        assertThat(result.potBalance()).isZero();
        assertThat(result.prizesOwed()).isEqualTo(109);
        assertThat(TestDatabases.count(
                        db,
                        "SELECT count(*) FROM outbox_event WHERE type = 'DrawCompleted'" + " AND raffle_id = "
                                + r.id()))
                .isEqualTo(1);
        assertThat(TestDatabases.count(
                        db,
                        "SELECT count(*) FROM audit_log WHERE action = 'draw.run' AND target_id = '" + r.id()
                                + "' AND actor = '" + Scenarios.OPERATOR.name() + "'"))
                .isEqualTo(1);
        // the ledger's own audit rows of the split name the operator, not system:ledger
        assertThat(TestDatabases.count(
                        db,
                        "SELECT count(*) FROM audit_log WHERE target_id LIKE 'draw:" + r.id() + ":%' AND actor = '"
                                + Scenarios.OPERATOR.name() + "'"))
                .isEqualTo(4);
        assertThatThrownBy(() -> services.draws().draw(r.id(), Scenarios.OPERATOR))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION));
        assertThatThrownBy(
                        () -> TestDatabases.execute(db, "UPDATE raffle_draw SET pot = 0 WHERE raffle_id = " + r.id()))
                .hasMessageContaining("append-only");
        for (var p : outcome.payouts()) {
            services.payouts().reject(p.id(), Actor.user("fin", null), "test cleanup");
        }
    }

    @Test
    void fixedPrizesLargerThanThePotRefuseTheDrawAndChangeNothing() {
        Raffle r = sold(RaffleSpec.DrawMode.OPERATOR, 1, 2, new Prize(1, null, 500L));
        services.raffles().close(r.id(), Scenarios.OPERATOR);
        assertThatThrownBy(() -> services.draws().draw(r.id(), Scenarios.OPERATOR))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PRIZES_EXCEED_POT);
                    assertThat(e.getMessage()).contains("500").contains("20 Stars");
                });
        assertThat(services.raffles().get(r.id()).state()).isEqualTo(RaffleState.CLOSED);
        assertThat(TestDatabases.count(db, "SELECT count(*) FROM raffle_draw WHERE raffle_id = " + r.id()))
                .isZero();
        assertThat(services.ledger().raffleResult(r.id()).potBalance()).isEqualTo(20);
        services.raffles().cancel(r.id(), Scenarios.OPERATOR, "prize cannot be covered");
    }

    @Test
    void anAutomaticRaffleIsDrawnOnceByTheSchedulerWhenItCloses() {
        Raffle r = sold(RaffleSpec.DrawMode.AUTOMATIC, 2, 3, new Prize(1, 10000, null));
        Raffle blocked = sold(RaffleSpec.DrawMode.AUTOMATIC, 1, 1, new Prize(1, null, 1000L));
        TestDatabases.execute(
                db,
                "UPDATE raffle SET ends_at = now() - interval '1 second' WHERE id IN (" + r.id() + ", " + blocked.id()
                        + ")");
        // the background scheduler closes it and draws it; two more schedulers (as on other instances) race it
        RaffleScheduler other1 =
                new RaffleScheduler(services.tx(), services.raffles(), Clock.systemUTC(), services.draws()::drawDue);
        RaffleScheduler other2 =
                new RaffleScheduler(services.tx(), services.raffles(), Clock.systemUTC(), services.draws()::drawDue);
        CompletableFuture.allOf(CompletableFuture.runAsync(other1::tick), CompletableFuture.runAsync(other2::tick))
                .join();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> services.raffles().get(r.id()).state() == RaffleState.DRAWN);
        assertThat(TestDatabases.count(db, "SELECT count(*) FROM raffle_draw WHERE raffle_id = " + r.id()))
                .isEqualTo(1);
        assertThat(TestDatabases.count(
                        db,
                        "SELECT count(*) FROM audit_log WHERE action = 'raffle.draw' AND target_id = '" + r.id()
                                + "' AND actor = 'system:scheduler'"))
                .isEqualTo(1);
        assertThat(services.draws().verify(r.id()).verified()).isTrue();

        // the one whose fixed prize the pot cannot pay stays closed, marked, and is not retried
        await().atMost(Duration.ofSeconds(20))
                .until(() -> services.draws().publicDraw(blocked.id()).drawBlockedReason() != null);
        assertThat(services.draws().publicDraw(blocked.id()).drawBlockedReason())
                .startsWith("PRIZES_EXCEED_POT");
        assertThat(services.raffles().get(blocked.id()).state()).isEqualTo(RaffleState.CLOSED);
        assertThat(TestDatabases.count(
                        db,
                        "SELECT count(*) FROM audit_log WHERE action = 'raffle.draw_blocked'" + " AND target_id = '"
                                + blocked.id() + "'"))
                .isEqualTo(1);
        services.raffles().cancel(blocked.id(), Scenarios.OPERATOR, "prize cannot be covered");
        services.payouts()
                .approve(services.payouts().ofRaffle(r.id()).getFirst().id(), Actor.user("fin", null), null);
        assertThat(services.raffles().get(r.id()).state()).isEqualTo(RaffleState.SETTLED);
    }

    @Test
    void verificationCatchesATicketListChangedBehindTheDrawsBack() {
        Raffle r = sold(RaffleSpec.DrawMode.OPERATOR, 2, 2, new Prize(1, 10000, null));
        services.raffles().close(r.id(), Scenarios.OPERATOR);
        DrawService.Outcome outcome = services.draws().draw(r.id(), Scenarios.OPERATOR);
        TestDatabases.execute(db, "UPDATE ticket SET player_id = 1 WHERE raffle_id = " + r.id() + " AND number = 1");
        PublicDraw.Verification v = services.draws().verify(r.id());
        assertThat(v.verified()).isFalse();
        assertThat(v.failedCheck()).isEqualTo("TICKETS_HASH");
        // the draw record itself cannot be rewritten to match
        assertThatThrownBy(() ->
                        TestDatabases.execute(db, "UPDATE draw_winner SET player_id = 1 WHERE raffle_id = " + r.id()))
                .hasMessageContaining("append-only");
        TestDatabases.execute(
                db,
                "UPDATE ticket t SET player_id = p.player_id FROM payment p WHERE t.payment_id = p.id AND t.raffle_id = "
                        + r.id());
        services.payouts().reject(outcome.payouts().getFirst().id(), Actor.user("fin", null), "test cleanup");
    }

    @Test
    void aRaffleNobodyBoughtIsDrawnWithEveryPlaceUnfilledAndSettlesAtOnce() {
        Raffle r = sold(RaffleSpec.DrawMode.OPERATOR, 0, 0, new Prize(1, 10000, null));
        services.raffles().close(r.id(), Scenarios.OPERATOR);
        DrawService.Outcome outcome = services.draws().draw(r.id(), Scenarios.OPERATOR);
        assertThat(outcome.draw().winners()).containsExactly(new PublicDraw.Place(1, null, null, 0));
        assertThat(outcome.payouts()).isEmpty();
        assertThat(services.raffles().get(r.id()).state()).isEqualTo(RaffleState.SETTLED);
        assertThat(services.draws().verify(r.id()).verified()).isTrue();
    }

    @Test
    void aBeaconValueEntersTheDrawAndIsPublishedWithIt() {
        Raffle r = sold(RaffleSpec.DrawMode.OPERATOR, 3, 2, new Prize(1, 10000, null));
        services.raffles().close(r.id(), Scenarios.OPERATOR);
        byte[] value = new byte[32];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (0xa0 + i);
        }
        BeaconValue beacon = new BeaconValue("test-beacon", 7, value);
        DrawService withBeacon = new DrawService(
                services.tx(),
                services.raffles(),
                services.payouts(),
                services.ledger(),
                services.audit(),
                new PlayerNotices(services.outgoing()),
                (raffleId, closedAt) -> Optional.of(beacon));
        DrawService.Outcome outcome = withBeacon.draw(r.id(), Scenarios.OPERATOR);
        assertThat(outcome.draw().beacon())
                .isEqualTo(new PublicDraw.Beacon(
                        "test-beacon", 7, java.util.HexFormat.of().formatHex(value)));
        assertThat(services.draws().verify(r.id()).verified()).isTrue();
        // the published winner is the one the reference computes with the beacon
        var tickets = services.draws().tickets(r.id(), 0, 100).tickets();
        var expected = ProvableDraw.draw(new DrawInput(
                r.id(),
                Seed.fromHex(outcome.draw().seed()),
                TicketList.of(tickets),
                Optional.of(beacon),
                1,
                RepeatWinnerPolicy.ALLOW_REPEAT));
        assertThat(outcome.draw().winners().getFirst().ticketNumber())
                .isEqualTo((int) expected.winners().getFirst().ticketNumber());
        // a beacon that cannot be read refuses the draw (503) and leaves the raffle closed
        Raffle other = sold(RaffleSpec.DrawMode.OPERATOR, 1, 1, new Prize(1, 10000, null));
        services.raffles().close(other.id(), Scenarios.OPERATOR);
        DrawService broken = new DrawService(
                services.tx(),
                services.raffles(),
                services.payouts(),
                services.ledger(),
                services.audit(),
                new PlayerNotices(services.outgoing()),
                (raffleId, closedAt) -> {
                    throw new IllegalStateException("drand unreachable");
                });
        assertThatThrownBy(() -> broken.draw(other.id(), Scenarios.OPERATOR))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BEACON_UNAVAILABLE));
        assertThat(services.raffles().get(other.id()).state()).isEqualTo(RaffleState.CLOSED);
        services.raffles().cancel(other.id(), Scenarios.OPERATOR, "test cleanup");
        services.payouts().reject(outcome.payouts().getFirst().id(), Actor.user("fin", null), "cleanup");
    }
}
