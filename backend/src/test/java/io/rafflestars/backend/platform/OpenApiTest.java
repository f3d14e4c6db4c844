package io.rafflestars.backend.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.rafflestars.backend.auth.Access;
import io.rafflestars.backend.auth.Role;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.RouteCatalog;
import io.rafflestars.backend.testing.TestBackend;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

/** The OpenAPI document describes exactly the routes the server registers, with the roles their guards check. */
@ExtendWith(FreshDatabase.class)
class OpenApiTest {
    private static TestBackend app;
    private static Map<String, Object> doc;
    private static List<RouteCatalog.Route> routes;

    @BeforeAll
    static void start(DatabaseUrl url) throws Exception {
        app = TestBackend.start(url);
        try (InputStream in = OpenApiTest.class.getClassLoader().getResourceAsStream(OpenApiDocument.RESOURCE)) {
            doc = new Yaml().load(in);
        }
        routes = RouteCatalog.of(app);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> operation(String path, String method) {
        Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
        Map<String, Object> item = (Map<String, Object>) paths.get(path);
        return item == null ? null : (Map<String, Object>) item.get(method.toLowerCase(Locale.ROOT));
    }

    @Test
    void theCatalogFindsTheConsoleRoutes() {
        assertThat(routes.stream().map(RouteCatalog.Route::toString))
                .contains("POST /api/auth/login", "GET /api/raffles/{id}", "POST /api/audit/verify", "GET /openapi");
    }

    @Test
    void everyRegisteredRouteIsDocumentedWithItsRolesAndErrors() {
        List<String> problems = new ArrayList<>();
        for (RouteCatalog.Route r : routes) {
            Map<String, Object> op = operation(r.path(), r.method());
            if (op == null) {
                problems.add(r + ": not in openapi.yaml");
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<Object, Object> responses = (Map<Object, Object>) op.get("responses");
            if (Access.needsToken(r.path())) {
                if (r.roles() == null) {
                    problems.add(r + ": a console route without Access.roles(...) or Access.authenticated()");
                    continue;
                }
                @SuppressWarnings("unchecked")
                List<String> documented = (List<String>) op.get("x-roles");
                Set<Role> documentedRoles = documented == null
                        ? null
                        : documented.stream()
                                .map(Role::valueOf)
                                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
                if (!r.roles().equals(documentedRoles)) {
                    problems.add(r + ": guard allows " + r.roles() + ", x-roles says " + documented);
                }
                if (!responses.containsKey("401")) {
                    problems.add(r + ": 401 not documented");
                }
                if (!r.roles().isEmpty() && !responses.containsKey("403")) {
                    problems.add(r + ": 403 not documented");
                }
            } else if (r.path().startsWith(Access.PLAYER_PREFIX)) {
                if (!List.of(Map.of("miniAppInitData", List.of())).equals(op.get("security"))) {
                    problems.add(r + ": a Mini App route, so its operation must say security: [{miniAppInitData: []}]");
                }
                if (!responses.containsKey("401") || !responses.containsKey("429")) {
                    problems.add(r + ": 401 and 429 (initData, the player's rate limit) not documented");
                }
            } else if (!List.of().equals(op.get("security"))) {
                problems.add(r + ": needs no console token, so its operation must say security: []");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyDocumentedOperationIsARegisteredRoute() {
        Set<String> registered =
                routes.stream().map(RouteCatalog.Route::toString).collect(Collectors.toSet());
        List<String> phantoms = new ArrayList<>();
        ((Map<String, Object>) doc.get("paths"))
                .forEach((path, item) -> ((Map<String, Object>) item).forEach((method, op) -> {
                    if (method.equals("parameters")) {
                        return;
                    }
                    if ("observe".equals(((Map<String, Object>) op).get("x-served-by"))) {
                        return; // Helidon's health and metrics observers, outside our routing
                    }
                    String key = method.toUpperCase(Locale.ROOT) + " " + path;
                    if (!registered.contains(key)) {
                        phantoms.add(key);
                    }
                }));
        assertThat(phantoms).as("documented but not served").isEmpty();
    }

    @Test
    void theServerServesTheDocumentWithoutLogin() throws Exception {
        var res = app.get("/openapi");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/yaml"));
        Map<String, Object> served = new Yaml().load(res.body());
        assertThat(served.get("openapi")).isEqualTo("3.0.3");
        assertThat(served).isEqualTo(doc);
        // and the observe endpoints it documents are really there
        assertThat(app.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(app.get("/metrics").statusCode()).isEqualTo(200);
    }
}
