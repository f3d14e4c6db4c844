package io.rafflestars.backend.auth;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rafflestars.backend.platform.Errors;
import io.rafflestars.backend.platform.Requests;
import java.util.List;

/**
 * {@code /api/auth}: log in, refresh, log out, who am I, change my password (docs/api.md). Login and refresh are the
 * only console routes reachable without a token.
 */
public final class SessionApi implements HttpService {
    public static final String PATH = "/api/auth";

    private final Sessions sessions;
    private final Users users;

    public SessionApi(Sessions sessions, Users users) {
        this.sessions = sessions;
        this.users = users;
    }

    record LoginRequest(String username, String password) {}

    record RefreshRequest(String refreshToken) {}

    record PasswordChange(String currentPassword, String newPassword) {}

    record Me(String username, List<Role> roles) {}

    @Override
    public void routing(HttpRules rules) {
        rules.post("/login", this::login)
                .post("/refresh", this::refresh)
                .post("/logout", Access.authenticated(), this::logout)
                .get("/me", Access.authenticated(), this::me)
                .post("/password", Access.authenticated(), this::changePassword);
    }

    private void login(ServerRequest req, ServerResponse res) {
        LoginRequest body = Requests.body(req, LoginRequest.class);
        try {
            res.send(sessions.login(body.username(), body.password(), Access.clientAddress(req)));
        } catch (Sessions.Throttled e) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
            Errors.send(res, e.code(), e.getMessage(), null);
        }
    }

    private void refresh(ServerRequest req, ServerResponse res) {
        RefreshRequest body = Requests.body(req, RefreshRequest.class);
        res.send(sessions.refresh(body.refreshToken(), Access.clientAddress(req)));
    }

    private void logout(ServerRequest req, ServerResponse res) {
        sessions.logout(Access.user(req), Access.clientAddress(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void me(ServerRequest req, ServerResponse res) {
        ConsoleUser me = Access.user(req);
        res.send(new Me(me.username(), me.roles().stream().sorted().toList()));
    }

    private void changePassword(ServerRequest req, ServerResponse res) {
        PasswordChange body = Requests.body(req, PasswordChange.class);
        users.changeOwnPassword(Access.user(req), body.currentPassword(), body.newPassword(), Access.actor(req));
        res.status(Status.NO_CONTENT_204).send();
    }
}
