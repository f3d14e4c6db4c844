package io.rafflestars.backend.payout;

import io.helidon.dbclient.DbRow;
import io.rafflestars.backend.platform.Rows;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A payout as finance sees it in the queue: the prize, its winner and raffle, the approvals so far and how long it has
 * been waiting.
 *
 * @param approvedBy the FINANCE users who approved it, in order
 * @param ageSeconds how long since the draw (or redraw, or reissue) created it
 * @param gift what a TELEGRAM_GIFT payout bought or will buy ({@code GIFT <id>} or {@code PREMIUM <months> months}),
 *     null until chosen
 */
public record PayoutView(
        long id,
        long raffleId,
        String raffleTitle,
        int place,
        Integer ticketNumber,
        long playerId,
        String playerName,
        long amount,
        String channel,
        String state,
        int approvals,
        int approvalsRequired,
        List<String> approvedBy,
        String drawnBy,
        String requestedBy,
        Instant createdAt,
        long ageSeconds,
        Instant holdExpiresAt,
        int attempts,
        Instant nextAttemptAt,
        String lastError,
        String gift,
        Long giftCost,
        String externalReference,
        Long replacesPayoutId,
        Instant resolvedAt) {

    static PayoutView of(DbRow r, Instant now) {
        Payout p = Payout.of(r);
        String approved = Rows.string(r, "approved_by");
        List<String> approvers = approved == null ? List.of() : Arrays.asList(approved.split("\n"));
        String first = Rows.string(r, "first_name");
        String username = Rows.string(r, "username");
        String name = first == null ? null : username == null ? first : first + " (@" + username + ")";
        String gift = p.giftKind() == null
                ? null
                : p.giftKind().equals("PREMIUM")
                        ? "PREMIUM " + new GiftChoice(p.giftKind(), p.giftId(), p.giftCost()).premiumMonths()
                                + " months"
                        : "GIFT " + p.giftId();
        return new PayoutView(
                p.id(),
                p.raffleId(),
                Rows.string(r, "raffle_title"),
                p.place(),
                Rows.intOrNull(r, "ticket_number"),
                p.playerId(),
                name,
                p.amount(),
                p.channel().name(),
                p.state().name(),
                approvers.size(),
                p.approvalsRequired(),
                approvers,
                p.drawnBy(),
                p.requestedBy(),
                p.createdAt(),
                Math.max(0, Duration.between(p.createdAt(), now).toSeconds()),
                p.holdExpiresAt(),
                p.attempts(),
                p.nextAttemptAt(),
                p.lastError(),
                gift,
                p.giftCost(),
                p.externalReference(),
                p.replacesPayoutId(),
                p.resolvedAt());
    }

    /** One finance decision on a payout, as recorded (append-only). */
    public record Decision(long id, String decision, String actor, String source, String reason, Instant at) {
        static Decision of(DbRow r) {
            return new Decision(
                    Rows.getLong(r, "id"),
                    Rows.string(r, "decision"),
                    Rows.string(r, "actor"),
                    Rows.string(r, "source"),
                    Rows.string(r, "reason"),
                    Rows.instant(r, "at"));
        }
    }

    /** A payout with every decision taken on it. */
    public record Detail(PayoutView payout, List<Decision> decisions) {}
}
