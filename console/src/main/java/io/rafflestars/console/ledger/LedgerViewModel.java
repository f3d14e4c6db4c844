package io.rafflestars.console.ledger;

import com.fasterxml.jackson.core.type.TypeReference;
import io.rafflestars.console.platform.ApiClient;
import io.rafflestars.console.platform.Dto;
import io.rafflestars.console.platform.Errors;
import io.rafflestars.console.platform.Fmt;
import io.rafflestars.console.platform.Ui;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Accounts, entries with filters, the trial balance, per-raffle P&amp;L, mismatches, and CSV exports. */
public final class LedgerViewModel {
    /** What can be exported, with the route that streams it. */
    public enum Export {
        ENTRIES("/api/ledger/entries.csv", "ledger-entries"),
        ACCOUNTS("/api/ledger/accounts.csv", "ledger-accounts"),
        TRIAL_BALANCE("/api/ledger/trial-balance.csv", "trial-balance"),
        RAFFLE_RESULTS("/api/ledger/raffle-results.csv", "raffle-results"),
        MISMATCHES("/api/reconciliation/mismatches.csv", "mismatches");

        final String path;
        final String file;

        Export(String path, String file) {
            this.path = path;
            this.file = file;
        }
    }

    private final ApiClient api;
    private final Ui ui;
    private final ObservableList<Dto.Account> accounts = FXCollections.observableArrayList();
    private final ObservableList<Dto.LedgerEntry> entries = FXCollections.observableArrayList();
    private final ObservableList<Dto.TrialLine> trial = FXCollections.observableArrayList();
    private final ObservableList<Dto.RaffleResult> results = FXCollections.observableArrayList();
    private final ObservableList<Dto.Mismatch> mismatches = FXCollections.observableArrayList();
    private final StringProperty trialSummary = new SimpleStringProperty("");
    private final StringProperty entryAccount = new SimpleStringProperty("");
    private final StringProperty entryRaffle = new SimpleStringProperty("");
    private final StringProperty entryKind = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final ObjectProperty<Export> export = new SimpleObjectProperty<>(Export.ENTRIES);
    private final StringProperty exportPath = new SimpleStringProperty();
    private final BooleanProperty exporting = new SimpleBooleanProperty();
    private final LongProperty exportedBytes = new SimpleLongProperty();
    private final StringProperty exportResult = new SimpleStringProperty("");
    private Ui.Job exportJob;

    public LedgerViewModel(ApiClient api, Ui ui, Path home) {
        this.api = api;
        this.ui = ui;
        exportPath.set(home.resolve(Export.ENTRIES.file + ".csv").toString());
        export.addListener((o, a, b) -> {
            if (b != null) {
                Path p = Path.of(exportPath.get());
                exportPath.set((p.getParent() == null ? home : p.getParent())
                        .resolve(b.file + ".csv")
                        .toString());
            }
        });
    }

    public void refresh() {
        ui.run(
                () -> api.get("/api/ledger/accounts?limit=500", new TypeReference<Dto.Cursor<Dto.Account>>() {}),
                p -> accounts.setAll(p.items()),
                e -> message.set(Errors.describe(e)));
        ui.run(
                () -> api.get("/api/ledger/trial-balance", Dto.TrialBalance.class),
                t -> {
                    trial.setAll(t.lines());
                    trialSummary.set((t.balanced() ? "Balanced" : "NOT BALANCED") + ": debits " + Fmt.stars(t.debits())
                            + ", credits " + Fmt.stars(t.credits()) + "; pending debits " + Fmt.stars(t.debitsPending())
                            + ", pending credits " + Fmt.stars(t.creditsPending()));
                },
                e -> message.set(Errors.describe(e)));
        ui.run(
                () -> api.get(
                        "/api/ledger/raffle-results?limit=500", new TypeReference<Dto.Cursor<Dto.RaffleResult>>() {}),
                p -> results.setAll(p.items()),
                e -> message.set(Errors.describe(e)));
        ui.run(
                () -> api.get(
                        "/api/reconciliation/mismatches?status=ALL&limit=500",
                        new TypeReference<Dto.Cursor<Dto.Mismatch>>() {}),
                p -> mismatches.setAll(p.items()),
                e -> message.set(Errors.describe(e)));
        loadEntries();
    }

    public void loadEntries() {
        String q = ApiClient.query(
                "account", entryAccount.get(), "raffle", entryRaffle.get(), "kind", entryKind.get(), "limit", 500);
        ui.run(
                () -> api.get("/api/ledger/entries" + q, new TypeReference<Dto.Cursor<Dto.LedgerEntry>>() {}),
                p -> entries.setAll(p.items()),
                e -> message.set(Errors.describe(e)));
    }

    /** Streams the chosen export to the chosen file, showing bytes as they arrive; {@link #cancelExport} stops it. */
    public void startExport() {
        if (exporting.get()) {
            return;
        }
        Export what = export.get();
        Path target = Path.of(exportPath.get().strip());
        exporting.set(true);
        exportedBytes.set(0);
        exportResult.set("");
        AtomicLong bytes = new AtomicLong();
        AtomicLong shown = new AtomicLong(-1);
        Ui.Job[] self = new Ui.Job[1];
        self[0] = ui.run(
                () -> api.download(
                        what.path,
                        target,
                        n -> {
                            bytes.set(n);
                            // at most one UI update in flight, whatever the download speed
                            if (shown.getAndSet(n) == -1 || n - shown.get() > 256 * 1024) {
                                ui.post(() -> exportedBytes.set(bytes.get()));
                            }
                        },
                        () -> self[0] != null && self[0].cancelled()),
                n -> {
                    exporting.set(false);
                    exportedBytes.set(n);
                    exportResult.set("Exported " + Fmt.count(n) + " bytes to " + target);
                },
                e -> {
                    exporting.set(false);
                    exportResult.set("Export failed: " + Errors.describe(e));
                });
        exportJob = self[0];
    }

    public void cancelExport() {
        Ui.Job j = exportJob;
        if (j != null && exporting.get()) {
            j.cancel();
            exporting.set(false);
            exportResult.set("Export cancelled: nothing was written");
        }
    }

    public ObservableList<Dto.Account> accounts() {
        return accounts;
    }

    public ObservableList<Dto.LedgerEntry> entries() {
        return entries;
    }

    public ObservableList<Dto.TrialLine> trial() {
        return trial;
    }

    public ObservableList<Dto.RaffleResult> results() {
        return results;
    }

    public ObservableList<Dto.Mismatch> mismatches() {
        return mismatches;
    }

    public StringProperty trialSummaryProperty() {
        return trialSummary;
    }

    public StringProperty entryAccountProperty() {
        return entryAccount;
    }

    public StringProperty entryRaffleProperty() {
        return entryRaffle;
    }

    public StringProperty entryKindProperty() {
        return entryKind;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public ObjectProperty<Export> exportProperty() {
        return export;
    }

    public StringProperty exportPathProperty() {
        return exportPath;
    }

    public BooleanProperty exportingProperty() {
        return exporting;
    }

    public LongProperty exportedBytesProperty() {
        return exportedBytes;
    }

    public StringProperty exportResultProperty() {
        return exportResult;
    }

    static List<Export> exports() {
        return List.of(Export.values());
    }
}
