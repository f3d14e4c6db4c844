package io.rafflestars.console.shell;

import io.rafflestars.console.audit.AuditView;
import io.rafflestars.console.dashboard.DashboardView;
import io.rafflestars.console.ledger.LedgerView;
import io.rafflestars.console.payouts.PayoutsView;
import io.rafflestars.console.platform.ApiClient;
import io.rafflestars.console.platform.AppContext;
import io.rafflestars.console.platform.FeedClient;
import io.rafflestars.console.platform.Fmt;
import io.rafflestars.console.platform.Screen;
import io.rafflestars.console.platform.Session;
import io.rafflestars.console.platform.Views;
import io.rafflestars.console.raffles.RafflesView;
import io.rafflestars.console.transactions.TransactionsView;
import io.rafflestars.console.users.UsersView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** The main window: navigation by role, the current screen, the status bar. */
public final class ShellView {
    /** A screen in the navigation: who may open it and where its view is. */
    record Entry(String id, String title, String icon, List<String> roles, Class<?> controller, String fxml) {}

    static final List<Entry> ENTRIES = List.of(
            new Entry(
                    "dashboard",
                    "Dashboard",
                    "mdi2v-view-dashboard",
                    List.of(),
                    DashboardView.class,
                    "DashboardView.fxml"),
            new Entry(
                    "raffles",
                    "Raffles",
                    "mdi2t-ticket",
                    List.of("OPERATOR", "FINANCE", "AUDITOR"),
                    RafflesView.class,
                    "RafflesView.fxml"),
            new Entry(
                    "transactions",
                    "Live transactions",
                    "mdi2s-swap-horizontal",
                    List.of(),
                    TransactionsView.class,
                    "TransactionsView.fxml"),
            new Entry(
                    "payouts",
                    "Payouts",
                    "mdi2g-gift",
                    List.of("FINANCE", "AUDITOR"),
                    PayoutsView.class,
                    "PayoutsView.fxml"),
            new Entry(
                    "ledger",
                    "Ledger",
                    "mdi2b-book-open-variant",
                    List.of("FINANCE", "AUDITOR"),
                    LedgerView.class,
                    "LedgerView.fxml"),
            new Entry(
                    "audit",
                    "Audit",
                    "mdi2s-shield-check",
                    List.of("ADMIN", "FINANCE", "AUDITOR"),
                    AuditView.class,
                    "AuditView.fxml"),
            new Entry("users", "Users", "mdi2a-account-group", List.of("ADMIN"), UsersView.class, "UsersView.fxml"));

    private final AppContext ctx;
    private final Map<String, Views.Loaded<?>> loaded = new LinkedHashMap<>();
    private final ToggleGroup group = new ToggleGroup();
    private String current;

    @FXML
    private VBox nav;

    @FXML
    private StackPane content;

    @FXML
    private Label user;

    @FXML
    private Label restState;

    @FXML
    private Label feedState;

    @FXML
    private Label lastEvent;

    @FXML
    private Label notice;

    @FXML
    private Label stale;

    public ShellView(AppContext ctx) {
        this.ctx = ctx;
    }

