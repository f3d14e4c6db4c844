package io.rafflestars.backend.payout;

import io.helidon.dbclient.DbRow;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.raffle.RaffleSpec.PrizeChannel;
import java.time.Instant;

/** A payout as stored. */
public record Payout(
        long id,
        long raffleId,
        long winnerId,
        int place,
        long playerId,
        long amount,
        PrizeChannel channel,
        PayoutState state,
        int approvalsRequired,
        String drawnBy,
        String requestedBy,
        Instant holdExpiresAt,
        Long replacesPayoutId,
        String giftKind,
        String giftId,
        Long giftCost,
        String externalReference,
        int attempts,
        Instant nextAttemptAt,
        String lastError,
        Instant createdAt,
        Instant resolvedAt) {

    /** The pending ledger transfer that holds this payout's money. */
    public String holdId() {
        return holdId(id);
    }

    static String holdId(long payoutId) {
        return "payout:" + payoutId + ":hold";
    }

    static Payout of(DbRow r) {
        return new Payout(
                Rows.getLong(r, "id"),
                Rows.getLong(r, "raffle_id"),
                Rows.getLong(r, "winner_id"),
                Rows.getInt(r, "place"),
                Rows.getLong(r, "player_id"),
                Rows.getLong(r, "amount"),
                PrizeChannel.valueOf(Rows.string(r, "channel")),
                PayoutState.valueOf(Rows.string(r, "state")),
                Rows.getInt(r, "approvals_required"),
                Rows.string(r, "drawn_by"),
                Rows.string(r, "requested_by"),
                Rows.instant(r, "hold_expires_at"),
                Rows.longOrNull(r, "replaces_payout_id"),
                Rows.string(r, "gift_kind"),
                Rows.string(r, "gift_id"),
                Rows.longOrNull(r, "gift_cost"),
                Rows.string(r, "external_reference"),
                Rows.getInt(r, "attempts"),
                Rows.instant(r, "next_attempt_at"),
                Rows.string(r, "last_error"),
                Rows.instant(r, "created_at"),
                Rows.instant(r, "resolved_at"));
    }
}
