package io.rafflestars.backend.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestBackend;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshDatabase.class)
class ShutdownTest {

    @Test
    void readinessGoesDownBeforeTheServerStops(DatabaseUrl url) {
        TestBackend app = TestBackend.start(url, Map.of("SHUTDOWN_DRAIN_MILLIS", "1500"));
        assertThat(app.get("/health/ready").statusCode()).isEqualTo(200);
        java.util.concurrent.CompletableFuture<Integer> drainStep = new java.util.concurrent.CompletableFuture<>();
        // what the live feeds do on drain, seen from inside: readiness is already DOWN, the server still answers
        app.backend()
                .health()
                .onStopping(() -> drainStep.complete(app.get("/health/ready").statusCode()));

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::close);
        // During the drain the server still answers, and says it is not ready.
        await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
            var res = app.get("/health/ready");
            assertThat(res.statusCode()).isEqualTo(503);
            assertThat(res.body()).contains("shutting down");
        });
        assertThat(app.get("/health/live").statusCode()).isEqualTo(200);
        stopping.join();
        assertThat(app.backend().health().stopping()).isTrue();
        assertThat(drainStep).isCompletedWithValue(503);
    }
}
