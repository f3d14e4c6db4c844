package io.rafflestars.console.users;

import io.rafflestars.console.platform.AppContext;
import io.rafflestars.console.platform.Columns;
import io.rafflestars.console.platform.Dialogs;
import io.rafflestars.console.platform.Dto;
import io.rafflestars.console.platform.Screen;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;

/** User administration. */
public final class UsersView implements Screen {
    private final UsersViewModel vm;

    @FXML
    private TableView<Dto.User> table;

    @FXML
    private TextField name;

    @FXML
    private PasswordField password;

    @FXML
    private CheckBox admin;

    @FXML
    private CheckBox operator;

    @FXML
    private CheckBox finance;

    @FXML
    private CheckBox auditor;

    @FXML
    private Button disable;

    @FXML
    private Button enable;

    @FXML
    private Button reset;

    @FXML
    private Button saveRoles;

    @FXML
    private Label message;

    public UsersView(AppContext ctx) {
        this.vm = new UsersViewModel(ctx.api(), ctx.ui());
    }

    @FXML
    private void initialize() {
        Columns.text(table, "User", 150, Dto.User::username);
        Columns.text(table, "Roles", 220, u -> String.join(", ", u.roles()));
        Columns.text(table, "Enabled", 80, u -> u.enabled() ? "yes" : "no");
        Columns.text(table, "Created by", 120, Dto.User::createdBy);
        Columns.time(table, "Created", Dto.User::createdAt);
        table.setItems(vm.users());
        table.getSelectionModel()
                .selectedItemProperty()
                .addListener((o, a, b) -> vm.selectedProperty().set(b));
        name.textProperty().bindBidirectional(vm.newNameProperty());
        password.textProperty().bindBidirectional(vm.newPasswordProperty());
        admin.selectedProperty().bindBidirectional(vm.roleProperty("ADMIN"));
        operator.selectedProperty().bindBidirectional(vm.roleProperty("OPERATOR"));
        finance.selectedProperty().bindBidirectional(vm.roleProperty("FINANCE"));
        auditor.selectedProperty().bindBidirectional(vm.roleProperty("AUDITOR"));
        var none = vm.selectedProperty().isNull();
        disable.disableProperty().bind(none);
        enable.disableProperty().bind(none);
        reset.disableProperty().bind(none);
        saveRoles.disableProperty().bind(none);
        message.textProperty().bind(vm.messageProperty());
    }

    @FXML
    private void onCreate() {
        vm.create();
    }

    @FXML
    private void onDisable() {
        Dto.User u = vm.selectedProperty().get();
        if (u != null
                && Dialogs.confirm(
                        disable,
                        "Disable user",
                        "Disable " + u.username()
                                + ": they are signed out everywhere at once and cannot log in until enabled again.",
                        "Disable")) {
            vm.setEnabled(false);
        }
    }

    @FXML
    private void onEnable() {
        vm.setEnabled(true);
    }

    @FXML
    private void onReset() {
        Dto.User u = vm.selectedProperty().get();
        if (u != null) {
            Dialogs.reason(
                            reset,
                            "Reset password",
                            "New password for " + u.username() + " (12 characters or more); their sessions end.",
                            "Password:")
                    .ifPresent(vm::resetPassword);
        }
    }

    @FXML
    private void onSaveRoles() {
        vm.saveRoles();
    }

    @Override
    public void refresh() {
        vm.refresh();
    }
}
