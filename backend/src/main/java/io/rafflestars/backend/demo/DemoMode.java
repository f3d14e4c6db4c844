package io.rafflestars.backend.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.raffle.Prize;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleService;
import io.rafflestars.backend.raffle.RaffleSpec;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.FakeTelegram;
import io.rafflestars.telegramfake.Invoice;
import io.rafflestars.telegramfake.PaymentOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The quick start's live system: seeded raffles and a few simulated players who, through the fake Telegram, do what
 * real players do — ask the bot for raffles, press a buy button, pay the invoice — every few seconds.
 */
public final class DemoMode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DemoMode.class.getName());
    static final Actor ACTOR = Actor.system("demo");
    private static final String[][] PLAYERS = {
        {"Ann", "en"}, {"Boris", "ru"}, {"Chen", "en"}, {"Dasha", "ru"}, {"Emil", "en"}, {"Fatima", "en"}
    };

    private final List<FakePlayer> players = new ArrayList<>();
    private final Duration every;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Random random = new Random();
    private Thread loop;

    private DemoMode(FakeTelegram telegram, int count, Duration every) {
        this.every = every;
        for (int i = 0; i < count; i++) {
            String[] p = PLAYERS[i % PLAYERS.length];
            players.add(telegram.player(7_000_001L + i, p[0], p[1]));
        }
    }

    /** Seeds raffles when there are none and starts the simulated players. */
    public static DemoMode start(
            FakeTelegram telegram, RaffleService raffles, Clock clock, int players, Duration every) {
        seed(raffles, clock);
        DemoMode demo = new DemoMode(telegram, players, every);
        if (players > 0) {
            demo.loop = Thread.ofVirtual().name("demo-players").start(demo::run);
        }
        return demo;
    }

    static void seed(RaffleService raffles, Clock clock) {
        boolean any = !raffles.listVisible(1).isEmpty();
        if (any) {
            return;
        }
        Instant now = clock.instant();
        create(
                raffles,
                "Moon Lottery",
                "Three prizes from a shared pot. Draw when sales close.",
                5,
                500,
                25,
                null,
                now,
                now.plus(Duration.ofHours(2)),
                List.of(new Prize(1, 5000, null), new Prize(2, 2500, null), new Prize(3, 1000, null)));
        create(
                raffles,
                "Quick Ten",
                "Ten-minute raffle, one winner takes 90% of the pot.",
                10,
                100,
                10,
                5,
                now,
                now.plus(Duration.ofMinutes(10)),
                List.of(new Prize(1, 9000, null)));
        create(
                raffles,
                "Starlight Weekly",
                "A week-long raffle with a fixed top prize.",
                2,
                5000,
                100,
                // 1,200 tickets pay the fixed 2,000 Stars after the fee; below that it is refunded, not drawn
                1200,
                now.plus(Duration.ofMinutes(2)),
                now.plus(Duration.ofDays(7)),
                List.of(new Prize(1, null, 2000L), new Prize(2, 3000, null)));
    }

    private static void create(
            RaffleService raffles,
            String title,
            String description,
            long price,
            int total,
            int cap,
            Integer min,
            Instant starts,
            Instant ends,
            List<Prize> prizes) {
        Raffle r = raffles.create(
                new RaffleSpec(
                        title,
                        description,
                        price,
                        total,
                        cap,
                        min,
                        starts,
                        ends,
                        RaffleSpec.DrawMode.AUTOMATIC,
                        1000,
                        RaffleSpec.PrizeChannel.PRIZE_CREDIT,
                        RaffleSpec.RepeatPolicy.ONE_PRIZE_PER_PLAYER,
                        false,
                        null,
                        prizes),
                ACTOR);
        raffles.publish(r.id(), ACTOR);
        if (!starts.isAfter(Instant.now())) {
            raffles.open(r.id(), ACTOR);
        }
        LOG.log(System.Logger.Level.INFO, "Demo raffle #{0,number,#} \"{1}\" published", r.id(), title);
    }

    private void run() {
        while (running.get()) {
            try {
                Thread.sleep(every.toMillis() / 2 + random.nextLong(every.toMillis()));
                buyOnce(players.get(random.nextInt(players.size())));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Demo player hiccup: {0}", e.getMessage());
            }
        }
    }

    /** One player's purchase, as a person does it in the chat. */
    void buyOnce(FakePlayer player) throws InterruptedException {
        int before = player.messages().size();
        player.sendText("/raffles");
        Optional<ObjectNode> list = awaitMessage(player, before, m -> m.has("reply_markup"));
        if (list.isEmpty()) {
            return; // nothing open right now
        }
        List<String> buttons = new ArrayList<>();
        for (JsonNode row : list.get().path("reply_markup").path("inline_keyboard")) {
            for (JsonNode b : row) {
                buttons.add(b.path("callback_data").asText());
            }
        }
        if (buttons.isEmpty()) {
            return;
        }
        String choice = buttons.get(random.nextInt(buttons.size()));
        int beforeInvoice = player.messages().size();
        player.pressButton(choice, list.get().path("message_id").asLong());
        Optional<ObjectNode> invoiceMessage =
                awaitMessage(player, beforeInvoice, m -> m.has("invoice") || m.has("text"));
        Optional<Invoice> invoice = player.lastInvoice();
        if (invoiceMessage.isEmpty() || !invoiceMessage.get().has("invoice") || invoice.isEmpty()) {
            return; // e.g. the player is at the ticket limit: the bot said so
        }
        PaymentOutcome outcome = player.pay(invoice.get());
        LOG.log(
                System.Logger.Level.INFO,
                "Demo player {0} paid {1} Stars for \"{2}\": {3}",
                player.firstName(),
                invoice.get().amount(),
                invoice.get().title(),
                outcome.getClass().getSimpleName());
    }

    private static Optional<ObjectNode> awaitMessage(
            FakePlayer player, int after, java.util.function.Predicate<ObjectNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<ObjectNode> messages = player.messages();
            for (int i = messages.size() - 1; i >= after; i--) {
                ObjectNode m = messages.get(i);
                if (wanted.test(m)) {
                    return Optional.of(m);
                }
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        running.set(false);
        if (loop != null) {
            loop.interrupt();
        }
    }
}
