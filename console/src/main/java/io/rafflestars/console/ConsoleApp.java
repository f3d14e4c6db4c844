package io.rafflestars.console;

import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The desktop console. Arguments: {@code --server=URL} pre-fills the server address (otherwise the one remembered from
 * the last login, or http://localhost:8080).
 */
public final class ConsoleApp extends Application {
    public static final String TITLE = Console.TITLE;

    @Override
    public void start(Stage stage) {
        String server = getParameters().getNamed().get("server");
        Console console = Console.open(stage, Preferences.userNodeForPackage(ConsoleApp.class), server);
        String user = getParameters().getNamed().get("user");
        if (user != null && !user.isBlank()) {
            console.prefillUser(user);
        }
    }
}
