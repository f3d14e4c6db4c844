package io.rafflestars.console.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.console.dashboard.DashboardView;
import io.rafflestars.console.payouts.PayoutsView;
import io.rafflestars.console.platform.Dto;
import io.rafflestars.console.platform.FeedClient;
import io.rafflestars.console.raffles.RafflesView;
import io.rafflestars.console.raffles.RafflesViewModel;
import io.rafflestars.console.transactions.TransactionsView;
import io.rafflestars.console.transactions.TransactionsViewModel;
import io.rafflestars.telegramfake.FakePlayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console against a real backend (real PostgreSQL, the fake Telegram), headless under Monocle, driven through its
 * screens: log in, create and publish a raffle, watch a purchase arrive live, close, draw, verify the proof, four eyes
 * on the payout, export the ledger.
 */
@ExtendWith(FreshDatabase.class)
class ConsoleEndToEndTest {
    private static TestBackend app;
    private static DatabaseUrl database;

    @BeforeAll
    static void start(DatabaseUrl db) {
        database = db;
        app = TestBackend.start(db);
        // the operator who will draw also holds FINANCE: four eyes must still stop them deciding on the payout
        ConsoleClient.user(app, "olga", Role.OPERATOR, Role.FINANCE);
        ConsoleClient.user(app, "fiona", Role.FINANCE);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void operatorAndFinanceWorkARaffleFromCreationToExport(@TempDir Path dir) throws Exception {
        try (ConsoleHarness ui = ConsoleHarness.open(app.uri("").toString())) {
            ui.login("olga", ConsoleClient.PASSWORD);
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> ui.console().context().status().feedProperty().get() == FeedClient.State.LIVE);

            // create a raffle in the editor
            ui.clickOn("#nav-raffles");
            RafflesViewModel raffles = ((RafflesView) ui.console().shell().controller("raffles")).viewModel();
            ui.clickOn("#raffle-new");
            ui.setText("#raffle-title", "Console Cup");
            ui.setText("#raffle-description", "Made in the console test");
            ui.setText("#raffle-price", "5");
            ui.setText("#raffle-total", "50");
            ui.setText("#raffle-cap", "10");
            ui.clickOn("#raffle-save");
            await().atMost(ConsoleHarness.WAIT)
                    .untilAsserted(() -> assertThat(raffles.selectedProperty().get())
                            .as(
                                    "%s / title=%s price=%s problems=%s",
                                    raffles.messageProperty().get(),
                                    raffles.editor().titleProperty().get(),
                                    raffles.editor().priceProperty().get(),
                                    raffles.editor().problems())
                            .isNotNull());
            Dto.Raffle created = raffles.selectedProperty().get();
            assertThat(created.state()).isEqualTo("DRAFT");
            assertThat(created.title()).isEqualTo("Console Cup");
            long id = created.id();

            // publish: the confirmation states the consequence; the scheduler opens it (its start has passed)
            ui.clickOn("#raffle-publish");
            ui.confirm();
            awaitState(raffles, "OPEN");

            // a player buys through the bot's webhook (fake Telegram): the sale shows up live
            TransactionsViewModel tx = ((TransactionsView) ui.console().shell().controller("transactions")).viewModel();
            DashboardView dashboard = (DashboardView) ui.console().shell().controller("dashboard");
            long ticketsBefore = dashboard.viewModel().ticketsTodayProperty().get();
            FakePlayer player = app.telegram().player(770001, "Pia", "en");
            Scenarios.buy(app, player, id, 2);
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> tx.rows().stream()
                            .anyMatch(t -> t.kind() == TransactionsViewModel.Kind.SALE
                                    && t.raffleId() == id
                                    && t.playerId() == 770001
                                    && t.amount() == 10));
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> dashboard.viewModel().ticketsTodayProperty().get() >= ticketsBefore + 2);
            ui.clickOn("#nav-transactions");
            TableView<?> txTable = ui.lookup("#tx-table").queryAs(TableView.class);
            assertThat(txTable.getItems()).isNotEmpty();
            assertThat(ui.lookup("#stale-banner").query().isVisible()).isFalse();

