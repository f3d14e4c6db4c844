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
    FORFEIT
}
