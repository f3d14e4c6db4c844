package io.rafflestars.backend.ledger;

/**
 * The ledger refused a transfer. Unchecked on purpose: it propagates out of the caller's transaction, which then rolls
 * back, so the transfers of a batch (and whatever the caller did beside them) commit together or not at all.
 */
public final class LedgerException extends RuntimeException {
    private final LedgerError error;
    private final String transferId;

    public LedgerException(LedgerError error, String transferId, String detail) {
        super(error + " (transfer " + transferId + "): " + detail);
        this.error = error;
        this.transferId = transferId;
    }

    public LedgerError error() {
        return error;
    }

    public String transferId() {
        return transferId;
    }
}
