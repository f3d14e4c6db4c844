package io.rafflestars.backend.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.Main;
import io.rafflestars.backend.platform.DatabaseUrl;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The backend as a separate JVM started from the command line and configured by environment, as a user runs it:
 * output to {@code stdout.txt} and {@code stderr.txt} in {@code dir}.
 */
public final class BackendProcess {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BackendProcess() {}

    /**
     * Starts {@code Main} with this test's classpath, {@code jvmOptions} (e.g. a heap limit) and {@code args}; the
     * environment is the test's minus the backend's own variables, plus {@code env}.
     */
    public static Process launch(Map<String, String> env, Path dir, List<String> jvmOptions, List<String> args)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        for (String name :
                List.of("DATABASE_URL", "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "RAFFLE_DEMO", "PORT")) {
            pb.environment().remove(name);
        }
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Waits until the backend on {@code port} answers ready. */
    public static void awaitReady(int port) {
        awaitReady(null, port, null);
    }

    /**
     * Waits until the backend {@code process} (launched with output in {@code dir}) answers ready on {@code port};
     * fails at once, with what it wrote to stderr, if it ends first.
     */
    public static void awaitReady(Process process, int port, Path dir) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    if (process != null && !process.isAlive()) {
                        throw new IllegalStateException("the backend exited with " + process.exitValue() + ": "
                                + java.nio.file.Files.readString(dir.resolve("stderr.txt")));
                    }
                    HttpResponse<String> res;
                    try {
                        res = HTTP.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new AssertionError("not listening yet", e);
                    }
                    assertThat(res.statusCode()).isEqualTo(200);
                });
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The postgresql://user:password@host:port/db form that Railway hands out, for the same database. */
    public static String railwayForm(DatabaseUrl url) {
        String rest = url.jdbcUrl().substring("jdbc:postgresql://".length());
        String userInfo = url.user() == null
                ? ""
                : URLEncoder.encode(url.user(), StandardCharsets.UTF_8)
                        + (url.password() == null
                                ? ""
                                : ":" + URLEncoder.encode(url.password(), StandardCharsets.UTF_8))
                        + "@";
        return "postgresql://" + userInfo + rest;
    }
}
