package io.rafflestars.backend.ledger;

import java.time.Instant;

/**
 * A transfer to post: {@code amount} Stars from the debit account to the credit account (by account code). The id is
 * the idempotency key: posting the same request again returns the stored transfer; the same id with other fields is
 * refused.
 */
public record TransferRequest(
        String id, String debit, String credit, long amount, TransferKind kind, Reference reference, Phase phase) {

    /** Longest transfer id (the column's limit). */
    public static final int MAX_ID_LENGTH = 200;

    public TransferRequest {
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new LedgerException(LedgerError.ID_INVALID, id, "a transfer id is 1 to 200 characters");
        }
        if (kind == TransferKind.FREE_ENTRY) {
            if (amount != 0 || !(phase instanceof Phase.Single)) {
                throw new LedgerException(
                        LedgerError.AMOUNT_MUST_BE_POSITIVE,
                        id,
                        "a free entry is a single transfer of 0, not " + amount);
            }
        } else if (amount <= 0) {
            throw new LedgerException(LedgerError.AMOUNT_MUST_BE_POSITIVE, id, "amount " + amount);
        }
        if (debit == null || credit == null || kind == null || reference == null || phase == null) {
            throw new LedgerException(
                    LedgerError.FIELD_MISSING, id, "debit, credit, kind, reference and phase are required");
        }
        if (debit.equals(credit)) {
            throw new LedgerException(LedgerError.ACCOUNTS_MUST_BE_DIFFERENT, id, debit);
        }
    }

    /** A transfer that posts at once. */
    public TransferRequest(
            String id, String debit, String credit, long amount, TransferKind kind, Reference reference) {
        this(id, debit, credit, amount, kind, reference, new Phase.Single());
    }

    /** Holds {@code amount} until posted or voided, at the latest until {@code expiresAt}. */
    public static TransferRequest pending(
            String id,
            String debit,
            String credit,
            long amount,
            TransferKind kind,
            Reference reference,
            Instant expiresAt) {
        return new TransferRequest(id, debit, credit, amount, kind, reference, new Phase.Pending(expiresAt));
    }

    /** Posts {@code amount} (at most what the pending transfer holds) of {@code pending}. */
    public static TransferRequest post(String id, Transfer pending, long amount) {
        return new TransferRequest(
                id,
                pending.debit(),
                pending.credit(),
                amount,
                pending.kind(),
                pending.reference(),
                new Phase.PostPending(pending.id()));
    }

    /** Releases everything {@code pending} holds. */
    public static TransferRequest voiding(String id, Transfer pending) {
        return new TransferRequest(
                id,
                pending.debit(),
                pending.credit(),
                pending.amount(),
                pending.kind(),
                pending.reference(),
                new Phase.VoidPending(pending.id()));
    }

    /** Whether a stored transfer is what this request asks for (the idempotency check). */
    boolean sameAs(Transfer t) {
        return t.id().equals(id)
                && t.debit().equals(debit)
                && t.credit().equals(credit)
                && t.amount() == amount
                && t.kind() == kind
                && t.reference().equals(reference)
                && t.phase().equals(phase);
    }
}
