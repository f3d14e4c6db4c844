package io.rafflestars.backend.ledger;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rafflestars.backend.platform.RequestParams;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The ledger for finance and auditors (read-only): accounts, entries, trial balance, per-raffle results, each as JSON
 * pages and as CSV streamed from a database cursor (docs/ledger.md).
 */
public final class LedgerService implements HttpService {
    public static final String PATH = "/api/ledger";

    private final LedgerReports reports;

    public LedgerService(LedgerReports reports) {
        this.reports = reports;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/accounts", this::accounts)
                .get("/accounts.csv", this::accountsCsv)
                .get("/entries", this::entries)
                .get("/entries.csv", this::entriesCsv)
                .get("/trial-balance", this::trialBalance)
                .get("/trial-balance.csv", this::trialBalanceCsv)
                .get("/raffle-results", this::raffleResults)
                .get("/raffle-results.csv", this::raffleResultsCsv)
                .get("/raffle-results/{id}", this::raffleResult);
    }

    private void accounts(ServerRequest req, ServerResponse res) {
        res.send(reports.accounts(
                accountFilter(req), RequestParams.nonNegative(req, "after", 0), RequestParams.limit(req, 100, 1000)));
    }

    private void accountsCsv(ServerRequest req, ServerResponse res) throws IOException {
        LedgerReports.AccountFilter filter = accountFilter(req);
        try (OutputStream out = csv(res, "accounts")) {
            reports.exportAccounts(filter, out);
        }
    }

    private void entries(ServerRequest req, ServerResponse res) {
        res.send(reports.entries(
                entryFilter(req), RequestParams.nonNegative(req, "after", 0), RequestParams.limit(req, 100, 1000)));
    }

    private void entriesCsv(ServerRequest req, ServerResponse res) throws IOException {
        LedgerReports.EntryFilter filter = entryFilter(req);
        try (OutputStream out = csv(res, "entries")) {
            reports.exportEntries(filter, out);
        }
    }

    private void trialBalance(ServerRequest req, ServerResponse res) {
        res.send(reports.trialBalance());
    }

    private void trialBalanceCsv(ServerRequest req, ServerResponse res) throws IOException {
        try (OutputStream out = csv(res, "trial-balance")) {
            reports.exportTrialBalance(out);
        }
    }

    private void raffleResults(ServerRequest req, ServerResponse res) {
        res.send(
                reports.raffleResults(RequestParams.nonNegative(req, "after", 0), RequestParams.limit(req, 100, 1000)));
    }

    private void raffleResultsCsv(ServerRequest req, ServerResponse res) throws IOException {
        try (OutputStream out = csv(res, "raffle-results")) {
            reports.exportRaffleResults(out);
        }
    }

    private void raffleResult(ServerRequest req, ServerResponse res) {
        res.send(reports.raffleResult(RequestParams.pathId(req, "id")));
    }

    private static LedgerReports.AccountFilter accountFilter(ServerRequest req) {
        return new LedgerReports.AccountFilter(
                RequestParams.enumValue(req, "type", AccountType.class).orElse(null),
                RequestParams.longValue(req, "raffle").orElse(null),
                RequestParams.longValue(req, "player").orElse(null));
    }

    private static LedgerReports.EntryFilter entryFilter(ServerRequest req) {
        return new LedgerReports.EntryFilter(
                RequestParams.text(req, "account").orElse(null),
                RequestParams.longValue(req, "raffle").orElse(null),
                RequestParams.enumValue(req, "kind", TransferKind.class).orElse(null),
                RequestParams.instant(req, "from").orElse(null),
                RequestParams.instant(req, "to").orElse(null));
    }

    /**
     * Starts a CSV download: the body is written as it is produced (chunked), never collected first. Parameters are
     * checked before this is called, so a bad one still gets the JSON error shape.
     */
    static OutputStream csv(ServerResponse res, String name) {
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"");
        return res.outputStream();
    }
}
