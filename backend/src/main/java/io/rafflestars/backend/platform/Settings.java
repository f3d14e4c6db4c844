package io.rafflestars.backend.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the backend reads from its environment, validated once at start. Secrets come only from here; a bad
 * value fails start-up with one line naming the variable.
 *
 * @param host address to bind
 * @param port HTTP port ({@code PORT}; Railway sets it); 0 picks a free one
 * @param database the database, or empty to start the embedded PostgreSQL
 * @param dataDir where the embedded database keeps its files between runs
 * @param embeddedDbPort port of the embedded PostgreSQL
 * @param drain how long readiness reports DOWN before the server stops on SIGTERM, so the load balancer stops sending
 * @param poolSize maximum database connections of this instance
 */
public record Settings(
        String host,
        int port,
        Optional<DatabaseUrl> database,
        Path dataDir,
        int embeddedDbPort,
        Duration drain,
        int poolSize) {

    public static Settings fromEnvironment() {
        return from(System.getenv());
    }

    public static Settings from(Map<String, String> env) {
        Env e = new Env(env);
        return new Settings(
                e.string("HOST", "0.0.0.0"),
                e.integer("PORT", 8080, 0, 65535),
                e.optional("DATABASE_URL").map(v -> DatabaseUrl.parse("DATABASE_URL", v)),
                e.optional("RAFFLE_DATA_DIR").map(Path::of).orElseGet(() -> defaultDataDir(env)),
                e.integer("EMBEDDED_DB_PORT", 54329, 1, 65535),
                Duration.ofMillis(e.integer("SHUTDOWN_DRAIN_MILLIS", 3000, 0, 120_000)),
                e.integer("DB_POOL_SIZE", 10, 1, 500));
    }

    private static Path defaultDataDir(Map<String, String> env) {
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("raffle-stars");
    }

    /** Typed access to environment variables with one-line errors. */
    record Env(Map<String, String> env) {
        Optional<String> optional(String name) {
            String v = env.get(name);
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
        }

        String string(String name, String fallback) {
            return optional(name).orElse(fallback);
        }

        int integer(String name, int fallback, int min, int max) {
            Optional<String> v = optional(name);
            if (v.isEmpty()) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(v.get());
                if (n < min || n > max) {
                    throw new StartupException(name + " must be between " + min + " and " + max + ", got " + n);
                }
                return n;
            } catch (NumberFormatException ex) {
                throw new StartupException(name + " must be a whole number, got '" + v.get() + "'");
            }
        }
    }
}
