package io.rafflestars.backend.bot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.backend.platform.Json;
import java.net.URI;
import java.util.Optional;

/**
 * Where the bot's buttons open the Mini App (docs/bot.md): {@code PUBLIC_URL/app/} for the app, and
 * {@code PUBLIC_URL/app/?tgWebAppStartParam=raffle_<id>} for one raffle. A {@code web_app} button opens its URL as it
 * is (Telegram puts no {@code start_param} into initData for a button), so the raffle travels in the query, under the
 * very name Telegram itself uses when it launches a Mini App from a {@code t.me/<bot>/<app>?startapp=raffle_<id>}
 * direct link; the Mini App reads {@code initDataUnsafe.start_param}, else {@code tgWebAppStartParam}, and both
 * launches look the same to it. Without {@code PUBLIC_URL} (demo mode, tests) there is no HTTPS address Telegram would
 * open, and the bot sends no app buttons.
 */
public record MiniAppLinks(Optional<URI> publicUrl) {
    public static final String START_PARAM = "tgWebAppStartParam";
    public static final String RAFFLE_PREFIX = "raffle_";

    public static MiniAppLinks none() {
        return new MiniAppLinks(Optional.empty());
    }

    /** The Mini App's start page, e.g. {@code https://raffles.example.com/app/}. */
    public Optional<String> home() {
        return publicUrl.map(u -> u + "/app/");
    }

    /** The Mini App opened at one raffle. */
    public Optional<String> raffle(long raffleId) {
        return home().map(h -> h + "?" + START_PARAM + "=" + RAFFLE_PREFIX + raffleId);
    }

    /** An inline keyboard button opening {@code url} as a Mini App. */
    static ObjectNode button(String text, String url) {
        ObjectNode b = Json.mapper().createObjectNode();
        b.put("text", text);
        b.putObject("web_app").put("url", url);
        return b;
    }
}
