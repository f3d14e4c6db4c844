package io.rafflestars.backend.testing;

import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.EmbeddedDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * The PostgreSQL server tests run against: {@code TEST_DATABASE_URL} when set (CI points it at the machine's
 * server), otherwise one embedded PostgreSQL per test JVM. Each test class gets its own fresh database on it, so
 * tests never see each other's rows.
 */
public final class TestDatabases {
    private static DatabaseUrl admin;
    private static EmbeddedDatabase embedded;

    private TestDatabases() {}

    /** The maintenance database of the test server, as a superuser. */
    public static synchronized DatabaseUrl admin() {
        if (admin == null) {
            String env = System.getenv("TEST_DATABASE_URL");
            if (env != null && !env.isBlank()) {
                admin = DatabaseUrl.parse("TEST_DATABASE_URL", env);
            } else {
                embedded = EmbeddedDatabase.ephemeral();
                admin = embedded.url();
                Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-pg-stop"));
            }
        }
        return admin;
    }

    /** Creates an empty database and returns how to reach it. */
    public static DatabaseUrl create(String label) {
        String name = ("rs_" + label.replaceAll("[^A-Za-z0-9]", "_") + "_"
                        + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase();
        if (name.length() > 60) {
            name = name.substring(0, 50) + name.substring(name.length() - 9);
        }
        execute(admin(), "CREATE DATABASE \"" + name + "\" TEMPLATE template0");
        return admin().withDatabase(name);
    }

    /** Drops a database made by {@link #create}, disconnecting whoever is still on it. */
    public static void drop(DatabaseUrl url) {
        String name = databaseName(url);
        execute(admin(), "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    }

    public static String databaseName(DatabaseUrl url) {
        String path = url.jdbcUrl().replaceFirst("^jdbc:postgresql://[^/]*/", "");
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    public static void execute(DatabaseUrl url, String sql) {
        try (Connection c = connect(url);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The single number a query returns, e.g. a count. */
    public static long count(DatabaseUrl url, String sql) {
        try (Connection c = connect(url);
                Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The postgresql://user:password@host:port/db form that Railway hands out, for the same database. */
    public static String railwayForm(DatabaseUrl url) {
        String rest = url.jdbcUrl().substring("jdbc:postgresql://".length());
        String userInfo = url.user() == null
                ? ""
                : java.net.URLEncoder.encode(url.user(), java.nio.charset.StandardCharsets.UTF_8)
                        + (url.password() == null
                                ? ""
                                : ":"
                                        + java.net.URLEncoder.encode(
                                                url.password(), java.nio.charset.StandardCharsets.UTF_8))
                        + "@";
        return "postgresql://" + userInfo + rest;
    }

    public static Connection connect(DatabaseUrl url) throws SQLException {
        Properties p = new Properties();
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }
}
