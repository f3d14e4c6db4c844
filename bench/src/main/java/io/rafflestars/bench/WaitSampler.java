package io.rafflestars.bench;

import io.rafflestars.backend.platform.DatabaseUrl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the database sessions of one database are doing, sampled from pg_stat_activity every few milliseconds: on
 * CPU, waiting for a lock (and which kind), for the WAL flush, or idle in a transaction while the application does
 * something else. The poor man's wait-event profile, good enough to say where a purchase's time goes.
 */
final class WaitSampler implements AutoCloseable {
    private final Thread thread;
    private final Map<String, Long> counts = new HashMap<>();
    private volatile boolean running = true;
    private long samples;

    WaitSampler(DatabaseUrl db, String database) {
        thread = Thread.ofPlatform().daemon().name("wait-sampler").start(() -> sample(db, database));
    }

    private void sample(DatabaseUrl db, String database) {
        try (Connection c = Jdbc.connect(db);
                PreparedStatement s = c.prepareStatement("SELECT state, wait_event_type, wait_event FROM"
                        + " pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()"
                        + " AND backend_type = 'client backend'")) {
            s.setString(1, database);
            while (running) {
                try (ResultSet rs = s.executeQuery()) {
                    synchronized (counts) {
                        samples++;
                        while (rs.next()) {
                            String state = rs.getString(1);
                            String type = rs.getString(2);
                            String event = rs.getString(3);
                            String key;
                            if ("idle".equals(state)) {
                                continue;
                            } else if ("idle in transaction".equals(state)) {
                                key = "idle in transaction (backend between statements)";
                            } else if (type == null) {
                                key = "CPU (running a statement)";
                            } else if ("Client".equals(type)) {
                                key = "Client:" + event + " (waiting for the backend)";
                            } else {
                                key = type + ":" + event;
                            }
                            counts.merge(key, 1L, Long::sum);
                        }
                    }
                }
                Thread.sleep(5);
            }
        } catch (SQLException e) {
            System.err.println("wait sampler stopped: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The busiest states, as "share of busy session samples": e.g. {@code Lock:transactionid 41%}. */
    String top(int n) {
        synchronized (counts) {
            long busy = counts.values().stream().mapToLong(Long::longValue).sum();
            if (busy == 0) {
                return "-";
            }
            return counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                    .limit(n)
                    .map(e -> e.getKey() + " " + Math.round(100.0 * e.getValue() / busy) + "%")
                    .collect(Collectors.joining("; "));
        }
    }

    /** Average number of busy (non-idle) sessions per sample. */
    double averageBusy() {
        synchronized (counts) {
            long busy = counts.values().stream().mapToLong(Long::longValue).sum();
            return samples == 0 ? 0 : (double) busy / samples;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
