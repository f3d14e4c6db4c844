package io.rafflestars.backend.draw;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rafflestars.backend.auth.Access;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Requests;

/**
 * {@code /api/raffles/{id}/draw}: operators draw a closed raffle and disqualify winners (each place then redrawn from
 * the continued stream); finance and auditors read the result. docs/payouts.md, docs/fairness.md.
 */
public final class DrawApi implements HttpService {
    public static final String PATH = "/api/raffles";

    private final DrawService draws;

    public DrawApi(DrawService draws) {
        this.draws = draws;
    }

    record Disqualification(Integer place, String reason) {}

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{id}/draw", Access.roles(Role.OPERATOR), this::draw)
                .get("/{id}/draw", Access.roles(Role.OPERATOR, Role.FINANCE, Role.AUDITOR), this::get)
                .post("/{id}/draw/disqualify", Access.roles(Role.OPERATOR), this::disqualify);
    }

    private void draw(ServerRequest req, ServerResponse res) {
        res.send(draws.draw(Requests.pathId(req, "id"), Access.actor(req)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        res.send(draws.outcome(Requests.pathId(req, "id")));
    }

    private void disqualify(ServerRequest req, ServerResponse res) {
        long id = Requests.pathId(req, "id");
        Disqualification body = Requests.body(req, Disqualification.class);
        if (body.place() == null) {
            throw ApiException.invalid("place", "place is required");
        }
        res.send(draws.disqualify(id, body.place(), body.reason(), Access.actor(req)));
    }
}
