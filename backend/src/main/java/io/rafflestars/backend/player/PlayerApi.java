package io.rafflestars.backend.player;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rafflestars.backend.draw.DrawService;
import io.rafflestars.backend.payment.FreeEntries;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Edge;
import io.rafflestars.backend.platform.Requests;
import io.rafflestars.common.api.ErrorCode;
import java.util.Optional;

/**
 * The Mini App's API. Every route first authenticates the player from {@code Authorization: tma <initData>} (401
 * {@code UNAUTHENTICATED} without it, {@code INIT_DATA_INVALID} or {@code INIT_DATA_EXPIRED} otherwise), then takes a
 * token from the player's rate limit (429 with {@code Retry-After}), then runs.
 *
 * <ul>
 *   <li>{@code GET /api/player/me}: who the initData vouches for
 *   <li>{@code GET /api/player/raffles}: open raffles and recent results
 *   <li>{@code GET /api/player/raffles/{id}}: one raffle with the player's ticket numbers
 *   <li>{@code POST /api/player/raffles/{id}/purchases} {@code {"quantity": n}}: an invoice link
 *   <li>{@code POST /api/player/raffles/{id}/free-entry}: a free entry to a sweepstakes raffle
 *   <li>{@code GET /api/player/tickets}: the player's tickets, by raffle
 *   <li>{@code GET /api/player/raffles/{id}/draw}: the public proof of the raffle's draw
 * </ul>
 */
public final class PlayerApi implements HttpService {
    public static final String PATH = "/api/player";
    /** The scheme of the community convention for Mini App requests. */
    static final String SCHEME = "tma ";

    private final InitData initData;
    private final Players players;
    private final FreeEntries freeEntries;
    private final DrawService draws;
    private final Handler authenticate;
    private final Handler limit;

    public PlayerApi(InitData initData, Players players, FreeEntries freeEntries, DrawService draws, Edge edge) {
        this.initData = initData;
        this.players = players;
        this.freeEntries = freeEntries;
        this.draws = draws;
        this.authenticate = this::authenticate;
        this.limit =
                edge.perPlayer(req -> req.context().get(InitData.Player.class).map(InitData.Player::id));
    }

    /** The player of an authenticated request. */
    record Me(long id, String firstName, String username, String languageCode) {}

    record BuyRequest(Integer quantity) {}

    @Override
    public void routing(HttpRules rules) {
        rules.get("/me", authenticate, limit, this::me)
                .get("/raffles", authenticate, limit, this::raffles)
                .get("/raffles/{id}", authenticate, limit, this::raffle)
                .post("/raffles/{id}/purchases", authenticate, limit, this::buy)
                .post("/raffles/{id}/free-entry", authenticate, limit, this::freeEntry)
                .get("/raffles/{id}/draw", authenticate, limit, this::draw)
                .get("/tickets", authenticate, limit, this::tickets);
    }

    /** Validates initData and puts its player in the request context; refuses with 401 otherwise. */
    private void authenticate(ServerRequest req, ServerResponse res) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty()
                || !header.get().regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || header.get().length() == SCHEME.length()) {
            throw new ApiException(
                    ErrorCode.UNAUTHENTICATED, "Send the Mini App's initData as 'Authorization: tma <initData>'");
        }
        String raw = header.get().substring(SCHEME.length()).strip();
        switch (initData.check(raw)) {
            case InitData.Result.Valid v -> {
                req.context().register(v.player());
                res.next();
            }
            case InitData.Result.Invalid i -> throw new ApiException(code(i.problem()), i.message());
        }
    }

    static ErrorCode code(InitData.Problem problem) {
        return switch (problem) {
            case EXPIRED -> ErrorCode.INIT_DATA_EXPIRED;
            case MALFORMED, NOT_SIGNED, BAD_SIGNATURE, NO_USER -> ErrorCode.INIT_DATA_INVALID;
        };
    }

    private static InitData.Player player(ServerRequest req) {
        return req.context()
                .get(InitData.Player.class)
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHENTICATED, "No player on this request"));
    }

    private void me(ServerRequest req, ServerResponse res) {
        InitData.Player p = player(req);
        res.send(new Me(p.id(), p.firstName(), p.username(), p.languageCode()));
    }

    private void raffles(ServerRequest req, ServerResponse res) {
        res.send(players.list());
    }

    private void raffle(ServerRequest req, ServerResponse res) {
        res.send(players.raffle(Requests.pathId(req, "id"), player(req).id()));
    }

    private void buy(ServerRequest req, ServerResponse res) {
        long id = Requests.pathId(req, "id");
        BuyRequest body = Requests.body(req, BuyRequest.class);
        res.status(io.helidon.http.Status.CREATED_201);
        res.send(players.buy(id, player(req).id(), body.quantity()));
    }

    private void freeEntry(ServerRequest req, ServerResponse res) {
        FreeEntries.FreeEntry entry =
                freeEntries.claim(Requests.pathId(req, "id"), player(req).id());
        res.status(io.helidon.http.Status.CREATED_201);
        res.send(entry);
    }

    private void draw(ServerRequest req, ServerResponse res) {
        res.send(draws.publicDraw(Requests.pathId(req, "id")));
    }

    private void tickets(ServerRequest req, ServerResponse res) {
        res.send(players.tickets(player(req).id()));
    }
}
