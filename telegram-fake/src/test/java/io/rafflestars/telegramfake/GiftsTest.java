package io.rafflestars.telegramfake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gifts and Premium cost the bot Stars: its balance goes down, and a purchase it cannot pay for is refused. */
class GiftsTest {
    private FakeTelegram fake;
    private BotClient client;

    @BeforeEach
    void start() {
        fake = FakeTelegram.start("123456:gift-token");
        client = new BotClient(fake);
        fake.player(77, "Ann", "en");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void aGiftFromTheCatalogueCostsItsPriceAndShowsInTheTransactions() {
        fake.topUpStars(120);
        JsonNode gifts = client.call("getAvailableGifts").result().path("gifts");
        assertThat(gifts.size()).isPositive();
        JsonNode rose = null;
        for (JsonNode g : gifts) {
            if (g.path("star_count").asLong() == 25) {
                rose = g;
            }
        }
        assertThat(rose).isNotNull();

        BotClient.Reply sent = client.call(
                "sendGift", "user_id", 77, "gift_id", rose.path("id").asText(), "text", "Your prize");
        assertThat(sent.ok()).as(sent.body().toString()).isTrue();

        assertThat(fake.starBalance()).isEqualTo(95);
        assertThat(client.call("getMyStarBalance").result().path("amount").asLong())
                .isEqualTo(95);
        assertThat(fake.sentGifts())
                .containsExactly(new SentGift(77, rose.path("id").asText(), null, 25, "Your prize"));
        List<JsonNode> outgoing = new ArrayList<>();
        client.call("getStarTransactions").result().path("transactions").forEach(t -> {
            if (t.has("receiver")) {
                outgoing.add(t);
            }
        });
        assertThat(outgoing).hasSize(1);
        assertThat(outgoing.getFirst().path("amount").asLong()).isEqualTo(25);
        assertThat(outgoing.getFirst().at("/receiver/transaction_type").asText())
                .isEqualTo("gift_purchase");
        assertThat(outgoing.getFirst().at("/receiver/user/id").asLong()).isEqualTo(77);
        assertThat(outgoing.getFirst().at("/receiver/gift/id").asText())
                .isEqualTo(rose.path("id").asText());
    }

    @Test
    void premiumCostsItsFixedPrice() {
        fake.topUpStars(1600);
        assertThat(client.call("giftPremiumSubscription", "user_id", 77, "month_count", 6, "star_count", 1500)
                        .ok())
                .isTrue();
        assertThat(fake.starBalance()).isEqualTo(100);
        assertThat(fake.sentGifts()).containsExactly(new SentGift(77, null, 6, 1500, null));
    }

    @Test
    void aPurchaseTheBalanceCannotPayIsRefusedAndCostsNothing() {
        fake.topUpStars(10);
        BotClient.Reply refused = client.call("sendGift", "user_id", 77, "gift_id", "5170145012310081615");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.description()).isEqualTo("Bad Request: BALANCE_TOO_LOW");
        assertThat(client.call("giftPremiumSubscription", "user_id", 77, "month_count", 3, "star_count", 1000)
                        .description())
                .isEqualTo("Bad Request: BALANCE_TOO_LOW");
        assertThat(fake.starBalance()).isEqualTo(10);
        assertThat(fake.sentGifts()).isEmpty();
    }

    @Test
    void anUnknownGiftIsRefused() {
        fake.topUpStars(1000);
        assertThat(client.call("sendGift", "user_id", 77, "gift_id", "42").description())
                .isEqualTo("Bad Request: STARGIFT_INVALID");
        assertThat(fake.starBalance()).isEqualTo(1000);
    }
}
