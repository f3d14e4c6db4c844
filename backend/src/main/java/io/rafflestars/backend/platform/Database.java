package io.rafflestars.backend.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.common.config.Config;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbStatements;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The database of this instance: one HikariCP pool shared by Helidon DbClient (named statements) and Flyway. The
 * pool is ours rather than DbClient's so that health checks and metrics can read it.
 */
public final class Database implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Database.class.getName());

    /** Rows fetched per round trip by {@link #stream}. */
    private static final int STREAM_FETCH_SIZE = 1000;

    private final DatabaseUrl url;
    private final HikariDataSource pool;
    private final DbClient client;
    private final Config statements;

    private Database(DatabaseUrl url, HikariDataSource pool, DbClient client, Config statements) {
        this.url = url;
        this.pool = pool;
        this.client = client;
        this.statements = statements;
    }

    /**
     * Opens the pool. It does not fail when the database is down: the pool retries, readiness reports DOWN, and the
     * instance recovers by itself when the database comes back.
     */
    public static Database open(DatabaseUrl url, int poolSize, Config statements) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url.jdbcUrl());
        hc.setUsername(url.user());
        hc.setPassword(url.password());
        hc.setMaximumPoolSize(poolSize);
        hc.setMinimumIdle(Math.min(2, poolSize));
        hc.setPoolName("raffle-stars");
        hc.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
        hc.setValidationTimeout(Duration.ofSeconds(2).toMillis());
        hc.setInitializationFailTimeout(-1);
        // Our transactions are explicit; DbClient commits single statements itself.
        hc.setAutoCommit(true);
        HikariDataSource ds = new HikariDataSource(hc);
        JdbcConnectionPool jdbcPool = () -> {
            try {
                return ds.getConnection();
            } catch (SQLException e) {
                throw new io.helidon.dbclient.DbClientException("No database connection: " + e.getMessage(), e);
            }
        };
        DbClient client = JdbcClientBuilder.create()
                .connectionPool(jdbcPool)
                .statements(DbStatements.create(statements))
                .build();
        return new Database(url, ds, client, statements);
    }

    /** Applies pending migrations; safe to call on every start and from several instances at once. */
    public MigrateResult migrate() {
        MigrateResult result = flyway(pool).migrate();
        LOG.log(
                System.Logger.Level.INFO,
                "Database schema at version {0} ({1} migration(s) applied now)",
                result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion,
                result.migrationsExecuted);
        return result;
    }

    static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load();
    }

    /** The latest migration version shipped on the classpath (what a ready database must be at). */
    public String expectedSchemaVersion() {
        var all = flyway(pool).info().all();
        return all.length == 0 ? "none" : all[all.length - 1].getVersion().getVersion();
    }

    public DbClient client() {
        return client;
    }

    /** Receives the rows of {@link #stream} one at a time. */
    @FunctionalInterface
    public interface RowHandler {
        void row(ResultSet row) throws SQLException, IOException;
    }

    /**
     * Runs a named query through a server-side cursor and hands each row to {@code handler} as it arrives: rows come
     * {@value #STREAM_FETCH_SIZE} per round trip and are never all in memory, so an export of any size runs in
     * constant memory. One read-only transaction, so the rows are one consistent snapshot. (DbClient reads a whole
     * result before handing it over, because PostgreSQL's driver only uses a cursor with a fetch size and autocommit
     * off.)
     */
    public void stream(String statementName, List<Object> params, RowHandler handler) throws IOException {
        String sql = statements
                .get(statementName)
                .asString()
                .asOptional()
                .orElseThrow(() -> new IllegalArgumentException("No statement " + statementName));
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(STREAM_FETCH_SIZE);
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        handler.row(rs);
                    }
                }
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new io.helidon.dbclient.DbClientException(
                    "Streaming " + statementName + " failed: " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    public DatabaseUrl url() {
        return url;
    }

    /** Pool figures for metrics: active, idle, total, waiting. */
    public PoolStats poolStats() {
        var bean = pool.getHikariPoolMXBean();
        if (bean == null) {
            return new PoolStats(0, 0, 0, 0, pool.getMaximumPoolSize());
        }
        return new PoolStats(
                bean.getActiveConnections(),
                bean.getIdleConnections(),
                bean.getTotalConnections(),
                bean.getThreadsAwaitingConnection(),
                pool.getMaximumPoolSize());
    }

    public record PoolStats(int active, int idle, int total, int waiting, int max) {}

    /**
     * A connection outside the pool, for the long-lived LISTEN session and other work that must not hold a pooled
     * connection for long.
     */
    public Connection dedicatedConnection() throws SQLException {
        Properties props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        return DriverManager.getConnection(url.jdbcUrl(), props);
    }

    /**
     * The schema version the database is at ("none" before the first migration), read with a timeout; empty when the
     * database cannot be reached. Used by readiness.
     */
    public java.util.Optional<String> currentSchemaVersion(Duration timeout) {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            try (var rs =
                    s.executeQuery("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"
                            + " ORDER BY installed_rank DESC LIMIT 1")) {
                return java.util.Optional.of(rs.next() ? rs.getString(1) : "none");
            }
        } catch (SQLException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public void close() {
        client.close();
        pool.close();
    }
}
