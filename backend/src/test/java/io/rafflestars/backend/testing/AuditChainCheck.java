package io.rafflestars.backend.testing;

import io.rafflestars.backend.audit.AuditHash;
import io.rafflestars.backend.platform.DatabaseUrl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the audit chain over plain JDBC, apart from the backend's own verifier: gapless sequence, each row linked to
 * the one before, each hash recomputed, the head on the last row, nothing left staged.
 */
public final class AuditChainCheck {
    private AuditChainCheck() {}

    public static List<String> violations(DatabaseUrl db) {
        List<String> problems = new ArrayList<>();
        try (Connection c = TestDatabases.snapshot(db);
                Statement s = c.createStatement()) {
            String prev = AuditHash.GENESIS;
            long expected = 1;
            try (ResultSet rs = s.executeQuery("SELECT * FROM audit_log ORDER BY seq")) {
                while (rs.next()) {
                    long seq = rs.getLong("seq");
                    String hash = AuditHash.of(
                            rs.getString("prev_hash"),
                            seq,
                            rs.getObject("at", java.time.OffsetDateTime.class).toInstant(),
                            rs.getString("actor"),
                            rs.getString("source"),
                            rs.getString("action"),
                            rs.getString("target_type"),
                            rs.getString("target_id"),
                            rs.getString("before_json"),
                            rs.getString("after_json"));
                    if (seq != expected) {
                        problems.add("audit chain: row " + expected + " missing (next is " + seq + ")");
                        return problems;
                    }
                    if (!rs.getString("prev_hash").equals(prev)) {
                        problems.add("audit chain: row " + seq + " does not link to row " + (seq - 1));
                        return problems;
                    }
                    if (!hash.equals(rs.getString("hash"))) {
                        problems.add("audit chain: row " + seq + " does not match its hash");
                        return problems;
                    }
                    prev = hash;
                    expected++;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT seq, hash FROM audit_head")) {
                rs.next();
                if (rs.getLong("seq") != expected - 1 || !rs.getString("hash").equals(prev)) {
                    problems.add("audit chain: head at " + rs.getLong("seq") + " but last row is " + (expected - 1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_staged")) {
                rs.next();
                if (rs.getLong(1) != 0) {
                    problems.add("audit chain: " + rs.getLong(1) + " entries staged but never sealed");
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM ledger_transfer t WHERE NOT EXISTS"
                    + " (SELECT 1 FROM audit_log a WHERE a.target_type = 'transfer' AND a.target_id = t.id)")) {
                rs.next();
                if (rs.getLong(1) != 0) {
                    problems.add("audit chain: " + rs.getLong(1) + " ledger transfers without their audit row");
                }
            }
        } catch (SQLException e) {
            problems.add("cannot check the audit chain: " + e.getMessage());
        }
        return problems;
    }
}
