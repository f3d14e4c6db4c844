package io.rafflestars.backend.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL started from the JVM, for the quick start and for tests when no {@code TEST_DATABASE_URL} is
 * given. With a data directory it keeps its rows between runs.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** Starts PostgreSQL on the given port, keeping its files in {@code dataDir} (created if missing). */
    public static EmbeddedDatabase persistent(Path dataDir, int port) {
        try {
            Path pgData = dataDir.resolve("pgdata");
            Files.createDirectories(dataDir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(dataDir.resolve("pg-binaries").toFile())
                    .setPort(port)
                    .start();
            return new EmbeddedDatabase(pg, pgData);
        } catch (IOException | RuntimeException e) {
            throw new StartupException(
                    "Could not start the embedded PostgreSQL in " + dataDir + " on port " + port + ": " + e.getMessage()
                            + " (is another instance running? set EMBEDDED_DB_PORT or DATABASE_URL)",
                    e);
        }
    }

    /** Starts a throw-away PostgreSQL on a free port (tests). */
    public static EmbeddedDatabase ephemeral() {
        try {
            return new EmbeddedDatabase(EmbeddedPostgres.builder().start(), null);
        } catch (IOException e) {
            throw new StartupException("Could not start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Connection details for the {@code postgres} database as superuser {@code postgres}. */
    public DatabaseUrl url() {
        return DatabaseUrl.parse("embedded", "postgresql://postgres@localhost:" + postgres.getPort() + "/postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    /** Where the data lives, or null for a throw-away database. */
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new IllegalStateException("Could not stop the embedded PostgreSQL", e);
        }
    }
}
