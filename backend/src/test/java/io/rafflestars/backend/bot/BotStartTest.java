package io.rafflestars.backend.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.telegramfake.FakePlayer;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /start} and its deep links ({@code t.me/<bot>?start=raffle_<id>}), in English and Russian, through the real
 * webhook: a welcome with the Mini App button; a raffle with its buy buttons and a button opening it in the Mini App;
 * a clear answer for a raffle that ended, was cancelled or never existed.
 */
@ExtendWith(FreshDatabase.class)
class BotStartTest {
    private static TestBackend app;
    private static String publicUrl;

    @BeforeAll
    static void start(DatabaseUrl db) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        publicUrl = "http://127.0.0.1:" + port;
        app = TestBackend.start(db, Map.of("PORT", Integer.toString(port), "PUBLIC_URL", publicUrl));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void plainStartWelcomesWithTheMiniAppButton() {
        ObjectNode en = ask(app.telegram().player(910_001, "Ann", "en"), "/start");
        assertThat(en.path("text").asText()).startsWith("Welcome to Raffle Stars, Ann!");
        assertThat(webApps(en)).containsExactly(publicUrl + "/app/");

        ObjectNode ru = ask(app.telegram().player(910_002, "Иван", "ru"), "/start");
        assertThat(ru.path("text").asText()).startsWith("Добро пожаловать в Raffle Stars, Иван!");
        assertThat(buttonTexts(ru)).containsExactly("🎟 Открыть Raffle Stars");
        assertThat(webApps(ru)).containsExactly(publicUrl + "/app/");

        // a start parameter the bot does not know is a plain start
        assertThat(ask(app.telegram().player(910_003, "Bo", "en"), "/start promo2026")
                        .path("text")
                        .asText())
                .startsWith("Welcome to Raffle Stars, Bo!");
    }

    @Test
    void aDeepLinkToAnOpenRaffleShowsItWithBuyButtonsAndOpensItInTheMiniApp() {
        Raffle r = Scenarios.openRaffle(app, Scenarios.spec("Deep Link", 7, 100, 5));
        FakePlayer player = app.telegram().player(910_010, "Cleo", "en");
        ObjectNode m = ask(player, "/start raffle_" + r.id());
        assertThat(m.path("text").asText()).startsWith("Deep Link\nA test raffle\nDeep Link — 7 ⭐ per ticket");
        assertThat(callbacks(m)).contains("buy:" + r.id() + ":1", "buy:" + r.id() + ":3", "buy:" + r.id() + ":5");
        assertThat(webApps(m)).containsExactly(publicUrl + "/app/?tgWebAppStartParam=raffle_" + r.id());
        assertThat(buttonTexts(m)).contains("🎟 Open in the app");

        ObjectNode ru = ask(app.telegram().player(910_011, "Оля", "ru"), "/start raffle_" + r.id());
        assertThat(ru.path("text").asText()).contains("7 ⭐ за билет");
        assertThat(buttonTexts(ru)).contains("Купить 1 · 7 ⭐", "🎟 Открыть в приложении");

        // the buy button of the deep link's answer sends an invoice
        int before = player.messages().size();
        player.pressButton("buy:" + r.id() + ":3");
        ObjectNode invoice = Scenarios.awaitBotMessage(player, before, x -> x.has("invoice"));
        assertThat(invoice.path("invoice").path("total_amount").asLong()).isEqualTo(21);
    }

    @Test
    void aDeepLinkToAnEndedCancelledOrUnknownRaffleSaysSoClearly() {
        Raffle closed = Scenarios.openRaffle(app, Scenarios.spec("Gone Soon", 1, 100, 5));
        app.backend().services().raffles().close(closed.id(), Scenarios.OPERATOR);
        Raffle cancelled = Scenarios.openRaffle(app, Scenarios.spec("Called Off", 1, 100, 5));
        app.backend().services().raffles().cancel(cancelled.id(), Scenarios.OPERATOR, "test");
        Raffle draft =
                app.backend().services().raffles().create(Scenarios.spec("Secret", 1, 100, 5), Scenarios.OPERATOR);

        ObjectNode ended = ask(app.telegram().player(910_020, "Dan", "en"), "/start raffle_" + closed.id());
        assertThat(ended.path("text").asText()).isEqualTo(Texts.raffleEnded(Lang.EN, "Gone Soon"));
        assertThat(callbacks(ended)).isEmpty();
        assertThat(webApps(ended)).containsExactly(publicUrl + "/app/?tgWebAppStartParam=raffle_" + closed.id());

        ObjectNode off = ask(app.telegram().player(910_021, "Ева", "ru"), "/start raffle_" + cancelled.id());
        assertThat(off.path("text").asText()).isEqualTo(Texts.raffleWasCancelled(Lang.RU, "Called Off"));

        for (String link : List.of("raffle_999999", "raffle_" + draft.id(), "raffle_x1")) {
            ObjectNode unknown = ask(app.telegram().player(910_022, "Fay", "en"), "/start " + link);
            assertThat(unknown.path("text").asText()).as(link).isEqualTo(Texts.raffleNotFound(Lang.EN));
            assertThat(webApps(unknown)).as(link).containsExactly(publicUrl + "/app/");
        }
    }

    private static ObjectNode ask(FakePlayer player, String text) {
        int before = player.messages().size();
        player.sendText(text);
        return Scenarios.awaitBotMessage(player, before, m -> m.has("text"));
    }

    private static List<JsonNode> buttons(ObjectNode message) {
        List<JsonNode> all = new ArrayList<>();
        message.path("reply_markup").path("inline_keyboard").forEach(row -> row.forEach(all::add));
        return all;
    }

    private static List<String> webApps(ObjectNode message) {
        return buttons(message).stream()
                .filter(b -> b.has("web_app"))
                .map(b -> b.path("web_app").path("url").asText())
                .toList();
    }

    private static List<String> callbacks(ObjectNode message) {
        return buttons(message).stream()
                .filter(b -> b.has("callback_data"))
                .map(b -> b.path("callback_data").asText())
                .toList();
    }

    private static List<String> buttonTexts(ObjectNode message) {
        return buttons(message).stream().map(b -> b.path("text").asText()).toList();
    }
}
