package io.rafflestars.backend.ledger;

import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Csv;
import io.rafflestars.backend.platform.Database;
import io.rafflestars.backend.platform.Page;
import io.rafflestars.backend.platform.Rows;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What finance and auditors read of the ledger: accounts with balances, entries with filters and a cursor, the trial
 * balance, per-raffle results, each as a page or as CSV streamed row by row from a database cursor (never built in
 * memory, whatever its length). Read-only.
 */
public final class LedgerReports {
    public static final int MAX_PAGE = 1000;

    private final Database db;
    private final Ledger ledger;

    public LedgerReports(Database db, Ledger ledger) {
        this.db = db;
        this.ledger = ledger;
    }

    // ---- entries -------------------------------------------------------------------------------------------------

    /** One ledger transfer as the console shows it. */
    public record Entry(
            long seq,
            String id,
            Instant at,
            String kind,
            String phase,
            String debit,
            String credit,
            long amount,
            String pendingId,
            Instant expiresAt,
            String referenceType,
            String referenceId) {
        static Entry of(ResultSet r) throws SQLException {
            return new Entry(
                    r.getLong("seq"),
                    r.getString("id"),
                    Rows.instant(r, "created_at"),
                    r.getString("kind"),
                    r.getString("phase"),
                    r.getString("debit_code"),
                    r.getString("credit_code"),
                    r.getLong("amount"),
                    r.getString("pending_id"),
                    Rows.instant(r, "expires_at"),
                    r.getString("reference_type"),
                    r.getString("reference_id"));
        }
    }

    /**
     * Which entries: every field optional. {@code account} matches either side; {@code raffleId} any account of the
     * raffle (its pot, its prize liability); {@code from} inclusive, {@code to} exclusive.
     */
    public record EntryFilter(String account, Long raffleId, TransferKind kind, Instant from, Instant to) {
        public EntryFilter {
            if (from != null && to != null && !to.isAfter(from)) {
                throw ApiException.invalid("to", "to must be after from");
            }
        }

        List<Object> params(long after, Integer limit) {
            String k = kind == null ? null : kind.name();
            return Arrays.asList(
                    after,
                    account,
                    account,
                    account,
                    raffleId,
                    raffleId,
                    raffleId,
                    k,
                    k,
                    Rows.ts(from),
                    Rows.ts(from),
                    Rows.ts(to),
                    Rows.ts(to),
                    limit);
        }
    }

    public Page<Entry> entries(EntryFilter filter, long after, int limit) {
        int n = Math.clamp(limit, 1, MAX_PAGE);
        return Page.of(read("ledger-entries", filter.params(after, n), Entry::of), n, Entry::seq);
    }

    public void exportEntries(EntryFilter filter, OutputStream out) throws IOException {
        try (Csv csv = new Csv(out)) {
            csv.header(
                    "seq",
                    "id",
                    "created_at",
                    "kind",
                    "phase",
                    "debit",
                    "credit",
                    "amount",
                    "pending_id",
                    "expires_at",
                    "reference_type",
                    "reference_id");
            db.stream("ledger-entries", filter.params(0, null), r -> {
                Entry e = Entry.of(r);
                csv.number(e.seq())
                        .text(e.id())
                        .time(e.at())
                        .text(e.kind())
                        .text(e.phase())
                        .text(e.debit())
                        .text(e.credit())
                        .number(e.amount())
                        .text(e.pendingId())
                        .time(e.expiresAt())
                        .text(e.referenceType())
                        .text(e.referenceId())
                        .end();
            });
        }
    }

    // ---- accounts ------------------------------------------------------------------------------------------------

    /**
     * An account with its counters. {@code balance} is credits minus debits posted; {@code available} what it can
     * still pay out (pending debits count), for accounts that may not go negative.
     */
    public record AccountView(
            long id,
            String code,
            String type,
            String name,
            Long raffleId,
            Long playerId,
            long debitsPosted,
            long creditsPosted,
            long debitsPending,
            long creditsPending,
            long balance,
            Long available) {
        static AccountView of(ResultSet r) throws SQLException {
            AccountType type = AccountType.valueOf(r.getString("type"));
            long dp = r.getLong("debits_posted");
            long cp = r.getLong("credits_posted");
            long dh = r.getLong("debits_pending");
            return new AccountView(
                    r.getLong("id"),
                    r.getString("code"),
                    type.name(),
                    r.getString("name"),
                    Rows.longOrNull(r, "raffle_id"),
                    Rows.longOrNull(r, "player_id"),
                    dp,
                    cp,
                    dh,
                    r.getLong("credits_pending"),
                    cp - dp,
                    type.limit() == AccountType.Limit.DEBITS_WITHIN_CREDITS ? cp - dp - dh : null);
        }
    }

    /** Which accounts: every field optional. */
    public record AccountFilter(AccountType type, Long raffleId, Long playerId) {
        List<Object> params(long after, Integer limit) {
            String t = type == null ? null : type.name();
            return Arrays.asList(after, t, t, raffleId, raffleId, playerId, playerId, limit);
        }
    }

