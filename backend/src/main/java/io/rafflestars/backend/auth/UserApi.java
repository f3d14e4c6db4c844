package io.rafflestars.backend.auth;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rafflestars.backend.platform.Requests;
import java.util.List;

/**
 * {@code /api/users}: console accounts (docs/api.md). ADMIN manages them; AUDITOR may read who holds which roles. Every
 * change is audited by {@link Users}.
 */
public final class UserApi implements HttpService {
    public static final String PATH = "/api/users";

    private final Users users;

    public UserApi(Users users) {
        this.users = users;
    }

    record NewUser(String username, String password, List<String> roles) {}

    record NewPassword(String password) {}

    record NewRoles(List<String> roles) {}

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.roles(Role.ADMIN, Role.AUDITOR), this::list)
                .post("/", Access.roles(Role.ADMIN), this::create)
                .get("/{username}", Access.roles(Role.ADMIN, Role.AUDITOR), this::get)
                .post("/{username}/disable", Access.roles(Role.ADMIN), this::disable)
                .post("/{username}/enable", Access.roles(Role.ADMIN), this::enable)
                .post("/{username}/password", Access.roles(Role.ADMIN), this::resetPassword)
                .put("/{username}/roles", Access.roles(Role.ADMIN), this::setRoles);
    }

    private static String username(ServerRequest req) {
        return req.path().pathParameters().get("username");
    }

    private void list(ServerRequest req, ServerResponse res) {
        res.send(users.list());
    }

    private void create(ServerRequest req, ServerResponse res) {
        NewUser body = Requests.body(req, NewUser.class);
        Users.UserView created = users.create(body.username(), body.password(), body.roles(), Access.actor(req));
        res.status(Status.CREATED_201)
                .header(HeaderNames.LOCATION, PATH + "/" + created.username())
                .send(created);
    }

    private void get(ServerRequest req, ServerResponse res) {
        res.send(users.get(username(req)));
    }

    private void disable(ServerRequest req, ServerResponse res) {
        res.send(users.setEnabled(username(req), false, Access.user(req), Access.actor(req)));
    }

    private void enable(ServerRequest req, ServerResponse res) {
        res.send(users.setEnabled(username(req), true, Access.user(req), Access.actor(req)));
    }

    private void resetPassword(ServerRequest req, ServerResponse res) {
        NewPassword body = Requests.body(req, NewPassword.class);
        res.send(users.resetPassword(username(req), body.password(), Access.actor(req)));
    }

    private void setRoles(ServerRequest req, ServerResponse res) {
        NewRoles body = Requests.body(req, NewRoles.class);
        res.send(users.setRoles(username(req), body.roles(), Access.actor(req)));
    }
}
