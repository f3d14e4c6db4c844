package io.rafflestars.backend.audit;

import io.helidon.dbclient.DbTransaction;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rafflestars.backend.auth.Access;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Requests;
import io.rafflestars.backend.platform.Transactions;
import java.util.List;

/**
 * {@code /api/audit}: the audit log for AUDITOR, ADMIN and FINANCE (docs/audit.md, docs/api.md). Read newest first
 * with a cursor; verify walks the whole chain and names the first broken row. A verification is itself audited.
 */
public final class AuditApi implements HttpService {
    public static final String PATH = "/api/audit";
    private static final Role[] READERS = {Role.AUDITOR, Role.ADMIN, Role.FINANCE};

    private final AuditLog audit;
    private final Transactions tx;

    public AuditApi(AuditLog audit, Transactions tx) {
        this.audit = audit;
        this.tx = tx;
    }

    /** A page of rows; pass {@code nextBefore} as {@code before} for the next (older) page; null at the end. */
    record Page(List<AuditRecord> items, Long nextBefore) {}

    /** The outcome of a verification, as the API shows it. */
    record VerifyResult(boolean intact, long rowsChecked, String headHash, Long brokenSeq, String reason) {}

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.roles(READERS), this::list).post("/verify", Access.roles(READERS), this::verify);
    }

    private void list(ServerRequest req, ServerResponse res) {
        var from = Requests.instant(req, "from");
        var to = Requests.instant(req, "to");
        if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
            throw ApiException.invalid("to", "to must be after from");
        }
        AuditLog.Filter filter = new AuditLog.Filter(
                Requests.text(req, "actor").orElse(null),
                Requests.text(req, "action").orElse(null),
                Requests.text(req, "targetType").orElse(null),
                Requests.text(req, "targetId").orElse(null),
                from.orElse(null),
                to.orElse(null));
        long before = Requests.whole(req, "before", 1, Long.MAX_VALUE).orElse(Long.MAX_VALUE);
        int limit =
                Requests.whole(req, "limit", 1, AuditLog.MAX_PAGE).orElse(100L).intValue();
        List<AuditRecord> rows = audit.list(filter, before, limit);
        Long next = rows.size() == limit ? rows.getLast().seq() : null;
        res.send(new Page(rows, next));
    }

    private void verify(ServerRequest req, ServerResponse res) {
        AuditLog.Verification v = audit.verify();
        VerifyResult result = switch (v) {
            case AuditLog.Verification.Intact i -> new VerifyResult(true, i.rowsChecked(), i.headHash(), null, null);
            case AuditLog.Verification.Broken b ->
                new VerifyResult(false, b.rowsChecked(), null, b.seq(), "row " + b.seq() + ": " + b.reason());
        };
        Actor actor = Access.actor(req);
        tx.execute((DbTransaction t) ->
                audit.append(t, AuditEntry.of(actor, "audit.verify", "audit_log", null, null, result)));
        res.send(result);
    }
}
