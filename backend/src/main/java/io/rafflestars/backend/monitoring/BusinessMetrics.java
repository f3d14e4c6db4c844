package io.rafflestars.backend.monitoring;

import io.helidon.dbclient.DbRow;
import io.helidon.metrics.api.Tag;
import io.rafflestars.backend.platform.Meters;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Business gauges next to the JVM and HTTP ones, read from the database when Prometheus scrapes (at most once per
 * {@link #MAX_AGE}). They are totals and states of the whole system, so every replica reports the same values:
 * dashboards and alerts take {@code max} over instances. Totals come from running counters (the ledger's, the raffles')
 * rather than counting rows, so a scrape stays cheap as the tables grow.
 *
 * <p>Also the names other features report through (see {@link #LOGIN_FAILURES}, {@link #FEED_SOCKETS},
 * {@link #OUTBOX_LAG}): registered here at zero or NaN so dashboards and alerts find them from the first scrape.
 */
public final class BusinessMetrics {
    private static final System.Logger LOG = System.getLogger(BusinessMetrics.class.getName());
    static final Duration MAX_AGE = Duration.ofSeconds(10);

    /** Counter: refused console logins by {@code reason} (auth increments it). */
    public static final String LOGIN_FAILURES = "auth_login_failures";
    /** The {@code reason} tag values of {@link #LOGIN_FAILURES}, so every series exists from the first scrape. */
    public static final List<String> LOGIN_FAILURE_REASONS = List.of("bad_credentials", "disabled", "throttled");
    /** Gauge per feed ({@code feed="console"|"player"}): open WebSocket sessions; the feed replaces it. */
    public static final String FEED_SOCKETS = "feed_sockets";
    /** Gauge: seconds between the newest outbox event and the newest one this instance's feed has sent out. */
    public static final String OUTBOX_LAG = "feed_outbox_lag_seconds";

    private static final List<String> SNAPSHOT = List.of(
            "tickets_sold",
            "stars_received",
            "stars_refunded",
            "refunds_due",
            "refunds_due_oldest_seconds",
            "holds_active",
            "updates_waiting",
            "updates_dead",
            "outgoing_queued",
            "outgoing_oldest_seconds",
            "outgoing_paused_seconds",
            "reconciliation_open",
            "reconciliation_age_seconds");
    private static final List<String> STAGES = List.of("approval", "execution");

    private final Transactions tx;
    private final LongSupplier nanoTime;
    private volatile Map<String, Double> values = Map.of();
    private volatile long readAt = Long.MIN_VALUE;
    private volatile boolean databaseUp;
    private volatile boolean payoutsMissingLogged;

    public BusinessMetrics(Transactions tx) {
        this(tx, System::nanoTime);
    }

    BusinessMetrics(Transactions tx, LongSupplier nanoTime) {
        this.tx = tx;
        this.nanoTime = nanoTime;
    }

    /** Registers every gauge and the seams' placeholders. */
    public void register() {
        gauge("raffle_tickets_sold", "tickets_sold");
        gauge("raffle_stars_received", "stars_received");
        gauge("raffle_stars_refunded", "stars_refunded");
        gauge("raffle_refunds_due", "refunds_due");
        gauge("raffle_refunds_due_oldest_seconds", "refunds_due_oldest_seconds");
        gauge("raffle_ticket_holds_active", "holds_active");
        gauge("telegram_updates_waiting", "updates_waiting");
        gauge("telegram_updates_dead", "updates_dead");
        gauge("telegram_outgoing_queued", "outgoing_queued");
        gauge("telegram_outgoing_oldest_seconds", "outgoing_oldest_seconds");
        gauge("telegram_outgoing_paused_seconds", "outgoing_paused_seconds");
        gauge("reconciliation_open_mismatches", "reconciliation_open");
        gauge("reconciliation_last_run_age_seconds", "reconciliation_age_seconds");
        for (String stage : STAGES) {
            List<Tag> tags = List.of(Tag.create("stage", stage));
            Meters.gauge("raffle_payouts_waiting", tags, this, m -> m.value("payouts_waiting_" + stage));
            Meters.gauge("raffle_payouts_waiting_oldest_seconds", tags, this, m -> m.value("payouts_oldest_" + stage));
        }
        Meters.gauge("db_up", this, m -> {
            m.refreshIfStale();
            return m.databaseUp ? 1 : 0;
        });
        for (String reason : LOGIN_FAILURE_REASONS) {
            Meters.counter(LOGIN_FAILURES, "reason", reason);
        }
        for (String feed : List.of("console", "player")) {
            if (io.helidon.metrics.api.Metrics.globalRegistry()
                    .gauge(FEED_SOCKETS, List.of(Tag.create("feed", feed)))
                    .isEmpty()) {
                Meters.gauge(FEED_SOCKETS, List.of(Tag.create("feed", feed)), this, m -> 0);
            }
        }
        if (io.helidon.metrics.api.Metrics.globalRegistry()
                .gauge(OUTBOX_LAG, List.of())
                .isEmpty()) {
            Meters.gauge(OUTBOX_LAG, this, m -> Double.NaN);
        }
    }

    private void gauge(String name, String column) {
        Meters.gauge(name, this, m -> m.value(column));
    }

    /** The value of one column of the last snapshot; NaN when unknown (database down, nothing to measure). */
    double value(String key) {
        refreshIfStale();
        return values.getOrDefault(key, Double.NaN);
    }

    private void refreshIfStale() {
        long now = nanoTime.getAsLong();
        if (readAt != Long.MIN_VALUE && now - readAt < MAX_AGE.toNanos()) {
            return;
        }
        synchronized (this) {
            if (readAt != Long.MIN_VALUE && now - readAt < MAX_AGE.toNanos()) {
                return;
            }
            readAt = now;
            try {
                values = read();
                databaseUp = true;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Business metrics unavailable: {0}", e.getMessage());
                values = Map.of();
                databaseUp = false;
            }
        }
    }

    private Map<String, Double> read() {
        Map<String, Double> v = new HashMap<>();
        DbRow row = tx.run(t -> {
            t.namedGet("monitoring-timeout");
            return t.namedGet("monitoring-snapshot").orElseThrow();
        });
        for (String column : SNAPSHOT) {
            Object o = row.column(column).get(Object.class);
            v.put(column, o == null ? Double.NaN : ((Number) o).doubleValue());
        }
        for (String stage : STAGES) {
            v.put("payouts_waiting_" + stage, 0.0);
            v.put("payouts_oldest_" + stage, Double.NaN);
        }
        try {
            List<DbRow> payouts = tx.run(t -> {
                try (var rows = t.namedQuery("monitoring-payouts")) {
                    return rows.toList();
                }
            });
            for (DbRow p : payouts) {
                String stage = Rows.string(p, "stage");
                v.put("payouts_waiting_" + stage, (double) Rows.getLong(p, "waiting"));
                v.put(
                        "payouts_oldest_" + stage,
                        ((Number) p.column("oldest_seconds").get(Object.class)).doubleValue());
            }
        } catch (RuntimeException e) {
            if (!undefinedTable(e)) {
                throw e;
            }
            // Payouts ship with a later release: until their table exists, nothing waits.
            if (!payoutsMissingLogged) {
                payoutsMissingLogged = true;
                LOG.log(System.Logger.Level.DEBUG, "No payout table yet: payout gauges report 0");
            }
        }
        return v;
    }

    private static boolean undefinedTable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "42P01".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
