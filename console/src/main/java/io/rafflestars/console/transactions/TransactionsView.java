package io.rafflestars.console.transactions;

import io.rafflestars.console.platform.AppContext;
import io.rafflestars.console.platform.Columns;
import io.rafflestars.console.platform.Fmt;
import io.rafflestars.console.platform.Screen;
import io.rafflestars.console.transactions.TransactionsViewModel.Kind;
import io.rafflestars.console.transactions.TransactionsViewModel.Txn;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;

/** Live transactions: pause, filter by kind, search; right-click a row to narrow to its raffle or player. */
public final class TransactionsView implements Screen {
    private final TransactionsViewModel vm = new TransactionsViewModel();
    private final AppContext ctx;

    @FXML
    private TableView<Txn> table;

    @FXML
    private ToggleButton pause;

    @FXML
    private ComboBox<Kind> kind;

    @FXML
    private TextField search;

    @FXML
    private Label counts;

    public TransactionsView(AppContext ctx) {
        this.ctx = ctx;
        ctx.hub().subscribe(vm::onEvents);
    }

    public TransactionsViewModel viewModel() {
        return vm;
    }

    @FXML
    private void initialize() {
        Columns.time(table, "Time", Txn::at);
        Columns.text(table, "Kind", 80, Txn::kind);
        Columns.id(table, "Raffle", 70, t -> t.raffleId() == null ? null : t.raffleId());
        Columns.id(table, "Player", 110, Txn::playerId);
        Columns.stars(table, "Amount", 100, Txn::amount);
        Columns.text(table, "State", 110, Txn::state);
        Columns.text(table, "Detail", 330, Txn::detail);
        Columns.id(table, "Event", 80, Txn::eventId);
        table.setItems(vm.visible());
        table.setPlaceholder(new Label("Waiting for sales, payments and refunds…"));
        table.setRowFactory(tv -> {
            TableRow<Txn> row = new TableRow<>();
            MenuItem byRaffle = new MenuItem("Only this raffle");
            byRaffle.setOnAction(
                    e -> vm.searchProperty().set("raffle:" + row.getItem().raffleId()));
            MenuItem byPlayer = new MenuItem("Only this player");
            byPlayer.setOnAction(
                    e -> vm.searchProperty().set("player:" + row.getItem().playerId()));
            MenuItem open = new MenuItem("Open the raffle");
            open.setOnAction(e -> {
                if (row.getItem().raffleId() != null) {
                    ctx.nav().openRaffle(row.getItem().raffleId());
                }
            });
            row.contextMenuProperty()
                    .bind(Bindings.when(row.emptyProperty())
                            .then((ContextMenu) null)
                            .otherwise(new ContextMenu(open, byRaffle, byPlayer)));
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty() && row.getItem().raffleId() != null) {
                    ctx.nav().openRaffle(row.getItem().raffleId());
                }
            });
            return row;
        });
        pause.selectedProperty().bindBidirectional(vm.pausedProperty());
        pause.textProperty()
                .bind(Bindings.when(vm.pausedProperty()).then("Resume").otherwise("Pause"));
        kind.setItems(FXCollections.observableArrayList(null, Kind.SALE, Kind.PAYMENT, Kind.REFUND));
        kind.valueProperty().bindBidirectional(vm.kindProperty());
        kind.setPromptText("All kinds");
        search.textProperty().bindBidirectional(vm.searchProperty());
        counts.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> Fmt.count(vm.visible().size()) + " shown · "
                                + Fmt.count(vm.seenProperty().get()) + " seen"
                                + (vm.pausedProperty().get()
                                        ? " · "
                                                + Fmt.count(
                                                        vm.heldCountProperty().get()) + " held while paused"
                                        : "")
                                + " · keeps the newest " + Fmt.count(TransactionsViewModel.CAP),
                        vm.visible(),
                        vm.seenProperty(),
                        vm.pausedProperty(),
                        vm.heldCountProperty()));
    }

    @FXML
    private void onClear() {
        vm.clear();
    }

    @Override
    public void refresh() {
        // a stream: nothing to read again
    }
}
