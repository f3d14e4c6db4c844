package io.rafflestars.backend.payout;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rafflestars.backend.auth.Access;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.Requests;

/**
 * {@code /api/payouts}: the payout queue and finance's decisions (docs/payouts.md). FINANCE decides, AUDITOR reads;
 * the four-eyes rules are the service's and the database's, not this layer's.
 */
public final class PayoutApi implements HttpService {
    public static final String PATH = "/api/payouts";

    private final PayoutService payouts;

    public PayoutApi(PayoutService payouts) {
        this.payouts = payouts;
    }

    record Approval(String note) {}

    record Rejection(String reason) {}

    record Execution(String externalReference) {}

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.roles(Role.FINANCE, Role.AUDITOR), this::list)
                .get("/{id}", Access.roles(Role.FINANCE, Role.AUDITOR), this::get)
                .post("/{id}/approve", Access.roles(Role.FINANCE), this::approve)
                .post("/{id}/reject", Access.roles(Role.FINANCE), this::reject)
                .post("/{id}/execute", Access.roles(Role.FINANCE), this::execute)
                .post("/{id}/retry", Access.roles(Role.FINANCE), this::retry)
                .post("/{id}/reissue", Access.roles(Role.FINANCE), this::reissue);
    }

    private void list(ServerRequest req, ServerResponse res) {
        res.send(payouts.list(
                Requests.text(req, "status").orElse(null),
                Requests.whole(req, "raffle", 1, Long.MAX_VALUE).orElse(null),
                Requests.cursor(req, "after", 0),
                Requests.limit(req, 100, PayoutService.MAX_PAGE)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        res.send(payouts.get(Requests.pathId(req, "id")));
    }

    private void approve(ServerRequest req, ServerResponse res) {
        long id = Requests.pathId(req, "id");
        // the note is optional, and so is the body
        String note =
                req.content().hasEntity() ? Requests.body(req, Approval.class).note() : null;
        res.send(payouts.approve(id, Access.actor(req), note));
    }

    private void reject(ServerRequest req, ServerResponse res) {
        long id = Requests.pathId(req, "id");
        res.send(payouts.reject(
                id, Access.actor(req), Requests.body(req, Rejection.class).reason()));
    }

    private void execute(ServerRequest req, ServerResponse res) {
        long id = Requests.pathId(req, "id");
        res.send(payouts.recordExecution(
                id, Access.actor(req), Requests.body(req, Execution.class).externalReference()));
    }

    private void retry(ServerRequest req, ServerResponse res) {
        res.send(payouts.retry(Requests.pathId(req, "id"), Access.actor(req)));
    }

    private void reissue(ServerRequest req, ServerResponse res) {
        res.send(payouts.reissue(Requests.pathId(req, "id"), Access.actor(req)));
    }
}
