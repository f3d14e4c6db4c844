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
 * The outbox holds an event for everything committed: each credited payment has its PaymentReceived and TicketsSold,
 * each refunded one its RefundChanged, each audit row its AuditAppended. Checked after crashes, where a change without
 * its event (or an event without its change) would show.
 */
public final class OutboxCheck {
    private OutboxCheck() {}

    public static void assertComplete(DatabaseUrl db) {
        assertThat(violations(db)).as("outbox completeness").isEmpty();
    }

    public static List<String> violations(DatabaseUrl db) {
        List<String> problems = new ArrayList<>();
        String[][] checks = {
            {
                "credited payment without PaymentReceived",
                "SELECT p.id FROM payment p WHERE p.state = 'CREDITED' AND NOT EXISTS (SELECT 1 FROM outbox_event e"
                        + " WHERE e.type = 'PaymentReceived' AND (e.payload->>'paymentId')::bigint = p.id)"
            },
            {
                "credited payment without TicketsSold",
                "SELECT p.id FROM payment p WHERE p.state = 'CREDITED' AND NOT EXISTS (SELECT 1 FROM outbox_event e"
                        + " WHERE e.type = 'TicketsSold' AND (e.payload->>'paymentId')::bigint = p.id)"
            },
            {
                "refunded payment without RefundChanged REFUNDED",
                "SELECT p.id FROM payment p WHERE p.state = 'REFUNDED' AND NOT EXISTS (SELECT 1 FROM outbox_event e"
                        + " WHERE e.type = 'RefundChanged' AND e.payload->>'state' = 'REFUNDED'"
                        + " AND (e.payload->>'paymentId')::bigint = p.id)"
            },
            {
                "audit row without AuditAppended",
                "SELECT a.seq FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM outbox_event e"
                        + " WHERE e.type = 'AuditAppended' AND (e.payload->>'seq')::bigint = a.seq)"
            },
            {
                "TicketsSold without its payment",
                "SELECT e.id FROM outbox_event e WHERE e.type = 'TicketsSold' AND NOT EXISTS (SELECT 1 FROM payment p"
                        + " WHERE p.id = (e.payload->>'paymentId')::bigint)"
            }
        };
        try (Connection c = TestDatabases.connect(db);
                Statement s = c.createStatement()) {
            for (String[] check : checks) {
                try (ResultSet rs = s.executeQuery(check[1])) {
                    while (rs.next()) {
                        problems.add(check[0] + ": " + rs.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            problems.add("cannot check the outbox: " + e.getMessage());
        }
        return problems;
    }
}
