package io.rafflestars.backend.player;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleSpec;
import io.rafflestars.backend.testing.Browser;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestInitData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * The Mini App end to end in headless Chromium against a real backend and the fake Telegram: opened with valid
 * initData from a deep link, three tickets bought through openInvoice (the fake Telegram runs pre-checkout and the
 * payment), the counter updated over the WebSocket (not by polling) and the numbers shown; tampered initData refused
 * with a clear error; a drawn raffle's proof verified by the page itself.
 */
@ExtendWith(FreshDatabase.class)
class MiniAppBrowserTest {
    private static final AtomicLong PLAYERS = new AtomicLong(61_000);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestBackend app;
    private static DatabaseUrl db;
    private static Browser browser;

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = url;
        app = TestBackend.start(url);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            app.close();
        }
    }

    @AfterEach
    void invariantsHold() {
        Invariants.assertHold(db);
    }

    /** Telegram's launch parameters for a player: signed initData and what the Web App script would expose. */
    private static ObjectNode telegram(long player, String language, String startParam, boolean tamper) {
        ObjectNode user = Json.mapper().createObjectNode();
        user.put("id", player);
        user.put("first_name", "Player" + player);
        user.put("language_code", language);
        user.put("allows_write_to_pm", true);
        Map<String, String> fields = new HashMap<>();
        fields.put("query_id", "AAH" + player);
        fields.put("user", user.toString());
        fields.put("auth_date", Long.toString(Instant.now().getEpochSecond()));
        fields.put("chat_type", "sender");
        if (startParam != null) {
            fields.put("start_param", startParam);
        }
        String initData = TestInitData.sign(TestBackend.BOT_TOKEN, fields);
        if (tamper) {
            // the page says it is someone else; the hash no longer fits
            initData = initData.replace("%22id%22%3A" + player, "%22id%22%3A" + (player + 1));
        }
        ObjectNode config = Browser.config();
        config.put("initData", initData);
        config.set("user", user);
        if (startParam != null) {
            config.put("startParam", startParam);
        }
        config.put("colorScheme", "light");
        ObjectNode theme = config.putObject("themeParams");
        theme.put("bg_color", "#ffffff");
        theme.put("text_color", "#000000");
        theme.put("button_color", "#2481cc");
        theme.put("button_text_color", "#ffffff");
        config.put("fakeTelegram", app.telegram().baseUrl().toString());
        return config;
    }

    private static void open(String hash) {
        // a fresh document each time (a hash change alone would keep the last test's page)
        browser.driver().get("about:blank");
        browser.driver().get(app.uri("/app/").toString() + hash);
    }

    private static WebElement find(String testId) {
        return browser.waiting(WAIT).until(d -> d.findElement(By.cssSelector("[data-testid=" + testId + "]")));
    }

    /** An attribute of the element with this test id, looked up afresh (screens re-render). */
    private static String attr(String testId, String name) {
        return browser.waiting(WAIT)
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector("[data-testid=" + testId + "]"))
                        .getAttribute(name));
    }

    private static String text(String testId) {
        return browser.waiting(WAIT)
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector("[data-testid=" + testId + "]"))
                        .getText());
    }

    private static void waitFor(String description, java.util.function.Supplier<Boolean> condition) {
        browser.waiting(WAIT)
                .ignoring(StaleElementReferenceException.class)
                .withMessage(description)
                .until(d -> condition.get());
    }

    /** How many REST reads of this raffle the page has made (fetches show up in resource timing). */
    private static long restReadsOf(long raffleId) {
        Object n = browser.js("return performance.getEntriesByType('resource')"
                + ".filter(e => e.initiatorType === 'fetch' && /\\/api\\/player\\/(raffles|tickets)/.test(e.name)"
                + " && !e.name.includes('/purchases')).length");
        return ((Number) n).longValue();
    }

    /** Keeps what the page looks like at this point in target/miniapp-screenshots/ (docs/screenshots has copies). */
    private static void screenshot(String name) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("target/miniapp-screenshots");
        java.nio.file.Files.createDirectories(dir);
        byte[] png = browser.driver().getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        java.nio.file.Files.write(dir.resolve(name + ".png"), png);
    }

    private static List<JsonNode> framesReceived() throws Exception {
        List<JsonNode> frames = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object> raw = (List<Object>) browser.js("return window.__wsFrames.slice()");
        for (Object f : raw) {
            frames.add(Json.mapper().readTree((String) f));
        }
        return frames;
    }

    @Test
    void aPlayerOpensARaffleFromADeepLinkBuysThreeTicketsAndSeesThemArriveLive() throws Exception {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Browser Moon", 5, 50, 10));
        long player = PLAYERS.incrementAndGet();
        browser.telegram(telegram(player, "en", "raffle_" + raffle.id(), false));
        open("");

        // the deep link opened the raffle; its counter and countdown are there; Telegram's back button is shown
        waitFor("counter shows 0 sold", () -> "0".equals(attr("sold", "data-sold")));
        assertThat(text("sold")).isEqualTo("0 of 50 sold");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-countdown]"))
                        .getText())
                .startsWith("Closes in ");
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/raffle/" + raffle.id());
        assertThat(browser.js("return window.__tg.backButton.isVisible")).isEqualTo(true);
        waitFor("the feed is live", () -> "live".equals(browser.js("return document.body.dataset.feed")));
        // Telegram's theme parameters became the page's colours
        assertThat(browser.js("return getComputedStyle(document.documentElement).getPropertyValue('--button').trim()"))
                .isEqualTo("#2481cc");

        // a client that only claims "paid" gets no tickets: nothing was paid, nothing is shown
        browser.js("window.__tg.payMode = 'statusOnly'");
        find("buy").click();
        waitFor("waiting for the payment", () -> text("status").startsWith("Payment sent"));
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid=my-numbers] li[data-number]")))
                .isEmpty();
        assertThat(attr("sold", "data-sold")).isEqualTo("0");

        // now for real: three tickets, paid through the fake Telegram (pre-checkout, then successful_payment)
        browser.js("window.__tg.payMode = 'real'");
        long readsBefore = restReadsOf(raffle.id());
        find("more").click();
        find("more").click();
        assertThat(find("quantity").getText()).isEqualTo("3");
        assertThat(find("buy").getText()).isEqualTo("Buy 3 tickets for ⭐ 15");
        find("buy").click();
        waitFor("counter shows 3 sold", () -> "3".equals(attr("sold", "data-sold")));
        assertThat(text("sold")).isEqualTo("3 of 50 sold");
        waitFor(
                "three ticket numbers",
                () -> browser.driver()
                                .findElements(By.cssSelector("[data-testid=my-numbers] li[data-number]"))
                                .size()
                        == 3);
        waitFor("told about the new tickets", () -> text("status").startsWith("Your new tickets: #"));
        screenshot("raffle-bought");

        // it came over the socket: no REST read of the raffle since, and the frame that carried it is there
        assertThat(restReadsOf(raffle.id())).isEqualTo(readsBefore);
        long eventId = Long.parseLong(attr("sold", "data-event"));
        JsonNode carried = framesReceived().stream()
                .filter(f ->
                        f.path("type").asText().equals("event") && f.path("id").asLong() == eventId)
                .findFirst()
                .orElseThrow();
        assertThat(carried.path("event").asText()).isEqualTo("TicketsSold");
        assertThat(carried.path("raffleId").asLong()).isEqualTo(raffle.id());
        assertThat(carried.path("data").path("ticketsSold").asInt()).isEqualTo(3);
        assertThat(carried.path("mine").path("numbers")).hasSize(3);
        List<Integer> shown =
                browser.driver().findElements(By.cssSelector("[data-testid=my-numbers] li[data-number]")).stream()
                        .map(e -> Integer.parseInt(e.getAttribute("data-number")))
                        .toList();
        List<Integer> inEvent = new ArrayList<>();
        carried.path("mine").path("numbers").forEach(n -> inEvent.add(n.asInt()));
        assertThat(shown).containsExactlyInAnyOrderElementsOf(inEvent);
        assertThat(browser.js("return window.__tg.invoices.length")).isEqualTo(2L);

        // My tickets lists the same three numbers
        browser.driver().findElement(By.cssSelector("nav [data-tab=tickets]")).click();
        WebElement tickets = find("tickets");
        List<Integer> listed =
                tickets
                        .findElements(By.cssSelector("[data-ticket-raffle='" + raffle.id() + "'] li[data-number]"))
                        .stream()
                        .map(e -> Integer.parseInt(e.getAttribute("data-number")))
                        .toList();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(inEvent);
        assertThat(browser.js("return window.__tg.backButton.isVisible")).isEqualTo(false);

        // back from the raffle page with Telegram's back button
        tickets.findElement(By.cssSelector("[data-ticket-raffle='" + raffle.id() + "']"))
                .click();
        find("raffle");
        assertThat(browser.js("return window.__tg.backButton.isVisible")).isEqualTo(true);
        browser.js("window.__tg.pressBack()");
        find("open-raffles");
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/raffles");
    }

    @Test
    void tamperedInitDataShowsAClearError() throws Exception {
        long player = PLAYERS.incrementAndGet();
        browser.telegram(telegram(player, "en", null, true));
        open("");
        WebElement error = find("error");
        assertThat(error.getAttribute("data-code")).isEqualTo("INIT_DATA_INVALID");
        assertThat(error.getText()).contains("Telegram could not confirm who you are");
        assertThat(error.getAttribute("role")).isEqualTo("alert");
        screenshot("tampered-init-data");
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid=raffle-card]")))
                .isEmpty();
    }

    @Test
    void russianPlayersReadRussianInTheDarkThemeAndTheViewportFollowsTelegram() throws Exception {
        Raffle sun = Scenarios.openRaffle(app, Scenarios.spec("Browser Sun", 2, 10, 5));
        long player = PLAYERS.incrementAndGet();
        ObjectNode config = telegram(player, "ru", null, false);
        config.put("colorScheme", "dark");
        config.putObject("themeParams");
        browser.telegram(config);
        open("");
        find("open-raffles");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("nav [data-tab=raffles]"))
                        .getText())
                .isEqualTo("Розыгрыши");
        assertThat(browser.js("return document.documentElement.lang")).isEqualTo("ru");
        assertThat(browser.js("return document.documentElement.dataset.scheme")).isEqualTo("dark");
        screenshot("raffles-dark-ru");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-raffle='" + sun.id() + "'] .price"))
                        .getText())
                .isEqualTo("⭐ 2 за билет");
        browser.js("window.Telegram.WebApp.viewportStableHeight = 500; window.__tg.emit('viewportChanged',"
                + " {isStateStable: true})");
        assertThat(browser.js("return document.documentElement.style.getPropertyValue('--app-height')"))
                .isEqualTo("500px");
        // touch targets: every button and tab is at least 44 px tall
        browser.driver()
                .findElement(By.cssSelector("[data-testid=raffle-card]"))
                .click();
        find("buy");
        Object small = browser.js("return [...document.querySelectorAll('button, nav a, a.card')]"
                + ".filter(e => e.getBoundingClientRect().height < 44).map(e => e.outerHTML)");
        assertThat((List<?>) small).isEmpty();
    }

    @Test
    void aDrawnRafflesProofIsVerifiedInThePage() throws Exception {
        RaffleSpec spec = Scenarios.prizes(
                Scenarios.spec("Browser Draw", 3, 40, 10),
                RaffleSpec.PrizeChannel.PRIZE_CREDIT,
                RaffleSpec.DrawMode.OPERATOR,
                1000,
                RaffleSpec.RepeatPolicy.ONE_PRIZE_PER_PLAYER,
                new io.rafflestars.backend.raffle.Prize(1, 6000, null),
                new io.rafflestars.backend.raffle.Prize(2, 4000, null));
        Raffle raffle = Scenarios.openRaffle(app, spec);
        long first = PLAYERS.incrementAndGet();
        for (int i = 0; i < 4; i++) {
            long p = first + i * 100;
            Scenarios.buy(app, app.telegram().player(p, "D" + p, "en"), raffle.id(), 2 + i);
        }
        app.backend().services().raffles().close(raffle.id(), Scenarios.OPERATOR);
        app.backend().services().draws().draw(raffle.id(), Scenarios.OPERATOR);

        browser.telegram(telegram(first, "en", null, false));
        open("#/draw/" + raffle.id());
        WebElement winners = find("winners");
        waitFor(
                "both places shown",
                () -> winners.findElements(By.cssSelector("li[data-place]")).size() == 2);
        assertThat(find("seed").getText()).hasSize(64);
        find("verify").click();
        waitFor(
                "verified in the browser",
                () -> !attr("verify-result", "data-ok").isEmpty());
        assertThat(attr("verify-result", "data-ok")).isEqualTo("true");
        assertThat(text("verify-result")).startsWith("Verified:");
        screenshot("draw-verified");
    }

    @Test
    void aSweepstakesRaffleOffersItsFreeEntryOnce() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.sweepstakes("Browser Free", 30, 5, 1));
        long player = PLAYERS.incrementAndGet();
        browser.telegram(telegram(player, "en", "raffle_" + raffle.id(), false));
        open("");
        assertThat(text("free-entry")).isEqualTo("Get a free entry (1 left)");
        find("free-entry").click();
        waitFor(
                "the free ticket is shown",
                () -> browser.driver()
                                .findElements(By.cssSelector("[data-testid=my-numbers] li[data-number]"))
                                .size()
                        == 1);
        waitFor("counter shows 1 sold", () -> "1".equals(attr("sold", "data-sold")));
        assertThat(text("status")).isEqualTo("Your free entry is ticket #1.");
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid=free-entry]")))
                .isEmpty();
        assertThat(app.backend().services().freeEntries().claimed(raffle.id(), player))
                .isEqualTo(1);
    }

    @Test
    void aDroppedFeedReconnectsWithTheLastEventIdAndCatchesUpWithoutREST() throws Exception {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.spec("Browser Reconnect", 3, 40, 10));
        long player = PLAYERS.incrementAndGet();
        browser.telegram(telegram(player, "en", "raffle_" + raffle.id(), false));
        open("");
        waitFor("the feed is live", () -> "live".equals(browser.js("return document.body.dataset.feed")));
        waitFor("counter shows 0 sold", () -> "0".equals(attr("sold", "data-sold")));
        long readsBefore = restReadsOf(raffle.id());

        // the connection drops; meanwhile someone else buys
        browser.js("window.__sockets[window.__sockets.length - 1].close()");
        long other = PLAYERS.incrementAndGet();
        Scenarios.buy(app, app.telegram().player(other, "O", "en"), raffle.id(), 2);

        waitFor("counter shows 2 sold", () -> "2".equals(attr("sold", "data-sold")));
        waitFor("live again", () -> "live".equals(browser.js("return document.body.dataset.feed")));
        assertThat(restReadsOf(raffle.id())).isEqualTo(readsBefore);
        assertThat(((Number) browser.js("return window.__sockets.length")).intValue())
                .isEqualTo(2);
        List<JsonNode> hellos = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object> sent = (List<Object>) browser.js("return window.__wsSent.slice()");
        for (Object f : sent) {
            JsonNode m = Json.mapper().readTree((String) f);
            if (m.path("type").asText().equals("hello")) {
                hellos.add(m);
            }
        }
        assertThat(hellos).hasSize(2);
        assertThat(hellos.get(0).has("since")).isFalse();
        assertThat(hellos.get(1).path("since").asLong())
                .as("the reconnect says where it was")
                .isPositive();
        assertThat(hellos.get(1).path("raffles").get(0).asLong()).isEqualTo(raffle.id());
        // nobody else's numbers reached this player
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid=my-numbers] li[data-number]")))
                .isEmpty();
    }

    /**
     * WCAG 2 contrast of every visible text against the background it sits on: at least 4.5:1, or 3:1 for large text
     * (24 px, or 18.66 px bold). Returns the offenders.
     */
    private static List<?> lowContrastTexts() {
        return (List<?>) browser.js("""
                const lum = (c) => {
                  const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map((v) => v / 255)
                    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
                  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
                };
                const opaque = (c) => !/rgba\\(.*,\\s*0\\)$/.test(c) && c !== "transparent";
                const background = (el) => {
                  for (let e = el; e; e = e.parentElement) {
                    const bg = getComputedStyle(e).backgroundColor;
                    if (opaque(bg)) return bg;
                  }
                  return "rgb(255, 255, 255)";
                };
                const bad = [];
                for (const el of document.querySelectorAll("body *")) {
                  const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
                  const box = el.getBoundingClientRect();
                  if (!own || box.width === 0 || box.height === 0) continue;
                  const st = getComputedStyle(el);
                  const a = lum(st.color), b = lum(background(el));
                  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                  const size = parseFloat(st.fontSize), bold = Number(st.fontWeight) >= 700;
                  const large = size >= 24 || (bold && size >= 18.66);
                  if (ratio < (large ? 3 : 4.5)) bad.push(el.outerHTML.slice(0, 80) + " " + ratio.toFixed(2));
                }
                return bad;
                """);
    }

    @Test
    void theDefaultLightAndDarkPalettesKeepTextReadable() {
        Raffle raffle = Scenarios.openRaffle(app, Scenarios.sweepstakes("Browser Contrast", 30, 5, 1));
        long player = PLAYERS.incrementAndGet();
        Scenarios.buy(app, app.telegram().player(player, "C", "en"), raffle.id(), 2);
        for (String scheme : List.of("light", "dark")) {
            ObjectNode config = telegram(player, "en", "raffle_" + raffle.id(), false);
            config.put("colorScheme", scheme);
            config.putObject("themeParams");
            browser.telegram(config);
            open("");
            waitFor(
                    "my two tickets",
                    () -> browser.driver()
                                    .findElements(By.cssSelector("[data-testid=my-numbers] li[data-number]"))
                                    .size()
                            == 2);
            find("free-entry");
            assertThat(lowContrastTexts()).as(scheme + " raffle page").isEmpty();
            browser.js("window.__tg.pressBack()");
            find("open-raffles");
            assertThat(lowContrastTexts()).as(scheme + " raffle list").isEmpty();
        }
    }
}
