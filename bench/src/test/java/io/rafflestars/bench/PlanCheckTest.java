package io.rafflestars.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.testing.FreshDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan check at a small size, in the normal test run: every probe still names a statement and binds its
 * parameters (new statements once broke the full-size run after the code had moved on), and no hot statement scans a
 * large table. The full size is bench/run.sh's.
 */
@ExtendWith(FreshDatabase.class)
class PlanCheckTest {

    @Test
    void everyHotStatementBindsAndUsesIndexes(DatabaseUrl db, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("plans.tsv");
        var findings = PlanCheck.check(new Options(new String[] {
            "--database", jdbc(db), "--payments", "20000", "--transfers", "100000", "--out", out.toString()
        }));
        assertThat(findings).isEmpty();
        assertThat(Files.readAllLines(out)).hasSizeGreaterThan(40);
    }

    /** The tools take one URL: the credentials go into the JDBC URL's query. */
    private static String jdbc(DatabaseUrl db) {
        StringBuilder url = new StringBuilder(db.jdbcUrl()).append(db.jdbcUrl().contains("?") ? '&' : '?');
        url.append("user=").append(db.user() == null ? "postgres" : db.user());
        if (db.password() != null) {
            url.append("&password=")
                    .append(java.net.URLEncoder.encode(db.password(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return url.toString();
    }
}
