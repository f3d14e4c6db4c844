package io.rafflestars.backend.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.rafflestars.backend.auth.Passwords;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.testing.BackendProcess;
import io.rafflestars.backend.testing.ConsoleClient;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.telegramfake.FakeTelegram;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV export is streamed, not built in memory: 100,000 ledger entries are exported by a backend running in its own
 * JVM with a heap far smaller than the export would take as a result set or as a string (each tens of megabytes), and
 * the test reads the body as a stream, counting rows and adding up amounts.
 */
@ExtendWith(FreshDatabase.class)
class LedgerExportTest {
    private static final int ENTRIES = 100_000;
    /**
     * Room for the backend and its Argon2id password checks (19 MiB each); 100,000 entries held at once do not fit
     * (checked by hand: an export that collects its rows first kills this JVM).
     */
    private static final String HEAP = "-Xmx64m";

    private static final String PASSWORD = "export-test-password";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aHundredThousandEntriesExportFromAServerWithASmallHeap(DatabaseUrl db, @TempDir Path dir) throws Exception {
        try (FakeTelegram telegram = FakeTelegram.start("778:export-test-token")) {
            int port = BackendProcess.freePort();
            Process server = BackendProcess.launch(
                    Map.ofEntries(
                            Map.entry("DATABASE_URL", TestDatabases.railwayForm(db)),
                            Map.entry("PORT", Integer.toString(port)),
                            Map.entry("SHUTDOWN_DRAIN_MILLIS", "0"),
                            Map.entry("SCHEDULER_ENABLED", "false"),
                            Map.entry("DB_POOL_SIZE", "3"),
                            Map.entry("TELEGRAM_BOT_TOKEN", telegram.botToken()),
                            Map.entry("TELEGRAM_WEBHOOK_SECRET", "export-test-secret"),
                            Map.entry("TELEGRAM_API_URL", telegram.baseUrl().toString()),
                            Map.entry("JWT_SECRET", "export-test-jwt-secret-0123456789abcdef"),
                            Map.entry("ADMIN_PASSWORD_HASH", Passwords.hash(PASSWORD))),
                    dir,
                    List.of(HEAP, "-XX:+ExitOnOutOfMemoryError"),
                    List.of());
            try {
                BackendProcess.awaitReady(server, port, dir);
                long total = seed(db);
                String token = auditorToken(port);

                HttpResponse<InputStream> res = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ledger/entries.csv"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(res.statusCode()).isEqualTo(200);
                assertThat(res.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
                // written as it is produced: no length known up front
                assertThat(res.headers().firstValue("Content-Length")).isEmpty();
                long rows = 0;
                long amounts = 0;
                try (BufferedReader body =
                        new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                    assertThat(body.readLine()).startsWith("seq,id,created_at,kind,phase,debit,credit,amount,");
                    for (String line = body.readLine(); line != null; line = body.readLine()) {
                        rows++;
                        amounts += Long.parseLong(line.split(",", -1)[7]);
                    }
                }
                assertThat(rows).isEqualTo(ENTRIES);
                assertThat(amounts).isEqualTo(total);
                assertThat(server.isAlive())
                        .as("the backend survived the export")
                        .isTrue();
            } finally {
                server.destroy();
                assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(Files.readString(dir.resolve("stderr.txt"))).doesNotContain("OutOfMemoryError");
        }
    }

    /** The administrator (from ADMIN_PASSWORD_HASH) creates an auditor, who logs in; returns the auditor's token. */
    private static String auditorToken(int port) throws Exception {
        String admin = login(port, "admin");
        HttpResponse<String> created = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/users"))
                        .header("Authorization", "Bearer " + admin)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"audra\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"AUDITOR\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return login(port, "audra");
    }

    private static String login(int port, String user) throws Exception {
        HttpResponse<String> res = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(ConsoleClient.loginBody(user, PASSWORD)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return ConsoleClient.json(res).path("accessToken").asText();
    }

    /**
     * Writes the entries in one statement with triggers off (a fixture: posting 100,000 transfers one by one through
     * the ledger, each sealed into the audit chain, would take minutes) and brings the two accounts' counters in line,
     * so the books still balance. Returns the sum of the amounts.
     */
    private static long seed(DatabaseUrl db) {
        TestDatabases.execute(
                db,
                "INSERT INTO raffle (title, description, ticket_price, total_tickets, per_player_cap, starts_at,"
                        + " ends_at, draw_mode, house_fee_bps, prize_channel, repeat_winner_policy, state, created_by)"
                        + " VALUES ('Export', 'Export fixture', 1, 10, 1, now(), now() + interval '1 day', 'OPERATOR',"
                        + " 0, 'PRIZE_CREDIT', 'ALLOW_REPEAT', 'DRAFT', 'test')");
        TestDatabases.execute(
                db,
                "INSERT INTO ledger_account (code, type, name, raffle_id, debits_must_not_exceed_credits,"
                        + " credits_must_not_exceed_debits) SELECT 'raffle_pot:' || id, 'RAFFLE_POT', 'Export pot', id,"
                        + " true, false FROM raffle");
        TestDatabases.execute(
                db,
                "BEGIN; SET LOCAL session_replication_role = replica;"
                        + " INSERT INTO ledger_transfer (id, debit_account_id, credit_account_id, amount, kind, phase,"
                        + " reference_type, reference_id) SELECT 'payment:export-' || n,"
                        + " (SELECT id FROM ledger_account WHERE code = 'telegram_clearing'),"
                        + " (SELECT id FROM ledger_account WHERE type = 'RAFFLE_POT'), 1 + n % 97, 'PAYMENT', 'SINGLE',"
                        + " 'payment', 'export-' || n FROM generate_series(1, " + ENTRIES + ") n;"
                        + " UPDATE ledger_account SET debits_posted = (SELECT sum(amount) FROM ledger_transfer)"
                        + " WHERE code = 'telegram_clearing';"
                        + " UPDATE ledger_account SET credits_posted = (SELECT sum(amount) FROM ledger_transfer)"
                        + " WHERE type = 'RAFFLE_POT'; COMMIT");
        return TestDatabases.count(db, "SELECT sum(amount) FROM ledger_transfer");
    }
}
