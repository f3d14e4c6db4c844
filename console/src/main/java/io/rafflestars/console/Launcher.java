package io.rafflestars.console;

/** Plain entry point, so the console starts from a classpath without JavaFX module flags. */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        javafx.application.Application.launch(ConsoleApp.class, args);
    }
}
