package io.rafflestars.backend.ledger;

/** Why money moved. Stored as its name; the migration lists the same names. */
public enum TransferKind {
    PAYMENT,
    REFUND,
    HOUSE_FEE,
    PRIZE,
    PAYOUT,
    CORRECTION
}