            // the feed drops; a sale happens meanwhile; the screens say they may be stale, then catch up
            ui.console().context().feed().suspend();
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> ui.lookup("#stale-banner").query().isVisible());
            Scenarios.buy(app, app.telegram().player(770002, "Quinn", "en"), id, 1);
            ui.console().context().feed().start();
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> tx.rows().stream().anyMatch(t -> t.playerId() == 770002 && t.raffleId() == id));
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> !ui.lookup("#stale-banner").query().isVisible());
            assertThat(ui.text("#notice")).contains("missed event");
            ui.clickOn("#nav-dashboard");
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> ui.text("#tile-tickets").equals(String.valueOf(ticketsBefore + 3)));

            // close and draw, each confirmed
            ui.clickOn("#nav-raffles");
            ui.clickOn("#raffle-close");
            ui.confirm();
            awaitState(raffles, "CLOSED");
            ui.clickOn("#raffle-draw");
            ui.confirm();
            awaitState(raffles, "DRAWN");

            // the proof recomputed locally with the shared algorithm
            TabPane tabs = ui.lookup(".tab-pane").queryAs(TabPane.class);
            Tab proofTab = tabs.getTabs().stream()
                    .filter(t -> t.getText().equals("Draw proof"))
                    .findFirst()
                    .orElseThrow();
            ui.interact(() -> tabs.getSelectionModel().select(proofTab));
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> raffles.proofTextProperty().get().contains("Seed"));
            ui.clickOn("#raffle-verify");
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> raffles.verifyResultProperty().get().startsWith("Verified"));

            // olga drew it: the payout is visible to her (FINANCE) but approve is disabled, with the reason
            ui.clickOn("#nav-payouts");
            PayoutsView payouts = (PayoutsView) ui.console().shell().controller("payouts");
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> payouts.viewModel().payouts().stream().anyMatch(p -> p.raffleId() == id));
            TableView<?> payoutTable = ui.lookup("#payout-table").queryAs(TableView.class);
            ui.interact(() -> payoutTable.getSelectionModel().select(0));
            Button approve = ui.lookup("#payout-approve").queryAs(Button.class);
            assertThat(approve.isDisabled()).isTrue();
            assertThat(approve.getTooltip().getText()).contains("you drew this raffle");
            assertThat(ui.text("#payout-rule")).contains("Four eyes");

            // fiona (FINANCE) may, and does
            ui.clickOn("#logout");
            ui.login("fiona", ConsoleClient.PASSWORD);
            ui.clickOn("#nav-payouts");
            PayoutsView fionasPayouts = (PayoutsView) ui.console().shell().controller("payouts");
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> fionasPayouts.viewModel().payouts().stream().anyMatch(p -> p.raffleId() == id));
            TableView<?> table2 = ui.lookup("#payout-table").queryAs(TableView.class);
            ui.interact(() -> table2.getSelectionModel().select(0));
            Button approve2 = ui.lookup("#payout-approve").queryAs(Button.class);
            assertThat(approve2.isDisabled()).isFalse();
            ui.clickOn(approve2);
            ui.confirm();
            // the decision's answer (the payout may leave the OPEN queue at once: a prize credit executes right away)
            await().atMost(ConsoleHarness.WAIT)
                    .until(() ->
                            ui.text("#payout-message").matches("Payout #\\d+ is now (APPROVED|EXECUTING|EXECUTED).*"));
            var payoutState = ConsoleClient.login(app, "fiona", ConsoleClient.PASSWORD)
                    .get("/api/payouts?status=ALL&raffle=" + id);
            assertThat(payoutState.body())
                    .containsAnyOf("\"APPROVED\"", "\"EXECUTING\"", "\"EXECUTED\"")
                    .contains("\"fiona\"");

            // export the ledger's entries to CSV
            ui.clickOn("#nav-ledger");
            Path csv = dir.resolve("entries.csv");
            TextField path = ui.lookup("#export-path").queryAs(TextField.class);
            ui.interact(() -> path.setText(csv.toString()));
            ui.clickOn("#export-start");
            await().atMost(ConsoleHarness.WAIT)
                    .until(() -> ui.text("#export-result").startsWith("Exported"));
            List<String> lines = Files.readAllLines(csv);
            assertThat(lines.getFirst()).contains("amount");
            assertThat(lines.size()).isGreaterThan(2);
            assertThat(lines).anyMatch(l -> l.contains("PAYMENT") || l.contains("payment"));
            assertThat(dir.resolve("entries.csv.part")).doesNotExist();
        }
        Invariants.assertHold(database);
    }

    private static void awaitState(RafflesViewModel raffles, String state) {
        await().atMost(ConsoleHarness.WAIT)
                .untilAsserted(() ->
                        assertThat(raffles.selectedProperty().get().state()).isEqualTo(state));
    }
}
