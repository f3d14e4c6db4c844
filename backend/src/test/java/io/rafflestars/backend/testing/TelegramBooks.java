package io.rafflestars.backend.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.telegram.BotApiClient;
import io.rafflestars.telegramfake.FakeTelegram;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Our payments against Telegram's own books (getStarTransactions, read through the Bot API like reconciliation
 * does): every Star a player paid is either tickets or a refund, every refund Telegram made is one we recorded, and we
 * record no payment Telegram does not know.
 */
public final class TelegramBooks {
    private TelegramBooks() {}

    /** Fails with every difference listed. Call once no refund is pending any more. */
    public static void assertEveryChargeIsTicketsOrRefund(DatabaseUrl db, FakeTelegram telegram) {
        assertThat(violations(db, telegram)).as("Telegram's books vs ours").isEmpty();
    }

    public static List<String> violations(DatabaseUrl db, FakeTelegram telegram) {
        Map<String, Long> charged = new HashMap<>();
        Set<String> refunded = new HashSet<>();
        BotApiClient api = new BotApiClient(telegram.baseUrl(), telegram.botToken());
        for (int offset = 0; ; offset += 100) {
            JsonNode page = api.getStarTransactions(offset, 100).path("transactions");
            for (JsonNode t : page) {
                if (t.has("source")) {
                    charged.put(t.path("id").asText(), t.path("amount").asLong());
                } else if (t.has("receiver")) {
                    refunded.add(t.path("id").asText());
                }
            }
            if (page.size() < 100) {
                break;
            }
        }
        List<String> problems = new ArrayList<>();
        Map<String, Payment> ours = new HashMap<>();
        try (Connection c = TestDatabases.connect(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT p.telegram_payment_charge_id, p.amount, p.quantity, p.state,"
                        + " (SELECT count(*) FROM ticket t WHERE t.payment_id = p.id) AS tickets FROM payment p")) {
            while (rs.next()) {
                ours.put(rs.getString(1), new Payment(rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getLong(5)));
            }
        } catch (SQLException e) {
            problems.add("cannot read payments: " + e.getMessage());
            return problems;
        }
        charged.forEach((charge, amount) -> {
            Payment p = ours.get(charge);
            if (p == null) {
                problems.add("Telegram charged " + charge + " (" + amount + " Stars) and we have no payment for it");
            } else if (p.amount() != amount) {
                problems.add("charge " + charge + ": Telegram " + amount + " Stars, we recorded " + p.amount());
            } else if (p.state().equals("CREDITED") && (p.quantity() < 1 || p.tickets() != p.quantity())) {
                problems.add("charge " + charge + " credited with " + p.tickets() + " tickets for " + p.quantity());
            } else if (p.state().equals("REFUND_DUE")) {
                problems.add("charge " + charge + " still waits for its refund");
            } else if (p.state().equals("REFUNDED") != refunded.contains(charge)) {
                problems.add("charge " + charge + " is " + p.state() + " here but "
                        + (refunded.contains(charge) ? "refunded" : "not refunded") + " at Telegram");
            }
        });
        ours.keySet().stream()
                .filter(charge -> !charged.containsKey(charge))
                .forEach(charge -> problems.add("payment " + charge + " is unknown to Telegram"));
        return problems;
    }

    private record Payment(long amount, int quantity, String state, long tickets) {}
}
