package io.rafflestars.backend.raffle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.common.api.ErrorCode;
import io.rafflestars.common.draw.ProvableDraw;
import io.rafflestars.common.draw.TicketList;
import io.rafflestars.common.raffle.RaffleState;
import io.rafflestars.telegramfake.PaymentOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshDatabase.class)
class RaffleServiceTest {
    private static final Actor OP = Scenarios.OPERATOR;
    private static TestBackend app;
    private static DatabaseUrl db;
    private static RaffleService raffles;

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = url;
        // the background scheduler stays out of the way: these tests drive it by hand
        app = TestBackend.start(url, java.util.Map.of("SCHEDULER_ENABLED", "false"));
        raffles = app.backend().services().raffles();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void validationNamesTheField() {
        RaffleSpec longTitle = withTitle(Scenarios.spec("x", 1, 10, 1), "T".repeat(33));
        assertThatThrownBy(() -> raffles.create(longTitle, OP)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.field()).isEqualTo("title");
        });
        RaffleSpec s = Scenarios.spec("x", 1, 10, 1);
        RaffleSpec backwards = new RaffleSpec(
                s.title(),
                s.description(),
                s.ticketPrice(),
                s.totalTickets(),
                s.perPlayerCap(),
                s.minTickets(),
                s.endsAt(),
                s.startsAt(),
                s.drawMode(),
                s.houseFeeBps(),
                s.prizeChannel(),
                s.repeatWinnerPolicy(),
                false,
                null,
                s.prizes());
        assertThatThrownBy(() -> raffles.create(backwards, OP))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.field()).isEqualTo("endsAt"));
        RaffleSpec zeroPrice = new RaffleSpec(
                s.title(),
                s.description(),
                0,
                s.totalTickets(),
                s.perPlayerCap(),
                null,
                s.startsAt(),
                s.endsAt(),
                s.drawMode(),
                s.houseFeeBps(),
                s.prizeChannel(),
                s.repeatWinnerPolicy(),
                false,
                null,
                s.prizes());
        assertThatThrownBy(() -> raffles.create(zeroPrice, OP))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.field()).isEqualTo("ticketPrice"));
    }

    @Test
    void publishCommitsToASecretSeedAndEditsAreGuardedByVersion() {
        Raffle draft = raffles.create(Scenarios.spec("Versioned", 2, 10, 2), OP);
        assertThat(draft.state()).isEqualTo(RaffleState.DRAFT);
        assertThat(draft.commitment()).isNull();

        Raffle edited = raffles.update(draft.id(), draft.version(), withTitle(draft.spec(), "Renamed"), OP);
        assertThat(edited.spec().title()).isEqualTo("Renamed");
        assertThatThrownBy(() -> raffles.update(draft.id(), draft.version(), draft.spec(), OP))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERSION_CONFLICT));

        Raffle published = raffles.publish(draft.id(), OP);
        assertThat(published.state()).isEqualTo(RaffleState.SCHEDULED);
        assertThat(published.commitment()).hasSize(64);
        byte[] seed = seedOf(draft.id());
        assertThat(ProvableDraw.commitment(seed)).isEqualTo(published.commitment());
    }

    @Test
    void illegalTransitionsAreRefusedByName() {
        Raffle r = raffles.create(Scenarios.spec("Illegal", 2, 10, 2), OP);
        assertThatThrownBy(() -> raffles.pause(r.id(), OP)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
            assertThat(e.getMessage()).contains("Cannot pause a raffle that is draft");
        });
        raffles.publish(r.id(), OP);
        raffles.open(r.id(), OP);
        assertThatThrownBy(() -> raffles.update(r.id(), raffles.get(r.id()).version(), r.spec(), OP))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION));
        assertThat(raffles.pause(r.id(), OP).state()).isEqualTo(RaffleState.PAUSED);
        assertThat(raffles.resume(r.id(), OP).state()).isEqualTo(RaffleState.OPEN);
        assertThatThrownBy(() -> raffles.cancel(r.id(), OP, " "))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.field()).isEqualTo("reason"));
        assertThatThrownBy(() -> raffles.get(999_999))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void schedulerOpensClosesAndCancelsUnderMinimumExactlyOnceAcrossInstances() throws Exception {
        Instant now = Instant.now();
        RaffleSpec base = Scenarios.spec("Sched", 3, 10, 5);
        Raffle opening = raffles.create(withTimes(base, "Opens", now.minusSeconds(5), now.plusSeconds(3600), null), OP);
        Raffle closing =
                raffles.create(withTimes(base, "Closes", now.minusSeconds(5), now.plusSeconds(3600), null), OP);
        Raffle underMin =
                raffles.create(withTimes(base, "UnderMin", now.minusSeconds(5), now.plusSeconds(3600), 3), OP);
        for (Raffle r : List.of(opening, closing, underMin)) {
            raffles.publish(r.id(), OP);
        }
        raffles.open(closing.id(), OP);
        raffles.open(underMin.id(), OP);
        var player = app.telegram().player(555, "Sam", "en");
        assertThat(player.pay(Scenarios.invoiceDirect(app, player, closing.id(), 2)))
                .isInstanceOf(PaymentOutcome.Paid.class);
        assertThat(player.pay(Scenarios.invoiceDirect(app, player, underMin.id(), 1)))
                .isInstanceOf(PaymentOutcome.Paid.class);
        TestDatabases.execute(
                db,
                "UPDATE raffle SET ends_at = now() - interval '1 second' WHERE id IN (" + closing.id() + ","
                        + underMin.id() + ")");

        // two schedulers (as on two instances) tick at the same moment
        Clock clock = Clock.systemUTC();
        var draws = app.backend().services().draws();
        var a = new RaffleScheduler(app.backend().services().tx(), raffles, clock, draws::drawDue);
        var b = new RaffleScheduler(app.backend().services().tx(), raffles, clock, draws::drawDue);
        var fa = java.util.concurrent.CompletableFuture.supplyAsync(a::tick);
        var fb = java.util.concurrent.CompletableFuture.supplyAsync(b::tick);
        int moved = fa.get() + fb.get();
        moved += a.tick() + b.tick();
        assertThat(moved).isEqualTo(3);

        assertThat(raffles.get(opening.id()).state()).isEqualTo(RaffleState.OPEN);
        Raffle closed = raffles.get(closing.id());
        assertThat(closed.state()).isEqualTo(RaffleState.CLOSED);
        assertThat(closed.ticketsHash())
                .isEqualTo(ProvableDraw.ticketsHashHex(
                        closing.id(), TicketList.of(new long[] {1, 2}, new long[] {555, 555})));
        Raffle cancelled = raffles.get(underMin.id());
        assertThat(cancelled.state()).isEqualTo(RaffleState.CANCELLED);
        assertThat(cancelled.cancelReason()).contains("minimum 3");
        assertThat(countRows("SELECT count(*) FROM outbox_event WHERE type = 'RaffleChanged' AND raffle_id = "
                        + closing.id() + " AND payload->>'state' = 'CLOSED'"))
                .isEqualTo(1);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(countRows("SELECT count(*) FROM payment WHERE raffle_id = "
                                + underMin.id() + " AND state = 'REFUNDED'"))
                        .isEqualTo(1));
        Invariants.assertHold(db);
    }

    private static long countRows(String sql) throws Exception {
        try (var c = TestDatabases.connect(db);
                var s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] seedOf(long id) {
        try (var c = TestDatabases.connect(db);
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT seed FROM raffle WHERE id = " + id)) {
            rs.next();
            return rs.getBytes(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static RaffleSpec withTitle(RaffleSpec s, String title) {
        return new RaffleSpec(
                title,
                s.description(),
                s.ticketPrice(),
                s.totalTickets(),
                s.perPlayerCap(),
                s.minTickets(),
                s.startsAt(),
                s.endsAt(),
                s.drawMode(),
                s.houseFeeBps(),
                s.prizeChannel(),
                s.repeatWinnerPolicy(),
                s.sweepstakes(),
                s.jurisdictionNote(),
                s.prizes());
    }

    static RaffleSpec withTimes(RaffleSpec s, String title, Instant starts, Instant ends, Integer min) {
        return new RaffleSpec(
                title,
                s.description(),
                s.ticketPrice(),
                s.totalTickets(),
                s.perPlayerCap(),
                min,
                starts,
                ends,
                s.drawMode(),
                s.houseFeeBps(),
                s.prizeChannel(),
                s.repeatWinnerPolicy(),
                s.sweepstakes(),
                s.jurisdictionNote(),
                s.prizes());
    }
}
