package io.rafflestars.backend.bot;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rafflestars.backend.auth.Access;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.Requests;

/**
 * {@code /api/raffles/{id}/announcements} (docs/api.md): an OPERATOR or ADMIN announces to a raffle's participants and
 * follows the messages going out. Registered under the raffles' path beside their own service.
 */
public final class AnnouncementApi implements HttpService {
    public static final String PATH = "/api/raffles";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final Announcements announcements;

    public AnnouncementApi(Announcements announcements) {
        this.announcements = announcements;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{id}/announcements", Access.roles(Role.OPERATOR, Role.ADMIN), this::announce)
                .get(
                        "/{id}/announcements/{announcementId}",
                        Access.roles(Role.OPERATOR, Role.ADMIN, Role.AUDITOR),
                        this::get);
    }

    private void announce(ServerRequest req, ServerResponse res) {
        long raffleId = Requests.pathId(req, "id");
        Announcements.Request body = Requests.body(req, Announcements.Request.class);
        String key = req.headers().first(HeaderNames.create(IDEMPOTENCY_KEY)).orElse(null);
        Announcements.Result result = announcements.announce(raffleId, body, key, Access.actor(req));
        Announcements.Announcement a = result.announcement();
        res.status(result.created() ? Status.CREATED_201 : Status.OK_200)
                .header(HeaderNames.LOCATION, PATH + "/" + raffleId + "/announcements/" + a.id());
        res.send(a);
    }

    private void get(ServerRequest req, ServerResponse res) {
        res.send(announcements.get(Requests.pathId(req, "id"), Requests.pathId(req, "announcementId")));
    }
}
