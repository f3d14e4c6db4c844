package io.rafflestars.telegramfake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bot's Telegram Star account: incoming invoice payments (and test top-ups), outgoing refunds and purchases (gifts,
 * Premium), and the charges they refer to. The balance never goes below zero: a purchase it cannot pay is refused.
 */
final class StarLedger {

    enum Direction {
        INCOMING,
        OUTGOING
    }

    /**
     * A StarTransaction; refunds reuse the id of the payment they refund, as Telegram documents. {@code user} is null
     * for a top-up (partner "other"); {@code transactionType} is the TransactionPartnerUser type.
     */
    record Entry(
            String id,
            long amount,
            long date,
            Direction direction,
            Account user,
            String invoicePayload,
            String transactionType,
            ObjectNode gift,
            Integer premiumMonths) {}

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
                charge.chargeId(),
                charge.amount(),
                date,
                Direction.INCOMING,
                charge.user(),
                charge.invoicePayload(),
                "invoice_payment",
                null,
                null));
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
        entries.add(new Entry(
                chargeId,
                charge.amount(),
                date,
                Direction.OUTGOING,
                charge.user(),
                charge.invoicePayload(),
                "invoice_payment",
                null,
                null));
        return charge;
    }

    /**
     * Pays for a gift ({@code gift} set) or Premium ({@code premiumMonths} set) for {@code user} from the balance, or
     * refuses with BALANCE_TOO_LOW.
     */
    synchronized void purchase(Account user, long stars, ObjectNode gift, Integer premiumMonths, long date) {
        if (balance() < stars) {
            throw BotApiException.badRequest("BALANCE_TOO_LOW");
        }
        entries.add(new Entry(
                Ids.transactionId(),
                stars,
                date,
                Direction.OUTGOING,
                user,
                null,
                gift != null ? "gift_purchase" : "premium_purchase",
                gift,
                premiumMonths));
    }

    /** Stars added to the bot's balance from outside (a test's top-up; partner "other"). */
    synchronized void topUp(long stars, long date) {
        entries.add(new Entry(Ids.transactionId(), stars, date, Direction.INCOMING, null, null, null, null, null));
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
        if (entry.user() == null) {
            partner.put("type", "other");
        } else {
            partner.put("transaction_type", entry.transactionType());
            partner.put("type", "user");
            partner.set("user", TelegramObjects.user(entry.user()));
            if (entry.invoicePayload() != null && !entry.invoicePayload().isEmpty()) {
                partner.put("invoice_payload", entry.invoicePayload());
            }
            if (entry.gift() != null) {
                partner.set("gift", entry.gift());
            }
            if (entry.premiumMonths() != null) {
                partner.put("premium_subscription_duration", entry.premiumMonths());
            }
        }
        transaction.set(entry.direction() == Direction.INCOMING ? "source" : "receiver", partner);
        transaction.put("amount", entry.amount());
        return transaction;
    }
}
