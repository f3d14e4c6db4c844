package io.rafflestars.backend.bot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.dbclient.DbTransaction;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.telegram.OutgoingMessages;
import io.rafflestars.backend.telegram.TelegramUser;
import java.util.List;
import java.util.function.Function;

/**
 * Messages to players about their money, queued in the same transaction as the change they announce, so a player is
 * told exactly when it happened. The dedupe key makes a retried transaction queue the message once.
 */
public final class PlayerNotices {
    private final OutgoingMessages outgoing;

    public PlayerNotices(OutgoingMessages outgoing) {
        this.outgoing = outgoing;
    }

    public void ticketsIssued(
            DbTransaction t, long chatId, TelegramUser player, Raffle raffle, List<Integer> numbers, String chargeId) {
        send(
                t,
                chatId,
                Texts.ticketsIssued(
                        Lang.of(player.languageCode()), raffle.spec().title(), numbers),
                "tickets:" + chargeId);
    }

    public void refundComing(DbTransaction t, long chatId, TelegramUser player, long amount, String chargeId) {
        send(t, chatId, Texts.refundComing(Lang.of(player.languageCode()), amount), "refund-due:" + chargeId);
    }

    public void raffleCancelled(DbTransaction t, long playerId, Raffle raffle, long amount, String chargeId) {
        send(
                t,
                playerId,
                Texts.raffleCancelled(language(t, playerId), raffle.spec().title(), amount),
                "cancelled:" + chargeId);
    }

    /** A cancelled raffle's player who held only free entries: nothing to refund, but the entry is void. */
    public void freeEntryCancelled(DbTransaction t, long playerId, Raffle raffle) {
        send(
                t,
                playerId,
                Texts.freeEntryCancelled(language(t, playerId), raffle.spec().title()),
                "cancelled-free:" + raffle.id() + ":" + playerId);
    }

    public void refunded(DbTransaction t, long playerId, long amount, String chargeId) {
        send(t, playerId, Texts.refunded(language(t, playerId), amount), "refunded:" + chargeId);
    }

    /** A winner is told at the draw (and a new winner at a redraw); {@code key} names the place's holder. */
    public void prizeWon(DbTransaction t, long playerId, String title, int place, int ticket, long prize, String key) {
        send(t, playerId, Texts.prizeWon(language(t, playerId), title, place, ticket, prize), "won:" + key);
    }

    public void payoutApproved(DbTransaction t, long playerId, long payoutId, String title, int place, long amount) {
        send(
                t,
                playerId,
                Texts.payoutApproved(language(t, playerId), title, place, amount),
                "payout-approved:" + payoutId);
    }

    /** The prize arrived; {@code text} says how (credit, gift, Premium, paid off platform). */
    public void payoutExecuted(DbTransaction t, long playerId, long payoutId, Function<Lang, String> text) {
        send(t, playerId, text.apply(language(t, playerId)), "payout-executed:" + payoutId);
    }

    public void ticketsBoughtWithCredit(
            DbTransaction t, long playerId, Raffle raffle, List<Integer> numbers, long amount, long purchaseId) {
        send(
                t,
                playerId,
                Texts.ticketsBoughtWithCredit(
                        language(t, playerId), raffle.spec().title(), numbers, amount),
                "credit-tickets:" + purchaseId);
    }

    public void creditReturned(DbTransaction t, long playerId, Raffle raffle, long amount, long purchaseId) {
        send(
                t,
                playerId,
                Texts.creditReturned(language(t, playerId), raffle.spec().title(), amount),
                "credit-returned:" + purchaseId);
    }

    /** The player's language as last seen in an update; private chats have the user's id as chat id. */
    static Lang language(DbTransaction t, long playerId) {
        return Lang.of(t.namedGet("player-language", playerId)
                .map(r -> Rows.string(r, "language_code"))
                .orElse(null));
    }

    private void send(DbTransaction t, long chatId, String text, String dedupeKey) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("chat_id", chatId);
        body.put("text", text);
        outgoing.enqueue(t, chatId, "sendMessage", body, dedupeKey);
    }
}
