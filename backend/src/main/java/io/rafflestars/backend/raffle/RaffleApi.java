package io.rafflestars.backend.raffle;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rafflestars.backend.auth.Access;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Requests;
import io.rafflestars.common.api.ErrorCode;
import io.rafflestars.common.raffle.RaffleState;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /api/raffles}: raffle management (docs/api.md). OPERATOR changes raffles; OPERATOR, FINANCE and AUDITOR read
 * them (ADMIN manages accounts, not raffles). A raffle's {@code ETag} is its version: an edit must send it back in
 * {@code If-Match} (428 without, 409 VERSION_CONFLICT when someone changed the raffle meanwhile). The draw is another
 * service's.
 */
public final class RaffleApi implements HttpService {
    public static final String PATH = "/api/raffles";
    /** Who may read raffles and their figures. */
    static final Role[] READERS = {Role.OPERATOR, Role.FINANCE, Role.AUDITOR};

    private final RaffleService raffles;
    private final RaffleQueries queries;

    public RaffleApi(RaffleService raffles, RaffleQueries queries) {
        this.raffles = raffles;
        this.queries = queries;
    }

    record CancelRequest(String reason) {}

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.roles(READERS), this::list)
                .post("/", Access.roles(Role.OPERATOR), this::create)
                .get("/{id}", Access.roles(READERS), this::get)
                .put("/{id}", Access.roles(Role.OPERATOR), this::update)
                .post("/{id}/publish", Access.roles(Role.OPERATOR), this::publish)
                .post("/{id}/pause", Access.roles(Role.OPERATOR), this::pause)
                .post("/{id}/resume", Access.roles(Role.OPERATOR), this::resume)
                .post("/{id}/close", Access.roles(Role.OPERATOR), this::close)
                .post("/{id}/cancel", Access.roles(Role.OPERATOR), this::cancel)
                .get("/{id}/participants", Access.roles(READERS), this::participants)
                .get("/{id}/tickets", Access.roles(READERS), this::tickets)
                .get("/{id}/sales", Access.roles(READERS), this::sales);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Set<RaffleState> states = EnumSet.noneOf(RaffleState.class);
        for (String v : req.query().all("state", java.util.List::of)) {
            for (String s : v.split(",")) {
                if (s.isBlank()) {
                    continue;
                }
                try {
                    states.add(RaffleState.valueOf(s.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw ApiException.invalid(
                            "state", "state must be among " + java.util.Arrays.toString(RaffleState.values()));
                }
            }
        }
        var from = Requests.instant(req, "from");
        var to = Requests.instant(req, "to");
        if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
            throw ApiException.invalid("to", "to must be after from");
        }
        String text = Requests.text(req, "q").orElse(null);
        if (text != null && text.length() > 100) {
            throw ApiException.invalid("q", "q must be at most 100 characters");
        }
        res.send(queries.search(
                new RaffleQueries.Filter(states, text, from.orElse(null), to.orElse(null)),
                limit(req),
                Requests.whole(req, "offset", 0, Integer.MAX_VALUE).orElse(0L)));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Raffle r = raffles.create(Requests.body(req, RaffleSpec.class), Access.actor(req));
        res.status(Status.CREATED_201).header(HeaderNames.LOCATION, PATH + "/" + r.id());
        send(res, r);
    }

    private void get(ServerRequest req, ServerResponse res) {
        send(res, raffles.get(id(req)));
    }

    private void update(ServerRequest req, ServerResponse res) {
        long id = id(req);
        long expected = ifMatch(req);
        RaffleSpec spec = Requests.body(req, RaffleSpec.class);
        send(res, raffles.update(id, expected, spec, Access.actor(req)));
    }

    private void publish(ServerRequest req, ServerResponse res) {
        send(res, raffles.publish(id(req), Access.actor(req)));
    }

    private void pause(ServerRequest req, ServerResponse res) {
        send(res, raffles.pause(id(req), Access.actor(req)));
    }

    private void resume(ServerRequest req, ServerResponse res) {
        send(res, raffles.resume(id(req), Access.actor(req)));
    }

    private void close(ServerRequest req, ServerResponse res) {
        send(res, raffles.close(id(req), Access.actor(req)));
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        long id = id(req);
        CancelRequest body = Requests.body(req, CancelRequest.class);
        send(res, raffles.cancel(id, Access.actor(req), body.reason()));
    }

    private void participants(ServerRequest req, ServerResponse res) {
        res.send(queries.participants(
                id(req),
                limit(req),
                Requests.whole(req, "offset", 0, Integer.MAX_VALUE).orElse(0L)));
    }

    private void tickets(ServerRequest req, ServerResponse res) {
        int after = Requests.whole(req, "after", 0, RaffleSpec.MAX_TICKETS)
                .orElse(0L)
                .intValue();
        res.send(queries.tickets(id(req), after, limit(req)));
    }

    private void sales(ServerRequest req, ServerResponse res) {
        res.send(queries.sales(id(req)));
    }

    private static long id(ServerRequest req) {
        return Requests.pathId(req, "id");
    }

    private static int limit(ServerRequest req) {
        return Requests.whole(req, "limit", 1, RaffleQueries.MAX_PAGE)
                .orElse(50L)
                .intValue();
    }

    /** The raffle with its version as a strong entity tag. */
    private static void send(ServerResponse res, Raffle r) {
        res.header(HeaderNames.ETAG, etag(r.version())).send(r);
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** The version an edit is based on, from {@code If-Match: "7"}. */
    private static long ifMatch(ServerRequest req) {
        String v = req.headers()
                .first(HeaderNames.IF_MATCH)
                .map(String::strip)
                .orElseThrow(() -> new ApiException(
                        ErrorCode.PRECONDITION_REQUIRED,
                        "Send If-Match with the ETag of the raffle you edited (GET it first)"));
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ApiException(
                    ErrorCode.VERSION_CONFLICT,
                    "If-Match " + v + " is not an ETag of this raffle; GET it and edit again");
        }
    }
}
