package io.rafflestars.backend.ledger;

/** Why money moved. Stored as its name; the migration lists the same names. */
public enum TransferKind {
    PAYMENT,
    REFUND,
    HOUSE_FEE,
    PRIZE,
    PAYOUT,
    CORRECTION,
    /** Prize money no winner receives (a rejected payout, a place left without an eligible ticket): to the house. */
    FORFEIT,
    /**
     * A free entry to a sweepstakes raffle: always zero Stars (house → the raffle's pot), so the ledger lists every
     * ticket, paid or not. The only kind that may be zero.
     */
    FREE_ENTRY
}
