package io.rafflestars.backend.platform;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Liveness and readiness. Ready means: not shutting down, the database answers, and its schema is at least at the
 * version this build ships. A newer schema is fine: during a rolling deploy the new release migrates first while this
 * one still serves, and migrations only expand until no running release needs what they would take away
 * (docs/operations.md). Readiness goes DOWN first on SIGTERM so the load balancer stops routing before the server
 * stops.
 */
public final class Health {
    private final Database database;
    private final String expectedSchema;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final java.util.List<Runnable> onStopping = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Health(Database database, String expectedSchema) {
        this.database = database;
        this.expectedSchema = expectedSchema;
    }

    /**
     * Readiness goes DOWN, then everything registered with {@link #onStopping} runs (e.g. the live feeds tell their
     * WebSocket clients to reconnect elsewhere), while the server still answers during the drain.
     */
    public void markStopping() {
        if (stopping.compareAndSet(false, true)) {
            for (Runnable r : onStopping) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    System.getLogger(Health.class.getName())
                            .log(System.Logger.Level.WARNING, "A shutdown step failed; stopping anyway", e);
                }
            }
        }
    }

    /** Runs {@code step} when this instance starts draining (SIGTERM), before the server stops. */
    public void onStopping(Runnable step) {
        onStopping.add(step);
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
                boolean current = atLeast(version.get(), expectedSchema);
                b.detail("schema", version.get());
                return current
                        ? b.status(true).build()
                        : b.status(false)
                                .detail("reason", "schema not migrated")
                                .build();
            }
        };
    }

    /** Whether schema version {@code actual} is {@code expected} or newer ("none" is older than any). */
    static boolean atLeast(String actual, String expected) {
        if (expected.equals("none")) {
            return true;
        }
        if (actual.equals("none")) {
            return false;
        }
        return org.flywaydb.core.api.MigrationVersion.fromVersion(actual)
                        .compareTo(org.flywaydb.core.api.MigrationVersion.fromVersion(expected))
                >= 0;
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
