package io.rafflestars.backend.payout;

/** Where a payout is (docs/payouts.md has the diagram). The database allows only the moves listed there. */
public enum PayoutState {
    /** Created by the draw with its money held; waits for one or two FINANCE approvals. */
    PENDING_APPROVAL,
    /** Approved: a gift waits for the executor, an off-platform payout for finance to record its payment. */
    APPROVED,
    /** A Telegram gift call is in flight (this instance holds a lease on it). */
    EXECUTING,
    /** The gift failed (Telegram refused, or the outcome is unknown); the money is still held; retry or reject. */
    FAILED,
    /** Paid: the hold is posted. */
    EXECUTED,
    /** Finance refused to pay: the hold is voided and the prize forfeited to the house. */
    REJECTED,
    /** The winner was disqualified: the hold is voided and a new payout replaces this one. */
    VOIDED,
    /** Nobody paid it in time: the hold is voided; the prize is still owed until finance reissues or rejects it. */
    EXPIRED,
    /** Expired and replaced by a new payout for the same prize. */
    REISSUED;

    /** Its hold is still pending in the ledger. */
    public boolean held() {
        return switch (this) {
            case PENDING_APPROVAL, APPROVED, EXECUTING, FAILED -> true;
            case EXECUTED, REJECTED, VOIDED, EXPIRED, REISSUED -> false;
        };
    }
}
