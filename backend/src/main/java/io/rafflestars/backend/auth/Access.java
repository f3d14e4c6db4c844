package io.rafflestars.backend.auth;

import io.helidon.http.HeaderNames;
import io.helidon.security.Security;
import io.helidon.security.SecurityContext;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.security.SecurityFeature;
import io.helidon.webserver.security.SecurityHandler;
import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.ClientAddress;
import io.rafflestars.common.api.ErrorCode;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who may call a console route, and who is calling. This is the API every feature's {@code HttpService} uses.
 *
 * <p>Guard a route by listing the handlers in order, the guard first:
 *
 * <pre>{@code
 * rules.get("/", Access.roles(Role.OPERATOR, Role.AUDITOR), this::list)
 *      .post("/", Access.roles(Role.OPERATOR), this::create)
 *      .get("/mine", Access.authenticated(), this::mine);
 * }</pre>
 *
 * and inside a handler take the caller as the audit log names them:
 *
 * <pre>{@code
 * Actor actor = Access.actor(req);          // user name + client address, for AuditLog and domain services
 * ConsoleUser me = Access.user(req);        // id, name, roles, session
 * }</pre>
 *
 * <p>A guard is Helidon Security ({@link SecurityFeature#rolesAllowed}) with our token provider: no or a bad token
 * answers 401 {@code UNAUTHENTICATED}, a valid token without one of the roles 403 {@code FORBIDDEN}, both in the
 * common error shape. Besides the per-route guards, every {@code /api/**} route except {@link #PUBLIC} needs a valid
 * token (the gate {@link #install} puts in front of all routes), so a route someone forgot to guard is still closed to
 * anonymous callers. Paths outside {@code /api/} (webhook, health, metrics, public pages, {@code /openapi}) and the
 * Mini App's {@code /api/player/**} (Telegram initData, not console tokens) are not touched.
 */
public final class Access {
    /** {@code /api} routes that need no console token. */
    public static final List<String> PUBLIC = List.of("/api/auth/login", "/api/auth/refresh");
    /** The Mini App's API authenticates players by Telegram initData, not by console tokens. */
    public static final String PLAYER_PREFIX = "/api/player/";

    private static final Pattern ERROR_DESCRIPTION = Pattern.compile("error_description=\"([^\"]*)\"");

    private Access() {}

    /** Only users holding at least one of {@code roles} pass; put it before the route's handler. */
    public static Guard roles(Role... roles) {
        if (roles.length == 0) {
            throw new IllegalArgumentException("name at least one role, or use Access.authenticated()");
        }
        String[] names = Arrays.stream(roles).map(Role::name).toArray(String[]::new);
        return new Guard(
                EnumSet.copyOf(Arrays.asList(roles)),
                shaped(SecurityFeature.rolesAllowed(names), "This needs one of the roles " + String.join(", ", names)));
    }

    /** Any logged-in console user passes, whatever their roles. */
    public static Guard authenticated() {
        return new Guard(Set.of(), shaped(SecurityFeature.authenticate(), "Forbidden"));
    }

    /**
     * A route's guard. {@link #roles} says who passes (empty: any logged-in user); the OpenAPI test reads it to check
     * that the document states each route's roles truly.
     */
    public static final class Guard implements Handler {
        private final Set<Role> roles;
        private final Handler handler;

        private Guard(Set<Role> roles, Handler handler) {
            this.roles = Set.copyOf(roles);
            this.handler = handler;
        }

        public Set<Role> roles() {
            return roles;
        }

        @Override
        public void handle(ServerRequest req, ServerResponse res) throws Exception {
            handler.handle(req, res);
        }
    }

    /** The console user of a guarded request; UNAUTHENTICATED when the route was not guarded. */
    public static ConsoleUser user(ServerRequest req) {
        return current(req)
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHENTICATED, "This route needs a console login"));
    }

    /** The caller of a guarded request as the audit log names them: user name and client address. */
    public static Actor actor(ServerRequest req) {
        return user(req).actor(clientAddress(req));
    }

    /** The address the request came from: the TCP peer, or behind trusted proxies the client ({@link ClientAddress}). */
    public static String clientAddress(ServerRequest req) {
        return ClientAddress.text(req);
    }

    /** Whether the path is a console route that needs a token. */
    public static boolean needsToken(String path) {
        return path.startsWith("/api/") && !path.startsWith(PLAYER_PREFIX) && !PUBLIC.contains(path);
    }

    /** The user name of an authenticated console request, if any: the key of the per-console-user rate limit. */
    public static Optional<String> userName(ServerRequest req) {
        return current(req).map(ConsoleUser::username);
    }

    private static Optional<ConsoleUser> current(ServerRequest req) {
        return req.context()
                .get(SecurityContext.class)
                .flatMap(SecurityContext::user)
                .flatMap(s -> s.privateCredential(ConsoleUser.class));
    }

    /**
     * Helidon Security with the console token provider, as a server feature: it gives every request the security
     * context the guards use.
     */
    public static SecurityFeature feature(Tokens tokens) {
        Security security = Security.builder()
                .addAuthenticationProvider(new ConsoleTokenProvider(tokens), ConsoleTokenProvider.NAME)
                .tracingEnabled(false)
                .build();
        return SecurityFeature.builder().security(security).build();
    }

    /**
     * The gate that closes every {@code /api/**} route (but {@link #PUBLIC} and the Mini App's) to callers without a
     * valid token. Anything else under {@code /api/}, a path that matches no route included, needs a token: the gate
     * fails closed. Call it on the routing before any {@code /api} service is registered.
     */
    public static void install(HttpRouting.Builder routing) {
        Handler authenticate = authenticated();
        routing.any("/api/*", (req, res) -> {
            if (needsToken(req.path().path())) {
                authenticate.handle(req, res);
            } else {
                res.next();
            }
        });
    }

    /**
     * Helidon Security ends a refused request with an empty body; this gives it the common error shape, carrying the
     * provider's reason from the {@code WWW-Authenticate} challenge.
     */
    private static Handler shaped(SecurityHandler handler, String forbidden) {
        return (req, res) -> handler.handle(req, new ShapedResponse(res, status -> message(status, res, forbidden)));
    }

    /** The refusal message for an empty Helidon Security answer with this status. */
    private static String message(int status, ServerResponse res, String forbidden) {
        return switch (status) {
            case 401 ->
                "Not logged in: "
                        + res.headers()
                                .first(HeaderNames.WWW_AUTHENTICATE)
                                .map(ERROR_DESCRIPTION::matcher)
                                .filter(Matcher::find)
                                .map(m -> m.group(1))
                                .orElse("a valid access token is required");
            case 403 -> forbidden;
            default -> "Security check failed; the request id identifies it in the logs";
        };
    }
}
