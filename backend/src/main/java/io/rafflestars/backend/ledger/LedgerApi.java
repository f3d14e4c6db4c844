package io.rafflestars.backend.ledger;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rafflestars.backend.auth.Access;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.Requests;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code /api/ledger}: the ledger for FINANCE and AUDITOR, read-only: accounts, entries, trial balance, per-raffle
 * results, each as JSON pages and as CSV streamed from a database cursor (docs/ledger.md).
 */
public final class LedgerApi implements HttpService {
    public static final String PATH = "/api/ledger";

    private final LedgerReports reports;

    public LedgerApi(LedgerReports reports) {
        this.reports = reports;
    }

    @Override
    public void routing(HttpRules rules) {
        Handler readers = Access.roles(Role.FINANCE, Role.AUDITOR);
        rules.get("/accounts", readers, this::accounts)
                .get("/accounts.csv", readers, this::accountsCsv)
                .get("/entries", readers, this::entries)
                .get("/entries.csv", readers, this::entriesCsv)
                .get("/trial-balance", readers, this::trialBalance)
                .get("/trial-balance.csv", readers, this::trialBalanceCsv)
                .get("/raffle-results", readers, this::raffleResults)
                .get("/raffle-results.csv", readers, this::raffleResultsCsv)
                .get("/raffle-results/{id}", readers, this::raffleResult);
    }

    private void accounts(ServerRequest req, ServerResponse res) {
        res.send(reports.accounts(
                accountFilter(req),
                Requests.cursor(req, "after", 0),
                Requests.limit(req, 100, LedgerReports.MAX_PAGE)));
    }

    private void accountsCsv(ServerRequest req, ServerResponse res) throws IOException {
        LedgerReports.AccountFilter filter = accountFilter(req);
        try (OutputStream out = csv(res, "accounts")) {
            reports.exportAccounts(filter, out);
        }
    }

    private void entries(ServerRequest req, ServerResponse res) {
        res.send(reports.entries(
                entryFilter(req), Requests.cursor(req, "after", 0), Requests.limit(req, 100, LedgerReports.MAX_PAGE)));
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
        res.send(reports.raffleResults(
                Requests.cursor(req, "after", 0), Requests.limit(req, 100, LedgerReports.MAX_PAGE)));
    }

    private void raffleResultsCsv(ServerRequest req, ServerResponse res) throws IOException {
        try (OutputStream out = csv(res, "raffle-results")) {
            reports.exportRaffleResults(out);
        }
    }

    private void raffleResult(ServerRequest req, ServerResponse res) {
        res.send(reports.raffleResult(Requests.pathId(req, "id")));
    }

    private static LedgerReports.AccountFilter accountFilter(ServerRequest req) {
        return new LedgerReports.AccountFilter(
                Requests.oneOf(req, "type", AccountType.class).orElse(null),
                Requests.whole(req, "raffle", 1, Long.MAX_VALUE).orElse(null),
                Requests.whole(req, "player", 1, Long.MAX_VALUE).orElse(null));
    }

    private static LedgerReports.EntryFilter entryFilter(ServerRequest req) {
        return new LedgerReports.EntryFilter(
                Requests.text(req, "account").orElse(null),
                Requests.whole(req, "raffle", 1, Long.MAX_VALUE).orElse(null),
                Requests.oneOf(req, "kind", TransferKind.class).orElse(null),
                Requests.instant(req, "from").orElse(null),
                Requests.instant(req, "to").orElse(null));
    }

    /**
     * Starts a CSV download: the body is written as it is produced (chunked), never collected first. Parameters are
     * checked before this is called, so a bad one still gets the JSON error shape.
     */
    public static OutputStream csv(ServerResponse res, String name) {
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"");
        return res.outputStream();
    }
}
