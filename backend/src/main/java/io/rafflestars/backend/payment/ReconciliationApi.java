package io.rafflestars.backend.payment;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rafflestars.backend.auth.Access;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.ledger.LedgerApi;
import io.rafflestars.backend.platform.Requests;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code /api/reconciliation}: the differences found between our payments and Telegram's, for FINANCE (who resolves
 * them) and AUDITOR (who reads them); also as CSV, streamed (docs/ledger.md).
 */
public final class ReconciliationApi implements HttpService {
    public static final String PATH = "/api/reconciliation";

    private final Mismatches mismatches;

    public ReconciliationApi(Mismatches mismatches) {
        this.mismatches = mismatches;
    }

    record Resolution(String note) {}

    @Override
    public void routing(HttpRules rules) {
        rules.get("/mismatches", Access.roles(Role.FINANCE, Role.AUDITOR), this::list)
                .get("/mismatches.csv", Access.roles(Role.FINANCE, Role.AUDITOR), this::csv)
                .post("/mismatches/{id}/resolve", Access.roles(Role.FINANCE), this::resolve);
    }

    private void list(ServerRequest req, ServerResponse res) {
        res.send(mismatches.list(
                Requests.text(req, "status").orElse(null),
                Requests.cursor(req, "after", 0),
                Requests.limit(req, 100, Mismatches.MAX_PAGE)));
    }

    private void csv(ServerRequest req, ServerResponse res) throws IOException {
        String status = Mismatches.status(Requests.text(req, "status").orElse(null));
        try (OutputStream out = LedgerApi.csv(res, "reconciliation-mismatches")) {
            mismatches.export(status, out);
        }
    }

    private void resolve(ServerRequest req, ServerResponse res) {
        long id = Requests.pathId(req, "id");
        res.send(mismatches.resolve(id, Requests.body(req, Resolution.class).note(), Access.actor(req)));
    }
}
