package io.rafflestars.console.ledger;

import io.rafflestars.console.platform.AppContext;
import io.rafflestars.console.platform.Columns;
import io.rafflestars.console.platform.Dto;
import io.rafflestars.console.platform.Fmt;
import io.rafflestars.console.platform.Screen;
import java.io.File;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.FileChooser;

/** The ledger's tabs and the CSV export with progress and cancel. */
public final class LedgerView implements Screen {
    private final LedgerViewModel vm;

    @FXML
    private TableView<Dto.Account> accounts;

    @FXML
    private TableView<Dto.LedgerEntry> entries;

    @FXML
    private TableView<Dto.TrialLine> trial;

    @FXML
    private TableView<Dto.RaffleResult> results;

    @FXML
    private TableView<Dto.Mismatch> mismatches;

    @FXML
    private Label trialSummary;

    @FXML
    private TextField entryAccount;

    @FXML
    private TextField entryRaffle;

    @FXML
    private TextField entryKind;

    @FXML
    private ComboBox<LedgerViewModel.Export> export;

    @FXML
    private TextField exportPath;

    @FXML
    private Button exportStart;

    @FXML
    private Button exportCancel;

    @FXML
    private ProgressBar progress;

    @FXML
    private Label exportResult;

    @FXML
    private Label message;

    public LedgerView(AppContext ctx) {
        this.vm = new LedgerViewModel(ctx.api(), ctx.ui(), Path.of(System.getProperty("user.home")));
        ctx.hub().subscribe(events -> {
            if (events.stream()
                    .anyMatch(e -> e.stream().equals("payments") || e.stream().equals("payouts"))) {
                vm.refresh();
            }
        });
    }

    public LedgerViewModel viewModel() {
        return vm;
    }

    @FXML
    private void initialize() {
        Columns.text(accounts, "Code", 190, Dto.Account::code);
        Columns.text(accounts, "Type", 190, Dto.Account::type);
        Columns.stars(accounts, "Debits", 110, Dto.Account::debitsPosted);
        Columns.stars(accounts, "Credits", 110, Dto.Account::creditsPosted);
        Columns.stars(accounts, "Pend. Dr", 95, Dto.Account::debitsPending);
        Columns.stars(accounts, "Pend. Cr", 95, Dto.Account::creditsPending);
        Columns.stars(accounts, "Balance", 110, Dto.Account::balance);
        Columns.stars(accounts, "Available", 100, a -> a.available());
        accounts.setItems(vm.accounts());

        Columns.id(entries, "Seq", 60, Dto.LedgerEntry::seq);
        Columns.time(entries, "At", Dto.LedgerEntry::at);
        Columns.text(entries, "Kind", 110, Dto.LedgerEntry::kind);
        Columns.text(entries, "Phase", 100, Dto.LedgerEntry::phase);
        Columns.text(entries, "Debit", 200, Dto.LedgerEntry::debit);
        Columns.text(entries, "Credit", 200, Dto.LedgerEntry::credit);
        Columns.stars(entries, "Amount", 100, Dto.LedgerEntry::amount);
        Columns.text(entries, "Reference", 150, e -> e.referenceType() + " " + e.referenceId());
        entries.setItems(vm.entries());
        entryAccount.textProperty().bindBidirectional(vm.entryAccountProperty());
        entryRaffle.textProperty().bindBidirectional(vm.entryRaffleProperty());
        entryKind.textProperty().bindBidirectional(vm.entryKindProperty());

        Columns.text(trial, "Account type", 190, Dto.TrialLine::type);
        Columns.number(trial, "Accounts", 80, Dto.TrialLine::accounts);
        Columns.stars(trial, "Debits", 120, Dto.TrialLine::debits);
        Columns.stars(trial, "Credits", 120, Dto.TrialLine::credits);
        Columns.stars(trial, "Pend. Dr", 105, Dto.TrialLine::debitsPending);
        Columns.stars(trial, "Pend. Cr", 105, Dto.TrialLine::creditsPending);
        Columns.stars(trial, "Balance", 120, Dto.TrialLine::balance);
        trial.setItems(vm.trial());
        trialSummary.textProperty().bind(vm.trialSummaryProperty());

        Columns.id(results, "#", 45, Dto.RaffleResult::raffleId);
        Columns.text(results, "Raffle", 170, Dto.RaffleResult::title);
        Columns.text(results, "State", 90, Dto.RaffleResult::state);
        Columns.stars(results, "Paid", 95, Dto.RaffleResult::paid);
        Columns.stars(results, "Refunded", 95, Dto.RaffleResult::refunded);
        Columns.stars(results, "House", 90, Dto.RaffleResult::houseFee);
        Columns.stars(results, "Prizes", 90, Dto.RaffleResult::prizes);
        Columns.stars(results, "Paid out", 90, Dto.RaffleResult::paidOut);
        Columns.stars(results, "Owed", 90, Dto.RaffleResult::prizesOwed);
        Columns.stars(results, "Pot", 90, Dto.RaffleResult::potBalance);
        results.setItems(vm.results());

        Columns.id(mismatches, "#", 45, Dto.Mismatch::id);
        Columns.text(mismatches, "Kind", 190, Dto.Mismatch::kind);
        Columns.text(mismatches, "Charge", 180, Dto.Mismatch::chargeId);
        Columns.stars(mismatches, "Ours", 90, m -> m.ourAmount());
        Columns.stars(mismatches, "Telegram", 90, m -> m.telegramAmount());
        Columns.time(mismatches, "Found", Dto.Mismatch::foundAt);
        Columns.text(
                mismatches,
                "Resolution",
                200,
                m -> m.resolution() == null ? "open" : m.resolvedBy() + ": " + m.resolution());
        mismatches.setItems(vm.mismatches());
        mismatches.setPlaceholder(new Label("No mismatches with Telegram"));

        export.setItems(FXCollections.observableArrayList(LedgerViewModel.exports()));
        export.valueProperty().bindBidirectional(vm.exportProperty());
        exportPath.textProperty().bindBidirectional(vm.exportPathProperty());
        exportStart.disableProperty().bind(vm.exportingProperty());
        exportCancel.disableProperty().bind(vm.exportingProperty().not());
        progress.visibleProperty().bind(vm.exportingProperty());
        progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        exportResult
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> vm.exportingProperty().get()
                                ? Fmt.count(vm.exportedBytesProperty().get()) + " bytes…"
                                : vm.exportResultProperty().get(),
                        vm.exportingProperty(),
                        vm.exportedBytesProperty(),
                        vm.exportResultProperty()));
        message.textProperty().bind(vm.messageProperty());
    }

    @FXML
    private void onFilter() {
        vm.loadEntries();
    }

    @FXML
    private void onBrowse() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export CSV to");
        File current = new File(vm.exportPathProperty().get());
        if (current.getParentFile() != null && current.getParentFile().isDirectory()) {
            fc.setInitialDirectory(current.getParentFile());
        }
        fc.setInitialFileName(current.getName());
        File f = fc.showSaveDialog(exportPath.getScene().getWindow());
        if (f != null) {
            vm.exportPathProperty().set(f.getPath());
        }
    }

    @FXML
    private void onExport() {
        vm.startExport();
    }

    @FXML
    private void onCancelExport() {
        vm.cancelExport();
    }

    @Override
    public void refresh() {
        vm.refresh();
    }
}
