package io.rafflestars.backend.platform;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Liveness and readiness. Ready means: not shutting down, the database answers, and its schema is at the version
 * this build ships. Readiness goes DOWN first on SIGTERM so the load balancer stops routing before the server stops.
 */
public final class Health {
    private final Database database;
    private final String expectedSchema;
    private final AtomicBoolean stopping = new AtomicBoolean();

    public Health(Database database, String expectedSchema) {
        this.database = database;
        this.expectedSchema = expectedSchema;
    }

    public void markStopping() {
        stopping.set(true);
    }

    public boolean stopping() {
        return stopping.get();
    }

    public HealthCheck readiness() {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return "database";
            }

            @Override
            public HealthCheckResponse call() {
                HealthCheckResponse.Builder b = HealthCheckResponse.builder().detail("expectedSchema", expectedSchema);
                if (stopping.get()) {
                    return b.status(false).detail("reason", "shutting down").build();
                }
                var version = database.currentSchemaVersion(Duration.ofSeconds(2));
                if (version.isEmpty()) {
                    return b.status(false)
                            .detail("reason", "database unreachable")
                            .build();
                }
                boolean current = version.get().equals(expectedSchema);
                b.detail("schema", version.get());
                return current
                        ? b.status(true).build()
                        : b.status(false)
                                .detail("reason", "schema not migrated")
                                .build();
            }
        };
    }

    public HealthCheck liveness() {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.LIVENESS;
            }

            @Override
            public String name() {
                return "process";
            }

            @Override
            public HealthCheckResponse call() {
                return HealthCheckResponse.builder().status(true).build();
            }
        };
    }
}
