package io.rafflestars.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.FakeTelegram;
import io.rafflestars.telegramfake.PaymentOutcome;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the product as the container does: the jlink'ed runtime, the /app layout, the Dockerfile's environment,
 * railway.json's pre-deploy and start commands, Railway's DATABASE_URL and PORT, the image's health check. It
 * registers its webhook with (fake) Telegram, sells tickets through it, and is stopped with SIGTERM. Along the way:
 * the heap follows the container's memory, every log line is JSON, and no secret appears in any output. Prints the
 * start-up time and memory figures docs/operations.md quotes.
 */
@ExtendWith(FreshDatabase.class)
class ContainerStartTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final String BOT_TOKEN = "5550001:Kx9TopSecretBotKeyNeverLogged_q1";
    private static final String WEBHOOK_SECRET = "wh-secret-Zq8NeverInLogs";
    private static final String WEBHOOK_SECRET_ALT = "wh-alt-Pp4AlsoNeverInLogs";
    private static final String DB_PASSWORD = "db-Pass/w0rd@never:logged";
    private static final String JWT_SECRET = "jwt-secret-7f3a9c1e5b2d4f6a8c0e2a4c6e8f0a1b";
    private static final String ADMIN_PASSWORD_HASH = "$2y$10$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234";
    /** A Railway service with 512 MB of memory. */
    private static final long CONTAINER_BYTES = 512L * 1024 * 1024;

    @Test
    void theImageStartsServesSellsAndStopsAsRailwayRunsIt(DatabaseUrl url) throws Exception {
        Container container = Container.build();
        // kept under target/ for a look after a failure
        Path logs = Files.createDirectories(container.root.resolve("logs"));
        String role = TestDatabases.databaseName(url) + "_app";
        TestDatabases.execute(
                url, "CREATE ROLE \"" + role + "\" LOGIN PASSWORD '" + DB_PASSWORD.replace("'", "''") + "'");
        TestDatabases.execute(
                TestDatabases.admin(),
                "ALTER DATABASE \"" + TestDatabases.databaseName(url) + "\" OWNER TO \"" + role + "\"");
        int port = Repo.freePort();
        try (FakeTelegram telegram = FakeTelegram.start(BOT_TOKEN)) {
            Map<String, String> env = new HashMap<>(container.imageEnvironment());
            env.put("DATABASE_URL", railwayUrl(url, role));
            env.put("PORT", Integer.toString(port));
            env.put("PUBLIC_URL", "http://127.0.0.1:" + port);
            env.put("TELEGRAM_BOT_TOKEN", BOT_TOKEN);
            env.put("TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET);
            env.put("TELEGRAM_WEBHOOK_SECRET_ALT", WEBHOOK_SECRET_ALT);
            env.put("TELEGRAM_API_URL", telegram.baseUrl().toString());
            env.put("JWT_SECRET", JWT_SECRET);
            env.put("ADMIN_PASSWORD_HASH", ADMIN_PASSWORD_HASH);
            // no cgroup limit here: tell the JVM what the container's limit would be
            env.put("JAVA_OPTS", "-XX:MaxRAM=" + CONTAINER_BYTES);
            env.put("SHUTDOWN_DRAIN_MILLIS", "500");

            // Railway's pre-deploy command migrates; then the start command serves.
            Container.run(container.railwayCommand("preDeployCommand"), clean(env), 180);
            long started = System.nanoTime();
            Process server = start(container.railwayCommand("startCommand"), clean(env), logs);
            try {
                awaitHealthy(container, port, server, logs);
                long readyMillis = (System.nanoTime() - started) / 1_000_000;

                // start-up told Telegram where the webhook and the Mini App are
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !telegram.calls("getWebhookInfo").isEmpty());
                assertThat(telegram.webhookUrl())
                        .contains(URI.create("http://127.0.0.1:" + port + "/telegram/webhook"));
                assertThat(telegram.calls("setChatMenuButton")
                                .getFirst()
                                .params()
                                .toString())
                        .contains("http://127.0.0.1:" + port + "/app/");

                long raffle = openRaffle(url);
                FakePlayer ann = telegram.player(880001, "Ann", "en");
                var invoice = Scenarios.invoiceViaBot(ann, raffle, 3);
                assertThat(ann.pay(invoice)).isInstanceOf(PaymentOutcome.Paid.class);
                assertThat(TestDatabases.count(url, "SELECT count(*) FROM ticket WHERE raffle_id = " + raffle))
                        .isEqualTo(3);
                // the alternate secret is accepted during a rotation, a wrong one is refused
                assertThat(postUpdate(port, WEBHOOK_SECRET_ALT, "{\"update_id\": 1}")
                                .statusCode())
                        .isEqualTo(200);
                assertThat(postUpdate(port, "wrong", "{\"update_id\": 2}").statusCode())
                        .isEqualTo(401);
                assertThat(get(port, "/nowhere").statusCode()).isEqualTo(404);

                String metrics = get(port, "/metrics").body();
                double maxHeap = metric(metrics, "memory_maxHeap_bytes");
                assertThat(maxHeap)
                        .as("heap is 70% of the container's memory")
                        .isBetween(0.65 * CONTAINER_BYTES, 0.72 * CONTAINER_BYTES);
                assertThat(metric(metrics, "raffle_tickets_sold")).isEqualTo(3.0);
                long rssKib = rssKib(server.pid());
                System.out.printf(
                        "Container start: ready after %d ms; resident memory %d MiB after traffic; max heap %d MiB"
                                + " of a %d MiB container%n",
                        readyMillis, rssKib / 1024, (long) maxHeap / (1024 * 1024), CONTAINER_BYTES / (1024 * 1024));
            } finally {
                server.destroy(); // SIGTERM, as Railway stops a deployment
            }
            int drainingSeconds =
                    Container.railway().path("deploy").path("drainingSeconds").asInt();
            assertThat(server.waitFor(drainingSeconds, TimeUnit.SECONDS))
                    .as("stops within railway.json's drainingSeconds")
                    .isTrue();
        }

        String stdout = Files.readString(logs.resolve("stdout.txt"));
        String stderr = Files.readString(logs.resolve("stderr.txt"));
        assertThat(stdout).contains("Raffle Stars is up").contains("Raffle Stars backend stopped");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout.lines().toList()) {
            JsonNode json = JSON.readTree(line);
            assertThat(json.has("ts") && json.has("level") && json.has("logger") && json.has("message"))
                    .as("a JSON log line: " + line)
                    .isTrue();
            lines.add(json);
        }
        assertThat(lines).as("access log lines carry the request id").anySatisfy(l -> {
            assertThat(l.path("logger").asText()).isEqualTo("access");
            assertThat(l.path("requestId").asText()).hasSize(36);
        });
        assertThat(stderr).as("GC log on").contains("[gc");
        String all = stdout + stderr;
        for (String secret : List.of(
                BOT_TOKEN,
                BOT_TOKEN.substring(BOT_TOKEN.indexOf(':') + 1),
                WEBHOOK_SECRET,
                WEBHOOK_SECRET_ALT,
                DB_PASSWORD,
                URLEncoder.encode(DB_PASSWORD, StandardCharsets.UTF_8),
                JWT_SECRET,
                ADMIN_PASSWORD_HASH)) {
            assertThat(all).as("a secret in the output").doesNotContain(secret);
        }
    }

    @Test
    void theImageBuildSeesEveryModuleOfTheReactorAndTheSourcesTheBackendNeeds() {
        String dockerfile = Container.read(Repo.file("deploy/Dockerfile"));
        String pom = Container.read(Repo.file("pom.xml"));
        java.util.regex.Matcher modules =
                java.util.regex.Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        int count = 0;
        while (modules.find()) {
            count++;
            assertThat(dockerfile)
                    .as("the build stage copies " + modules.group(1) + "/pom.xml")
                    .contains("COPY " + modules.group(1) + "/pom.xml " + modules.group(1) + "/");
        }
        assertThat(count).isGreaterThanOrEqualTo(5);
        for (String module : List.of("common", "migrations", "telegram-fake", "backend")) {
            assertThat(dockerfile).contains("COPY " + module + " " + module);
        }
    }

    private static Map<String, String> clean(Map<String, String> env) {
        Map<String, String> m = new HashMap<>(env);
        m.putIfAbsent("HOME", System.getProperty("java.io.tmpdir"));
        return m;
    }

    private static Process start(List<String> command, Map<String, String> env, Path logs) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(logs.resolve("stdout.txt").toFile())
                .redirectError(logs.resolve("stderr.txt").toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The image's HEALTHCHECK script, and railway.json's health-check path, both say ready. */
    private static void awaitHealthy(Container container, int port, Process server, Path logs) {
        String path = Container.railway().path("deploy").path("healthcheckPath").asText();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .failFast("the server exited", () -> !server.isAlive())
                .untilAsserted(() -> {
                    try {
                        assertThat(get(port, path).statusCode()).isEqualTo(200);
                    } catch (IllegalStateException e) {
                        throw new AssertionError("not listening yet: " + Files.readString(logs.resolve("stderr.txt")));
                    }
                });
        Container.run(
                List.of(container.app.resolve("bin/healthcheck").toString()),
                Map.of("PORT", Integer.toString(port)),
                20);
    }

    private static long openRaffle(DatabaseUrl url) {
        TestDatabases.execute(
                url,
                "INSERT INTO raffle (title, description, ticket_price, total_tickets, per_player_cap, starts_at,"
                        + " ends_at, draw_mode, house_fee_bps, prize_channel, repeat_winner_policy, state, seed,"
                        + " commitment, created_by, published_at, opened_at) VALUES ('Container Cup', 'A raffle',"
                        + " 5, 100, 10, now() - interval '1 minute', now() + interval '1 hour', 'OPERATOR', 1000,"
                        + " 'PRIZE_CREDIT', 'ONE_PRIZE_PER_PLAYER', 'OPEN', decode(repeat('ab', 32), 'hex'),"
                        + " 'commitment', 'ops-test', now(), now())");
        return TestDatabases.count(url, "SELECT max(id) FROM raffle");
    }

    /** The postgresql://user:password@host:port/db form Railway hands out. */
    private static String railwayUrl(DatabaseUrl url, String role) {
        String rest = url.jdbcUrl().substring("jdbc:postgresql://".length());
        return "postgresql://" + URLEncoder.encode(role, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(DB_PASSWORD, StandardCharsets.UTF_8) + "@" + rest;
    }

    static HttpResponse<String> get(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET()
                .build());
    }

    private static HttpResponse<String> postUpdate(int port, String secret, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/telegram/webhook"))
                .header("X-Telegram-Bot-Api-Secret-Token", secret)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of an untagged (or first) series of {@code name} in Prometheus text. */
    static double metric(String metrics, String name) {
        return metrics.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    private static long rssKib(long pid) throws IOException {
        // the start script execs java, so the pid is the JVM's
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }
}
