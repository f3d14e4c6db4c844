package io.rafflestars.backend.payment;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.audit.AuditLog;
import io.rafflestars.backend.bot.PlayerNotices;
import io.rafflestars.backend.feed.Outbox;
import io.rafflestars.backend.ledger.Account;
import io.rafflestars.backend.ledger.Chart;
import io.rafflestars.backend.ledger.Ledger;
import io.rafflestars.backend.ledger.Reference;
import io.rafflestars.backend.ledger.TransferKind;
import io.rafflestars.backend.ledger.TransferRequest;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleService;
import io.rafflestars.common.api.ErrorCode;
import io.rafflestars.common.api.FeedEvent;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Tickets bought with prize credit (docs/payouts.md): no Telegram payment, the ledger moves the price from the
 * player's prize credit to the raffle's pot. The same rules as a Stars purchase apply (raffle open, tickets left,
 * per-player cap, checked under the raffle's row lock), and the tickets, the transfer and the announcement commit
 * together. A cancelled raffle gives the credit back, in the cancelling transaction.
 */
public final class CreditPurchases implements RaffleService.CancellationHook {
    private final Transactions tx;
    private final Clock clock;
    private final Ledger ledger;
    private final PlayerNotices notices;

    public CreditPurchases(Transactions tx, Clock clock, Ledger ledger, PlayerNotices notices) {
        this.tx = tx;
        this.clock = clock;
        this.ledger = ledger;
        this.notices = notices;
    }

    /**
     * The tickets a purchase issued.
     *
     * @param replayed true when {@code requestKey} had bought before: nothing new happened
     */
    public record CreditPurchase(
            long id,
            long raffleId,
            long playerId,
            int quantity,
            long amount,
            List<Integer> numbers,
            boolean replayed) {}

    /**
     * Buys {@code quantity} tickets of an open raffle with the player's prize credit. {@code requestKey} (1-100
     * characters, chosen by the caller, e.g. the Mini App's request id) makes a retried request buy once: the same key
     * again returns the first purchase. Refusals: RAFFLE_NOT_OPEN, SOLD_OUT, PLAYER_CAP_REACHED, INSUFFICIENT_CREDIT,
     * CONFLICT (the key was used for a different purchase), VALIDATION_FAILED.
     */
    public CreditPurchase buy(long raffleId, long playerId, int quantity, String requestKey) {
        if (quantity < 1) {
            throw ApiException.invalid("quantity", "quantity must be at least 1");
        }
        if (requestKey == null || requestKey.isBlank() || requestKey.length() > 100) {
            throw ApiException.invalid("requestKey", "requestKey must be 1 to 100 characters");
        }
        return tx.run(t -> {
            Optional<DbRow> earlier = t.namedGet("credit-purchase-by-key", requestKey);
            if (earlier.isPresent()) {
                return replay(t, earlier.get(), raffleId, playerId, quantity);
            }
            Raffle raffle = RaffleService.load(t, raffleId, true);
            Optional<Decline> refusal = PaymentFlow.checkSale(t, raffle, playerId, quantity, clock.instant());
            if (refusal.isPresent()) {
                throw switch (refusal.get()) {
                    case NOT_OPEN ->
                        new ApiException(
                                ErrorCode.RAFFLE_NOT_OPEN, "Raffle " + raffleId + " is not selling tickets right now");
                    case SOLD_OUT -> new ApiException(ErrorCode.SOLD_OUT, "Not enough tickets left for " + quantity);
                    case PLAYER_CAP ->
                        new ApiException(
                                ErrorCode.PLAYER_CAP_REACHED,
                                "At most " + raffle.spec().perPlayerCap() + " tickets per player in this raffle");
                    case UNKNOWN_INVOICE, AMOUNT_MISMATCH ->
                        new IllegalStateException(refusal.get().name());
                };
            }
            long amount = Math.multiplyExact(raffle.spec().ticketPrice(), (long) quantity);
            String credit = Chart.playerCredit(playerId).code();
            long available =
                    ledger.lockedAccount(t, credit).map(Account::debitRoom).orElse(0L);
            if (available < amount) {
                throw new ApiException(
                        ErrorCode.INSUFFICIENT_CREDIT,
                        quantity + " tickets cost " + amount + " Stars; the player's prize credit is " + available);
            }
            long id = Rows.getLong(
                    t.namedGet("credit-purchase-insert", requestKey, raffleId, playerId, quantity, amount)
                            .orElseThrow(),
                    "id");
            t.namedUpdate("raffle-add-sold", quantity, 0, raffleId);
            int last = raffle.ticketsSold() + quantity;
            int first = last - quantity + 1;
            t.namedInsert("tickets-issue-credit", raffleId, playerId, id, first, last);
            AuditLog.actAs(t, Actor.telegram(playerId));
            String pot = ledger.openAccount(t, Chart.rafflePot(raffleId));
            ledger.post(
                    t,
                    new TransferRequest(
                            "credit_purchase:" + id,
                            credit,
                            pot,
                            amount,
                            TransferKind.PAYMENT,
                            new Reference("credit_purchase", Long.toString(id))));
            List<Integer> numbers = IntStream.rangeClosed(first, last).boxed().toList();
            Outbox.append(
                    t,
                    new FeedEvent.TicketsBoughtWithCredit(
                            raffleId,
                            playerId,
                            id,
                            amount,
                            numbers,
                            last,
                            raffle.spec().totalTickets()));
            notices.ticketsBoughtWithCredit(t, playerId, raffle, numbers, amount, id);
            return new CreditPurchase(id, raffleId, playerId, quantity, amount, numbers, false);
        });
    }

    private static CreditPurchase replay(DbTransaction t, DbRow row, long raffleId, long playerId, int quantity) {
        long id = Rows.getLong(row, "id");
        if (Rows.getLong(row, "raffle_id") != raffleId
                || Rows.getLong(row, "player_id") != playerId
                || Rows.getInt(row, "quantity") != quantity) {
            throw new ApiException(
                    ErrorCode.CONFLICT, "requestKey was already used for a different purchase (" + id + ")");
        }
        List<Integer> numbers;
        try (var rows = t.namedQuery("credit-purchase-numbers", id)) {
            numbers = rows.map(r -> Rows.getInt(r, "number")).toList();
        }
        return new CreditPurchase(id, raffleId, playerId, quantity, Rows.getLong(row, "amount"), numbers, true);
    }

    /** A cancelled raffle: every credit purchase goes back to its player's prize credit at once. */
    @Override
    public void onCancelled(DbTransaction t, Raffle raffle, String reason) {
        List<DbRow> purchases;
        try (var rows = t.namedQuery("credit-purchases-of-raffle", raffle.id())) {
            purchases = rows.toList();
        }
        for (DbRow p : purchases) {
            long id = Rows.getLong(p, "id");
            long player = Rows.getLong(p, "player_id");
            long amount = Rows.getLong(p, "amount");
            t.namedUpdate("credit-purchase-refunded", id);
            ledger.post(
                    t,
                    new TransferRequest(
                            "credit_refund:" + id,
                            Chart.rafflePot(raffle.id()).code(),
                            ledger.openAccount(t, Chart.playerCredit(player)),
                            amount,
                            TransferKind.REFUND,
                            new Reference("credit_purchase", Long.toString(id))));
            notices.creditReturned(t, player, raffle, amount, id);
        }
    }
}
