package io.rafflestars.backend.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.rafflestars.backend.platform.DatabaseUrl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The one invariant checker every money-moving scenario test ends with. It reads the database directly, so it checks
 * what was stored, not what the code believes.
 */
public final class Invariants {
    private Invariants() {}

    /** Fails the test with every violated invariant listed. */
    public static void assertHold(DatabaseUrl db) {
        assertThat(violations(db)).as("invariant violations").isEmpty();
    }

    public static List<String> violations(DatabaseUrl db) {
        List<String> problems = new ArrayList<>();
        try (Connection c = TestDatabases.snapshot(db)) {
            // tickets equal paid quantities (Stars payments and prize credit) plus free entries, per raffle
            rows(
                    c,
                    problems,
                    "tickets != paid quantity + free entries",
                    "SELECT r.id, r.tickets_sold, (SELECT count(*) FROM ticket t WHERE t.raffle_id = r.id) AS tickets,"
                            + " (SELECT COALESCE(SUM(quantity), 0) FROM payment p WHERE p.raffle_id = r.id)"
                            + " + (SELECT COALESCE(SUM(quantity), 0) FROM credit_purchase p WHERE p.raffle_id = r.id)"
                            + " AS paid FROM raffle r WHERE r.tickets_sold <> (SELECT count(*) FROM ticket t"
                            + " WHERE t.raffle_id = r.id) OR (SELECT count(*) FROM ticket t WHERE t.raffle_id = r.id)"
                            + " <> (SELECT COALESCE(SUM(quantity), 0) FROM payment p WHERE p.raffle_id = r.id)"
                            + " + (SELECT COALESCE(SUM(quantity), 0) FROM credit_purchase p WHERE p.raffle_id = r.id)"
                            + " + (SELECT count(*) FROM free_entry f WHERE f.raffle_id = r.id)");
            // every free ticket is one claim of its holder, within the raffle's limit, with its zero-value transfer
            rows(
                    c,
                    problems,
                    "free ticket without its claim, or claim without its free ticket",
                    "SELECT t.raffle_id, t.number FROM ticket t FULL JOIN free_entry f ON f.raffle_id = t.raffle_id"
                            + " AND f.ticket_number = t.number WHERE (t.free_entry AND f.id IS NULL)"
                            + " OR (f.id IS NOT NULL AND (t.number IS NULL OR NOT t.free_entry"
                            + " OR t.player_id <> f.player_id))");
            rows(
                    c,
                    problems,
                    "more free entries than the raffle allows",
                    "SELECT f.raffle_id, f.player_id FROM free_entry f JOIN raffle r ON r.id = f.raffle_id"
                            + " GROUP BY f.raffle_id, f.player_id, r.free_entries_per_player"
                            + " HAVING count(*) > r.free_entries_per_player");
            rows(
                    c,
                    problems,
                    "free entry without its zero-value FREE_ENTRY transfer",
                    "SELECT f.id FROM free_entry f WHERE NOT EXISTS (SELECT 1 FROM ledger_transfer t WHERE t.id ="
                            + " 'free_entry:' || f.id AND t.kind = 'FREE_ENTRY' AND t.amount = 0)");
            // held counters equal the live holds
            rows(
                    c,
                    problems,
                    "tickets_held != live holds",
                    "SELECT r.id, r.tickets_held FROM raffle r WHERE r.tickets_held <> (SELECT COALESCE(SUM(quantity),"
                            + " 0) FROM ticket_hold h WHERE h.raffle_id = r.id AND h.state = 'HELD')");
            // ticket numbers run 1..n without gaps
            rows(
                    c,
                    problems,
                    "ticket numbers have gaps",
                    "SELECT raffle_id FROM ticket GROUP BY raffle_id HAVING max(number) <> count(*)");
            // payments and the ledger agree
            rows(
                    c,
                    problems,
                    "credited payment without its ledger transfer",
                    "SELECT p.telegram_payment_charge_id FROM payment p WHERE p.state = 'CREDITED' AND NOT EXISTS"
                            + " (SELECT 1 FROM ledger_transfer t WHERE t.id = 'payment:' || p.telegram_payment_charge_id)");
            rows(
                    c,
                    problems,
                    "refunded payment without its refund transfer",
                    "SELECT p.telegram_payment_charge_id FROM payment p WHERE p.state = 'REFUNDED' AND NOT EXISTS"
                            + " (SELECT 1 FROM ledger_transfer t WHERE t.id = 'refund:' || p.telegram_payment_charge_id)");
            rows(
                    c,
                    problems,
                    "payment with a refund transfer but not refunded",
                    "SELECT p.telegram_payment_charge_id FROM payment p WHERE p.state <> 'REFUNDED' AND EXISTS"
                            + " (SELECT 1 FROM ledger_transfer t WHERE t.id = 'refund:' || p.telegram_payment_charge_id)");
            rows(
                    c,
                    problems,
                    "payment without any ledger transfer",
                    "SELECT p.telegram_payment_charge_id FROM payment p WHERE NOT EXISTS"
                            + " (SELECT 1 FROM ledger_transfer t WHERE t.id = 'payment:' || p.telegram_payment_charge_id)");
        } catch (SQLException e) {
            problems.add("cannot check: " + e.getMessage());
        }
        problems.addAll(ledgerViolations(db));
        problems.addAll(PayoutCheck.violations(db));
        problems.addAll(AuditChainCheck.violations(db));
        return problems;
    }

    private static List<String> ledgerViolations(DatabaseUrl db) {
        return LedgerCheck.violations(db);
    }

    private static void rows(Connection c, List<String> problems, String what, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                StringBuilder sb = new StringBuilder(what).append(":");
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    sb.append(' ')
                            .append(rs.getMetaData().getColumnName(i))
                            .append('=')
                            .append(rs.getString(i));
                }
                problems.add(sb.toString());
            }
        }
    }
}
