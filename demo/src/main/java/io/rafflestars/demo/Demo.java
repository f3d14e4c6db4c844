package io.rafflestars.demo;

import io.rafflestars.console.ConsoleApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Starts the backend exactly as its own run command does ({@code io.rafflestars.backend.Main}, same environment),
 * waits until it is ready, then opens the console connected to it when a display is available. {@code
 * -Draffle.console=false} (Maven: {@code -Dconsole=false}) starts the backend alone, {@code only} the console alone
 * (against {@code -Draffle.server=URL}); closing the console window leaves the backend running until Ctrl+C.
 */
public final class Demo {
    private Demo() {}

    public static void main(String[] args) throws Exception {
        String mode = System.getProperty("raffle.console", "auto").toLowerCase(Locale.ROOT);
        if (mode.equals("only")) {
            // the console alone, against a backend elsewhere (or the one it remembers)
            String server = System.getProperty("raffle.server", "");
            javafx.application.Application.launch(
                    ConsoleApp.class, server.isBlank() ? new String[0] : new String[] {"--server=" + server});
            return;
        }
        io.rafflestars.backend.Main.main(args);
        if (mode.equals("false") || mode.equals("no")) {
            return;
        }
        if (mode.equals("auto") && !displayAvailable()) {
            System.out.println("No display (DISPLAY is not set): the backend runs alone. On a desktop the console opens"
                    + " beside it (docs/console.md).");
            return;
        }
        String port = System.getenv().getOrDefault("PORT", "8080");
        String server = "http://localhost:" + port;
        if (!awaitReady(URI.create(server + "/health/ready"), Duration.ofMinutes(2))) {
            System.out.println("The backend did not become ready at " + server + ": not opening the console");
            return;
        }
        System.out.println("Opening the console at " + server + ": log in with one of the accounts above."
                + " Closing its window leaves the backend running (Ctrl+C stops it).");
        try {
            javafx.application.Application.launch(ConsoleApp.class, "--server=" + server, "--user=operator");
        } catch (RuntimeException | LinkageError e) {
            System.out.println("Cannot open the console window (" + e + "): the backend keeps running");
        }
    }

    static boolean displayAvailable() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win") || os.contains("mac")) {
            return true;
        }
        return notBlank(System.getenv("DISPLAY")) || notBlank(System.getenv("WAYLAND_DISPLAY"));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static boolean awaitReady(URI health, Duration patience) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant until = Instant.now().plus(patience);
        while (Instant.now().isBefore(until)) {
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(health)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        return false;
    }
}
