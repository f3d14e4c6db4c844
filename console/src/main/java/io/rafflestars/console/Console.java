package io.rafflestars.console;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.rafflestars.console.login.LoginView;
import io.rafflestars.console.platform.ApiClient;
import io.rafflestars.console.platform.AppContext;
import io.rafflestars.console.platform.FeedClient;
import io.rafflestars.console.platform.FeedHub;
import io.rafflestars.console.platform.FxUi;
import io.rafflestars.console.platform.Session;
import io.rafflestars.console.platform.StatusModel;
import io.rafflestars.console.platform.Views;
import io.rafflestars.console.shell.ShellView;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;

/**
 * The console's wiring: services, the window, login and logout, theme, token refresh. {@link ConsoleApp} opens it on
 * the primary stage; tests open it on theirs.
 */
public final class Console implements AppContext.Navigator {
    public static final String TITLE = "Raffle Stars Console";
    static final String THEME_KEY = "theme";

    private final Stage stage;
    private final Preferences prefs;
    private final FxUi ui = new FxUi();
    private final StatusModel status = new StatusModel();
    private final ApiClient api = ApiClient.create();
    private final FeedHub hub = new FeedHub(ui, status);
    private final FeedClient feed;
    private final AppContext ctx;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "token-refresh");
        t.setDaemon(true);
        return t;
    });
    private final Scene scene;
    private final javafx.scene.layout.StackPane host = new javafx.scene.layout.StackPane();
    private Views.Loaded<LoginView> login;
    private Views.Loaded<ShellView> shell;
    private String shellUser;
    private boolean dark;
    /** True while the user logs out on purpose: the session's end is then no surprise to report. */
    private volatile boolean leaving;

    private Console(Stage stage, Preferences prefs, String server) {
        this.stage = Objects.requireNonNull(stage);
        this.prefs = Objects.requireNonNull(prefs);
        this.feed = new FeedClient(api.http(), api::feedUri, () -> api.session().accessToken(), hub);
        this.ctx = new AppContext(api, feed, hub, ui, status, prefs, this);
        api.onRestState(s -> ui.post(() -> status.restProperty().set(s)));
        api.onSession(s -> {
            if (s != null) {
                feed.reauthenticate(s.accessToken());
            } else if (!leaving) {
                // the refresh token was refused (password reset, user disabled, session revoked or over)
                ui.post(() -> loggedOut("Your session has ended: log in again. Unsaved input is kept."));
            }
        });
        hub.onTokenRefused(this::refreshQuietly);
        dark = "dark".equals(prefs.get(THEME_KEY, "light"));
        applyTheme();
        login = Views.load(LoginView.class, "LoginView.fxml", ctx);
        if (server != null && !server.isBlank()) {
            login.controller().viewModel().serverProperty().set(server);
        }
        // one fixed root whose child is swapped: ControlsFX wraps the scene's root in its decoration pane, so the
        // screens must never be set as the scene's root themselves
        host.getChildren().setAll(login.root());
        scene = new Scene(host, 1280, 800);
        scene.getStylesheets()
                .add(Objects.requireNonNull(Console.class.getResource("console.css"))
                        .toExternalForm());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN), this::toggleTheme);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), () -> {
            if (shell != null && showing(shell.root())) {
                shell.controller().refreshCurrent();
            }
        });
        stage.setTitle(TITLE);
        stage.setScene(scene);
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        stage.setOnHidden(e -> close());
        refresher.scheduleWithFixedDelay(this::refreshIfDue, 15, 15, TimeUnit.SECONDS);
        stage.show();
        login.controller().focus();
    }

    /** Opens the console on {@code stage}; {@code server} (may be null) pre-fills the login's server address. */
    public static Console open(Stage stage, Preferences prefs, String server) {
        return new Console(stage, prefs, server);
    }

    /** Puts {@code user} into the login form's user name, the password field gets the focus. */
    public void prefillUser(String user) {
        login.controller().viewModel().usernameProperty().set(user);
        login.controller().focus();
    }

    public AppContext context() {
        return ctx;
    }

    public ShellView shell() {
        return shell == null ? null : shell.controller();
    }

    private boolean showing(Parent view) {
        return host.getChildren().contains(view);
    }

    /** Whether the login screen is what the window shows. */
    public boolean showingLogin() {
        return showing(login.root());
    }

    public Scene scene() {
        return scene;
    }

    private void refreshIfDue() {
        if (api.expiresWithin(Duration.ofMinutes(2))) {
            refreshQuietly();
        }
    }

    private void refreshQuietly() {
        try {
            api.refresh();
        } catch (RuntimeException e) {
            // a refused refresh ends the session, and the session listener takes the user to the login screen;
            // an unreachable server leaves the session as it is: the next attempt may succeed
        }
    }

    @Override
    public void loggedIn(Session session) {
        leaving = false;
        status.userProperty()
                .set(session.username() + " ("
                        + String.join(", ", session.roles().stream().sorted().toList()) + ")");
        status.serverProperty().set(api.server().toString());
        status.notice("");
        if (shell == null || !session.username().equals(shellUser)) {
            // a different user gets fresh screens; the same user finds their screens (and unsaved input) as they were
            shell = Views.load(ShellView.class, "ShellView.fxml", ctx);
            shellUser = session.username();
            host.getChildren().setAll(shell.root());
            shell.controller().start(session);
        } else {
            host.getChildren().setAll(shell.root());
            shell.controller().refreshCurrent();
        }
        feed.start();
    }

    @Override
    public void loggedOut(String why) {
        if (showing(login.root())) {
            return; // already there (the session may end through several paths at once)
        }
        boolean expired = api.session() == null;
        if (!expired) {
            leaving = true;
            Session ended = api.endSession();
            ui.run(
                    () -> {
                        api.revoke(ended);
                        return null;
                    },
                    x -> {},
                    x -> {});
            shell = null;
            shellUser = null;
        }
        feed.stop();
        login.controller().viewModel().showMessage(why);
        host.getChildren().setAll(login.root());
        login.controller().focus();
    }

    @Override
    public void openRaffle(long id) {
        if (shell != null) {
            shell.controller().openRaffle(id);
        }
    }

    @Override
    public void toggleTheme() {
        dark = !dark;
        prefs.put(THEME_KEY, dark ? "dark" : "light");
        applyTheme();
    }

    private void applyTheme() {
        Application.setUserAgentStylesheet(
                dark ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
    }

    public boolean dark() {
        return dark;
    }

    public void close() {
        refresher.shutdownNow();
        feed.stop();
        ui.shutdown();
    }
}
