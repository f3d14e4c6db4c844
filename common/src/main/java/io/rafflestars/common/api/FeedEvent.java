package io.rafflestars.common.api;

import java.util.List;

/**
 * Everything the live feeds announce. Written to the outbox in the same transaction as the change. {@code stream}
 * groups events for subscription; raffle and player ids let feeds filter without parsing the payload.
 */
public sealed interface FeedEvent {
    String stream();

    Long raffleId();

    Long playerId();

    /** A raffle changed state (or was created or edited). */
    record RaffleChanged(long id, String state, String title, int ticketsSold, int totalTickets, String actor)
            implements FeedEvent {
        public String stream() {
            return "raffles";
        }

        public Long raffleId() {
            return id;
        }

        public Long playerId() {
            return null;
        }
    }

    /** A payment became tickets. */
    record TicketsSold(
            long raffle,
            long player,
            long paymentId,
            long amount,
            List<Integer> numbers,
            int ticketsSold,
            int totalTickets)
            implements FeedEvent {
        public String stream() {
            return "sales";
        }

        public Long raffleId() {
            return raffle;
        }

        public Long playerId() {
            return player;
        }
    }

    /** A Stars payment arrived (credited or to be refunded). */
    record PaymentReceived(long paymentId, String chargeId, Long raffle, long player, long amount, String state)
            implements FeedEvent {
        public String stream() {
            return "payments";
        }

        public Long raffleId() {
            return raffle;
        }

        public Long playerId() {
            return player;
        }
    }

    /** A refund was decided or confirmed by Telegram. */
    record RefundChanged(
            long paymentId, String chargeId, Long raffle, long player, long amount, String state, String reason)
            implements FeedEvent {
        public String stream() {
            return "payments";
        }

        public Long raffleId() {
            return raffle;
        }

        public Long playerId() {
            return player;
        }
    }

    /** Reconciliation found a difference between our records and Telegram's. */
    record ReconciliationMismatch(long mismatchId, String kind, String chargeId) implements FeedEvent {
        public String stream() {
            return "reconciliation";
        }

        public Long raffleId() {
            return null;
        }

        public Long playerId() {
            return null;
        }
    }

    /** A row was appended to the audit log. */
    record AuditAppended(long seq, String actor, String action, String targetType, String targetId)
            implements FeedEvent {
        public String stream() {
            return "audit";
        }

        public Long raffleId() {
            return null;
        }

        public Long playerId() {
            return null;
        }
    }

    /**
     * A raffle was drawn: the seed is revealed, the winners are known (docs/fairness.md). {@code winners} has one
     * entry per place; an unfilled place has null ticket and player.
     */
    record DrawCompleted(
            long raffle,
            String commitment,
            String seed,
            String ticketsHash,
            int tickets,
            List<Place> winners,
            String actor)
            implements FeedEvent {
        public String stream() {
            return "draws";
        }

        public Long raffleId() {
            return raffle;
        }

        public Long playerId() {
            return null;
        }
    }

    /** One place of a draw as announced; ticket and player are null when no eligible ticket was left for it. */
    record Place(int place, Integer ticket, Long player, long prize) {}

    /**
     * A winner was disqualified and the place redrawn from the continued stream; {@code replacement} is the new holder
     * of the place (null ticket and player when none was eligible).
     */
    record WinnerDisqualified(
            long raffle,
            int disqualifications,
            int place,
            int ticket,
            long player,
            String reason,
            Place replacement,
            String actor)
            implements FeedEvent {
        public String stream() {
            return "draws";
        }

        public Long raffleId() {
            return raffle;
        }

        public Long playerId() {
            return player;
        }
    }

    /** A payout was created or changed state (approved, executed, failed, rejected, voided, expired). */
    record PayoutChanged(
            long payoutId,
            long raffle,
            int place,
            long player,
            long amount,
            String channel,
            String state,
            int approvals,
            int approvalsRequired,
            String actor)
            implements FeedEvent {
        public String stream() {
            return "payouts";
        }

        public Long raffleId() {
            return raffle;
        }

        public Long playerId() {
            return player;
        }
    }

    /** A player spent prize credit on tickets (no Telegram payment involved). */
    record TicketsBoughtWithCredit(
            long raffle,
            long player,
            long purchaseId,
            long amount,
            List<Integer> numbers,
            int ticketsSold,
            int totalTickets)
            implements FeedEvent {
        public String stream() {
            return "sales";
        }

        public Long raffleId() {
            return raffle;
        }

        public Long playerId() {
            return player;
        }
    }

    /** A player claimed a free entry to a sweepstakes raffle: one ticket, no Stars. */
    record FreeEntryClaimed(long raffle, long player, long entryId, int ticketNumber, int ticketsSold, int totalTickets)
            implements FeedEvent {
        public String stream() {
            return "sales";
        }

        public Long raffleId() {
            return raffle;
        }

        public Long playerId() {
            return player;
        }
    }
}