    public Page<AccountView> accounts(AccountFilter filter, long after, int limit) {
        int n = Math.clamp(limit, 1, MAX_PAGE);
        return Page.of(read("ledger-accounts-page", filter.params(after, n), AccountView::of), n, AccountView::id);
    }

    public void exportAccounts(AccountFilter filter, OutputStream out) throws IOException {
        try (Csv csv = new Csv(out)) {
            csv.header(
                    "id",
                    "code",
                    "type",
                    "name",
                    "raffle_id",
                    "player_id",
                    "debits_posted",
                    "credits_posted",
                    "debits_pending",
                    "credits_pending",
                    "balance",
                    "available");
            db.stream("ledger-accounts-page", filter.params(0, null), r -> {
                AccountView a = AccountView.of(r);
                csv.number(a.id())
                        .text(a.code())
                        .text(a.type())
                        .text(a.name())
                        .number(a.raffleId())
                        .number(a.playerId())
                        .number(a.debitsPosted())
                        .number(a.creditsPosted())
                        .number(a.debitsPending())
                        .number(a.creditsPending())
                        .number(a.balance())
                        .number(a.available())
                        .end();
            });
        }
    }

    // ---- trial balance -------------------------------------------------------------------------------------------

    /** One account type's totals; {@code balance} = credits − debits posted. */
    public record TrialLine(
            String type,
            long accounts,
            long debits,
            long credits,
            long debitsPending,
            long creditsPending,
            long balance) {}

    /** The trial balance: total debits equal total credits (posted and pending), always. */
    public record TrialBalance(
            List<TrialLine> lines,
            long debits,
            long credits,
            long debitsPending,
            long creditsPending,
            boolean balanced) {}

    public TrialBalance trialBalance() {
        Ledger.TrialBalance tb = ledger.trialBalance();
        List<TrialLine> lines = tb.lines().stream()
                .map(l -> new TrialLine(
                        l.type().name(),
                        l.accounts(),
                        l.debits(),
                        l.credits(),
                        l.debitsPending(),
                        l.creditsPending(),
                        l.balance()))
                .toList();
        return new TrialBalance(
                lines,
                tb.debits(),
                tb.credits(),
                lines.stream().mapToLong(TrialLine::debitsPending).sum(),
                lines.stream().mapToLong(TrialLine::creditsPending).sum(),
                tb.balanced());
    }

    public void exportTrialBalance(OutputStream out) throws IOException {
        TrialBalance tb = trialBalance();
        try (Csv csv = new Csv(out)) {
            csv.header("type", "accounts", "debits", "credits", "debits_pending", "credits_pending", "balance");
            for (TrialLine l : tb.lines()) {
                csv.text(l.type())
                        .number(l.accounts())
                        .number(l.debits())
                        .number(l.credits())
                        .number(l.debitsPending())
                        .number(l.creditsPending())
                        .number(l.balance())
                        .end();
            }
            csv.text("TOTAL")
                    .number((Long) null)
                    .number(tb.debits())
                    .number(tb.credits())
                    .number(tb.debitsPending())
                    .number(tb.creditsPending())
                    .number(tb.credits() - tb.debits())
                    .end();
        }
    }

    // ---- per-raffle results ----------------------------------------------------------------------------------------

    public Page<Ledger.RaffleResult> raffleResults(long after, int limit) {
        int n = Math.clamp(limit, 1, MAX_PAGE);
        return Page.of(ledger.raffleResults(after, null, n), n, Ledger.RaffleResult::raffleId);
    }

    public Ledger.RaffleResult raffleResult(long raffleId) {
        return ledger.raffleResult(raffleId);
    }

    public void exportRaffleResults(OutputStream out) throws IOException {
        try (Csv csv = new Csv(out)) {
            csv.header(
                    "raffle_id",
                    "title",
                    "state",
                    "paid",
                    "refunded",
                    "house_fee",
                    "prizes",
                    "paid_out",
                    "forfeited",
                    "pot_balance",
                    "prizes_owed");
            db.stream(
                    "ledger-raffle-results",
                    Arrays.asList(0L, null, null, null),
                    r -> csv.number(r.getLong("raffle_id"))
                            .text(r.getString("title"))
                            .text(r.getString("state"))
                            .number(r.getLong("paid"))
                            .number(r.getLong("refunded"))
                            .number(r.getLong("house_fee"))
                            .number(r.getLong("prizes"))
                            .number(r.getLong("paid_out"))
                            .number(r.getLong("forfeited"))
                            .number(r.getLong("pot_balance"))
                            .number(r.getLong("prizes_owed"))
                            .end());
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet r) throws SQLException;
    }

    private <T> List<T> read(String statement, List<Object> params, RowMapper<T> mapper) {
        List<T> out = new ArrayList<>();
        try {
            db.stream(statement, params, r -> out.add(mapper.map(r)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
