package io.rafflestars.backend.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The per-player and per-console-user limits, as the player and console routes will place them. */
class EdgeHandlersTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void limitsPerKeyAfterAuthenticationAndLetsRequestsWithoutKeyThrough() throws Exception {
        Edge edge = new Edge(Settings.from(Map.of("RATE_LIMIT_PLAYER", "2/60s", "RATE_LIMIT_CONSOLE_USER", "1/60s"))
                .edge());
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(r -> {
                    Errors.register(r);
                    // stand-ins for initData validation and console authentication: the key comes from the request
                    r.get(
                            "/player",
                            edge.perPlayer(
                                    req -> req.query().first("id").asOptional().map(Long::parseLong)),
                            (req, res) -> res.send("ok"));
                    r.get(
                            "/console",
                            edge.perConsoleUser(
                                    req -> Optional.of(req.query().first("user").orElse("anna"))),
                            (req, res) -> res.send("ok"));
                })
                .build()
                .start();
        try {
            assertThat(status(server, "/player?id=1")).isEqualTo(200);
            assertThat(status(server, "/player?id=1")).isEqualTo(200);
            HttpResponse<String> limited = get(server, "/player?id=1");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            assertThat(limited.body()).contains("TOO_MANY_REQUESTS").contains("per player");
            assertThat(status(server, "/player?id=2")).as("another player").isEqualTo(200);
            assertThat(status(server, "/player"))
                    .as("no player known: not limited here")
                    .isEqualTo(200);
            assertThat(status(server, "/console?user=anna")).isEqualTo(200);
            assertThat(status(server, "/console?user=anna")).isEqualTo(429);
            assertThat(status(server, "/console?user=boris")).isEqualTo(200);
        } finally {
            server.stop();
        }
    }

    private static int status(WebServer server, String path) throws Exception {
        return get(server, path).statusCode();
    }

    private static HttpResponse<String> get(WebServer server, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
