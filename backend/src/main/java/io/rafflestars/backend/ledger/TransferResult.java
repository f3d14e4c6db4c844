package io.rafflestars.backend.ledger;

/** What posting a transfer did. Rejections are {@link LedgerException}s with a {@link LedgerError}. */
public sealed interface TransferResult {
    Transfer transfer();

    /** Posted now. */
    record Created(Transfer transfer) implements TransferResult {}

    /** Posted before under the same id with the same fields: nothing changed. */
    record AlreadyPosted(Transfer transfer) implements TransferResult {}
}
