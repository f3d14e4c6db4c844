package io.rafflestars.backend.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.platform.Database;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Statements;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.OutboxEvents;
import io.rafflestars.backend.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Outbox positions against a real PostgreSQL: given at commit, in commit order, without gaps, never to a rolled-back
 * event; a reader that follows them never skips an event whose transaction committed late.
 */
@ExtendWith(FreshDatabase.class)
class OutboxOrderTest {
    private static DatabaseUrl db;
    private static Database database;
    private static OutboxStore store;

    @BeforeAll
    static void migrate(DatabaseUrl url) {
        db = url;
        database = Database.open(url, 4, Statements.load());
        database.migrate();
        store = new OutboxStore(new Transactions(database.client()));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static Connection tx() throws SQLException {
        Connection c = TestDatabases.connect(db);
        c.setAutoCommit(false);
        return c;
    }

    private static long insertEvent(Connection c, String tag) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("INSERT INTO outbox_event (stream, type, payload) VALUES ('reconciliation',"
                                + " 'ReconciliationMismatch', '{\"mismatchId\": 1, \"kind\": \"MISSING_HERE\", \"chargeId\": \""
                                + tag + "\"}') RETURNING id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Long seqOf(long id) {
        long n = TestDatabases.count(db, "SELECT count(*) FROM outbox_event WHERE id = " + id + " AND seq IS NOT NULL");
        return n == 0 ? null : TestDatabases.count(db, "SELECT seq FROM outbox_event WHERE id = " + id);
    }

    @Test
    void anEventCommittedAfterALaterOneIsNumberedAfterItAndStillReachesTheReader() throws Exception {
        long head = OutboxEvents.head(db);
        try (FeedHub hub = new FeedHub(store, "test", Duration.ofSeconds(30), 1_000, 1, token -> Optional.empty());
                OutboxListener listener =
                        new OutboxListener(database::dedicatedConnection, store, hub, Duration.ofSeconds(30))) {
            hub.start(head);
            listener.start();
            await().until(listener::listening);
            try (Connection slow = tx();
                    Connection fast = tx()) {
                long early = insertEvent(slow, "early-id-late-commit");
                long late = insertEvent(fast, "late-id-early-commit");
                assertThat(late).isGreaterThan(early);
                fast.commit();
                assertThat(seqOf(late)).isEqualTo(head + 1);
                // the reader has moved past head + 1 while the earlier id was still uncommitted...
                await().atMost(Duration.ofSeconds(10)).until(() -> hub.position() == head + 1);
                assertThat(seqOf(early)).isNull();
                slow.commit();
                assertThat(seqOf(early)).isEqualTo(head + 2);
            }
            // ...and still gets it: woken by the NOTIFY (the poll is 30 s), it finds it at the next position
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.position() == head + 2);
            assertThat(hub.recent(head, head + 2).orElseThrow())
                    .extracting(FeedItem::consoleFrame)
                    .satisfiesExactly(
                            first -> assertThat(first).contains("late-id-early-commit"),
                            second -> assertThat(second).contains("early-id-late-commit"));
        }
    }

    @Test
    void aRolledBackEventIsNeverNumberedAndLeavesNoGap() throws Exception {
        long head = OutboxEvents.head(db);
        long rolledBack;
        try (Connection c = tx()) {
            rolledBack = insertEvent(c, "rolled-back");
            c.rollback();
        }
        assertThat(OutboxEvents.head(db)).isEqualTo(head);
        assertThat(TestDatabases.count(db, "SELECT count(*) FROM outbox_event WHERE id = " + rolledBack))
                .isZero();
        long id;
        try (Connection c = tx()) {
            id = insertEvent(c, "next");
            c.commit();
        }
        assertThat(seqOf(id)).isEqualTo(head + 1);
    }

    @Test
    void theEventsOfOneTransactionAreConsecutiveInTheOrderWritten() throws Exception {
        long head = OutboxEvents.head(db);
        List<Long> ids = new ArrayList<>();
        try (Connection c = tx()) {
            for (int i = 0; i < 3; i++) {
                ids.add(insertEvent(c, "batch-" + i));
            }
            c.commit();
        }
        assertThat(ids.stream().map(OutboxOrderTest::seqOf)).containsExactly(head + 1, head + 2, head + 3);
    }

    /**
     * Audit rows announce themselves in the outbox at commit, and events are numbered at commit: whichever of the two
     * a transaction does first, both take the same locks in the same order, so concurrent transactions queue and
     * never deadlock. Plain JDBC here, without the retry on deadlock that the application has.
     */
    @Test
    void auditedAndUnauditedTransactionsInEitherOrderNeverDeadlock() throws Exception {
        long head = OutboxEvents.head(db);
        int threads = 6;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    try (Connection c = tx()) {
                        switch (ThreadLocalRandom.current().nextInt(3)) {
                            case 0 -> {
                                insertEvent(c, "event-first");
                                stageAudit(c);
                            }
                            case 1 -> {
                                stageAudit(c);
                                insertEvent(c, "audit-first");
                            }
                            default -> insertEvent(c, "no-audit");
                        }
                        c.commit();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(); // rethrows a deadlock (40P01) if one happened
        }
        pool.shutdown();
        long events = TestDatabases.count(db, "SELECT count(*) FROM outbox_event WHERE seq > " + head);
        assertThat(OutboxEvents.head(db) - head).isEqualTo(events);
        assertThat(TestDatabases.count(db, "SELECT max(seq) - min(seq) + 1 FROM outbox_event WHERE seq > " + head))
                .isEqualTo(events);
    }

    private static void stageAudit(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(
                    "INSERT INTO audit_staged (actor, action, target_type, target_id) VALUES ('test', 'test.lock_order',"
                            + " 'test', '1')");
        }
    }

    @Test
    void aCommittedEventCannotBeChanged() {
        OutboxEvents.insert(db, 1, 1);
        long seq = OutboxEvents.head(db);
        assertThatThrownBy(() -> TestDatabases.execute(db, "UPDATE outbox_event SET payload = '{}' WHERE seq = " + seq))
                .hasMessageContaining("committed and cannot change");
    }

    @Test
    void pruningRemovesTheOldestEventsAndLeavesAnUnbrokenRunUpToTheHead() throws Exception {
        OutboxEvents.insert(db, 7, 1);
        Thread.sleep(20);
        Instant cutoff = Instant.now();
        Thread.sleep(20);
        OutboxEvents.insert(db, 5, 1);
        long head = OutboxEvents.head(db);
        long removed = store.prune(cutoff, 3, 1_000);
        assertThat(removed).isPositive();
        OutboxStore.Bounds bounds = store.bounds();
        assertThat(bounds.head()).isEqualTo(head);
        assertThat(bounds.oldest()).isEqualTo(head - 4);
        assertThat(TestDatabases.count(db, "SELECT count(*) FROM outbox_event WHERE seq IS NOT NULL"))
                .isEqualTo(5);

        store.prune(Instant.now().plusSeconds(60), 100, 1_000);
        assertThat(store.bounds()).isEqualTo(new OutboxStore.Bounds(head, head + 1));
    }
}
