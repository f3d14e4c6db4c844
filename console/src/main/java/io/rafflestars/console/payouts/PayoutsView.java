package io.rafflestars.console.payouts;

import io.rafflestars.console.platform.AppContext;
import io.rafflestars.console.platform.Columns;
import io.rafflestars.console.platform.Dialogs;
import io.rafflestars.console.platform.Dto;
import io.rafflestars.console.platform.Screen;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;

/** The payout queue; approve and reject are disabled, with the reason as tooltip, when four eyes forbid the user. */
public final class PayoutsView implements Screen {
    private final PayoutsViewModel vm;

    @FXML
    private TableView<Dto.Payout> table;

    @FXML
    private ComboBox<String> status;

    @FXML
    private Button approve;

    @FXML
    private Button reject;

    @FXML
    private StackPane approveHolder;

    @FXML
    private StackPane rejectHolder;

    @FXML
    private Label rule;

    @FXML
    private Label message;

    public PayoutsView(AppContext ctx) {
        this.vm = new PayoutsViewModel(ctx.api(), ctx.ui());
        ctx.hub().subscribe(vm::onEvents);
        ctx.hub().onResync(vm::refresh);
    }

    public PayoutsViewModel viewModel() {
        return vm;
    }

    @FXML
    private void initialize() {
        Columns.id(table, "#", 45, Dto.Payout::id);
        Columns.text(table, "Raffle", 150, p -> "#" + p.raffleId() + " " + p.raffleTitle());
        Columns.number(table, "Place", 60, Dto.Payout::place);
        Columns.text(
                table,
                "Winner",
                150,
                p -> (p.playerName() == null ? "" : p.playerName() + " ") + "(" + p.playerId() + ")");
        Columns.id(table, "Ticket", 65, p -> p.ticketNumber());
        Columns.stars(table, "Amount", 90, Dto.Payout::amount);
        Columns.text(table, "Channel", 110, Dto.Payout::channel);
        Columns.text(table, "State", 150, Dto.Payout::state);
        Columns.text(
                table,
                "Approvals",
                150,
                p -> p.approvals() + " of " + p.approvalsRequired()
                        + (p.approvedBy() == null || p.approvedBy().isEmpty() ? "" : " " + p.approvedBy()));
        Columns.text(table, "Drawn by", 80, Dto.Payout::drawnBy);
        Columns.time(table, "Created", Dto.Payout::createdAt);
        table.setItems(vm.payouts());
        table.getSelectionModel()
                .selectedItemProperty()
                .addListener((o, a, b) -> vm.selectedProperty().set(b));
        vm.selectedProperty().addListener((o, a, b) -> {
            if (b != null && table.getSelectionModel().getSelectedItem() != b) {
                table.getSelectionModel().select(b);
            }
        });
        status.setItems(FXCollections.observableArrayList(
                "OPEN", "ALL", "PENDING_APPROVAL", "APPROVED", "EXECUTED", "FAILED", "REJECTED", "EXPIRED"));
        status.valueProperty().bindBidirectional(vm.statusProperty());
        status.valueProperty().addListener((o, a, b) -> vm.refresh());
        var why = Bindings.createStringBinding(
                () -> vm.whyNot(vm.selectedProperty().get()), vm.selectedProperty());
        approve.disableProperty().bind(why.isNotNull());
        reject.disableProperty().bind(why.isNotNull());
        // a disabled button shows no tooltip of its own: its holder carries the reason
        Tooltip tip = new Tooltip();
        tip.textProperty()
                .bind(Bindings.createStringBinding(() -> why.get() == null ? "Decide on this payout" : why.get(), why));
        Tooltip.install(approveHolder, tip);
        Tooltip.install(rejectHolder, tip);
        approve.setTooltip(tip);
        rule.textProperty().bind(Bindings.createStringBinding(() -> why.get() == null ? "" : why.get(), why));
        message.textProperty().bind(vm.messageProperty());
    }

    @FXML
    private void onApprove() {
        Dto.Payout p = vm.selectedProperty().get();
        if (p != null
                && Dialogs.confirm(
                        approve,
                        "Approve payout",
                        "Approve payout #" + p.id() + ": " + io.rafflestars.console.platform.Fmt.stars(p.amount())
                                + " to player " + p.playerId() + " via " + p.channel() + ". "
                                + (p.approvals() + 1 >= p.approvalsRequired()
                                        ? "This is the last approval needed: the payout is executed next."
                                        : "Another FINANCE user must approve too."),
                        "Approve")) {
            vm.approve(null);
        }
    }

    @FXML
    private void onReject() {
        Dto.Payout p = vm.selectedProperty().get();
        if (p != null) {
            Dialogs.reason(
                            reject,
                            "Reject payout",
                            "Reject payout #" + p.id() + ": the held "
                                    + io.rafflestars.console.platform.Fmt.stars(p.amount())
                                    + " go back to the raffle's pot. This cannot be undone.",
                            "Reason:")
                    .ifPresent(vm::reject);
        }
    }

    @Override
    public void refresh() {
        vm.refresh();
    }
}
