package io.rafflestars.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/monitoring against promtool and against the backend: the rules load and their unit tests pass, every alert
 * names a runbook that exists, and every metric the rules and the dashboard use is one /metrics really exports.
 */
@ExtendWith(FreshDatabase.class)
class MonitoringTest {
    private static final Set<String> PROMQL_WORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "offset",
            "bool",
            "and",
            "or",
            "unless",
            "inf",
            "nan");

    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() {
        String promtool = promtool();
        Path dir = Repo.file("deploy/monitoring");
        assertThat(Container.run(
                        List.of(
                                promtool,
                                "check",
                                "rules",
                                dir.resolve("alerts.yml").toString()),
                        Map.of(),
                        60))
                .contains("SUCCESS");
        assertThat(Container.run(
                        List.of(
                                promtool,
                                "test",
                                "rules",
                                dir.resolve("alerts.test.yml").toString()),
                        Map.of(),
                        60))
                .contains("SUCCESS");
        assertThat(Container.run(
                        List.of(
                                promtool,
                                "check",
                                "config",
                                dir.resolve("prometheus.yml").toString()),
                        Map.of(),
                        60))
                .contains("SUCCESS");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasARunbookThatExists() throws IOException {
        Map<String, Object> rules = new Yaml().load(Files.readString(Repo.file("deploy/monitoring/alerts.yml")));
        List<String> alerts = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
                String runbook = annotations == null ? null : annotations.get("runbook");
                assertThat(runbook).as("runbook of " + rule.get("alert")).isNotBlank();
                assertThat(Repo.root().resolve(runbook))
                        .as("runbook of " + rule.get("alert"))
                        .isRegularFile();
                alerts.add((String) rule.get("alert"));
            }
        }
        assertThat(alerts)
                .contains(
                        "PreCheckoutSlow",
                        "WebhookDeliveryFailing",
                        "OutboxLag",
                        "PayoutsStuck",
                        "ReconciliationMismatch",
                        "DatabaseDown",
                        "HighErrorRate");
    }

    @Test
    void theRulesAndTheDashboardUseOnlyMetricsTheBackendExports(DatabaseUrl url) throws IOException {
        Set<String> used = new TreeSet<>();
        Map<String, Object> rules = new Yaml().load(Files.readString(Repo.file("deploy/monitoring/alerts.yml")));
        collectExpressions(rules, used);
        JsonNode dashboard = new ObjectMapper()
                .readTree(Repo.file("deploy/monitoring/grafana-dashboard.json").toFile());
        dashboard.findValues("expr").forEach(e -> used.addAll(metricNames(e.asText())));
        assertThat(used).as("metric names found in the rules and the dashboard").hasSizeGreaterThan(30);

        Set<String> exported = new TreeSet<>();
        int port = Repo.freePort();
        // as in production: PUBLIC_URL set, so the webhook is registered and Telegram's view of it is exported
        try (TestBackend app = TestBackend.start(
                url, Map.of("PORT", Integer.toString(port), "PUBLIC_URL", "http://127.0.0.1:" + port))) {
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> !app.telegram().calls("getWebhookInfo").isEmpty());
            for (String line : app.get("/metrics").body().lines().toList()) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    exported.add(line.split("[{ ]", 2)[0]);
                }
            }
        }
        assertThat(exported).as("exported by /metrics").containsAll(used);
    }

    @SuppressWarnings("unchecked")
    private static void collectExpressions(Object node, Set<String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if ("expr".equals(k)) {
                    into.addAll(metricNames(v.toString()));
                } else {
                    collectExpressions(v, into);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectExpressions(item, into));
        }
    }

    /** The metric names in a PromQL expression: identifiers that are not functions, keywords, labels or durations. */
    static Set<String> metricNames(String expr) {
        String e = expr.replaceAll("\"[^\"]*\"", "\"\"") // strings
                .replaceAll("\\{[^}]*}", " ") // label matchers
                .replaceAll("\\[[^]]*]", " ") // range selectors
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(e);
        while (m.find()) {
            String word = m.group(1);
            boolean function = m.group(2) != null;
            if (!function && !PROMQL_WORDS.contains(word.toLowerCase()) && word.contains("_")) {
                names.add(word);
            }
        }
        return names;
    }

    private static String promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "promtool");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError("promtool is not installed: apt-get install prometheus (.ci/run does)");
    }
}
