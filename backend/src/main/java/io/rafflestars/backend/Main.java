package io.rafflestars.backend;

import io.helidon.logging.common.LogConfig;
import io.rafflestars.backend.platform.Database;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.EmbeddedDatabase;
import io.rafflestars.backend.platform.Settings;
import io.rafflestars.backend.platform.StartupException;
import java.io.PrintStream;

/**
 * Starts the backend. Without {@code DATABASE_URL} it runs on an embedded PostgreSQL whose data stays in a per-user
 * folder between runs. {@code migrate} applies the migrations and exits.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        PrintStream out = System.out;
        try {
            Settings settings = Settings.fromEnvironment();
            boolean migrateOnly = args.length > 0 && args[0].equals("migrate");
            if (args.length > 0 && !migrateOnly) {
                throw new StartupException("Unknown command '" + args[0] + "'; the only command is 'migrate'");
            }
            EmbeddedDatabase embedded = null;
            DatabaseUrl url;
            if (settings.database().isPresent()) {
                url = settings.database().get();
            } else {
                embedded = EmbeddedDatabase.persistent(settings.dataDir(), settings.embeddedDbPort());
                url = embedded.url();
                out.println("DATABASE_URL is not set: using the embedded PostgreSQL on port " + embedded.port()
                        + ", data kept in " + embedded.dataDir());
                out.println("  psql: psql -h localhost -p " + embedded.port() + " -U postgres postgres");
            }
            if (migrateOnly) {
                try (Database db = Database.open(url, 2, io.helidon.config.Config.empty())) {
                    db.migrate();
                }
                closeQuietly(embedded);
                return;
            }
            Backend backend = Backend.start(settings, url);
            EmbeddedDatabase db = embedded;
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                backend.close();
                                closeQuietly(db);
                                // JUL's own shutdown hook may already have closed the log handlers.
                                System.out.println("Raffle Stars backend stopped");
                            },
                            "shutdown"));
            out.println("Raffle Stars is up:");
            out.println("  API        " + backend.uri() + "/");
            out.println("  health     " + backend.uri() + "/health/ready");
            out.println("  metrics    " + backend.uri() + "/metrics");
        } catch (StartupException e) {
            System.err.println("Raffle Stars cannot start: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void closeQuietly(EmbeddedDatabase db) {
        if (db != null) {
            db.close();
        }
    }
}
