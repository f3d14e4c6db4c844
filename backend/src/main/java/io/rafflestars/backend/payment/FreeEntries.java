package io.rafflestars.backend.payment;

import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.audit.AuditEntry;
import io.rafflestars.backend.audit.AuditLog;
import io.rafflestars.backend.feed.Outbox;
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
import java.util.Map;
import java.util.Optional;

/**
 * Free entries to sweepstakes raffles (the "no purchase necessary" route app stores and many jurisdictions require):
 * a player claims up to the raffle's {@code freeEntriesPerPlayer} entries, each one ticket like a bought one (same
 * numbering, in the draw, counted against the tickets left and the per-player cap), with no Telegram payment. In one
 * transaction under the raffle's row lock: the ticket, the claim (the database refuses a claim past the limit), a
 * zero-value FREE_ENTRY transfer in the ledger (house → the raffle's pot), the audit entry and the feed event.
 */
public final class FreeEntries {
    private final Transactions tx;
    private final Clock clock;
    private final Ledger ledger;
    private final AuditLog audit;

    public FreeEntries(Transactions tx, Clock clock, Ledger ledger, AuditLog audit) {
        this.tx = tx;
        this.clock = clock;
        this.ledger = ledger;
        this.audit = audit;
    }

    /** A claimed entry: its ticket number, and how many more the player may claim in the raffle. */
    public record FreeEntry(long id, long raffleId, long playerId, int entryNo, int ticketNumber, int entriesLeft) {}

    /**
     * Claims the player's next free entry. Refusals, with nothing changed: NOT_FOUND (no such raffle, or a draft),
     * FREE_ENTRY_NOT_OFFERED, FREE_ENTRIES_USED, RAFFLE_NOT_OPEN, SOLD_OUT, PLAYER_CAP_REACHED.
     */
    public FreeEntry claim(long raffleId, long playerId) {
        return tx.run(t -> {
            Raffle raffle = RaffleService.load(t, raffleId, true);
            if (!raffle.state().visibleToPlayers()) {
                throw ApiException.notFound("No raffle " + raffleId);
            }
            int allowed = raffle.spec().freeEntriesPerPlayer();
            if (allowed == 0) {
                throw new ApiException(
                        ErrorCode.FREE_ENTRY_NOT_OFFERED, "Raffle " + raffleId + " offers no free entries");
            }
            int claimed = claimed(t, raffleId, playerId);
            if (claimed >= allowed) {
                throw new ApiException(
                        ErrorCode.FREE_ENTRIES_USED,
                        "You have claimed all " + allowed + " free " + (allowed == 1 ? "entry" : "entries")
                                + " of this raffle");
            }
            Optional<Decline> refusal = PaymentFlow.checkSale(t, raffle, playerId, 1, clock.instant());
            if (refusal.isPresent()) {
                throw switch (refusal.get()) {
                    case NOT_OPEN ->
                        new ApiException(
                                ErrorCode.RAFFLE_NOT_OPEN, "Raffle " + raffleId + " is not taking entries right now");
                    case SOLD_OUT -> new ApiException(ErrorCode.SOLD_OUT, "No tickets are left");
                    case PLAYER_CAP ->
                        new ApiException(
                                ErrorCode.PLAYER_CAP_REACHED,
                                "At most " + raffle.spec().perPlayerCap() + " tickets per player in this raffle");
                    case UNKNOWN_INVOICE, AMOUNT_MISMATCH ->
                        new IllegalStateException(refusal.get().name());
                };
            }
            // the row is locked: nobody else numbers tickets of this raffle until we commit
            int number = raffle.ticketsSold() + 1;
            t.namedUpdate("raffle-add-sold", 1, 0, raffleId);
            t.namedInsert("free-entry-ticket", raffleId, number, playerId);
            int entryNo = claimed + 1;
            long id = Rows.getLong(
                    t.namedGet("free-entry-insert", raffleId, playerId, entryNo, number)
                            .orElseThrow(),
                    "id");
            Actor player = Actor.telegram(playerId);
            AuditLog.actAs(t, player);
            ledger.post(
                    t,
                    new TransferRequest(
                            "free_entry:" + id,
                            Chart.HOUSE_REVENUE,
                            ledger.openAccount(t, Chart.rafflePot(raffleId)),
                            0,
                            TransferKind.FREE_ENTRY,
                            new Reference("free_entry", Long.toString(id))));
            audit.append(
                    t,
                    AuditEntry.of(
                            player,
                            "raffle.free_entry",
                            "raffle",
                            raffleId,
                            null,
                            Map.of("freeEntryId", id, "player", playerId, "entryNo", entryNo, "ticket", number)));
            Outbox.append(
                    t,
                    new FeedEvent.FreeEntryClaimed(
                            raffleId,
                            playerId,
                            id,
                            number,
                            number,
                            raffle.spec().totalTickets()));
            return new FreeEntry(id, raffleId, playerId, entryNo, number, allowed - entryNo);
        });
    }

    /** How many free entries the player has claimed in the raffle. */
    public int claimed(long raffleId, long playerId) {
        return tx.run(t -> claimed(t, raffleId, playerId));
    }

    private static int claimed(io.helidon.dbclient.DbTransaction t, long raffleId, long playerId) {
        return Rows.getInt(
                t.namedGet("free-entries-of-player", raffleId, playerId).orElseThrow(), "n");
    }
}
