package io.rafflestars.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.telegramfake.FakeTelegram;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Runs the backend as a user does: a separate JVM started from the command line, configured by environment. */
@ExtendWith(FreshDatabase.class)
class MainProcessTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final FakeTelegram telegram = FakeTelegram.start("777:process-test-token");

    @AfterEach
    void stopTelegram() {
        telegram.close();
    }

    @Test
    void badEnvironmentFailsWithOneLineAndNoStackTrace(@TempDir Path dir) throws Exception {
        Process p = launch(Map.of("DATABASE_URL", "mysql://root@localhost/shop"), dir, List.of());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("stderr.txt"));
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err.strip().lines().toList().getLast())
                .isEqualTo("Raffle Stars cannot start: DATABASE_URL has scheme 'mysql';"
                        + " expected postgresql://, postgres:// or jdbc:postgresql://");
        assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void railwayStyleUrlMigrateCommandThenServeAndStopOnSigterm(DatabaseUrl url, @TempDir Path dir) throws Exception {
        String railway = TestDatabases.railwayForm(url);
        Process migrate = launch(Map.of("DATABASE_URL", railway), dir, List.of("migrate"));
        assertThat(migrate.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(migrate.exitValue())
                .as(Files.readString(dir.resolve("stderr.txt")))
                .isZero();
        assertThat(count(url, "SELECT count(*) FROM flyway_schema_history WHERE success"))
                .isPositive();

        Process refused = launch(Map.of("DATABASE_URL", railway), dir, List.of());
        assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("stderr.txt")))
                .contains("Raffle Stars cannot start: TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET must be set");

        int port = freePort();
        Process server = launch(
                Map.of(
                        "DATABASE_URL",
                        railway,
                        "PORT",
                        Integer.toString(port),
                        "SHUTDOWN_DRAIN_MILLIS",
                        "200",
                        "TELEGRAM_BOT_TOKEN",
                        telegram.botToken(),
                        "TELEGRAM_WEBHOOK_SECRET",
                        "process-test-secret",
                        "TELEGRAM_API_URL",
                        telegram.baseUrl().toString()),
                dir,
                List.of());
        try {
            awaitReady(port);
            assertThat(count(url, "SELECT count(*) FROM backend_start")).isEqualTo(1);
        } finally {
            server.destroy(); // SIGTERM
        }
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("stdout.txt"))).contains("Raffle Stars is up");
        assertThat(Files.readString(dir.resolve("stdout.txt"))).contains("Raffle Stars backend stopped");
    }

    @Test
    void embeddedDatabaseKeepsItsDataBetweenRuns(@TempDir Path dir) throws Exception {
        int dbPort = freePort();
        Map<String, String> env = Map.of(
                "RAFFLE_DATA_DIR", dir.resolve("data").toString(),
                "EMBEDDED_DB_PORT", Integer.toString(dbPort),
                "SHUTDOWN_DRAIN_MILLIS", "0");
        DatabaseUrl embedded = DatabaseUrl.parse("test", "postgresql://postgres@localhost:" + dbPort + "/postgres");
        for (int run = 1; run <= 2; run++) {
            int port = freePort();
            Map<String, String> withPort = new java.util.HashMap<>(env);
            withPort.put("PORT", Integer.toString(port));
            Process server = launch(withPort, dir, List.of());
            try {
                awaitReady(port);
                assertThat(count(embedded, "SELECT count(*) FROM backend_start"))
                        .isEqualTo(run);
            } finally {
                server.destroy();
                assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(Files.readString(dir.resolve("stdout.txt")))
                    .contains("using the embedded PostgreSQL on port " + dbPort)
                    .contains(dir.resolve("data").toString());
        }
    }

    private static Process launch(Map<String, String> env, Path dir, List<String> args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(
                List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        for (String name : List.of("DATABASE_URL", "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "RAFFLE_DEMO")) {
            pb.environment().remove(name);
        }
        pb.environment().remove("PORT");
        pb.environment().putAll(env);
        return pb.start();
    }

    private static void awaitReady(int port) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
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

    private static long count(DatabaseUrl url, String sql) throws Exception {
        try (var c = TestDatabases.connect(url);
                var s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
