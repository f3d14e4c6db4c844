package io.rafflestars.console.e2e;

import static org.awaitility.Awaitility.await;

import io.rafflestars.console.Console;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** Opens the real console on a TestFX stage (headless under Monocle) and drives it like a user. */
public final class ConsoleHarness extends FxRobot implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(20);

    private final Preferences prefs;
    private Console console;

    private ConsoleHarness(Preferences prefs) {
        this.prefs = prefs;
    }

    /** A console pointed at {@code server}, with its own preferences node (removed at close). */
    public static ConsoleHarness open(String server) throws TimeoutException {
        Stage stage = FxToolkit.registerPrimaryStage();
        ConsoleHarness h = new ConsoleHarness(Preferences.userRoot().node("raffle-stars-test/" + UUID.randomUUID()));
        FxToolkit.setupFixture(() -> h.console = Console.open(stage, h.prefs, server));
        return h;
    }

    public Console console() {
        return console;
    }

    public void login(String user, String password) {
        await().atMost(WAIT).until(() -> lookup("#username").tryQuery().isPresent());
        setText("#username", user);
        setText("#password", password);
        clickOn("#login");
        await().atMost(WAIT)
                .until(() -> !console.showingLogin()
                        && lookup("#nav-dashboard").tryQuery().isPresent());
    }

    /** Types {@code text} into the field (replacing what was there), as a user would. */
    public void setText(String query, String text) {
        TextInputControl field = lookup(query).queryAs(TextInputControl.class);
        interact(() -> {
            field.requestFocus();
            field.clear();
        });
        clickOn(field);
        write(text);
    }

    public String text(String query) {
        Node n = lookup(query).query();
        if (n instanceof Labeled l) {
            return l.getText();
        }
        return ((TextInputControl) n).getText();
    }

    /** Presses the action button of the open confirmation (or reason) dialog. */
    public void confirm() {
        await().atMost(WAIT).until(() -> lookup("#confirm-ok").tryQuery().isPresent());
        clickOn("#confirm-ok");
    }

    public void confirmWithReason(String reason) {
        await().atMost(WAIT).until(() -> lookup("#reason-text").tryQuery().isPresent());
        clickOn("#reason-text");
        write(reason);
        clickOn("#confirm-ok");
    }

    @Override
    public void close() throws Exception {
        if (console != null) {
            FxToolkit.setupFixture(() -> console.close());
        }
        FxToolkit.cleanupStages();
        try {
            prefs.removeNode();
        } catch (BackingStoreException ignored) {
            // a test preference node left behind is harmless
        }
    }
}
