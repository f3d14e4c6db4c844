package io.rafflestars.backend.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestBackend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshDatabase.class)
class ErrorShapeTest {
    private static TestBackend app;

    @BeforeAll
    static void start(DatabaseUrl url) {
        app = TestBackend.start(url);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static JsonNode error(HttpResponse<String> res) throws Exception {
        assertThat(res.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = Json.mapper().readTree(res.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("error");
        return body.get("error");
    }

    @Test
    void unknownRouteIsJson404() throws Exception {
        var res = app.get("/no/such/thing");
        assertThat(res.statusCode()).isEqualTo(404);
        JsonNode error = error(res);
        assertThat(error.get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(error.get("message").asText()).contains("/no/such/thing");
    }

    @Test
    void oversizeBodyIsJson413() throws Exception {
        // Expect: 100-continue, as careful clients send large bodies: the server refuses before the body is sent, so
        // the answer cannot be lost to a connection reset while the client is still writing.
        var res = TestBackend.send(HttpRequest.newBuilder(app.uri("/anything"))
                .header("Content-Type", "application/json")
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(2 * 1024 * 1024)))
                .build());
        assertThat(res.statusCode()).isEqualTo(413);
        assertThat(error(res).get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void requestIdIsEchoedOrCreated() {
        var given = TestBackend.send(HttpRequest.newBuilder(app.uri("/"))
                .header("X-Request-Id", "abc-123")
                .build());
        assertThat(given.headers().firstValue("X-Request-Id")).contains("abc-123");
        var fresh = app.get("/");
        assertThat(fresh.headers().firstValue("X-Request-Id"))
                .hasValueSatisfying(v -> assertThat(v).hasSize(36));
        var insane = TestBackend.send(HttpRequest.newBuilder(app.uri("/"))
                .header("X-Request-Id", "<script>")
                .build());
        assertThat(insane.headers().firstValue("X-Request-Id"))
                .hasValueSatisfying(v -> assertThat(v).doesNotContain("<"));
    }

    @Test
    void rootDescribesTheService() throws Exception {
        var res = app.get("/");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(res.body()).get("service").asText()).isEqualTo("raffle-stars");
    }
}
