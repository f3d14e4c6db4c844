package io.rafflestars.backend.payout;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * What a TELEGRAM_GIFT prize buys (docs/payouts.md): Telegram Premium when the prize reaches a Premium price (the
 * longest subscription it pays for), otherwise the most expensive catalogue gift it pays for. What the purchase does
 * not use goes to the winner as prize credit, so the winner always receives the whole prize.
 *
 * @param kind GIFT or PREMIUM
 * @param giftId the catalogue gift's id, or {@code premium:<months>}
 * @param cost Stars the purchase takes from the bot's balance
 */
public record GiftChoice(String kind, String giftId, long cost) {
    /** Telegram's fixed Premium prices (giftPremiumSubscription), longest first. */
    private static final int[][] PREMIUM = {{12, 2500}, {6, 1500}, {3, 1000}};

    public static GiftChoice premium(int months, long stars) {
        return new GiftChoice("PREMIUM", "premium:" + months, stars);
    }

    /** Months of Premium, for a PREMIUM choice. */
    public int premiumMonths() {
        return Integer.parseInt(giftId.substring("premium:".length()));
    }

    /**
     * The choice for {@code amount} Stars given the catalogue ({@code getAvailableGifts}' {@code Gifts} object);
     * empty when nothing costs that little. Gifts only Premium users may buy and sold-out limited gifts are skipped;
     * among equally priced gifts the smallest id wins, so the choice is repeatable.
     */
    public static Optional<GiftChoice> choose(long amount, JsonNode catalogue) {
        for (int[] tier : PREMIUM) {
            if (amount >= tier[1]) {
                return Optional.of(premium(tier[0], tier[1]));
            }
        }
        return StreamSupport.stream(catalogue.path("gifts").spliterator(), false)
                .filter(g -> g.path("id").isTextual() && g.path("star_count").canConvertToLong())
                .filter(g -> !g.path("is_premium").asBoolean(false))
                .filter(g ->
                        !g.has("remaining_count") || g.path("remaining_count").asLong() > 0)
                .filter(g -> !g.has("personal_remaining_count")
                        || g.path("personal_remaining_count").asLong() > 0)
                .filter(g -> g.path("star_count").asLong() >= 1
                        && g.path("star_count").asLong() <= amount)
                .max(Comparator.<JsonNode>comparingLong(
                                g -> g.path("star_count").asLong())
                        .thenComparing(g -> g.path("id").asText(), Comparator.reverseOrder()))
                .map(g -> new GiftChoice(
                        "GIFT", g.path("id").asText(), g.path("star_count").asLong()));
    }
}
