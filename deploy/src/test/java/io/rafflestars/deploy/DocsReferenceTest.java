package io.rafflestars.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runbooks and operations docs name only what exists: files and links in the repository, the backend's start
 * commands, the tables their SQL reads; and the environment reference lists every variable the backend reads.
 */
class DocsReferenceTest {
    private static final Pattern REPO_PATH = Pattern.compile(
            "(?<![\\w/.$-])((?:deploy|docs|backend|migrations|telegram-fake|bench|\\.github|\\.ci)/[\\w./-]*[\\w/])");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#:]+)(#[^)]*)?\\)");
    private static final Pattern START_COMMAND = Pattern.compile("/app/bin/start(?: (\\w+))?");
    private static final Pattern TABLE = Pattern.compile("(?i)\\b(?:FROM|JOIN|UPDATE|INTO|TABLE)\\s+([a-z_]+)\\b");

    @Test
    void runbooksNameOnlyFilesCommandsAndTablesThatExist() throws IOException {
        Set<String> tables = tables();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : docs()) {
            String text = Files.readString(doc);
            String name = Repo.root().relativize(doc).toString();
            Matcher p = REPO_PATH.matcher(text);
            while (p.find()) {
                checked++;
                if (!Files.exists(Repo.root().resolve(p.group(1)))) {
                    problems.add(name + ": no file " + p.group(1));
                }
            }
            Matcher l = LINK.matcher(text);
            while (l.find()) {
                checked++;
                if (!Files.exists(doc.getParent().resolve(l.group(1)).normalize())) {
                    problems.add(name + ": broken link " + l.group(1));
                }
            }
            Matcher c = START_COMMAND.matcher(text);
            while (c.find()) {
                checked++;
                if (c.group(1) != null && !Set.of("migrate", "webhook").contains(c.group(1))) {
                    problems.add(name + ": the start script has no command " + c.group(1));
                }
            }
            for (String sql : sqlBlocks(text)) {
                Matcher t = TABLE.matcher(sql);
                while (t.find()) {
                    checked++;
                    String table = t.group(1).toLowerCase();
                    if (!tables.contains(table) && !table.startsWith("pg_")) {
                        problems.add(name + ": SQL names table " + table + ", which no migration creates");
                    }
                }
            }
        }
        assertThat(checked).as("references checked").isGreaterThan(100);
        assertThat(problems).isEmpty();
    }

    @Test
    void theEnvironmentReferenceListsEveryVariableTheBackendReads() throws IOException {
        String reference = Files.readString(Repo.file("deploy/ENVIRONMENT.md"));
        Set<String> read = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(?:optional|string|integer|bool|choice)\\(\\s*\"([A-Z][A-Z0-9_]+)\"")
                .matcher(Files.readString(
                        Repo.file("backend/src/main/java/io/rafflestars/backend/platform/Settings.java")));
        while (m.find()) {
            read.add(m.group(1));
        }
        assertThat(read).contains("DATABASE_URL", "PORT", "PUBLIC_URL", "TRUSTED_PROXY_HOPS");
        for (String variable : read) {
            assertThat(reference).as(variable).contains("`" + variable + "`");
        }
    }

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>();
        try (Stream<Path> runbooks = Files.list(Repo.file("docs/runbooks"))) {
            docs.addAll(runbooks.filter(p -> p.toString().endsWith(".md")).toList());
        }
        for (String more : List.of("docs/operations.md", "docs/database.md", "deploy/ENVIRONMENT.md")) {
            docs.add(Repo.file(more));
        }
        assertThat(docs).hasSizeGreaterThan(10);
        return docs;
    }

    /** Every table some migration creates. */
    private static Set<String> tables() throws IOException {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.list(Repo.file("migrations/src/main/resources/db/migration"))) {
            for (Path f : files.toList()) {
                Matcher m = Pattern.compile("(?i)CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)")
                        .matcher(Files.readString(f));
                while (m.find()) {
                    tables.add(m.group(1).toLowerCase());
                }
            }
        }
        tables.add("flyway_schema_history");
        return tables;
    }

    private static List<String> sqlBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }
}
