package io.rafflestars.backend.testing;

import io.rafflestars.backend.platform.DatabaseUrl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The invariants of draws, payouts and credit purchases, read from the stored rows: every payout's money is held, or
 * moved exactly once (paid, forfeited, or released for a replacement); each raffle's prize liability is exactly what
 * its payouts in force owe; a drawn raffle's pot is empty and its split adds up; nothing moved past approval without
 * its approvals from people other than whoever drew or requested it; every credit purchase has its transfer.
 */
final class PayoutCheck {
    private PayoutCheck() {}

    private static final String IN_FORCE = "('PENDING_APPROVAL', 'APPROVED', 'EXECUTING', 'FAILED', 'EXPIRED')";

    /** What each query finds is a violation; the key says which. */
    private static final Map<String, String> CHECKS = Map.ofEntries(
            Map.entry(
                    "payout without its pending hold of the payout's amount",
                    "SELECT p.id FROM payout p LEFT JOIN ledger_transfer h ON h.id = 'payout:' || p.id || ':hold'"
                            + " WHERE h.id IS NULL OR h.phase <> 'PENDING' OR h.amount <> p.amount"
                            + " OR h.reference_type <> 'payout' OR h.reference_id <> p.id::text"),
            Map.entry(
                    "payout hold resolved otherwise than its state says",
                    "SELECT p.id, p.state, r.phase FROM payout p LEFT JOIN ledger_transfer r"
                            + " ON r.pending_id = 'payout:' || p.id || ':hold'"
                            + " WHERE CASE WHEN p.state IN ('PENDING_APPROVAL', 'APPROVED', 'EXECUTING', 'FAILED')"
                            + " THEN r.id IS NOT NULL"
                            + " WHEN p.state = 'EXECUTED' THEN r.phase IS DISTINCT FROM 'POST_PENDING'"
                            + " ELSE r.phase IS DISTINCT FROM 'VOID_PENDING' END"),
            Map.entry(
                    "executed payout did not move exactly its amount (posted + change)",
                    "SELECT p.id FROM payout p WHERE p.state = 'EXECUTED' AND p.amount <>"
                            + " COALESCE((SELECT amount FROM ledger_transfer WHERE id = 'payout:' || p.id || ':post'), 0)"
                            + " + COALESCE((SELECT amount FROM ledger_transfer WHERE id = 'payout:' || p.id"
                            + " || ':change'), 0)"),
            Map.entry(
                    "money moved for a payout that is not executed",
                    "SELECT p.id FROM payout p WHERE p.state <> 'EXECUTED' AND EXISTS (SELECT 1 FROM ledger_transfer t"
                            + " WHERE t.id IN ('payout:' || p.id || ':post', 'payout:' || p.id || ':change'))"),
            Map.entry(
                    "rejected payout without its forfeit (or a forfeit without a rejection)",
                    "SELECT p.id FROM payout p WHERE (p.state = 'REJECTED') <> EXISTS (SELECT 1 FROM ledger_transfer t"
                            + " WHERE t.id = 'payout:' || p.id || ':forfeit' AND t.amount = p.amount)"),
            Map.entry(
                    "prize liability differs from what the raffle's payouts in force owe",
                    "SELECT a.raffle_id, a.credits_posted - a.debits_posted AS owed FROM ledger_account a"
                            + " WHERE a.type = 'PRIZE_LIABILITY' AND a.credits_posted - a.debits_posted <>"
                            + " (SELECT COALESCE(SUM(amount), 0) FROM payout p WHERE p.raffle_id = a.raffle_id"
                            + " AND p.state IN " + IN_FORCE + ")"),
            Map.entry(
                    "raffle state and draw record disagree",
                    "SELECT r.id, r.state FROM raffle r WHERE (r.state IN ('DRAWN', 'SETTLED'))"
                            + " <> EXISTS (SELECT 1 FROM raffle_draw d WHERE d.raffle_id = r.id)"),
            Map.entry(
                    "drawn raffle with money left in its pot",
                    "SELECT a.raffle_id FROM ledger_account a JOIN raffle r ON r.id = a.raffle_id"
                            + " WHERE a.type = 'RAFFLE_POT' AND r.state IN ('DRAWN', 'SETTLED')"
                            + " AND (a.credits_posted <> a.debits_posted OR a.debits_pending <> 0)"),
            Map.entry(
                    "draw split does not add up to the pot",
                    "SELECT d.raffle_id FROM raffle_draw d WHERE d.pot <> d.house_fee + d.house_remainder"
                            + " + (SELECT COALESCE(SUM(prize), 0) FROM draw_winner w WHERE w.raffle_id = d.raffle_id"
                            + " AND w.round = 0)"),
            Map.entry(
                    "settled raffle with a payout in force, or drawn raffle with none",
                    "SELECT r.id, r.state FROM raffle r WHERE (r.state = 'SETTLED' AND EXISTS (SELECT 1 FROM payout p"
                            + " WHERE p.raffle_id = r.id AND p.state IN " + IN_FORCE + ")) OR (r.state = 'DRAWN' AND"
                            + " NOT EXISTS (SELECT 1 FROM payout p WHERE p.raffle_id = r.id AND p.state IN "
                            + IN_FORCE + "))"),
            Map.entry(
                    "payout past approval without its approvals by others",
                    "SELECT p.id FROM payout p WHERE p.state IN ('APPROVED', 'EXECUTING', 'EXECUTED', 'FAILED')"
                            + " AND (SELECT count(DISTINCT d.actor) FROM payout_decision d WHERE d.payout_id = p.id"
                            + " AND d.decision = 'APPROVE' AND d.actor NOT IN (p.drawn_by, p.requested_by))"
                            + " < p.approvals_required"),
            Map.entry(
                    "decision by whoever drew the raffle or requested the payout",
                    "SELECT d.id FROM payout_decision d JOIN payout p ON p.id = d.payout_id"
                            + " WHERE d.actor IN (p.drawn_by, p.requested_by)"),
            Map.entry(
                    "credit purchase without its transfer, or refund state and transfer disagree",
                    "SELECT c.id FROM credit_purchase c WHERE NOT EXISTS (SELECT 1 FROM ledger_transfer t"
                            + " WHERE t.id = 'credit_purchase:' || c.id AND t.amount = c.amount)"
                            + " OR (c.state = 'REFUNDED') <> EXISTS (SELECT 1 FROM ledger_transfer t"
                            + " WHERE t.id = 'credit_refund:' || c.id AND t.amount = c.amount)"));

    static List<String> violations(DatabaseUrl db) {
        List<String> problems = new ArrayList<>();
        try (Connection c = TestDatabases.snapshot(db);
                Statement s = c.createStatement()) {
            for (var check : CHECKS.entrySet()) {
                try (ResultSet rs = s.executeQuery(check.getValue())) {
                    while (rs.next()) {
                        StringBuilder sb = new StringBuilder(check.getKey()).append(':');
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
        } catch (SQLException e) {
            problems.add("cannot check payouts: " + e.getMessage());
        }
        return problems;
    }
}
