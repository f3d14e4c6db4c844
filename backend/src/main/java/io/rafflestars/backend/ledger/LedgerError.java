package io.rafflestars.backend.ledger;

/** Every reason the ledger refuses a transfer, each with its own name (TigerBeetle's habit). */
public enum LedgerError {
    ID_INVALID,
    FIELD_MISSING,
    /** A reference is a type (1-40 characters) and an id (1-200). */
    REFERENCE_INVALID,
    AMOUNT_MUST_BE_POSITIVE,
    ACCOUNTS_MUST_BE_DIFFERENT,
    ACCOUNT_NOT_FOUND,
    /** The id was posted before with other fields: a bug or a collision, never silently accepted. */
    EXISTS_WITH_DIFFERENT_FIELDS,
    /** The debit would take the account below zero (pending debits count). */
    EXCEEDS_CREDITS,
    /** The credit would take an account whose credits must stay within its debits past them. */
    EXCEEDS_DEBITS,
    EXPIRY_NOT_IN_FUTURE,
    PENDING_TRANSFER_NOT_FOUND,
    PENDING_TRANSFER_NOT_PENDING,
    PENDING_TRANSFER_ALREADY_POSTED,
    PENDING_TRANSFER_ALREADY_VOIDED,
    PENDING_TRANSFER_EXPIRED,
    /** A post or void must name the pending transfer's own accounts. */
    ACCOUNTS_DIFFER_FROM_PENDING,
    EXCEEDS_PENDING_AMOUNT,
    /** A void releases the whole pending amount. */
    VOID_AMOUNT_DIFFERS,
    BATCH_TOO_LARGE
}
