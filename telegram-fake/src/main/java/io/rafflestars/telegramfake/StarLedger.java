package io.rafflestars.telegramfake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The bot's Telegram Star account: incoming invoice payments, outgoing refunds, and the charges they refer to. */
final class StarLedger {

    enum Direction {
        INCOMING,
        OUTGOING
    }

    /** A StarTransaction; refunds reuse the id of the payment they refund, as Telegram documents. */
    record Entry(String id, long amount, long date, Direction direction, Account user, String invoicePayload) {}

    /** A successful payment that may be refunded once. */
    record Charge(String chargeId, Account user, long amount, String currency, String invoicePayload) {}

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Charge> charges = new HashMap<>();
    private final Map<String, Boolean> refunded = new HashMap<>();

    /** Records an incoming payment; a charge id seen before is not booked twice (replayed updates are not money). */
    synchronized boolean recordPayment(Charge charge, long date) {
        if (charges.putIfAbsent(charge.chargeId(), charge) != null) {
            return false;
        }
        entries.add(new Entry(
                charge.chargeId(), charge.amount(), date, Direction.INCOMING, charge.user(), charge.invoicePayload()));
        return true;
    }

    /** Books the refund or fails the way refundStarPayment does. */
    synchronized Charge refund(long userId, String chargeId, long date) {
        Charge charge = charges.get(chargeId);
        // A charge of another user is as unknown to this user as a made-up one.
        if (charge == null || charge.user().id() != userId) {
            throw BotApiException.badRequest("CHARGE_NOT_FOUND");
        }
        if (refunded.putIfAbsent(chargeId, true) != null) {
            throw BotApiException.badRequest("CHARGE_ALREADY_REFUNDED");
        }
        entries.add(
                new Entry(chargeId, charge.amount(), date, Direction.OUTGOING, charge.user(), charge.invoicePayload()));
        return charge;
    }

    synchronized Optional<Charge> charge(String chargeId) {
        return Optional.ofNullable(charges.get(chargeId));
    }

    synchronized long balance() {
        return entries.stream()
                .mapToLong(e -> e.direction() == Direction.INCOMING ? e.amount() : -e.amount())
                .sum();
    }

    /** A StarTransactions object: chronological order, as the Bot API reference states, skipping {@code offset}. */
    synchronized ObjectNode page(int offset, int limit) {
        ObjectNode result = TelegramObjects.object();
        ArrayNode transactions = result.putArray("transactions");
        entries.stream().skip(offset).limit(limit).map(StarLedger::toJson).forEach(transactions::add);
        return result;
    }

    private static ObjectNode toJson(Entry entry) {
        ObjectNode transaction = TelegramObjects.object();
        transaction.put("id", entry.id());
        transaction.put("date", entry.date());
        ObjectNode partner = TelegramObjects.object();
        partner.put("transaction_type", "invoice_payment");
        partner.put("type", "user");
        partner.set("user", TelegramObjects.user(entry.user()));
        if (entry.invoicePayload() != null && !entry.invoicePayload().isEmpty()) {
            partner.put("invoice_payload", entry.invoicePayload());
        }
        transaction.set(entry.direction() == Direction.INCOMING ? "source" : "receiver", partner);
        transaction.put("amount", entry.amount());
        return transaction;
    }
}
