package io.rafflestars.console.login;

import io.rafflestars.console.platform.ApiClient;
import io.rafflestars.console.platform.ApiException;
import io.rafflestars.console.platform.Session;
import io.rafflestars.console.platform.Ui;
import java.util.function.Consumer;
import java.util.prefs.Preferences;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** Server address (remembered), user name, password; a login that says precisely why it failed. */
public final class LoginViewModel {
    static final String SERVER_KEY = "server";
    static final String USER_KEY = "username";
    public static final String DEFAULT_SERVER = "http://localhost:8080";

    private final ApiClient api;
    private final Ui ui;
    private final Preferences prefs;
    private final StringProperty server = new SimpleStringProperty();
    private final StringProperty username = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanBinding canLogin;

    public LoginViewModel(ApiClient api, Ui ui, Preferences prefs) {
        this.api = api;
        this.ui = ui;
        this.prefs = prefs;
        server.set(prefs.get(SERVER_KEY, DEFAULT_SERVER));
        username.set(prefs.get(USER_KEY, ""));
        canLogin = Bindings.createBooleanBinding(
                () -> !busy.get() && !isBlank(server.get()) && !isBlank(username.get()) && !isBlank(password.get()),
                busy,
                server,
                username,
                password);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    public StringProperty serverProperty() {
        return server;
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanBinding canLoginProperty() {
        return canLogin;
    }

    /** Logs in off the UI thread; on success remembers the server and user and calls {@code loggedIn}. */
    public void login(Consumer<Session> loggedIn) {
        if (!canLogin.get()) {
            return;
        }
        error.set("");
        busy.set(true);
        String s = server.get();
        String u = username.get().strip();
        String p = password.get();
        ui.run(
                () -> {
                    api.server(s);
                    return api.login(u, p);
                },
                session -> {
                    busy.set(false);
                    password.set("");
                    prefs.put(SERVER_KEY, api.server().toString());
                    prefs.put(USER_KEY, u);
                    loggedIn.accept(session);
                },
                e -> {
                    busy.set(false);
                    error.set(explain(e));
                });
    }

    /** The sentence the login screen shows for a failed login. */
    static String explain(Throwable e) {
        if (e instanceof ApiException a) {
            return switch (a.code()) {
                case "UNAUTHENTICATED" -> "Wrong user name or password (or the account is disabled).";
                case "TOO_MANY_REQUESTS" -> "Too many failed logins: wait a minute and try again.";
                case ApiException.UNREACHABLE -> a.getMessage() + ". Is the backend running and the address right?";
                case ApiException.TLS -> a.getMessage();
                case "VALIDATION_FAILED" -> a.getMessage();
                default -> "Login failed: " + a.getMessage();
            };
        }
        return "Login failed: " + e;
    }

    public void showMessage(String message) {
        error.set(message == null ? "" : message);
    }
}
