package io.rafflestars.backend.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.Main;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The backend in a JVM of its own, started from the command line and configured by environment as a user runs it,
 * so that a test can limit its heap or kill it for real.
 */
public final class BackendProcess {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;

    private BackendProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code Main} with exactly this environment (plus PATH and HOME) and waits until it is ready. */
    public static BackendProcess start(Map<String, String> env, int port, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                        List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> !k.equals("PATH") && !k.equals("HOME"));
        pb.environment().putAll(env);
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("HOST", "127.0.0.1");
        BackendProcess backend = new BackendProcess(pb.start(), port);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!backend.process.isAlive()) {
                        throw new IllegalStateException("backend exited with " + backend.process.exitValue());
                    }
                    return backend.ready();
                });
        return backend;
    }

    /**
     * Starts {@code Main} with this test's classpath, {@code jvmOptions} (e.g. a heap limit) and {@code args}, output
     * to {@code stdout.txt} and {@code stderr.txt} in {@code dir}; the environment is the test's minus the backend's
     * own variables, plus {@code env}. Does not wait: see {@link #awaitReady(Process, int, Path)}.
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

    /**
     * Waits until the backend {@code process} (launched with output in {@code dir}) answers ready on {@code port};
     * fails at once, with what it wrote to stderr, if it ends first.
     */
    public static void awaitReady(Process process, int port, Path dir) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the backend exited with " + process.exitValue() + ": "
                                + Files.readString(dir.resolve("stderr.txt")));
                    }
                    assertThat(ready(port)).as("ready on port " + port).isTrue();
                });
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public boolean ready() {
        return ready(port);
    }

    private static boolean ready(int port) {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no drain, connections cut mid-transaction. */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        return process.exitValue();
    }

    /** SIGTERM, then SIGKILL if it does not stop in time. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
