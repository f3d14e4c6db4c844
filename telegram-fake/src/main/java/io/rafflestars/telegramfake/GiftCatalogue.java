package io.rafflestars.telegramfake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The gifts the fake sells to bots (getAvailableGifts): a fixed catalogue shaped like Telegram's regular gifts, each
 * with its Star price and sticker. Telegram's own catalogue changes over time; tests should read it, as a bot does.
 */
final class GiftCatalogue {

    /** One gift: its id, price in Stars and emoji. */
    record Gift(String id, long starCount, String emoji) {}

    static final List<Gift> GIFTS = List.of(
            new Gift("5170145012310081615", 15, "❤"),
            new Gift("5170233102089322756", 15, "🧸"),
            new Gift("5170250947678437525", 25, "🎁"),
            new Gift("5168103777563050263", 25, "🌹"),
            new Gift("5170144170496491616", 50, "🎂"),
            new Gift("5170314324215857265", 50, "💐"),
            new Gift("5170564780938756245", 50, "🚀"),
            new Gift("5168043875654172773", 100, "🏆"),
            new Gift("5170690322832818290", 100, "💍"),
            new Gift("5170521118301225164", 100, "💎"));

    private GiftCatalogue() {}

    static Optional<Gift> byId(String id) {
        return GIFTS.stream().filter(g -> g.id().equals(id)).findFirst();
    }

    /** A Gifts object. */
    static ObjectNode gifts() {
        ObjectNode result = TelegramObjects.object();
        ArrayNode list = result.putArray("gifts");
        GIFTS.forEach(g -> list.add(json(g)));
        return result;
    }

    /** A Gift object. */
    static ObjectNode json(Gift gift) {
        ObjectNode g = TelegramObjects.object();
        g.put("id", gift.id());
        ObjectNode sticker = g.putObject("sticker");
        sticker.put("file_id", "CAACAgIAAxUAAWf" + gift.id());
        sticker.put("file_unique_id", "AgAD" + gift.id().substring(gift.id().length() - 6));
        sticker.put("type", "regular");
        sticker.put("width", 512);
        sticker.put("height", 512);
        sticker.put("is_animated", true);
        sticker.put("is_video", false);
        sticker.put("emoji", gift.emoji());
        g.put("star_count", gift.starCount());
        return g;
    }
}
