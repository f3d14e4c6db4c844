package io.rafflestars.backend.payout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.Services;
import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.draw.DrawService;
import io.rafflestars.backend.ledger.Chart;
import io.rafflestars.backend.payment.CreditPurchases;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Prize;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleSpec;
import io.rafflestars.backend.raffle.RaffleSpec.PrizeChannel;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.common.api.ErrorCode;
import io.rafflestars.common.raffle.RaffleState;
import io.rafflestars.telegramfake.Fault;
import io.rafflestars.telegramfake.SentGift;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Payouts against a real backend, database and fake Telegram: four eyes, the two-approver threshold, each channel,
 * rejection, redraw and expiry, with the invariants checked after every test.
 */
@ExtendWith(FreshDatabase.class)
class PayoutServiceTest {
    private static final Actor ANN = Actor.user("fin-ann", "10.0.0.1");
    private static final Actor BOB = Actor.user("fin-bob", "10.0.0.2");
    private static final AtomicLong PLAYER_IDS = new AtomicLong(5000);

    private static TestBackend app;
    private static DatabaseUrl db;
    private static Services services;
    private static PayoutService payouts;

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = url;
        // prizes above 100 Stars need two approvers here, so small raffles show both rules
        app = TestBackend.start(url, Map.of("PAYOUT_TWO_APPROVER_THRESHOLD", "100", "SCHEDULER_ENABLED", "false"));
        services = app.backend().services();
        payouts = services.payouts();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void invariantsHold() {
        Invariants.assertHold(db);
    }

    /** A raffle sold to {@code buyers} players ({@code tickets} each at 10 Stars), closed and drawn by the operator. */
    private static Drawn drawn(PrizeChannel channel, int buyers, int tickets, Prize... prizes) {
        RaffleSpec spec = Scenarios.prizes(
                Scenarios.spec("Payout " + PLAYER_IDS.get(), 10, 1000, 50),
                channel,
                RaffleSpec.DrawMode.OPERATOR,
                1000,
                RaffleSpec.RepeatPolicy.ONE_PRIZE_PER_PLAYER,
                prizes);
        Raffle raffle = Scenarios.openRaffle(app, spec);
        for (int i = 0; i < buyers; i++) {
            long id = PLAYER_IDS.incrementAndGet();
            Scenarios.buy(
                    app, app.telegram().player(id, "Player" + id, i % 2 == 0 ? "en" : "ru"), raffle.id(), tickets);
        }
        services.raffles().close(raffle.id(), Scenarios.OPERATOR);
        DrawService.Outcome outcome = services.draws().draw(raffle.id(), Scenarios.OPERATOR);
        return new Drawn(raffle.id(), outcome);
    }

