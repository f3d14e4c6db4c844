package io.rafflestars.backend.payout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.platform.Json;
import org.junit.jupiter.api.Test;

class GiftChoiceTest {
    private static final JsonNode CATALOGUE = json("""
            {"gifts": [
              {"id": "b50", "star_count": 50},
              {"id": "a50", "star_count": 50},
              {"id": "p75", "star_count": 75, "is_premium": true},
              {"id": "gone", "star_count": 90, "total_count": 10, "remaining_count": 0},
              {"id": "mine", "star_count": 80, "personal_total_count": 1, "personal_remaining_count": 0},
              {"id": "c15", "star_count": 15},
              {"id": "d100", "star_count": 100}
            ]}""");

    private static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void premiumWhenThePrizeReachesAPremiumPriceTheLongestItPays() {
        assertThat(GiftChoice.choose(1000, CATALOGUE)).contains(GiftChoice.premium(3, 1000));
        assertThat(GiftChoice.choose(2499, CATALOGUE)).contains(GiftChoice.premium(6, 1500));
        assertThat(GiftChoice.choose(9000, CATALOGUE)).contains(GiftChoice.premium(12, 2500));
        assertThat(GiftChoice.premium(6, 1500).premiumMonths()).isEqualTo(6);
    }

    @Test
    void otherwiseTheDearestGiftThePrizePaysForSkippingPremiumOnlyAndSoldOutGifts() {
        assertThat(GiftChoice.choose(999, CATALOGUE)).contains(new GiftChoice("GIFT", "d100", 100));
        // 75 (premium only), 80 (sold out for this bot) and 90 (sold out) are skipped; of the two 50s the smaller id
        assertThat(GiftChoice.choose(99, CATALOGUE)).contains(new GiftChoice("GIFT", "a50", 50));
        assertThat(GiftChoice.choose(15, CATALOGUE)).contains(new GiftChoice("GIFT", "c15", 15));
    }

    @Test
    void nothingWhenEveryGiftCostsMore() {
        assertThat(GiftChoice.choose(14, CATALOGUE)).isEmpty();
        assertThat(GiftChoice.choose(500, json("{\"gifts\": []}"))).isEmpty();
    }
}
