package io.rafflestars.console;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/** The desktop console. For now a window; the screens arrive with the console issue. */
public final class ConsoleApp extends Application {
    public static final String TITLE = "Raffle Stars Console";

    @Override
    public void start(Stage stage) {
        Label label = new Label(TITLE);
        label.setId("title");
        stage.setTitle(TITLE);
        stage.setScene(new Scene(new StackPane(label), 960, 600));
        stage.show();
    }
}