    private record Drawn(long raffleId, DrawService.Outcome outcome) {
        PayoutView payout(int place) {
            return payouts.ofRaffle(raffleId).stream()
                    .filter(p -> p.place() == place
                            && !p.state().equals("VOIDED")
                            && !p.state().equals("REISSUED"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static void refused(ErrorCode code, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static long balance(String account) {
        return services.ledger().account(account).orElseThrow().balance();
    }

    @Test
    void nobodyWhoDrewOrRequestedApprovesNorAnyoneTwiceAndAboveTheThresholdTwoMust() {
        // pot 200, fee 20, one place with 90% of 180 = 162 Stars: above the threshold of 100
        Drawn d = drawn(PrizeChannel.PRIZE_CREDIT, 2, 10, new Prize(1, 9000, null));
        PayoutView p = d.payout(1);
        assertThat(p.amount()).isEqualTo(162);
        assertThat(p.approvalsRequired()).isEqualTo(2);
        assertThat(p.drawnBy()).isEqualTo(Scenarios.OPERATOR.name());
        assertThat(p.requestedBy()).isEqualTo(Scenarios.OPERATOR.name());

        refused(ErrorCode.FOUR_EYES_VIOLATION, () -> payouts.approve(p.id(), Scenarios.OPERATOR, null));
        PayoutView once = payouts.approve(p.id(), ANN, "checked the winner's account");
        assertThat(once.state()).isEqualTo("PENDING_APPROVAL");
        assertThat(once.approvedBy()).containsExactly("fin-ann");
        refused(ErrorCode.FOUR_EYES_VIOLATION, () -> payouts.approve(p.id(), ANN, null));
        // the database refuses it too, whatever the code does
        assertThatThrownBy(() -> TestDatabases.execute(
                        db,
                        "INSERT INTO payout_decision (payout_id, decision, actor) VALUES (" + p.id() + ", 'APPROVE', '"
                                + Scenarios.OPERATOR.name() + "')"))
                .hasMessageContaining("four eyes");
        assertThatThrownBy(() -> TestDatabases.execute(
                        db,
                        "INSERT INTO payout_decision (payout_id, decision, actor) VALUES (" + p.id()
                                + ", 'APPROVE', 'fin-ann')"))
                .hasMessageContaining("payout_decision_one_approval_each");
        assertThatThrownBy(() -> TestDatabases.execute(db, "UPDATE payout SET state = 'APPROVED' WHERE id = " + p.id()))
                .hasMessageContaining("1 of 2 approvals");
        assertThatThrownBy(() -> TestDatabases.execute(db, "DELETE FROM payout_decision WHERE payout_id = " + p.id()))
                .hasMessageContaining("append-only");

        PayoutView paid = payouts.approve(p.id(), BOB, null);
        assertThat(paid.state()).isEqualTo("EXECUTED");
        assertThat(paid.approvedBy()).containsExactly("fin-ann", "fin-bob");
        assertThat(balance("player_credit:" + p.playerId())).isEqualTo(162);
        assertThat(services.raffles().get(d.raffleId()).state()).isEqualTo(RaffleState.SETTLED);
        assertThat(payouts.get(p.id()).decisions())
                .extracting(PayoutView.Decision::decision, PayoutView.Decision::actor)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("APPROVE", "fin-ann"),
                        org.assertj.core.groups.Tuple.tuple("APPROVE", "fin-bob"));
        // the winner was told at the draw, at the approval and when the credit arrived
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(app.telegram().messagesTo(p.playerId()))
                        .extracting(m -> m.path("text").asText())
                        .anySatisfy(t -> assertThat(t).containsAnyOf("won place 1", "1-е место"))
                        .anySatisfy(t -> assertThat(t).containsAnyOf("approved", "одобрен"))
                        .anySatisfy(t -> assertThat(t).containsAnyOf("162 ⭐ of prize credit", "162 ⭐ призового")));
    }

    @Test
    void atOrBelowTheThresholdOneApproverIsEnough() {
        // pot 100, fee 10, 90 Stars to place 1
        Drawn d = drawn(PrizeChannel.PRIZE_CREDIT, 1, 10, new Prize(1, 10000, null));
        PayoutView p = d.payout(1);
        assertThat(p.amount()).isEqualTo(90);
        assertThat(p.approvalsRequired()).isEqualTo(1);
        assertThat(payouts.approve(p.id(), ANN, null).state()).isEqualTo("EXECUTED");
    }

    @Test
    void prizeCreditBuysTicketsUnderTheSameRulesAsStars() {
        Drawn d = drawn(PrizeChannel.PRIZE_CREDIT, 1, 10, new Prize(1, 10000, null));
        PayoutView p = payouts.approve(d.payout(1).id(), ANN, null);
        long player = p.playerId();
        String credit = Chart.playerCredit(player).code();
        assertThat(balance(credit)).isEqualTo(90);
        CreditPurchases credits = services.credits();
        Raffle next = Scenarios.openRaffle(app, Scenarios.spec("Spend credit", 40, 6, 3));

        refused(ErrorCode.INSUFFICIENT_CREDIT, () -> credits.buy(next.id(), player, 3, "too-dear"));
        refused(ErrorCode.PLAYER_CAP_REACHED, () -> credits.buy(next.id(), player, 4, "over-cap"));
        CreditPurchases.CreditPurchase bought = credits.buy(next.id(), player, 2, "req-1");
        assertThat(bought.numbers()).containsExactly(1, 2);
        assertThat(bought.amount()).isEqualTo(80);
        assertThat(balance(credit)).isEqualTo(10);
        assertThat(balance("raffle_pot:" + next.id())).isEqualTo(80);
        // a retried request buys once; the same key for another purchase is refused
        assertThat(credits.buy(next.id(), player, 2, "req-1").replayed()).isTrue();
        refused(ErrorCode.CONFLICT, () -> credits.buy(next.id(), player, 1, "req-1"));
        assertThat(balance(credit)).isEqualTo(10);
        // others buy the rest; then it is sold out
        Scenarios.buy(app, app.telegram().player(PLAYER_IDS.incrementAndGet(), "Other", "en"), next.id(), 3);
        Scenarios.buy(app, app.telegram().player(PLAYER_IDS.incrementAndGet(), "Another", "en"), next.id(), 1);
        refused(ErrorCode.SOLD_OUT, () -> credits.buy(next.id(), player, 1, "req-2"));
        assertThat(services.raffles().get(next.id()).ticketsSold()).isEqualTo(6);

        // a cancelled raffle gives the credit back at once
        Raffle cancelled = Scenarios.openRaffle(app, Scenarios.spec("Cancelled", 10, 50, 5));
        credits.buy(cancelled.id(), player, 1, "req-3");
        assertThat(balance(credit)).isZero();
        services.raffles().cancel(cancelled.id(), Scenarios.OPERATOR, "venue closed");
        assertThat(balance(credit)).isEqualTo(10);
        refused(ErrorCode.RAFFLE_NOT_OPEN, () -> credits.buy(cancelled.id(), player, 1, "req-4"));
    }

    @Test
    void aGiftPrizeBuysTheDearestGiftItPaysForAndTheRestBecomesCredit() {
        // pot 80, fee 8, place 1 gets all 72: the most expensive catalogue gift up to 72 costs 50; 22 become credit
        Drawn d = drawn(PrizeChannel.TELEGRAM_GIFT, 1, 8, new Prize(1, 10000, null));
        PayoutView p = d.payout(1);
        assertThat(p.amount()).isEqualTo(72);
        long starsBefore = app.telegram().starBalance();
        assertThat(payouts.approve(p.id(), BOB, null).state()).isIn("APPROVED", "EXECUTING", "EXECUTED");

        PayoutView paid = awaitState(p.id(), "EXECUTED");
        assertThat(paid.giftCost()).isEqualTo(50);
        assertThat(paid.gift()).startsWith("GIFT ");
        assertThat(app.telegram().starBalance()).isEqualTo(starsBefore - 50);
        assertThat(app.telegram().sentGifts())
                .filteredOn(g -> g.userId() == p.playerId())
                .extracting(SentGift::stars)
                .containsExactly(50L);
        assertThat(balance("player_credit:" + p.playerId())).isEqualTo(22);
        assertThat(services.raffles().get(d.raffleId()).state()).isEqualTo(RaffleState.SETTLED);
    }

    @Test
    void aFailedGiftKeepsItsMoneyHeldUntilRetriedOrConfirmed() {
        Drawn d = drawn(PrizeChannel.TELEGRAM_GIFT, 1, 3, new Prize(1, 10000, null));
        PayoutView p = d.payout(1);
        assertThat(p.amount()).isEqualTo(27);
        app.telegram().faults().next("sendGift", new Fault.BadRequest("BALANCE_TOO_LOW"));
        payouts.approve(p.id(), ANN, null);

        PayoutView failed = awaitState(p.id(), "FAILED");
        assertThat(failed.lastError()).contains("BALANCE_TOO_LOW");
        assertThat(heldFor(p.id())).isTrue();
        refused(ErrorCode.FOUR_EYES_VIOLATION, () -> payouts.retry(p.id(), Scenarios.OPERATOR));
        refused(ErrorCode.ILLEGAL_TRANSITION, () -> payouts.approve(p.id(), BOB, null));

        // Telegram answers 500 the next time: whether the gift went out is unknown, so it is not sent again blindly
        app.telegram().faults().next("sendGift", new Fault.ServerError(500));
        payouts.retry(p.id(), BOB);
        PayoutView unknown = awaitState(p.id(), "FAILED");
        assertThat(unknown.attempts()).isEqualTo(2);
        assertThat(unknown.lastError()).contains("outcome unknown");
        assertThat(heldFor(p.id())).isTrue();

        // finance looked at the bot's transactions: not sent; retry, and this time it goes through
        payouts.retry(p.id(), ANN);
        PayoutView paid = awaitState(p.id(), "EXECUTED");
        assertThat(paid.giftCost()).isEqualTo(25);
        assertThat(heldFor(p.id())).isFalse();
        assertThat(balance("player_credit:" + p.playerId())).isEqualTo(2);
    }

    @Test
    void aGiftCatalogueThatCannotBeReadIsSimplyReadAgainLater() {
        Drawn d = drawn(PrizeChannel.TELEGRAM_GIFT, 1, 2, new Prize(1, 10000, null));
        PayoutView p = d.payout(1);
        // the client retries a read itself (four attempts); all four fail
        app.telegram().faults().next("getAvailableGifts", 4, new Fault.ServerError(500));
        payouts.approve(p.id(), ANN, null);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> payouts.get(p.id()).payout().lastError() != null);
        PayoutView waiting = payouts.get(p.id()).payout();
        assertThat(waiting.lastError()).startsWith("reading the gift catalogue");
        assertThat(waiting.state()).isIn("APPROVED", "EXECUTING", "EXECUTED");
        assertThat(awaitState(p.id(), "EXECUTED").attempts()).isEqualTo(2);
        assertThat(app.telegram().calls("sendGift")).isNotEmpty();
    }

    @Test
    void aGiftWhoseDeliveryIsConfirmedByFinanceIsPaid() {
        Drawn d = drawn(PrizeChannel.TELEGRAM_GIFT, 1, 2, new Prize(1, 10000, null));
        PayoutView p = d.payout(1);
        app.telegram().faults().next("sendGift", new Fault.ServerError(502));
        payouts.approve(p.id(), ANN, null);
        awaitState(p.id(), "FAILED");
        refused(ErrorCode.VALIDATION_FAILED, () -> payouts.recordExecution(p.id(), BOB, " "));
        PayoutView confirmed = payouts.recordExecution(p.id(), BOB, "star transaction stxABC");
        assertThat(confirmed.state()).isEqualTo("EXECUTED");
        assertThat(confirmed.externalReference()).isEqualTo("star transaction stxABC");
    }

    @Test
    void anOffPlatformPayoutPostsWhenFinanceRecordsItsReference() {
        Drawn d = drawn(PrizeChannel.OFF_PLATFORM, 1, 10, new Prize(1, null, 50L));
        PayoutView p = d.payout(1);
        assertThat(p.amount()).isEqualTo(50);
        long before = balance(Chart.PAYOUTS_OFF_PLATFORM);
        refused(ErrorCode.ILLEGAL_TRANSITION, () -> payouts.recordExecution(p.id(), ANN, "IBAN transfer 123"));
        assertThat(payouts.approve(p.id(), ANN, null).state()).isEqualTo("APPROVED");
        refused(ErrorCode.VALIDATION_FAILED, () -> payouts.recordExecution(p.id(), BOB, null));
        PayoutView paid = payouts.recordExecution(p.id(), BOB, "IBAN transfer 123");
        assertThat(paid.state()).isEqualTo("EXECUTED");
        assertThat(paid.externalReference()).isEqualTo("IBAN transfer 123");
        assertThat(balance(Chart.PAYOUTS_OFF_PLATFORM)).isEqualTo(before + 50);
        // the house keeps the fee (10) and what the fixed prize leaves (40)
        var result = services.ledger().raffleResult(d.raffleId());
        assertThat(result.houseFee()).isEqualTo(50);
        assertThat(result.paidOut()).isEqualTo(50);
        assertThat(result.potBalance()).isZero();
        assertThat(result.prizesOwed()).isZero();
    }

    @Test
    void rejectionVoidsTheHoldAndForfeitsThePrizeToTheHouse() {
        Drawn d = drawn(PrizeChannel.PRIZE_CREDIT, 3, 4, new Prize(1, 5000, null), new Prize(2, 5000, null));
        PayoutView first = d.payout(1);
        PayoutView second = d.payout(2);
        long house = balance(Chart.HOUSE_REVENUE);
        refused(ErrorCode.VALIDATION_FAILED, () -> payouts.reject(first.id(), ANN, "  "));
        refused(ErrorCode.FOUR_EYES_VIOLATION, () -> payouts.reject(first.id(), Scenarios.OPERATOR, "no"));
        PayoutView rejected = payouts.reject(first.id(), ANN, "winner's account was reported as stolen");
        assertThat(rejected.state()).isEqualTo("REJECTED");
        assertThat(heldFor(first.id())).isFalse();
        assertThat(balance(Chart.HOUSE_REVENUE)).isEqualTo(house + first.amount());
        assertThat(payouts.get(first.id()).decisions().getFirst().reason())
                .isEqualTo("winner's account was reported as stolen");
        refused(ErrorCode.ILLEGAL_TRANSITION, () -> payouts.approve(first.id(), BOB, null));
        refused(ErrorCode.ILLEGAL_TRANSITION, () -> payouts.reject(first.id(), BOB, "again"));
        assertThat(services.raffles().get(d.raffleId()).state()).isEqualTo(RaffleState.DRAWN);
        payouts.approve(second.id(), BOB, null);
        assertThat(services.raffles().get(d.raffleId()).state()).isEqualTo(RaffleState.SETTLED);
        assertThat(services.ledger().raffleResult(d.raffleId()).forfeited()).isEqualTo(first.amount());
    }

    @Test
    void aWinnerWhosePrizeWasPaidCannotBeDisqualifiedNorOneOfASettledRaffle() {
        // pot 80, fee 8, 72 left: place 1 gets 60% (43), place 2 40% (28), the house the remaining Star
        Drawn d = drawn(PrizeChannel.PRIZE_CREDIT, 4, 2, new Prize(1, 6000, null), new Prize(2, 4000, null));
        assertThat(d.outcome().split().prizes()).containsExactly(43L, 28L);
        assertThat(d.outcome().split().houseRemainder()).isEqualTo(1);
        PayoutView first = d.payout(1);
        assertThat(payouts.approve(first.id(), ANN, null).state()).isEqualTo("EXECUTED");
        refused(
                ErrorCode.ILLEGAL_TRANSITION,
                () -> services.draws().disqualify(d.raffleId(), 1, "too late", Scenarios.OPERATOR));
        refused(
                ErrorCode.VALIDATION_FAILED,
                () -> services.draws().disqualify(d.raffleId(), 3, "no such place", Scenarios.OPERATOR));
        refused(
                ErrorCode.VALIDATION_FAILED,
                () -> services.draws().disqualify(d.raffleId(), 2, "", Scenarios.OPERATOR));
        payouts.approve(d.payout(2).id(), BOB, null);
        assertThat(services.raffles().get(d.raffleId()).state()).isEqualTo(RaffleState.SETTLED);
        refused(
                ErrorCode.ILLEGAL_TRANSITION,
                () -> services.draws().disqualify(d.raffleId(), 2, "settled", Scenarios.OPERATOR));
    }

    @Test
    void aDisqualifiedWinnersPayoutIsVoidedAndReplaced() {
        Drawn d = drawn(PrizeChannel.PRIZE_CREDIT, 4, 2, new Prize(1, 6000, null), new Prize(2, 4000, null));
        PayoutView second = d.payout(2);
        payouts.approve(second.id(), ANN, null);
        PayoutView first = d.payout(1);
        Actor operator2 = Actor.user("op-olga", "10.0.0.9");
        services.draws().disqualify(d.raffleId(), 1, "multiple accounts", operator2);

        assertThat(payouts.get(first.id()).payout().state()).isEqualTo("VOIDED");
        PayoutView replacement = d.payout(1);
        assertThat(replacement.id()).isNotEqualTo(first.id());
        assertThat(replacement.replacesPayoutId()).isEqualTo(first.id());
        assertThat(replacement.playerId()).isNotEqualTo(first.playerId());
        assertThat(replacement.amount()).isEqualTo(first.amount());
        assertThat(replacement.state()).isEqualTo("PENDING_APPROVAL");
        assertThat(replacement.requestedBy()).isEqualTo("op-olga");
        assertThat(replacement.drawnBy()).isEqualTo(Scenarios.OPERATOR.name());
        refused(ErrorCode.FOUR_EYES_VIOLATION, () -> payouts.approve(replacement.id(), operator2, null));
        assertThat(services.draws().verify(d.raffleId()).verified()).isTrue();
        payouts.approve(replacement.id(), BOB, null);
        assertThat(services.raffles().get(d.raffleId()).state()).isEqualTo(RaffleState.SETTLED);
    }

    @Test
    void anExpiredPayoutKeepsItsPrizeOwedUntilReissuedAndPaid() {
        Drawn d = drawn(PrizeChannel.PRIZE_CREDIT, 1, 5, new Prize(1, 10000, null));
        PayoutView p = d.payout(1);
        // the expiry job as it runs 31 days later (the default hold is 30 days)
        PayoutService later = new PayoutService(
                services.tx(),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(31)),
                services.ledger(),
                services.audit(),
                services.raffles(),
                new io.rafflestars.backend.bot.PlayerNotices(services.outgoing()),
                services.telegram(),
                payouts.rules());
        assertThat(later.expireDue(100)).isGreaterThanOrEqualTo(1);
        assertThat(payouts.get(p.id()).payout().state()).isEqualTo("EXPIRED");
        assertThat(heldFor(p.id())).isFalse();
        assertThat(services.ledger().raffleResult(d.raffleId()).prizesOwed()).isEqualTo(p.amount());
        refused(ErrorCode.ILLEGAL_TRANSITION, () -> payouts.approve(p.id(), ANN, null));

        PayoutView reissued = payouts.reissue(p.id(), ANN);
        assertThat(reissued.id()).isNotEqualTo(p.id());
        assertThat(reissued.replacesPayoutId()).isEqualTo(p.id());
        assertThat(reissued.requestedBy()).isEqualTo("fin-ann");
        assertThat(payouts.get(p.id()).payout().state()).isEqualTo("REISSUED");
        assertThat(heldFor(reissued.id())).isTrue();
        refused(ErrorCode.FOUR_EYES_VIOLATION, () -> payouts.approve(reissued.id(), ANN, null));
        assertThat(payouts.approve(reissued.id(), BOB, null).state()).isEqualTo("EXECUTED");
    }

