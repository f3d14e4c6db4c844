package io.rafflestars.backend.ledger;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The double-entry ledger (docs/ledger.md). Transfers are posted inside the caller's transaction, so a payment, its
 * tickets and its ledger transfer commit together. The database keeps the running balances (a trigger on insert) and
 * enforces the account limits and append-only transfers; this class gives every refusal its own {@link LedgerError}
 * before the database would have to.
 */
public final class Ledger {
    /** Most transfers in one linked batch: a limit on everything. */
    public static final int MAX_BATCH = 100;

    private final Transactions tx;
    private final Clock clock;

    public Ledger(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /** Opens the account if it does not exist yet and returns its code. Idempotent, safe under concurrency. */
    public String openAccount(DbTransaction t, AccountSpec spec) {
        AccountType.Limit limit = spec.type().limit();
        t.namedDml(
                "ledger-account-open",
                spec.code(),
                spec.type().name(),
                spec.name(),
                spec.raffleId(),
                spec.playerId(),
                limit == AccountType.Limit.DEBITS_WITHIN_CREDITS,
                limit == AccountType.Limit.CREDITS_WITHIN_DEBITS,
                spec.code());
        return spec.code();
    }

    /** Posts one transfer. */
    public TransferResult post(DbTransaction t, TransferRequest request) {
        return postAll(t, List.of(request)).getFirst();
    }

    /**
     * Posts linked transfers: all of them or, when one is refused, none (the exception rolls back the caller's
     * transaction). Replaying a batch returns the stored transfers and changes nothing.
     */
    public List<TransferResult> postAll(DbTransaction t, List<TransferRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        if (requests.size() > MAX_BATCH) {
            throw new LedgerException(
                    LedgerError.BATCH_TOO_LARGE, requests.getFirst().id(), requests.size() + " > " + MAX_BATCH);
        }
        Map<String, Account> accounts = lock(t, requests);
        Instant now = clock.instant();
        List<TransferResult> results = new ArrayList<>(requests.size());
        for (TransferRequest r : requests) {
            results.add(postOne(t, r, accounts, now));
        }
        return results;
    }

    private TransferResult postOne(DbTransaction t, TransferRequest r, Map<String, Account> accounts, Instant now) {
        Account debit = accounts.get(r.debit());
        Account credit = accounts.get(r.credit());
        Transfer pending = null;
        switch (r.phase()) {
            case Phase.Single s -> {
                Optional<LedgerException> problem = limitProblem(r, debit, credit);
                if (problem.isPresent()) {
                    return replayOr(t, r, problem.get());
                }
            }
            case Phase.Pending p -> {
                Optional<LedgerException> problem = p.expiresAt().isAfter(now)
                        ? limitProblem(r, debit, credit)
                        : Optional.of(new LedgerException(
                                LedgerError.EXPIRY_NOT_IN_FUTURE, r.id(), "expires " + p.expiresAt()));
                if (problem.isPresent()) {
                    return replayOr(t, r, problem.get());
                }
            }
            case Phase.PostPending p -> {
                Optional<Transfer> existing = byId(t, r.id());
                if (existing.isPresent()) {
                    return replay(r, existing.get());
                }
                pending = checkedPending(t, r, p.pendingId(), now, true);
            }
            case Phase.VoidPending v -> {
                Optional<Transfer> existing = byId(t, r.id());
                if (existing.isPresent()) {
                    return replay(r, existing.get());
                }
                pending = checkedPending(t, r, v.pendingId(), now, false);
            }
        }
        Optional<DbRow> inserted = t.namedGet(
                "ledger-transfer-insert",
                r.id(),
                debit.id(),
                credit.id(),
                r.amount(),
                r.kind().name(),
                r.phase().stored(),
                pending == null ? null : pending.id(),
                r.phase() instanceof Phase.Pending p ? Rows.ts(p.expiresAt()) : null,
                r.reference().type(),
                r.reference().id());
        if (inserted.isEmpty()) {
            // The id exists (a replay), or a concurrent transaction resolved the same pending transfer first.
            Optional<Transfer> existing = byId(t, r.id());
            if (existing.isPresent()) {
                return replay(r, existing.get());
            }
            throw alreadyResolved(t, r, pending.id());
        }
        accounts.put(debit.code(), applied(debit, r, pending, true));
        accounts.put(credit.code(), applied(credit, r, pending, false));
        return new TransferResult.Created(new Transfer(
                Rows.getLong(inserted.get(), "seq"),
                r.id(),
                r.debit(),
                r.credit(),
                r.amount(),
                r.kind(),
                r.phase(),
                r.reference(),
                Rows.instant(inserted.get(), "created_at")));
    }

    /** Locks every account the batch touches, in id order, and returns them by code. */
    private static Map<String, Account> lock(DbTransaction t, List<TransferRequest> requests) {
        Set<String> codes = new LinkedHashSet<>();
        for (TransferRequest r : requests) {
            codes.add(r.debit());
            codes.add(r.credit());
        }
        Map<String, Account> accounts = new HashMap<>();
        try (var rows = t.namedQuery("ledger-accounts-lock", String.join(",", codes))) {
            rows.map(Account::of).forEach(a -> accounts.put(a.code(), a));
        }
        for (TransferRequest r : requests) {
            for (String code : List.of(r.debit(), r.credit())) {
                if (!accounts.containsKey(code)) {
                    throw new LedgerException(LedgerError.ACCOUNT_NOT_FOUND, r.id(), code);
                }
            }
        }
        return accounts;
    }

    private static Optional<LedgerException> limitProblem(TransferRequest r, Account debit, Account credit) {
        if (r.amount() > debit.debitRoom()) {
            return Optional.of(new LedgerException(
                    LedgerError.EXCEEDS_CREDITS,
                    r.id(),
                    debit.code() + " has " + debit.debitRoom() + " available, " + r.amount() + " asked"));
        }
        if (r.amount() > credit.creditRoom()) {
            return Optional.of(new LedgerException(
                    LedgerError.EXCEEDS_DEBITS,
                    r.id(),
                    credit.code() + " can take " + credit.creditRoom() + ", " + r.amount() + " asked"));
        }
        return Optional.empty();
    }

    /**
     * A transfer posted before is answered with itself even when its accounts could no longer afford it again; only
     * a new transfer gets the refusal.
     */
    private static TransferResult replayOr(DbTransaction t, TransferRequest r, LedgerException refusal) {
        Transfer existing = byId(t, r.id()).orElseThrow(() -> refusal);
        return replay(r, existing);
    }

    /** The pending transfer a post or void resolves, checked. */
    private static Transfer checkedPending(
            DbTransaction t, TransferRequest r, String pendingId, Instant now, boolean post) {
        Transfer p = byId(t, pendingId)
                .orElseThrow(() -> new LedgerException(LedgerError.PENDING_TRANSFER_NOT_FOUND, r.id(), pendingId));
        if (!(p.phase() instanceof Phase.Pending pp)) {
            throw new LedgerException(LedgerError.PENDING_TRANSFER_NOT_PENDING, r.id(), pendingId);
        }
        if (!p.debit().equals(r.debit()) || !p.credit().equals(r.credit())) {
            throw new LedgerException(LedgerError.ACCOUNTS_DIFFER_FROM_PENDING, r.id(), pendingId);
        }
        if (r.amount() > p.amount()) {
            throw new LedgerException(
                    LedgerError.EXCEEDS_PENDING_AMOUNT, r.id(), r.amount() + " > " + p.amount() + " held");
        }
        if (!post && r.amount() != p.amount()) {
            throw new LedgerException(LedgerError.VOID_AMOUNT_DIFFERS, r.id(), r.amount() + " != " + p.amount());
        }
        if (t.namedGet("ledger-transfer-resolving", pendingId).isPresent()) {
            throw alreadyResolved(t, r, pendingId);
        }
        if (post && !pp.expiresAt().isAfter(now)) {
            throw new LedgerException(LedgerError.PENDING_TRANSFER_EXPIRED, r.id(), "expired " + pp.expiresAt());
        }
        return p;
    }

    private static LedgerException alreadyResolved(DbTransaction t, TransferRequest r, String pendingId) {
        Transfer resolution = t.namedGet("ledger-transfer-resolving", pendingId)
                .map(Transfer::of)
                .orElseThrow();
        LedgerError error = resolution.phase() instanceof Phase.PostPending
                ? LedgerError.PENDING_TRANSFER_ALREADY_POSTED
                : LedgerError.PENDING_TRANSFER_ALREADY_VOIDED;
        return new LedgerException(error, r.id(), pendingId + " resolved by " + resolution.id());
    }

    private static TransferResult replay(TransferRequest r, Transfer existing) {
        if (!r.sameAs(existing)) {
            throw new LedgerException(
                    LedgerError.EXISTS_WITH_DIFFERENT_FIELDS, r.id(), "stored as " + existing + ", asked " + r);
        }
        return new TransferResult.AlreadyPosted(existing);
    }

    /** The account as the trigger left it after the transfer, so later transfers of the batch see it. */
    private static Account applied(Account a, TransferRequest r, Transfer pending, boolean debitSide) {
        long dp = a.debitsPending(), dP = a.debitsPosted(), cp = a.creditsPending(), cP = a.creditsPosted();
        long held = pending == null ? 0 : pending.amount();
        long amount = r.amount();
        switch (r.phase()) {
            case Phase.Single s -> {
                if (debitSide) dP += amount;
                else cP += amount;
            }
            case Phase.Pending p -> {
                if (debitSide) dp += amount;
                else cp += amount;
            }
            case Phase.PostPending p -> {
                if (debitSide) {
                    dp -= held;
                    dP += amount;
                } else {
                    cp -= held;
                    cP += amount;
                }
            }
            case Phase.VoidPending v -> {
                if (debitSide) dp -= held;
                else cp -= held;
            }
        }
        return new Account(a.id(), a.code(), a.type(), a.name(), a.raffleId(), a.playerId(), dp, dP, cp, cP);
    }

    private static Optional<Transfer> byId(DbTransaction t, String id) {
        return t.namedGet("ledger-transfer-by-id", id).map(Transfer::of);
    }

    /**
     * Voids pending transfers whose expiry has passed (id {@code expire:<pending id>}); returns how many. Safe on
     * several instances at once: a pending transfer can be resolved only once.
     */
    public int voidExpired(int limit) {
        Instant now = clock.instant();
        List<Transfer> expired = tx.run(t -> {
            try (var rows = t.namedQuery("ledger-pending-expired", Rows.ts(now), limit)) {
                return rows.map(Transfer::of).toList();
            }
        });
        int voided = 0;
        for (Transfer p : expired) {
            try {
                TransferResult r = tx.run(t -> post(t, TransferRequest.voiding("expire:" + p.id(), p)));
                if (r instanceof TransferResult.Created) {
                    voided++;
                }
            } catch (LedgerException e) {
                // Posted or voided meanwhile by its owner: nothing left to expire.
                if (e.error() != LedgerError.PENDING_TRANSFER_ALREADY_POSTED
                        && e.error() != LedgerError.PENDING_TRANSFER_ALREADY_VOIDED) {
                    throw e;
                }
            }
        }
        return voided;
    }

    // ---- reading the ledger -------------------------------------------------------------------------------------

    /**
     * An account read inside the caller's transaction and locked there ({@code FOR NO KEY UPDATE}, the lock transfers
     * take), so its balance cannot move before the caller's own transfers post: the draw splits exactly what the pot
     * holds. Empty when no such account is open.
     */
    public Optional<Account> lockedAccount(DbTransaction t, String code) {
        try (var rows = t.namedQuery("ledger-accounts-lock", code)) {
            return rows.map(Account::of).findFirst();
        }
    }

    /** A transfer read inside the caller's transaction. */
    public Optional<Transfer> transfer(DbTransaction t, String id) {
        return byId(t, id);
    }

    /** The transfer that posted or voided a pending one, if it has been resolved. */
    public Optional<Transfer> resolutionOf(DbTransaction t, String pendingId) {
        return t.namedGet("ledger-transfer-resolving", pendingId).map(Transfer::of);
    }

    public Optional<Account> account(String code) {
        return tx.run(t -> t.namedGet("ledger-account-by-code", code).map(Account::of));
    }

    public Optional<Transfer> transfer(String id) {
        return tx.run(t -> byId(t, id));
    }

    /** Accounts with their balances, by type and code. */
    public List<Account> accounts(int limit, int offset) {
        return tx.run(t -> {
            try (var rows = t.namedQuery("ledger-accounts-all", limit, offset)) {
                return rows.map(Account::of).toList();
            }
        });
    }

    /** The transfers that moved an account, oldest first, after {@code afterSeq}. */
    public List<Transfer> transfersOf(String code, long afterSeq, int limit) {
        return tx.run(t -> {
            Account a = t.namedGet("ledger-account-by-code", code)
                    .map(Account::of)
                    .orElseThrow(() -> new LedgerException(LedgerError.ACCOUNT_NOT_FOUND, "-", code));
            try (var rows = t.namedQuery(
                    "ledger-transfers-of-account", a.id(), afterSeq, limit, a.id(), afterSeq, limit, limit)) {
                return rows.map(Transfer::of).toList();
            }
        });
    }

    /** One line of the trial balance: an account type with its totals. */
    public record TrialLine(
            AccountType type, long accounts, long debits, long credits, long debitsPending, long creditsPending) {
        public long balance() {
            return credits - debits;
        }
    }

    /** The trial balance: totals per account type. Total debits equal total credits, always. */
    public record TrialBalance(List<TrialLine> lines) {
        public long debits() {
            return lines.stream().mapToLong(TrialLine::debits).sum();
        }

        public long credits() {
            return lines.stream().mapToLong(TrialLine::credits).sum();
        }

        public boolean balanced() {
            return debits() == credits()
                    && lines.stream().mapToLong(TrialLine::debitsPending).sum()
                            == lines.stream()
                                    .mapToLong(TrialLine::creditsPending)
                                    .sum();
        }
    }

    public TrialBalance trialBalance() {
        return tx.run(t -> {
            try (var rows = t.namedQuery("ledger-trial-balance")) {
                return new TrialBalance(rows.map(r -> new TrialLine(
                                AccountType.valueOf(Rows.string(r, "type")),
                                Rows.getLong(r, "accounts"),
                                Rows.getLong(r, "debits"),
                                Rows.getLong(r, "credits"),
                                Rows.getLong(r, "debits_pending"),
                                Rows.getLong(r, "credits_pending")))
                        .toList());
            }
        });
    }

    /**
     * A raffle's money, from the posted movements of its pot and prize-liability accounts: what came in, went out,
     * and remains. {@code forfeited} is prize money that went back to the house (rejected payouts, places nobody could
     * win); {@code prizesOwed} what its winners are still owed.
     */
    public record RaffleResult(
            long raffleId,
            String title,
            String state,
            long paid,
            long refunded,
            long houseFee,
            long prizes,
            long paidOut,
            long forfeited,
            long potBalance,
            long prizesOwed) {
        /** What the house made on the raffle: fee and house share, plus forfeited prizes. */
        public long houseResult() {
            return houseFee + forfeited;
        }

        static RaffleResult of(DbRow r) {
            return new RaffleResult(
                    Rows.getLong(r, "raffle_id"),
                    Rows.string(r, "title"),
                    Rows.string(r, "state"),
                    Rows.getLong(r, "paid"),
                    Rows.getLong(r, "refunded"),
                    Rows.getLong(r, "house_fee"),
                    Rows.getLong(r, "prizes"),
                    Rows.getLong(r, "paid_out"),
                    Rows.getLong(r, "forfeited"),
                    Rows.getLong(r, "pot_balance"),
                    Rows.getLong(r, "prizes_owed"));
        }
    }

    /** One raffle's result; NOT_FOUND-free: a raffle without money movements has all zeros. */
    public RaffleResult raffleResult(long raffleId) {
        return raffleResults(raffleId - 1, raffleId, 1).stream()
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("No raffle " + raffleId));
    }

    /** Per-raffle results by raffle id after {@code afterId}; {@code onlyId} restricts to one raffle when not null. */
    public List<RaffleResult> raffleResults(long afterId, Long onlyId, int limit) {
        return tx.run(t -> {
            try (var rows = t.namedQuery("ledger-raffle-results", afterId, onlyId, onlyId, limit)) {
                return rows.map(RaffleResult::of).toList();
            }
        });
    }
}
