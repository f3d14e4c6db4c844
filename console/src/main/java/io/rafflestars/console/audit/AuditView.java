package io.rafflestars.console.audit;

import io.rafflestars.console.platform.AppContext;
import io.rafflestars.console.platform.Columns;
import io.rafflestars.console.platform.Dto;
import io.rafflestars.console.platform.Screen;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;

/** The audit log: filters, the selected row's before/after, Verify chain. */
public final class AuditView implements Screen {
    private final AuditViewModel vm;

    @FXML
    private TableView<Dto.AuditRecord> table;

    @FXML
    private TextField actor;

    @FXML
    private TextField action;

    @FXML
    private TextField targetType;

    @FXML
    private TextField targetId;

    @FXML
    private Label message;

    @FXML
    private Label verifyResult;

    @FXML
    private TextArea detail;

    public AuditView(AppContext ctx) {
        this.vm = new AuditViewModel(ctx.api(), ctx.ui());
        ctx.hub().subscribe(vm::onEvents);
    }

    public AuditViewModel viewModel() {
        return vm;
    }

    @FXML
    private void initialize() {
        Columns.id(table, "Seq", 60, Dto.AuditRecord::seq);
        Columns.time(table, "At", Dto.AuditRecord::at);
        Columns.text(table, "Actor", 110, Dto.AuditRecord::actor);
        Columns.text(table, "Action", 170, Dto.AuditRecord::action);
        Columns.text(
                table,
                "Target",
                190,
                r -> r.targetType() == null ? "" : r.targetType() + (r.targetId() == null ? "" : " " + r.targetId()));
        Columns.text(table, "Source", 110, Dto.AuditRecord::source);
        Columns.text(
                table,
                "Hash",
                160,
                r -> r.hash() == null
                        ? ""
                        : r.hash().substring(0, Math.min(16, r.hash().length())) + "…");
        table.setItems(vm.rows());
        table.getSelectionModel()
                .selectedItemProperty()
                .addListener((o, a, r) -> detail.setText(
                        r == null ? "" : "before: " + r.before() + "\nafter:  " + r.after() + "\nhash:   " + r.hash()));
        actor.textProperty().bindBidirectional(vm.actorProperty());
        action.textProperty().bindBidirectional(vm.actionProperty());
        targetType.textProperty().bindBidirectional(vm.targetTypeProperty());
        targetId.textProperty().bindBidirectional(vm.targetIdProperty());
        message.textProperty().bind(vm.messageProperty());
        verifyResult.textProperty().bind(vm.verifyResultProperty());
        vm.intactProperty().addListener((o, a, b) -> {
            verifyResult.getStyleClass().removeAll("success-text", "danger-text");
            if (b != null) {
                verifyResult.getStyleClass().add(b ? "success-text" : "danger-text");
            }
        });
    }

    @FXML
    private void onFilter() {
        vm.refresh();
    }

    @FXML
    private void onMore() {
        vm.more();
    }

    @FXML
    private void onVerify() {
        vm.verify();
    }

    @Override
    public void refresh() {
        vm.refresh();
    }
}