    @Test
    void theQueueListsOpenPayoutsWithApprovalsAndAge() {
        Drawn d = drawn(PrizeChannel.OFF_PLATFORM, 3, 5, new Prize(1, 5000, null), new Prize(2, 5000, null));
        List<PayoutView> open = payouts.list("OPEN", d.raffleId(), 0, 100).items();
        assertThat(open).hasSize(2);
        assertThat(open).allSatisfy(v -> {
            assertThat(v.raffleTitle()).startsWith("Payout");
            assertThat(v.channel()).isEqualTo("OFF_PLATFORM");
            assertThat(v.approvals()).isZero();
            assertThat(v.ageSeconds()).isGreaterThanOrEqualTo(0);
            assertThat(v.ticketNumber()).isNotNull();
            assertThat(v.playerName()).startsWith("Player");
        });
        payouts.reject(open.get(0).id(), ANN, "duplicate");
        assertThat(payouts.list("OPEN", d.raffleId(), 0, 100).items()).hasSize(1);
        assertThat(payouts.list("REJECTED", d.raffleId(), 0, 100).items()).hasSize(1);
        assertThat(payouts.list("ALL", d.raffleId(), open.get(0).id(), 100).items())
                .hasSize(1);
        refused(ErrorCode.VALIDATION_FAILED, () -> payouts.list("PAID", null, 0, 10));
        payouts.reject(open.get(1).id(), BOB, "duplicate");
    }

    private static PayoutView awaitState(long id, String state) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> payouts.get(id).payout().state().equals(state));
        return payouts.get(id).payout();
    }

    /** The payout's hold is pending and unresolved in the ledger. */
    private static boolean heldFor(long payoutId) {
        return TestDatabases.count(
                        db,
                        "SELECT count(*) FROM ledger_transfer h WHERE h.id = 'payout:" + payoutId
                                + ":hold' AND NOT EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.pending_id = h.id)")
                == 1;
    }
}
