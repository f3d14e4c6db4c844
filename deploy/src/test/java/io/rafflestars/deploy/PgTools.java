package io.rafflestars.deploy;

import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's client tools of the test server's major version (a dump from a newer server cannot be taken by an older
 * pg_dump, and a newer pg_restore may write what an older server refuses). Looked for in {@code PG_BIN}, the
 * distribution folders ({@code /usr/lib/postgresql/N/bin}, {@code /usr/pgsql-N/bin}) and the PATH; when none fits, the
 * drill fails and says what to install, it is never skipped.
 */
record PgTools(Path bin, int major) {

    static PgTools forServer(DatabaseUrl db) {
        int major = (int) (TestDatabases.count(db, "SELECT current_setting('server_version_num')::int") / 10000);
        Set<Path> candidates = new LinkedHashSet<>();
        String pgBin = System.getenv("PG_BIN");
        if (pgBin != null && !pgBin.isBlank()) {
            candidates.add(Path.of(pgBin));
        }
        candidates.add(Path.of("/usr/lib/postgresql/" + major + "/bin"));
        candidates.add(Path.of("/usr/pgsql-" + major + "/bin"));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir));
            }
        }
        List<String> seen = new ArrayList<>();
        for (Path dir : candidates) {
            if (Files.isExecutable(dir.resolve("pg_dump"))
                    && Files.isExecutable(dir.resolve("pg_restore"))
                    && Files.isExecutable(dir.resolve("psql"))) {
                int found = version(dir.resolve("pg_dump"));
                seen.add(dir + " (" + found + ")");
                if (found == major) {
                    return new PgTools(dir, major);
                }
            }
        }
        throw new AssertionError("The restore drill needs pg_dump, pg_restore and psql of PostgreSQL " + major
                + " (the test server's version); found " + (seen.isEmpty() ? "none" : seen)
                + ". Install postgresql-client-" + major + " or point PG_BIN at its bin folder.");
    }

    private static int version(Path pgDump) {
        try {
            Process p = new ProcessBuilder(pgDump.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(30, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("\\) (\\d+)").matcher(out);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    Map<String, String> env() {
        return Map.of("PG_BIN", bin.toString());
    }
}
