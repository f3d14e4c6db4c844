package io.rafflestars.backend.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshDatabase.class)
class HealthTest {

    @Test
    void readinessFollowsTheDatabaseDownAndUpAgain(DatabaseUrl url) {
        String name = TestDatabases.databaseName(url);
        try (TestBackend app = TestBackend.start(url)) {
            assertThat(app.get("/health/ready").statusCode()).isEqualTo(200);
            assertThat(app.get("/health/ready").body()).contains("\"status\":\"UP\"");

            // The database goes away: it refuses new connections and drops the pool's existing ones.
            TestDatabases.execute(TestDatabases.admin(), "ALTER DATABASE \"" + name + "\" ALLOW_CONNECTIONS false");
            TestDatabases.execute(
                    TestDatabases.admin(),
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var down = app.get("/health/ready");
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).contains("database unreachable");
            });
            assertThat(app.get("/health/live").statusCode()).isEqualTo(200);

            TestDatabases.execute(TestDatabases.admin(), "ALTER DATABASE \"" + name + "\" ALLOW_CONNECTIONS true");
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() ->
                            assertThat(app.get("/health/ready").statusCode()).isEqualTo(200));
        }
    }

    @Test
    void readinessIsDownWhenSchemaIsBehind(DatabaseUrl url) {
        try (TestBackend app = TestBackend.start(url)) {
            // Someone rolled the schema history back: this build must not take traffic on it.
            TestDatabases.execute(
                    url,
                    "UPDATE flyway_schema_history SET success = false WHERE version = '"
                            + app.backend().database().expectedSchemaVersion() + "'");
            try {
                var res = app.get("/health/ready");
                assertThat(res.statusCode()).isEqualTo(503);
                assertThat(res.body()).contains("schema not migrated");
            } finally {
                TestDatabases.execute(url, "UPDATE flyway_schema_history SET success = true");
            }
        }
    }

    @Test
    void readinessStaysUpWhenANewerReleaseHasMigratedAhead(DatabaseUrl url) {
        try (TestBackend app = TestBackend.start(url)) {
            // A rolling deploy: the next release added migration 9999 while this one still serves.
            TestDatabases.execute(
                    url,
                    "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                            + " installed_by, execution_time, success) VALUES (9999, '9999', 'next release', 'SQL',"
                            + " 'V9999__next.sql', 'test', 1, true)");
            var res = app.get("/health/ready");
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.body()).contains("\"schema\":\"9999\"");
        }
        assertThat(Health.atLeast("10", "9")).isTrue();
        assertThat(Health.atLeast("4.1", "4")).isTrue();
        assertThat(Health.atLeast("3", "4")).isFalse();
        assertThat(Health.atLeast("none", "1")).isFalse();
    }

    @Test
    void metricsAreExposedInPrometheusFormat(DatabaseUrl url) {
        try (TestBackend app = TestBackend.start(url)) {
            var res = app.get("/metrics");
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.body()).contains("# TYPE db_pool_max gauge").contains("requests_count_total");
        }
    }
}
