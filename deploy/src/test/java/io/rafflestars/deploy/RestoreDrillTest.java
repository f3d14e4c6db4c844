package io.rafflestars.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.testing.AuditChainCheck;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.PaymentOutcome;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore drill CI runs: money moves through the real webhook (players buy tickets through the bot, a raffle is
 * cancelled and its payments refunded), deploy/backup/backup.sh backs the database up (encrypted, checksummed, to a
 * local target standing in for S3), deploy/backup/restore.sh restores it into a fresh database, and every ledger
 * total, every account balance, every ticket count and the audit chain come back identical. Prints how long the
 * restore took (docs/runbooks/restore.md budgets the RTO from it).
 */
@ExtendWith(FreshDatabase.class)
class RestoreDrillTest {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Test
    void backupThenRestoreIntoAFreshDatabaseGivesTheSameBooks(DatabaseUrl source, @TempDir Path dir) throws Exception {
        PgTools tools = PgTools.forServer(source);
        loadThroughTheWebhook(source);
        Map<String, List<String>> before = snapshot(source);
        assertThat(before.get("accounts")).hasSizeGreaterThan(4);
        assertThat(before.get("payments")).anySatisfy(p -> assertThat(p).contains("REFUNDED"));

        Path backups = dir.resolve("backups");
        // an old backup past retention, and a half-written one without a checksum (never counted, never restored)
        String old = "raffle-stars-" + STAMP.format(Instant.now().minus(Duration.ofDays(40)));
        Files.createDirectories(backups);
        Files.writeString(backups.resolve(old + ".dump.enc"), "old");
        Files.writeString(backups.resolve(old + ".dump.enc.sha256"), "old");
        Map<String, String> env = new HashMap<>(tools.env());
        env.put("BACKUP_TARGET", "file://" + backups);
        env.put("BACKUP_ENCRYPTION_KEY", "drill-key-" + System.nanoTime());
        env.put("BACKUP_RETENTION_DAYS", "35");
        env.put("BACKUP_KEEP_MIN", "1");
        Map<String, String> backupEnv = new HashMap<>(env);
        backupEnv.put("DATABASE_URL", libpqUrl(source));
        String backupOutput = Container.run(List.of(script("backup.sh")), backupEnv, 300);
        assertThat(backupOutput).contains("pruned " + old + ".dump.enc");
        List<String> names;
        try (var files = Files.list(backups)) {
            names = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertThat(names).hasSize(2).allMatch(n -> n.matches("raffle-stars-\\d{8}T\\d{6}Z\\.dump\\.enc(\\.sha256)?"));
        byte[] encrypted = Files.readAllBytes(backups.resolve(names.getFirst()));
        assertThat(new String(encrypted, StandardCharsets.ISO_8859_1))
                .as("the dump is encrypted")
                .startsWith("Salted__")
                .doesNotContain("ledger_transfer");

        DatabaseUrl restored = TestDatabases.create("restored");
        try {
            long start = System.nanoTime();
            String restoreOutput = Container.run(List.of(script("restore.sh"), "latest", libpqUrl(restored)), env, 600);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(restoreOutput).contains("restored raffle-stars-");
            System.out.printf(
                    "Restore drill: %d ledger transfers, %d tickets, %d audit rows restored in %d ms"
                            + " (PostgreSQL %d, script says: %s)%n",
                    TestDatabases.count(restored, "SELECT count(*) FROM ledger_transfer"),
                    TestDatabases.count(restored, "SELECT count(*) FROM ticket"),
                    TestDatabases.count(restored, "SELECT count(*) FROM audit_log"),
                    millis,
                    tools.major(),
                    restoreOutput.strip());

            Map<String, List<String>> after = snapshot(restored);
            assertThat(after).isEqualTo(before);
            Invariants.assertHold(restored);
            assertThat(AuditChainCheck.violations(restored)).isEmpty();
            // the restored database still guards its books: the append-only trigger came back too
            assertThatThrownBy(() -> TestDatabases.execute(restored, "UPDATE ledger_transfer SET amount = amount + 1"))
                    .hasMessageContaining("append-only");

            // restoring over a database that has tables is refused
            assertThatThrownBy(
                            () -> Container.run(List.of(script("restore.sh"), "latest", libpqUrl(restored)), env, 120))
                    .hasMessageContaining("already has");
        } finally {
            TestDatabases.drop(restored);
        }
    }

    @Test
    void aDamagedBackupOrAWrongKeyIsNeverRestored(DatabaseUrl source, @TempDir Path dir) throws Exception {
        PgTools tools = PgTools.forServer(source);
        try (TestBackend app = TestBackend.start(source, Map.of("SCHEDULER_ENABLED", "false"))) {
            Scenarios.openRaffle(app, Scenarios.spec("Drill", 5, 10, 5));
        }
        Path backups = dir.resolve("b");
        Map<String, String> env = new HashMap<>(tools.env());
        env.put("BACKUP_TARGET", backups.toString());
        env.put("BACKUP_ENCRYPTION_KEY", "right-key-1234567890");
        Map<String, String> backupEnv = new HashMap<>(env);
        backupEnv.put("DATABASE_URL", libpqUrl(source));
        Container.run(List.of(script("backup.sh")), backupEnv, 300);
        String name;
        try (var files = Files.list(backups)) {
            name = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".dump.enc"))
                    .findFirst()
                    .orElseThrow();
        }
        DatabaseUrl target = TestDatabases.create("refused");
        try {
            Map<String, String> wrongKey = new HashMap<>(env);
            wrongKey.put("BACKUP_ENCRYPTION_KEY", "wrong-key-1234567890");
            assertThatThrownBy(
                            () -> Container.run(List.of(script("restore.sh"), name, libpqUrl(target)), wrongKey, 120))
                    .hasMessageContaining("cannot decrypt");

            byte[] bytes = Files.readAllBytes(backups.resolve(name));
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(backups.resolve(name), bytes);
            assertThatThrownBy(() -> Container.run(List.of(script("restore.sh"), name, libpqUrl(target)), env, 120))
                    .hasMessageContaining("checksum mismatch");
            assertThat(
                            TestDatabases.count(
                                    target,
                                    "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"))
                    .isZero();
        } finally {
            TestDatabases.drop(target);
        }
    }

    /** Players buy through the bot; one raffle is cancelled and refunded through (fake) Telegram. */
    private static void loadThroughTheWebhook(DatabaseUrl db) {
        try (TestBackend app = TestBackend.start(db, Map.of("SCHEDULER_ENABLED", "false"))) {
            Raffle kept = Scenarios.openRaffle(app, Scenarios.spec("Kept Cup", 5, 100, 20));
            Raffle cancelled = Scenarios.openRaffle(app, Scenarios.spec("Cancelled Cup", 7, 100, 20));
            List<FakePlayer> players = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                players.add(app.telegram().player(770000 + i, "Player" + i, i % 2 == 0 ? "en" : "ru"));
            }
            for (FakePlayer p : players) {
                assertThat(p.pay(Scenarios.invoiceViaBot(p, kept.id(), 3))).isInstanceOf(PaymentOutcome.Paid.class);
                assertThat(p.pay(Scenarios.invoiceViaBot(p, cancelled.id(), 1)))
                        .isInstanceOf(PaymentOutcome.Paid.class);
            }
            app.backend().services().raffles().cancel(cancelled.id(), Actor.user("drill-operator", null), "drill");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> TestDatabases.count(
                                    db,
                                    "SELECT count(*) FROM payment WHERE raffle_id = " + cancelled.id()
                                            + " AND state = 'REFUNDED'")
                            == players.size());
            Invariants.assertHold(db);
        }
    }

    /** What must come back identical: totals, every balance, tickets, payments, the audit chain's head. */
    private static Map<String, List<String>> snapshot(DatabaseUrl db) throws SQLException {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put(
                "trial balance",
                "SELECT type, count(*), SUM(debits_posted), SUM(credits_posted), SUM(debits_pending),"
                        + " SUM(credits_pending) FROM ledger_account GROUP BY type ORDER BY type");
        queries.put(
                "accounts",
                "SELECT code, debits_posted, credits_posted, debits_pending, credits_pending FROM ledger_account"
                        + " ORDER BY code");
        queries.put("transfers", "SELECT count(*), SUM(amount), max(seq) FROM ledger_transfer");
        queries.put(
                "tickets",
                "SELECT r.id, r.state, r.tickets_sold, count(t.number), count(t.voided_at) FROM raffle r"
                        + " LEFT JOIN ticket t ON t.raffle_id = r.id GROUP BY r.id ORDER BY r.id");
        queries.put("payments", "SELECT telegram_payment_charge_id, amount, quantity, state FROM payment ORDER BY id");
        queries.put("audit", "SELECT (SELECT count(*) FROM audit_log), seq, hash FROM audit_head");
        Map<String, List<String>> result = new LinkedHashMap<>();
        try (var c = TestDatabases.connect(db);
                var s = c.createStatement()) {
            for (var q : queries.entrySet()) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery(q.getValue())) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= n; i++) {
                            row.append(i > 1 ? " | " : "").append(rs.getString(i));
                        }
                        rows.add(row.toString());
                    }
                }
                result.put(q.getKey(), rows);
            }
        }
        return result;
    }

    private static String script(String name) {
        return Repo.file("deploy/backup/" + name).toString();
    }

    /** The postgresql:// form libpq and Railway use, for the same database. */
    static String libpqUrl(DatabaseUrl url) {
        String rest = url.jdbcUrl().substring("jdbc:postgresql://".length());
        String user = url.user() == null ? "" : URLEncoder.encode(url.user(), StandardCharsets.UTF_8);
        String password = url.password() == null ? "" : ":" + URLEncoder.encode(url.password(), StandardCharsets.UTF_8);
        return "postgresql://" + (user.isEmpty() ? "" : user + password + "@") + rest;
    }
}
