package io.rafflestars.backend.draw;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rafflestars.backend.platform.Requests;

/**
 * The public proof of a draw, for anyone (players, the Mini App, independent verifiers), no authentication:
 *
 * <ul>
 *   <li>{@code GET /public/raffles/{id}/draw}: commitment, tickets hash, revealed seed, beacon, winners,
 *       disqualifications, and the ticket list inline when it is short;
 *   <li>{@code GET /public/raffles/{id}/draw/tickets?after=&limit=}: the canonical ticket list, paged;
 *   <li>{@code GET|POST /public/raffles/{id}/draw/verify}: the server's own recomputation with the reference
 *       verifier.
 * </ul>
 */
public final class PublicDrawApi implements HttpService {
    public static final String PATH = "/public/raffles";

    private final DrawService draws;

    public PublicDrawApi(DrawService draws) {
        this.draws = draws;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/draw", this::draw)
                .get("/{id}/draw/tickets", this::tickets)
                .get("/{id}/draw/verify", this::verify)
                .post("/{id}/draw/verify", this::verify);
    }

    private void draw(ServerRequest req, ServerResponse res) {
        res.send(draws.publicDraw(Requests.pathId(req, "id")));
    }

    private void tickets(ServerRequest req, ServerResponse res) {
        res.send(draws.tickets(
                Requests.pathId(req, "id"),
                Requests.cursor(req, "after", 0),
                Requests.limit(req, 1000, DrawService.MAX_TICKET_PAGE)));
    }

    private void verify(ServerRequest req, ServerResponse res) {
        res.send(draws.verify(Requests.pathId(req, "id")));
    }
}
