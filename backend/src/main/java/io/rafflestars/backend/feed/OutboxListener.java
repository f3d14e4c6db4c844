package io.rafflestars.backend.feed;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Wakes on every commit that wrote outbox events and publishes the new ones to the hub, in commit order.
 *
 * <p>LISTEN holds its own long-lived connection outside the pool. A notification is only a wake-up: the outbox, read
 * by position from where this instance stands, is the truth. So a notification lost while the connection was down
 * costs nothing: after reconnecting, the listener reads everything past its position before it waits again. It also
 * reads every {@code poll} without being woken, as a safety net.
 */
final class OutboxListener implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(OutboxListener.class.getName());
    private static final int BATCH = 500;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    /** Opens a connection outside the pool. */
    @FunctionalInterface
    interface Connections {
        Connection open() throws SQLException;
    }

    private final Connections connections;
    private final OutboxStore store;
    private final FeedHub hub;
    private final Duration poll;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean listening;
    private volatile Connection connection;
    private volatile long caughtUpAt = System.nanoTime();

    OutboxListener(Connections connections, OutboxStore store, FeedHub hub, Duration poll) {
        this.connections = connections;
        this.store = store;
        this.hub = hub;
        this.poll = poll;
        this.thread = Thread.ofPlatform().daemon().name("outbox-listener").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Whether the LISTEN connection is up (a metric; events are caught up after any outage either way). */
    boolean listening() {
        return listening;
    }

    /** How long ago a read last found nothing more to publish. */
    double secondsSinceCaughtUp() {
        return (System.nanoTime() - caughtUpAt) / 1e9;
    }

    private void run() {
        long backoff = 100;
        while (running) {
            try (Connection c = connections.open()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + Outbox.CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                listening = true;
                backoff = 100;
                readAll(); // whatever committed while this instance was not listening
                while (running) {
                    pg.getNotifications((int) poll.toMillis());
                    readAll();
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    break;
                }
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Outbox listener lost the database ({0}); reconnecting in {1} ms",
                        e.getMessage(),
                        backoff);
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            } finally {
                listening = false;
                connection = null;
            }
        }
    }

    private void readAll() {
        while (running) {
            List<OutboxRow> rows = store.after(hub.position(), Long.MAX_VALUE, BATCH);
            hub.publish(rows);
            if (rows.size() < BATCH) {
                caughtUpAt = System.nanoTime();
                return;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        Connection c = connection;
        if (c != null) {
            try {
                c.close(); // ends a wait in getNotifications
            } catch (SQLException e) {
                // closing anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