    @FXML
    private void initialize() {
        var status = ctx.status();
        user.textProperty().bind(Bindings.concat(status.userProperty(), " @ ", status.serverProperty()));
        restState
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> "REST " + restText(status.restProperty().get()), status.restProperty()));
        restState
                .graphicProperty()
                .bind(Bindings.createObjectBinding(
                        () -> dot(
                                status.restProperty().get() == ApiClient.RestState.OK
                                        ? "success"
                                        : status.restProperty().get() == ApiClient.RestState.UNKNOWN
                                                ? "muted"
                                                : "danger"),
                        status.restProperty()));
        feedState
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> "Live feed " + feedText(status.feedProperty().get())
                                + (status.feedDetailProperty().get().isBlank()
                                                || status.feedProperty().get() == FeedClient.State.LIVE
                                        ? ""
                                        : " (" + status.feedDetailProperty().get() + ")"),
                        status.feedProperty(),
                        status.feedDetailProperty()));
        feedState
                .graphicProperty()
                .bind(Bindings.createObjectBinding(
                        () -> dot(
                                switch (status.feedProperty().get()) {
                                    case LIVE -> "success";
                                    case CONNECTING, CATCHING_UP, RECONNECTING -> "warning";
                                    case OFFLINE -> "danger";
                                }),
                        status.feedProperty()));
        feedState.setId("feed-state");
        lastEvent
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> "Last event "
                                + Fmt.clock(status.lastEventAtProperty().get()),
                        status.lastEventAtProperty()));
        notice.textProperty().bind(status.noticeProperty());
        // never show stale data without saying so: whenever the feed is not live, the top bar says it
        stale.visibleProperty().bind(status.feedProperty().isNotEqualTo(FeedClient.State.LIVE));
        stale.managedProperty().bind(stale.visibleProperty());
    }

    private static String restText(ApiClient.RestState s) {
        return switch (s) {
            case UNKNOWN -> "—";
            case OK -> "connected";
            case UNREACHABLE -> "unreachable";
        };
    }

    private static String feedText(FeedClient.State s) {
        return switch (s) {
            case OFFLINE -> "offline";
            case CONNECTING -> "connecting";
            case CATCHING_UP -> "catching up";
            case LIVE -> "live";
            case RECONNECTING -> "reconnecting";
        };
    }

    private static FontIcon dot(String style) {
        FontIcon i = new FontIcon("mdi2c-circle");
        i.setIconSize(10);
        i.getStyleClass().add("status-" + style);
        return i;
    }

    /** Builds the navigation for {@code session}'s roles and opens the dashboard. */
    public void start(Session session) {
        nav.getChildren().clear();
        group.getToggles().clear();
        int n = 1;
        for (Entry e : ENTRIES) {
            if (!e.roles().isEmpty() && e.roles().stream().noneMatch(session::has)) {
                continue;
            }
            ToggleButton b = new ToggleButton(e.title(), new FontIcon(e.icon()));
            b.setId("nav-" + e.id());
            b.setToggleGroup(group);
            b.setMaxWidth(Double.MAX_VALUE);
            b.getStyleClass().add("nav-button");
            b.setTooltip(new Tooltip(e.title() + " (Ctrl+" + n + ")"));
            b.setOnAction(x -> show(e.id()));
            nav.getChildren().add(b);
            final int key = n++;
            nav.sceneProperty().addListener((o, was, scene) -> {
                if (scene != null) {
                    scene.getAccelerators()
                            .put(
                                    new KeyCodeCombination(
                                            KeyCode.getKeyCode(String.valueOf(key)), KeyCombination.SHORTCUT_DOWN),
                                    () -> show(e.id()));
                }
            });
        }
        show("dashboard");
        // live transactions collect from the first moment, whether or not the screen is open
        loaded.computeIfAbsent("transactions", k -> Views.load(TransactionsView.class, "TransactionsView.fxml", ctx));
    }

    /** Shows the screen {@code id} (loading it on first use) and refreshes it. */
    public void show(String id) {
        Entry e = ENTRIES.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        Views.Loaded<?> v = loaded.computeIfAbsent(id, k -> Views.load(e.controller(), e.fxml(), ctx));
        Parent root = v.root();
        content.getChildren().setAll(root);
        current = id;
        group.getToggles().stream()
                .filter(t -> ((ToggleButton) t).getId().equals("nav-" + id))
                .findFirst()
                .ifPresent(t -> t.setSelected(true));
        if (v.controller() instanceof Screen s) {
            s.refresh();
        }
    }

    /** Shows raffle {@code id} on the Raffles screen, if the user may open it. */
    public void openRaffle(long id) {
        if (group.getToggles().stream()
                .noneMatch(t -> ((ToggleButton) t).getId().equals("nav-raffles"))) {
            ctx.status().notice("Your roles do not include the Raffles screen");
            return;
        }
        show("raffles");
        ((RafflesView) loaded.get("raffles").controller()).viewModel().select(id);
    }

    public void refreshCurrent() {
        if (current != null && loaded.get(current).controller() instanceof Screen s) {
            s.refresh();
        }
    }

    /** The controller of screen {@code id}, if it was opened. */
    public Object controller(String id) {
        Views.Loaded<?> v = loaded.get(id);
        return v == null ? null : v.controller();
    }

    @FXML
    private void onLogout() {
        ctx.nav().loggedOut("Logged out.");
    }

    @FXML
    private void onTheme() {
        ctx.nav().toggleTheme();
    }

    @FXML
    private void onRefresh() {
        refreshCurrent();
    }
}
