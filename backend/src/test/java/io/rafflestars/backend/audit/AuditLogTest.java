package io.rafflestars.backend.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rafflestars.backend.ledger.Chart;
import io.rafflestars.backend.ledger.Ledger;
import io.rafflestars.backend.ledger.Reference;
import io.rafflestars.backend.ledger.TransferKind;
import io.rafflestars.backend.ledger.TransferRequest;
import io.rafflestars.backend.platform.Database;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Statements;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.testing.AuditChainCheck;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestDatabases;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The hash-chained audit log against a real PostgreSQL. Tampering comes last: it breaks the chain for good. */
@ExtendWith(FreshDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditLogTest {
    private static final Actor ALICE = Actor.user("alice", "10.0.0.7");
    private static DatabaseUrl db;
    private static Database database;
    private static Transactions tx;
    private static AuditLog audit;
    private static Ledger ledger;

    @BeforeAll
    static void start(DatabaseUrl url) {
        db = url;
        database = Database.open(url, 8, Statements.load());
        database.migrate();
        tx = new Transactions(database.client());
        audit = new AuditLog(tx);
        ledger = new Ledger(tx, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    @Order(1)
    void anEntryJoinsTheChainWhenItsTransactionCommits() {
        long before = count("SELECT count(*) FROM audit_log");
        tx.execute(t -> {
            audit.append(
                    t, AuditEntry.of(ALICE, "user.create", "user", "bob", null, Map.of("roles", List.of("FINANCE"))));
            // staged, not yet in the chain: the head is not locked while the transaction works
            assertThat(t.namedGet("audit-head").orElseThrow().column("seq").getLong())
                    .isEqualTo(before);
        });
        List<AuditRecord> rows =
                audit.list(new AuditLog.Filter("alice", null, null, null, null, null), Long.MAX_VALUE, 10);
        assertThat(rows).hasSize(1);
        AuditRecord r = rows.getFirst();
        assertThat(r.action()).isEqualTo("user.create");
        assertThat(r.source()).isEqualTo("10.0.0.7");
        assertThat(r.targetId()).isEqualTo("bob");
        assertThat(r.after()).isEqualTo("{\"roles\":[\"FINANCE\"]}");
        assertThat(r.before()).isNull();
        assertThat(r.hash()).isEqualTo(r.expectedHash());
        assertThat(count("SELECT count(*) FROM outbox_event WHERE type = 'AuditAppended'"))
                .isEqualTo(before + 1);
        assertThat(audit.verify()).isInstanceOf(AuditLog.Verification.Intact.class);
    }

    @Test
    @Order(2)
    void aRolledBackChangeLeavesNoAuditRow() {
        long before = count("SELECT count(*) FROM audit_log");
        assertThatThrownBy(() -> tx.execute(t -> {
                    audit.append(t, AuditEntry.of(ALICE, "user.disable", "user", "bob", null, null));
                    throw new IllegalStateException("the change failed");
                }))
                .hasMessage("the change failed");
        assertThat(count("SELECT count(*) FROM audit_log")).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM audit_staged")).isZero();
    }

    @Test
    @Order(3)
    void textsInAnyScriptHashTheSameInJavaAndInTheDatabase() {
        Actor ivan = Actor.user("Иван 🎟️", "2001:db8::1");
        tx.execute(t -> audit.append(
                t,
                AuditEntry.of(ivan, "raffle.update", "raffle", 7, Map.of("title", "Луна"), Map.of("title", "月\n:-"))));
        assertThat(AuditChainCheck.violations(db)).isEmpty();
        assertThat(audit.verify()).isInstanceOf(AuditLog.Verification.Intact.class);
    }

    @Test
    @Order(4)
    void everyLedgerTransferIsAuditedWithWhoeverMovedTheMoney() {
        tx.execute(t -> {
            AuditLog.actAs(t, ALICE);
            ledger.post(
                    t,
                    new TransferRequest(
                            "audit-test:1",
                            Chart.TELEGRAM_CLEARING,
                            Chart.HOUSE_REVENUE,
                            5,
                            TransferKind.CORRECTION,
                            new Reference("test", "1")));
        });
        tx.execute(t -> ledger.post(
                t,
                new TransferRequest(
                        "audit-test:2",
                        Chart.TELEGRAM_CLEARING,
                        Chart.HOUSE_REVENUE,
                        3,
                        TransferKind.CORRECTION,
                        new Reference("test", "2"))));
        List<AuditRecord> first =
                audit.list(new AuditLog.Filter(null, null, "transfer", "audit-test:1", null, null), Long.MAX_VALUE, 5);
        assertThat(first).singleElement().satisfies(r -> {
            assertThat(r.actor()).isEqualTo("alice");
            assertThat(r.source()).isEqualTo("10.0.0.7");
            assertThat(r.action()).isEqualTo("ledger.correction");
            assertThat(r.after()).contains("\"amount\" : 5").contains("\"credit\" : \"house_revenue\"");
        });
        List<AuditRecord> second =
                audit.list(new AuditLog.Filter(null, null, "transfer", "audit-test:2", null, null), Long.MAX_VALUE, 5);
        assertThat(second).singleElement().satisfies(r -> assertThat(r.actor()).isEqualTo("system:ledger"));
        assertThat(AuditChainCheck.violations(db)).isEmpty();
    }

    @Test
    @Order(5)
    void concurrentWritersGetAGaplessChainInCommitOrder() throws Exception {
        long before = count("SELECT count(*) FROM audit_log");
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> all = IntStream.range(0, 200)
                    .mapToObj(i -> pool.submit(() -> tx.execute(t ->
                            audit.append(t, AuditEntry.of(Actor.system("test"), "test.concurrent", "n", i, null, i)))))
                    .<Future<?>>map(f -> f)
                    .toList();
            for (Future<?> f : all) {
                f.get();
            }
        }
        assertThat(count("SELECT count(*) FROM audit_log")).isEqualTo(before + 200);
        assertThat(count("SELECT max(seq) FROM audit_log")).isEqualTo(before + 200);
        assertThat(audit.verify()).isEqualTo(new AuditLog.Verification.Intact(before + 200, head()));
    }

    @Test
    @Order(6)
    void theDatabaseRefusesToRewriteTheLog() {
        assertThatThrownBy(() -> TestDatabases.execute(db, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 1"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> TestDatabases.execute(db, "DELETE FROM audit_log WHERE seq = 1"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> TestDatabases.execute(db, "TRUNCATE audit_log"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> TestDatabases.execute(db, "UPDATE audit_head SET seq = 1"))
                .hasMessageContaining("only advances by one");
        assertThat(audit.verify()).isInstanceOf(AuditLog.Verification.Intact.class);
    }

    @Test
    @Order(7)
    void aRowAlteredBehindTheDatabasesBackIsNamedByVerify() {
        TestDatabases.execute(
                db,
                "ALTER TABLE audit_log DISABLE TRIGGER USER; UPDATE audit_log SET source = '6.6.6.6' WHERE seq = 3;"
                        + " ALTER TABLE audit_log ENABLE TRIGGER USER");
        assertThat(audit.verify()).isInstanceOfSatisfying(AuditLog.Verification.Broken.class, b -> {
            assertThat(b.seq()).isEqualTo(3);
            assertThat(b.rowsChecked()).isEqualTo(2);
            assertThat(b.reason()).contains("altered");
        });
        assertThat(AuditChainCheck.violations(db)).singleElement().asString().contains("row 3");
    }

    @Test
    @Order(8)
    void aRemovedRowIsNamedByVerify() {
        TestDatabases.execute(
                db,
                "ALTER TABLE audit_log DISABLE TRIGGER USER; UPDATE audit_log SET source = '10.0.0.7' WHERE seq = 3;"
                        + " DELETE FROM audit_log WHERE seq = 5; ALTER TABLE audit_log ENABLE TRIGGER USER");
        assertThat(audit.verify()).isInstanceOfSatisfying(AuditLog.Verification.Broken.class, b -> {
            assertThat(b.seq()).isEqualTo(5);
            assertThat(b.reason()).contains("missing");
        });
    }

    private static String head() {
        return tx.run(t -> t.namedGet("audit-head").orElseThrow().column("hash").getString());
    }

    private static long count(String sql) {
        return TestDatabases.count(db, sql);
    }
}
