package io.rafflestars.console.login;

import io.rafflestars.console.platform.AppContext;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;

/** The login form: binds the fields to the view-model, nothing else. */
public final class LoginView {
    private final AppContext ctx;
    private final LoginViewModel vm;

    @FXML
    private TextField server;

    @FXML
    private TextField username;

    @FXML
    private PasswordField password;

    @FXML
    private Button login;

    @FXML
    private Label error;

    @FXML
    private ProgressIndicator busy;

    public LoginView(AppContext ctx) {
        this.ctx = ctx;
        this.vm = new LoginViewModel(ctx.api(), ctx.ui(), ctx.prefs());
    }

    public LoginViewModel viewModel() {
        return vm;
    }

    @FXML
    private void initialize() {
        server.textProperty().bindBidirectional(vm.serverProperty());
        username.textProperty().bindBidirectional(vm.usernameProperty());
        password.textProperty().bindBidirectional(vm.passwordProperty());
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        busy.visibleProperty().bind(vm.busyProperty());
        login.disableProperty().bind(vm.canLoginProperty().not());
        login.setDefaultButton(true);
    }

    /** Puts the cursor where typing is needed next. */
    public void focus() {
        (username.getText().isBlank() ? username : password).requestFocus();
    }

    @FXML
    private void onLogin() {
        vm.login(ctx.nav()::loggedIn);
    }
}
