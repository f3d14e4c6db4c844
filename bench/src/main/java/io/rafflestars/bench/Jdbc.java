package io.rafflestars.bench;

import io.rafflestars.backend.platform.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Plain JDBC for the tools: setting up data and reading results apart from the backend. */
final class Jdbc {
    private Jdbc() {}

    static Connection connect(DatabaseUrl url) throws SQLException {
        Properties p = new Properties();
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The database name of a URL. */
    static String databaseName(DatabaseUrl url) {
        String path = url.jdbcUrl().replaceFirst("^jdbc:postgresql://[^/]*/", "");
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }
}
