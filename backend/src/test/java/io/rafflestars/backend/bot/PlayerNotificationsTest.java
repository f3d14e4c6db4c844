package io.rafflestars.backend.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.Services;
import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Prize;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleSpec;
import io.rafflestars.backend.raffle.RaffleSpec.PrizeChannel;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.SendRates;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.common.api.ErrorCode;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.FakeTelegram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What players are told about their money, through the one outgoing queue: each winner once when the draw is made
 * (even when two instances try to draw at once), how a paid prize came (credit, gift, paid off platform), and on a
 * cancelled raffle that each payment will be and then has been refunded.
 */
@ExtendWith(FreshDatabase.class)
class PlayerNotificationsTest {
    private static final Actor FINANCE = Actor.user("fin-notices", "10.0.0.9");
    private static final Map<String, String> NO_SCHEDULER = Map.of("SCHEDULER_ENABLED", "false");

    @Test
    void eachWinnerIsToldOnceEvenWhenTwoInstancesDrawAtOnce(DatabaseUrl db) throws Exception {
        try (FakeTelegram telegram = FakeTelegram.start(TestBackend.BOT_TOKEN);
                TestBackend a = TestBackend.start(db, NO_SCHEDULER, telegram);
                TestBackend b = TestBackend.start(db, NO_SCHEDULER, telegram)) {
            RaffleSpec spec = Scenarios.prizes(
                    Scenarios.spec("Twin Draw", 10, 100, 10),
                    PrizeChannel.PRIZE_CREDIT,
                    RaffleSpec.DrawMode.OPERATOR,
                    1000,
                    RaffleSpec.RepeatPolicy.ONE_PRIZE_PER_PLAYER,
                    new Prize(1, 5000, null),
                    new Prize(2, 3000, null),
                    new Prize(3, 2000, null));
            Raffle raffle = Scenarios.openRaffle(a, spec);
            List<FakePlayer> players = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                FakePlayer p = telegram.player(920_000 + i, "Twin" + i, i % 2 == 0 ? "en" : "ru");
                Scenarios.buy(b, p, raffle.id(), 2);
                players.add(p);
            }
            a.backend().services().raffles().close(raffle.id(), Scenarios.OPERATOR);

            // two consoles on two instances press "draw" together: one draw, the other refused
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<String>> tries = new ArrayList<>();
            for (Services s : List.of(a.backend().services(), b.backend().services())) {
                tries.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                        s.draws().draw(raffle.id(), Scenarios.OPERATOR);
                        return "drawn";
                    } catch (ApiException e) {
                        assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
                        return "refused";
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            go.countDown();
            assertThat(tries.stream().map(CompletableFuture::join)).containsExactlyInAnyOrder("drawn", "refused");

            List<Long> winners = a.backend().services().payouts().ofRaffle(raffle.id()).stream()
                    .map(p -> p.playerId())
                    .toList();
            assertThat(winners).hasSize(3).doesNotHaveDuplicates();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> winners.stream().allMatch(w -> count(telegram, w, PlayerNotificationsTest::won) == 1));
            Thread.sleep(1500); // a second draw's messages would have arrived by now
            for (FakePlayer p : players) {
                assertThat(count(telegram, p.userId(), PlayerNotificationsTest::won))
                        .as("won messages to " + p.userId())
                        .isEqualTo(winners.contains(p.userId()) ? 1 : 0);
            }
            SendRates.assertWithinTelegramLimits(telegram.calls("sendMessage"));
            Invariants.assertHold(db);
        }
    }

    @Test
    void eachWinnerOfAnAutomaticDrawIsToldOnceWithBothInstancesSchedulers(DatabaseUrl db) throws Exception {
        try (FakeTelegram telegram = FakeTelegram.start(TestBackend.BOT_TOKEN);
                TestBackend a = TestBackend.start(db, Map.of(), telegram);
                TestBackend b = TestBackend.start(db, Map.of(), telegram)) {
            java.time.Instant now = java.time.Instant.now();
            RaffleSpec spec = new RaffleSpec(
                    "Auto Draw",
                    "Drawn at close",
                    10,
                    100,
                    10,
                    null,
                    now.minusSeconds(1),
                    now.plusSeconds(12),
                    RaffleSpec.DrawMode.AUTOMATIC,
                    1000,
                    PrizeChannel.PRIZE_CREDIT,
                    RaffleSpec.RepeatPolicy.ONE_PRIZE_PER_PLAYER,
                    false,
                    null,
                    List.of(new Prize(1, 6000, null), new Prize(2, 4000, null)));
            Raffle raffle = Scenarios.openRaffle(a, spec);
            List<FakePlayer> players = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                FakePlayer p = telegram.player(925_000 + i, "Auto" + i, "en");
                Scenarios.buy(b, p, raffle.id(), 1);
                players.add(p);
            }
            // both instances' schedulers close the raffle at its end and draw it
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> a.backend()
                                    .services()
                                    .payouts()
                                    .ofRaffle(raffle.id())
                                    .size()
                            == 2);
            List<Long> winners = a.backend().services().payouts().ofRaffle(raffle.id()).stream()
                    .map(p -> p.playerId())
                    .toList();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> winners.stream().allMatch(w -> count(telegram, w, PlayerNotificationsTest::won) == 1));
            Thread.sleep(1500);
            for (FakePlayer p : players) {
                assertThat(count(telegram, p.userId(), PlayerNotificationsTest::won))
                        .isEqualTo(winners.contains(p.userId()) ? 1 : 0);
            }
            Invariants.assertHold(db);
        }
    }

    @Test
    void aPaidPrizeTellsTheWinnerOnceHowItCame(DatabaseUrl db) {
        try (TestBackend app = TestBackend.start(db, NO_SCHEDULER)) {
            Services s = app.backend().services();

            // prize credit: approved means paid
            long credit = drawnWinner(app, PrizeChannel.PRIZE_CREDIT, 930_001, "en", new Prize(1, 10000, null));
            var creditPayout = s.payouts().ofRaffle(raffleOf(db, credit)).getFirst();
            s.payouts().approve(creditPayout.id(), FINANCE, null);
            awaitOne(app, credit, t -> t.contains("of prize credit. Spend it on tickets"));

            // a Telegram gift, bought by the gift executor; what the gift leaves becomes credit
            long gift = drawnWinner(app, PrizeChannel.TELEGRAM_GIFT, 930_002, "ru", new Prize(1, 10000, null));
            var giftPayout = s.payouts().ofRaffle(raffleOf(db, gift)).getFirst();
            s.payouts().approve(giftPayout.id(), FINANCE, null);
            awaitOne(app, gift, t -> t.contains("отправлен вам подарком Telegram"));

            // paid off platform: the player gets the reference finance recorded
            long offPlatform = drawnWinner(app, PrizeChannel.OFF_PLATFORM, 930_003, "en", new Prize(1, null, 50L));
            var offPayout = s.payouts().ofRaffle(raffleOf(db, offPlatform)).getFirst();
            s.payouts().approve(offPayout.id(), FINANCE, null);
            s.payouts().recordExecution(offPayout.id(), Actor.user("fin-other", "10.0.0.8"), "IBAN transfer 77");
            awaitOne(app, offPlatform, t -> t.contains("has been paid. Reference: IBAN transfer 77."));

            // each winner: told of the win, the approval and the payment, each once
            for (long w : List.of(credit, gift, offPlatform)) {
                assertThat(count(app.telegram(), w, PlayerNotificationsTest::won))
                        .isEqualTo(1);
                assertThat(count(app.telegram(), w, t -> t.contains("approved") || t.contains("одобрен")))
                        .isEqualTo(1);
            }
            Invariants.assertHold(db);
        }
    }

    @Test
    void aCancelledRaffleTellsEachPaymentsPlayerOfTheRefundThenThatItArrived(DatabaseUrl db) {
        try (TestBackend app = TestBackend.start(db, NO_SCHEDULER)) {
            Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Called Off Later", 7, 100, 10));
            FakePlayer en = app.telegram().player(940_001, "Gus", "en");
            FakePlayer ru = app.telegram().player(940_002, "Рита", "ru");
            Scenarios.buy(app, en, raffle.id(), 2);
            Scenarios.buy(app, en, raffle.id(), 1);
            Scenarios.buy(app, ru, raffle.id(), 3);
            app.backend().services().raffles().cancel(raffle.id(), Scenarios.OPERATOR, "venue closed");

            awaitOne(app, en.userId(), t -> t.equals(Texts.refunded(Lang.EN, 14)));
            awaitOne(app, en.userId(), t -> t.equals(Texts.refunded(Lang.EN, 7)));
            awaitOne(app, ru.userId(), t -> t.equals(Texts.refunded(Lang.RU, 21)));
            List<String> gus = Scenarios.texts(en);
            assertThat(gus)
                    .containsOnlyOnce(
                            Texts.raffleCancelled(Lang.EN, "Called Off Later", 14),
                            Texts.raffleCancelled(Lang.EN, "Called Off Later", 7));
            // told it is coming before told it came
            assertThat(gus.indexOf(Texts.raffleCancelled(Lang.EN, "Called Off Later", 14)))
                    .isLessThan(gus.indexOf(Texts.refunded(Lang.EN, 14)));
            assertThat(Scenarios.texts(ru)).containsOnlyOnce(Texts.raffleCancelled(Lang.RU, "Called Off Later", 21));
            Invariants.assertHold(db);
        }
    }

    /** A raffle with one buyer ({@code player}, 8 tickets at 10 Stars), closed and drawn: returns the winner. */
    private static long drawnWinner(TestBackend app, PrizeChannel channel, long player, String lang, Prize prize) {
        RaffleSpec spec = Scenarios.prizes(
                Scenarios.spec("Prize " + player % 1000, 10, 100, 10),
                channel,
                RaffleSpec.DrawMode.OPERATOR,
                1000,
                RaffleSpec.RepeatPolicy.ONE_PRIZE_PER_PLAYER,
                prize);
        Raffle raffle = Scenarios.openRaffle(app, spec);
        Scenarios.buy(app, app.telegram().player(player, "Winner", lang), raffle.id(), 8);
        app.backend().services().raffles().close(raffle.id(), Scenarios.OPERATOR);
        app.backend().services().draws().draw(raffle.id(), Scenarios.OPERATOR);
        return player;
    }

    private static long raffleOf(DatabaseUrl db, long player) {
        return TestDatabases.count(db, "SELECT min(raffle_id) FROM ticket WHERE player_id = " + player);
    }

    private static boolean won(String text) {
        return text.startsWith("Congratulations!") || text.startsWith("Поздравляем!");
    }

    private static long count(FakeTelegram telegram, long chat, Predicate<String> text) {
        return telegram.messagesTo(chat).stream()
                .map(m -> m.path("text").asText(""))
                .filter(text)
                .count();
    }

    private static void awaitOne(TestBackend app, long chat, Predicate<String> text) {
        await().atMost(Duration.ofSeconds(30)).until(() -> count(app.telegram(), chat, text) >= 1);
        assertThat(count(app.telegram(), chat, text)).isEqualTo(1);
    }
}
