package io.rafflestars.backend.testing;

import io.rafflestars.backend.platform.DatabaseUrl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's invariants, recomputed from the stored transfers: every account's four counters equal the sums of its
 * entries, the books balance (sum of balances is zero, pending included), no flagged account is past its limit, and
 * every pending transfer is resolved at most once.
 */
final class LedgerCheck {
    private LedgerCheck() {}

    /** Per account: what the counters should be, recomputed from the transfers alone. */
    private static final String RECOMPUTED = """
            WITH legs AS (
              SELECT t.debit_account_id AS account, true AS debit, t.phase, t.amount, p.amount AS held
              FROM ledger_transfer t LEFT JOIN ledger_transfer p ON p.id = t.pending_id
              UNION ALL
              SELECT t.credit_account_id, false, t.phase, t.amount, p.amount
              FROM ledger_transfer t LEFT JOIN ledger_transfer p ON p.id = t.pending_id),
            sums AS (
              SELECT account,
                COALESCE(SUM(CASE WHEN debit AND phase IN ('SINGLE', 'POST_PENDING') THEN amount END), 0) AS dp,
                COALESCE(SUM(CASE WHEN NOT debit AND phase IN ('SINGLE', 'POST_PENDING') THEN amount END), 0) AS cp,
                COALESCE(SUM(CASE WHEN debit AND phase = 'PENDING' THEN amount
                                  WHEN debit AND phase IN ('POST_PENDING', 'VOID_PENDING') THEN -held END), 0) AS dh,
                COALESCE(SUM(CASE WHEN NOT debit AND phase = 'PENDING' THEN amount
                                  WHEN NOT debit AND phase IN ('POST_PENDING', 'VOID_PENDING') THEN -held END), 0) AS ch
              FROM legs GROUP BY account)
            SELECT a.code, a.debits_posted, s.dp, a.credits_posted, s.cp, a.debits_pending, s.dh,
                   a.credits_pending, s.ch
            FROM ledger_account a LEFT JOIN sums s ON s.account = a.id
            WHERE a.debits_posted <> COALESCE(s.dp, 0) OR a.credits_posted <> COALESCE(s.cp, 0)
               OR a.debits_pending <> COALESCE(s.dh, 0) OR a.credits_pending <> COALESCE(s.ch, 0)
            """;

    static List<String> violations(DatabaseUrl db) {
        List<String> problems = new ArrayList<>();
        try (Connection c = TestDatabases.snapshot(db);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(RECOMPUTED)) {
                while (rs.next()) {
                    problems.add("account " + rs.getString(1) + " counters differ from its entries: posted debits "
                            + rs.getLong(2) + " vs " + rs.getLong(3) + ", posted credits " + rs.getLong(4) + " vs "
                            + rs.getLong(5) + ", pending debits " + rs.getLong(6) + " vs " + rs.getLong(7)
                            + ", pending credits " + rs.getLong(8) + " vs " + rs.getLong(9));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(credits_posted - debits_posted), 0),"
                    + " COALESCE(SUM(credits_pending - debits_pending), 0) FROM ledger_account")) {
                rs.next();
                if (rs.getLong(1) != 0 || rs.getLong(2) != 0) {
                    problems.add("ledger does not sum to zero: posted " + rs.getLong(1) + ", pending " + rs.getLong(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT code FROM ledger_account WHERE"
                    + " (debits_must_not_exceed_credits AND debits_posted + debits_pending > credits_posted)"
                    + " OR (credits_must_not_exceed_debits AND credits_posted + credits_pending > debits_posted)")) {
                while (rs.next()) {
                    problems.add("account past its limit: " + rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT r.id FROM ledger_transfer r LEFT JOIN ledger_transfer p"
                    + " ON p.id = r.pending_id WHERE r.pending_id IS NOT NULL AND (p.phase <> 'PENDING'"
                    + " OR p.debit_account_id <> r.debit_account_id OR p.credit_account_id <> r.credit_account_id"
                    + " OR r.amount > p.amount)")) {
                while (rs.next()) {
                    problems.add("transfer resolves a pending transfer it does not match: " + rs.getString(1));
                }
            }
        } catch (SQLException e) {
            problems.add("cannot check the ledger: " + e.getMessage());
        }
        return problems;
    }
}
