package io.rafflestars.console.e2e;

import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Prize;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleSpec;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.console.audit.AuditView;
import io.rafflestars.console.payouts.PayoutsView;
import io.rafflestars.console.platform.FeedClient;
import io.rafflestars.console.raffles.RafflesView;
import io.rafflestars.console.raffles.RafflesViewModel;
import io.rafflestars.console.transactions.TransactionsView;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Renders every screen of the console to PNG in docs/screenshots/ (headless, under Monocle), against a real backend
 * with a few raffles, live purchases, a draw and its payouts. Run by {@code console/screenshots.sh}; not part of the
 * normal build (tag "screenshots").
 */
@Tag("screenshots")
@ExtendWith(FreshDatabase.class)
class ScreenshotsTest {
    private static TestBackend app;
    private static Path out;

    @BeforeAll
    static void start(DatabaseUrl db) throws IOException {
        out = Path.of(System.getProperty("raffle.screenshots", "target/screenshots"));
        Files.createDirectories(out);
        app = TestBackend.start(db);
        ConsoleClient.user(app, "ada", Role.ADMIN, Role.OPERATOR, Role.FINANCE, Role.AUDITOR);
        ConsoleClient.user(app, "olga", Role.OPERATOR);
        ConsoleClient.user(app, "fiona", Role.FINANCE);
        ConsoleClient.user(app, "audrey", Role.AUDITOR);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static Raffle raffle(String title, long price, int total, Prize... prizes) {
        RaffleSpec s = Scenarios.spec(title, price, total, 20);
        return Scenarios.openRaffle(
                app,
                Scenarios.prizes(
                        s,
                        RaffleSpec.PrizeChannel.PRIZE_CREDIT,
                        RaffleSpec.DrawMode.OPERATOR,
                        1000,
                        RaffleSpec.RepeatPolicy.ONE_PRIZE_PER_PLAYER,
                        prizes));
    }

    @Test
    void everyScreen() throws Exception {
        Raffle moon = raffle("Moon Lottery", 5, 500, new Prize(1, 7000, null), new Prize(2, 2000, null));
        Raffle star = raffle("Star Jackpot", 25, 200, new Prize(1, 9000, null));
        Raffle comet = raffle("Comet Draw", 10, 100, new Prize(1, 6000, null), new Prize(2, 3000, null));
        for (int i = 0; i < 8; i++) {
            Scenarios.buy(app, app.telegram().player(880000 + i, "Player" + i, "en"), comet.id(), 1 + i % 3);
        }
        app.backend().services().raffles().close(comet.id(), Scenarios.OPERATOR);
        ConsoleClient.user(app, "olga", Role.OPERATOR).post("/api/raffles/" + comet.id() + "/draw");

        try (ConsoleHarness ui = ConsoleHarness.open(app.uri("").toString())) {
            ui.setText("#username", "ada");
            shoot(ui, "login.png");
            ui.login("ada", ConsoleClient.PASSWORD);
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> ui.console().context().status().feedProperty().get() == FeedClient.State.LIVE);

            // players buy while the console watches
            ExecutorService shoppers = Executors.newSingleThreadExecutor();
            shoppers.submit(() -> {
                for (int i = 0; i < 24; i++) {
                    Raffle r = i % 3 == 0 ? star : moon;
                    Scenarios.buy(app, app.telegram().player(890000 + i % 9, "Buyer" + i % 9, "en"), r.id(), 1 + i % 4);
                }
                return null;
            });
            shoppers.shutdown();
            TransactionsView tx = (TransactionsView) ui.console().shell().controller("transactions");
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> tx.viewModel().rows().size() >= 24);
            ui.clickOn("#nav-dashboard");
            ui.interact(() -> ui.console().shell().refreshCurrent());
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> !ui.text("#tile-open").equals("—"));
            shoot(ui, "dashboard.png");

            ui.clickOn("#nav-transactions");
            shoot(ui, "transactions.png");

            ui.clickOn("#nav-raffles");
            RafflesViewModel raffles = ((RafflesView) ui.console().shell().controller("raffles")).viewModel();
            await().atMost(ConsoleHarness.WAIT).until(() -> raffles.raffles().size() >= 3);
            ui.interact(() -> raffles.selectedProperty()
                    .set(raffles.raffles().stream()
                            .filter(r -> r.id() == moon.id())
                            .findFirst()
                            .orElseThrow()));
            shoot(ui, "raffles.png");
            ui.clickOn("#raffle-new");
            ui.setText("#raffle-title", "A title far too long for a Telegram invoice");
            ui.setText("#raffle-price", "2.5");
            ui.setText("#raffle-prizes", "1: 70%, 2: 40%");
            shoot(ui, "raffle-editor.png");
            ui.interact(() -> raffles.selectedProperty()
                    .set(raffles.raffles().stream()
                            .filter(r -> r.id() == comet.id())
                            .findFirst()
                            .orElseThrow()));
            TabPane tabs = ui.lookup(".tab-pane").queryAs(TabPane.class);
            Tab proof = tabs.getTabs().stream()
                    .filter(t -> t.getText().equals("Draw proof"))
                    .findFirst()
                    .orElseThrow();
            ui.interact(() -> tabs.getSelectionModel().select(proof));
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> raffles.proofTextProperty().get().contains("Seed"));
            ui.clickOn("#raffle-verify");
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> raffles.verifyResultProperty().get().startsWith("Verified"));
            shoot(ui, "raffle-proof.png");

            ui.clickOn("#nav-payouts");
            PayoutsView payouts = (PayoutsView) ui.console().shell().controller("payouts");
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> !payouts.viewModel().payouts().isEmpty());
            TableView<?> pt = ui.lookup("#payout-table").queryAs(TableView.class);
            ui.interact(() -> pt.getSelectionModel().select(0));
            shoot(ui, "payouts.png");

            ui.clickOn("#nav-ledger");
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> !ui.lookup("#ledger-accounts")
                            .queryAs(TableView.class)
                            .getItems()
                            .isEmpty());
            shoot(ui, "ledger.png");

            ui.clickOn("#nav-audit");
            AuditView audit = (AuditView) ui.console().shell().controller("audit");
            ui.clickOn("#audit-verify");
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> audit.viewModel().verifyResultProperty().get().startsWith("Chain"));
            shoot(ui, "audit.png");

            ui.clickOn("#nav-users");
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> ui.lookup("#users-table")
                                    .queryAs(TableView.class)
                                    .getItems()
                                    .size()
                            >= 4);
            shoot(ui, "users.png");

            ui.clickOn("#nav-dashboard");
            ui.interact(() -> ui.console().toggleTheme());
            shoot(ui, "dashboard-dark.png");
            ui.interact(() -> ui.console().toggleTheme());
        }
    }

    /** Renders the whole window after the UI has settled and writes it as PNG. */
    private static void shoot(ConsoleHarness ui, String name) throws Exception {
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300); // let charts and tables finish their layout pass; only looks, never asserted
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        AtomicReference<WritableImage> image = new AtomicReference<>();
        ui.interact(() -> image.set(ui.console().scene().snapshot(null)));
        WritableImage img = image.get();
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        PixelReader px = img.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                b.setRGB(x, y, px.getArgb(x, y));
            }
        }
        ImageIO.write(b, "png", out.resolve(name).toFile());
    }
}
