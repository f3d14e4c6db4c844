package io.rafflestars.backend.testing;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.rafflestars.backend.Backend;
import io.rafflestars.backend.auth.Access;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.platform.Edge;
import io.rafflestars.backend.platform.Settings;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every route the backend registers, found by running {@link Backend#routes} against recording rules: method, full
 * path pattern, and the roles of its {@link Access.Guard} (null when the route has no guard). Used by the OpenAPI
 * test and the 401/403 test, so a new route is checked without anyone listing it.
 */
public final class RouteCatalog {
    /** A registered route. {@code roles} is null for an unguarded route, empty for "any logged-in user". */
    public record Route(String method, String path, Set<Role> roles) {
        @Override
        public String toString() {
            return method + " " + path;
        }

        /** The path with every {@code {parameter}} replaced by {@code value}. */
        public String concrete(String value) {
            return path.replaceAll("\\{[^}]+}", value);
        }
    }

    private RouteCatalog() {}

    public static List<Route> of(TestBackend app) {
        Map<String, Route> routes = new LinkedHashMap<>();
        List<String> opaque = new ArrayList<>();
        Settings.Telegram telegram = new Settings.Telegram("1:catalog", "catalog", URI.create("http://127.0.0.1:1"));
        Edge edge = new Edge(Settings.from(Map.of()).edge());
        Backend.routes(new Recording("", routes, opaque), app.backend().services(), telegram, edge);
        if (!opaque.isEmpty()) {
            throw new AssertionError("Routes added as HttpRoute objects cannot be checked; register them with"
                    + " get/post/put/delete/patch and a path: " + opaque);
        }
        return routes.values().stream()
                .sorted(Comparator.comparing(Route::path).thenComparing(Route::method))
                .toList();
    }

    private record Recording(String prefix, Map<String, Route> routes, List<String> opaque) implements HttpRules {
        @Override
        public HttpRules register(HttpService... services) {
            for (HttpService s : services) {
                s.routing(this);
            }
            return this;
        }

        @Override
        public HttpRules register(String pathPattern, HttpService... services) {
            for (HttpService s : services) {
                s.routing(new Recording(join(prefix, pathPattern), routes, opaque));
            }
            return this;
        }

        @Override
        public HttpRules route(HttpRoute route) {
            opaque.add(prefix + " " + route);
            return this;
        }

        @Override
        public HttpRules route(Method method, String pathPattern, Handler handler) {
            String path = join(prefix, pathPattern);
            String key = method.text() + " " + path;
            Set<Role> roles = handler instanceof Access.Guard g ? g.roles() : null;
            Route known = routes.get(key);
            // a guard and its handler are two routes of one path: the guard's roles win
            if (known == null || (known.roles() == null && roles != null)) {
                routes.put(key, new Route(method.text(), path, roles));
            }
            return this;
        }

        private static String join(String prefix, String path) {
            String p = path.equals("/") ? "" : path;
            String joined = prefix + p;
            return joined.isEmpty() ? "/" : joined;
        }
    }
}
