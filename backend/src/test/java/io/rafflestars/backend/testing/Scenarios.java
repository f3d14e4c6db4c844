package io.rafflestars.backend.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.payment.PurchaseService;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.raffle.Prize;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleService;
import io.rafflestars.backend.raffle.RaffleSpec;
import io.rafflestars.common.api.ErrorCode;
import io.rafflestars.common.raffle.RaffleState;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.Invoice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Building blocks for scenario tests: open raffles, players buying through the bot as real players do. */
public final class Scenarios {
    /** The console user scenario tests act as. */
    public static final Actor OPERATOR = Actor.user("test-operator", "127.0.0.1");

    private Scenarios() {}

    public static RaffleSpec spec(String title, long price, int total, int cap) {
        Instant now = Instant.now();
        return new RaffleSpec(
                title,
                "A test raffle",
                price,
                total,
                cap,
                null,
                now.minusSeconds(1),
                now.plus(Duration.ofHours(1)),
                RaffleSpec.DrawMode.OPERATOR,
                1000,
                RaffleSpec.PrizeChannel.PRIZE_CREDIT,
                RaffleSpec.RepeatPolicy.ONE_PRIZE_PER_PLAYER,
                false,
                null,
                List.of(new Prize(1, 9000, null)));
    }

    /** A sweepstakes raffle allowing {@code free} free entries per player. */
    public static RaffleSpec sweepstakes(String title, int total, int cap, int free) {
        RaffleSpec s = spec(title, 4, total, cap);
        return new RaffleSpec(
                s.title(),
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
                true,
                "No purchase necessary. Void where prohibited.",
                s.prizes(),
                free);
    }

    /** {@code s} with another prize table, prize channel, draw mode and house fee. */
    public static RaffleSpec prizes(
            RaffleSpec s,
            RaffleSpec.PrizeChannel channel,
            RaffleSpec.DrawMode mode,
            int houseFeeBps,
            RaffleSpec.RepeatPolicy policy,
            Prize... prizes) {
        return new RaffleSpec(
                s.title(),
                s.description(),
                s.ticketPrice(),
                s.totalTickets(),
                s.perPlayerCap(),
                s.minTickets(),
                s.startsAt(),
                s.endsAt(),
                mode,
                houseFeeBps,
                channel,
                policy,
                s.sweepstakes(),
                s.jurisdictionNote(),
                List.of(prizes));
    }

    /** The player pays for {@code quantity} tickets through Telegram (an invoice link, as the Mini App makes). */
    public static void buy(TestBackend app, FakePlayer player, long raffleId, int quantity) {
        assertThat(player.pay(invoiceDirect(app, player, raffleId, quantity)))
                .isInstanceOf(io.rafflestars.telegramfake.PaymentOutcome.Paid.class);
    }

    /**
     * Creates, publishes and opens a raffle. The scheduler may open it first (its start time has passed): then the
     * explicit open is refused as an illegal transition, and the raffle is open all the same.
     */
    public static Raffle openRaffle(TestBackend app, RaffleSpec spec) {
        return openRaffle(app.backend().services().raffles(), spec);
    }

    /** The same with the raffle service of any instance (or of {@link Offline} services). */
    public static Raffle openRaffle(RaffleService raffles, RaffleSpec spec) {
        Raffle r = raffles.create(spec, OPERATOR);
        raffles.publish(r.id(), OPERATOR);
        try {
            return raffles.open(r.id(), OPERATOR);
        } catch (ApiException e) {
            Raffle now = raffles.get(r.id());
            if (e.code() != ErrorCode.ILLEGAL_TRANSITION || now.state() != RaffleState.OPEN) {
                throw e;
            }
            return now;
        }
    }

    /** The player asks the bot for raffles and presses "buy" for {@code quantity}: the bot sends an invoice. */
    public static Invoice invoiceViaBot(FakePlayer player, long raffleId, int quantity) {
        int before = player.messages().size();
        player.sendText("/raffles");
        ObjectNode list = awaitBotMessage(player, before, m -> m.has("reply_markup"));
        String data = "buy:" + raffleId + ":" + quantity;
        boolean offered = false;
        for (JsonNode row : list.path("reply_markup").path("inline_keyboard")) {
            for (JsonNode b : row) {
                offered |= data.equals(b.path("callback_data").asText());
            }
        }
        assertThat(offered).as("bot offers button " + data + " in " + list).isTrue();
        int beforeInvoice = player.messages().size();
        player.pressButton(data, list.path("message_id").asLong());
        awaitBotMessage(player, beforeInvoice, m -> m.has("invoice"));
        return player.lastInvoice().orElseThrow();
    }

    /** An invoice for a purchase intent created directly (as the Mini App's invoice link does). */
    public static Invoice invoiceDirect(TestBackend app, FakePlayer player, long raffleId, int quantity) {
        return invoiceDirect(app.backend().services().purchases(), player, raffleId, quantity);
    }

    /** The same with the purchase service of any instance (or of {@link Offline} services). */
    public static Invoice invoiceDirect(PurchaseService purchases, FakePlayer player, long raffleId, int quantity) {
        PurchaseService.Invoice i =
                purchases.createIntent(raffleId, player.userId(), quantity, PurchaseService.Channel.INVOICE_LINK);
        return new Invoice(
                i.title(),
                i.description(),
                i.payload(),
                "XTR",
                i.amount(),
                null,
                null,
                null,
                "https://t.me/$test" + i.intentId(),
                Instant.now());
    }

    public static ObjectNode awaitBotMessage(
            FakePlayer player, int after, java.util.function.Predicate<ObjectNode> wanted) {
        ObjectNode[] found = new ObjectNode[1];
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    List<ObjectNode> messages = player.messages();
                    for (int i = messages.size() - 1; i >= after; i--) {
                        if (wanted.test(messages.get(i))) {
                            found[0] = messages.get(i);
                            return true;
                        }
                    }
                    return false;
                });
        return found[0];
    }

    /** The texts the bot sent to a player so far. */
    public static List<String> texts(FakePlayer player) {
        return player.messages().stream().map(m -> m.path("text").asText("")).toList();
    }
}
