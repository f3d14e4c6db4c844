package io.rafflestars.backend.testing;

import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.Main;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.telegramfake.FakeTelegram;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A backend instance in its own JVM, started exactly as in production (Main, environment only), so that a test can
 * kill it without warning: SIGKILL, no shutdown hook, connections dropped mid-stream.
 */
public final class ChildBackend implements AutoCloseable {
    private final Process process;
    private final int port;
    private final FakeTelegram telegram;
    private final Path log;
    private final boolean ownsTelegram;

    private ChildBackend(Process process, int port, FakeTelegram telegram, Path log, boolean ownsTelegram) {
        this.process = process;
        this.port = port;
        this.telegram = telegram;
        this.log = log;
        this.ownsTelegram = ownsTelegram;
    }

    /** Starts against {@code db} with its own fake Telegram (whose webhook points at it) and waits until ready. */
    public static ChildBackend start(DatabaseUrl db, Map<String, String> extraEnv, Path dir) throws IOException {
        return start(db, extraEnv, dir, FakeTelegram.start(TestBackend.BOT_TOKEN), true);
    }

    /**
     * Starts against {@code telegram}, which the caller owns and may share with other instances; closing or killing
     * this instance leaves it running.
     */
    public static ChildBackend start(DatabaseUrl db, Map<String, String> extraEnv, Path dir, FakeTelegram telegram)
            throws IOException {
        return start(db, extraEnv, dir, telegram, false);
    }

    private static ChildBackend start(
            DatabaseUrl db, Map<String, String> extraEnv, Path dir, FakeTelegram telegram, boolean owns)
            throws IOException {
        int port = freePort();
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", urlForm(db));
        env.put("HOST", "127.0.0.1");
        env.put("PORT", Integer.toString(port));
        env.put("SHUTDOWN_DRAIN_MILLIS", "0");
        env.put("DB_POOL_SIZE", "4");
        env.put("WORKER_POLL_MILLIS", "50");
        env.put("TELEGRAM_BOT_TOKEN", TestBackend.BOT_TOKEN);
        env.put("TELEGRAM_WEBHOOK_SECRET", TestBackend.WEBHOOK_SECRET);
        env.put("TELEGRAM_API_URL", telegram.baseUrl().toString());
        env.put("JWT_SECRET", TestBackend.JWT_SECRET);
        env.putAll(extraEnv);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("child-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(
                        List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("RAFFLE_DEMO");
        pb.environment().putAll(env);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            if (owns) {
                telegram.close();
            }
            throw e;
        }
        ChildBackend child = new ChildBackend(process, port, telegram, log, owns);
        try {
            child.awaitReady();
            telegram.webhook(child.uri("/telegram/webhook"), TestBackend.WEBHOOK_SECRET);
            return child;
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
    }

    private void awaitReady() {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the backend process exited: " + Files.readString(log));
                    }
                    try {
                        return TestBackend.send(HttpRequest.newBuilder(uri("/health/ready"))
                                                .build())
                                        .statusCode()
                                == 200;
                    } catch (IllegalStateException notYet) {
                        return false;
                    }
                });
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    /** The fake Telegram this instance talks to; its players' updates reach this instance's webhook. */
    public FakeTelegram telegram() {
        return telegram;
    }

    /** SIGKILL: the process ends at once, without its shutdown hook. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsTelegram) {
            telegram.close();
        }
    }

    /** {@code postgresql://user:password@host:port/db}, the form Railway hands out. */
    private static String urlForm(DatabaseUrl url) {
        String rest = url.jdbcUrl().substring("jdbc:postgresql://".length());
        String user = url.user() == null ? "" : URLEncoder.encode(url.user(), StandardCharsets.UTF_8);
        String password = url.password() == null ? "" : ":" + URLEncoder.encode(url.password(), StandardCharsets.UTF_8);
        return "postgresql://" + (user.isEmpty() ? "" : user + password + "@") + rest;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
