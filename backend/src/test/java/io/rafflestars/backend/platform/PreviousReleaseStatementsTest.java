package io.rafflestars.backend.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestDatabases;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Expand, then contract: the previous release's named statements (test resources, previous-release/sql) must still
 * be understood by PostgreSQL against the newest schema, because that release keeps serving while a rolling deploy
 * of this one migrates. Each statement is parsed and analysed by the server (tables, columns, functions, conflict
 * targets, parameter types), inside a transaction that is rolled back.
 */
@ExtendWith(FreshDatabase.class)
class PreviousReleaseStatementsTest {

    @Test
    void everyStatementOfThePreviousReleaseStillWorksOnTheNewestSchema(DatabaseUrl url) throws Exception {
        try (Database db = Database.open(url, 2, Config.empty())) {
            db.migrate();
        }
        Map<String, String> statements = previousRelease();
        assertThat(statements).as("previous release statements").hasSizeGreaterThan(40);
        List<String> broken = new ArrayList<>();
        try (Connection c = TestDatabases.connect(url)) {
            c.setAutoCommit(false);
            for (var s : statements.entrySet()) {
                try (PreparedStatement ps = c.prepareStatement(s.getValue())) {
                    // makes the server parse and analyse the statement without running it
                    ps.getParameterMetaData();
                } catch (SQLException e) {
                    broken.add(s.getKey() + ": " + e.getMessage());
                    c.rollback();
                }
            }
            c.rollback();
        }
        assertThat(broken)
                .as("previous release statements the newest schema breaks")
                .isEmpty();
    }

    @Test
    void aContractingMigrationWouldBeCaught(DatabaseUrl url) throws Exception {
        // The check itself: drop a column the previous release reads, and its statements fail to prepare.
        try (Database db = Database.open(url, 2, Config.empty())) {
            db.migrate();
        }
        try (Connection c = TestDatabases.connect(url)) {
            c.setAutoCommit(false);
            c.createStatement().execute("ALTER TABLE payment RENAME COLUMN refund_reason TO refund_why");
            try (PreparedStatement ps = c.prepareStatement(previousRelease().get("payment-refund-due"))) {
                ps.getParameterMetaData();
                throw new AssertionError("a renamed column went unnoticed");
            } catch (SQLException e) {
                assertThat(e.getSQLState()).isEqualTo("42703"); // undefined_column
            } finally {
                c.rollback();
            }
        }
    }

    private static Map<String, String> previousRelease() throws IOException, URISyntaxException {
        Path dir = Path.of(PreviousReleaseStatementsTest.class
                .getResource("/previous-release/sql")
                .toURI());
        Map<String, String> all = new TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Config node = Config.builder()
                        .disableEnvironmentVariablesSource()
                        .disableSystemPropertiesSource()
                        .addSource(ConfigSources.file(f))
                        .build()
                        .get("db.statements");
                node.asNodeList()
                        .orElseThrow()
                        .forEach(n -> all.put(n.name(), n.asString().get()));
            }
        }
        return all;
    }
}
