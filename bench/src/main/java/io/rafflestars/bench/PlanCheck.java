package io.rafflestars.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.config.Config;
import io.rafflestars.backend.platform.Database;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.backend.platform.Statements;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The hot queries' plans on a database of raffle scale: fills a fresh database (plans/generate.sql), checks that the
 * generated state is consistent, then runs {@code EXPLAIN (ANALYZE, BUFFERS)} on each named statement (taken by name
 * from backend/src/main/resources/sql/*.yaml, so the check follows the code) inside a transaction that is rolled
 * back. Fails when a plan scans a large table sequentially. Writes a TSV line per statement to {@code --out}.
 */
public final class PlanCheck {
    /** A table with more rows than this is "large": a sequential scan of it on a hot path is a finding. */
    private static final long LARGE = 50_000;

    private PlanCheck() {}

    /** A statement to explain: its group, name, what it is for, and the SQL literals for its parameters. */
    /** {@code enforced}: a large sequential scan fails the check; otherwise it is only reported in the table. */
    private record Probe(String group, String name, String purpose, List<String> params, boolean enforced) {}

    private static final String INTENT = "(SELECT id FROM purchase_intent WHERE payload = 'plan-intent-000000004242')";
    private static final String CLEARING = "(SELECT id FROM ledger_account WHERE code = 'telegram_clearing')";
    private static final String POT = "(SELECT id FROM ledger_account WHERE code = 'raffle_pot:1')";
    private static final String CREDIT = "(SELECT id FROM ledger_account WHERE code = 'player_credit:42')";

    private static List<Probe> probes() {
        return List.of(
                p(
                        "webhook",
                        "update-store",
                        "store an update",
                        "9999999999",
                        "'message'",
                        "'{\"update_id\": 1}'",
                        "now() + interval '30 seconds'"),
                p("webhook", "player-upsert", "remember the player", "4242", "'Ann'", "NULL", "'en'"),
                p("webhook", "update-done", "mark it handled", "1000001"),
                p("pre-checkout", "hold-by-query", "query seen before?", "'plan-query-4242'"),
                p("pre-checkout", "intent-by-payload", "the invoice", "'plan-intent-000000004242'"),
                p("pre-checkout", "raffle-lock", "lock the raffle", "1"),
                p("pre-checkout", "raffle-prizes", "its prizes", "1"),
                p("pre-checkout", "holds-release-expired", "free expired holds", "1", "now()"),
                p("pre-checkout", "player-holding", "per-player cap", "1", "4242", "1", "4242"),
                p(
                        "pre-checkout",
                        "hold-insert",
                        "hold the tickets",
                        "'plan-new-query'",
                        INTENT,
                        "1",
                        "4242",
                        "1",
                        "now() + interval '15 minutes'"),
                p("pre-checkout", "raffle-add-held", "count the hold", "1", "1"),
                p(
                        "payment",
                        "payment-insert",
                        "record the charge",
                        "'plan-new-charge'",
                        "''",
                        INTENT,
                        "1",
                        "4242",
                        "4"),
                p("payment", "hold-for-payment", "the payer's hold", INTENT, "4242"),
                p("payment", "hold-consume", "consume it", "4242"),
                p("payment", "raffle-add-sold", "count the sale", "2", "0", "1"),
                p("payment", "raffle-get", "the raffle again", "1"),
                p("payment", "tickets-issue", "number the tickets", "1", "4242", "4242", "999998", "999999"),
                p("payment", "payment-credited", "credit the payment", "2", "4242"),
                p("payment", "outbox-append", "outbox event", "'sales'", "'TicketsSold'", "1", "4242", "'{}'"),
                p(
                        "payment",
                        "outgoing-enqueue",
                        "queue the chat message",
                        "4242",
                        "'sendMessage'",
                        "'{\"text\": \"x\"}'",
                        "'plan-new-dedupe'",
                        "NULL"),
                p(
                        "payment",
                        "ledger-account-open",
                        "the pot exists",
                        "'raffle_pot:1'",
                        "'RAFFLE_POT'",
                        "'Pot'",
                        "1",
                        "NULL",
                        "true",
                        "false",
                        "'raffle_pot:1'"),
                p("payment", "ledger-accounts-lock", "lock clearing and pot", "'telegram_clearing,raffle_pot:1'"),
                p(
                        "payment",
                        "ledger-transfer-insert",
                        "post the transfer (trigger moves balances)",
                        "'payment:plan-new'",
                        CLEARING,
                        POT,
                        "4",
                        "'PAYMENT'",
                        "'SINGLE'",
                        "NULL",
                        "NULL",
                        "'payment'",
                        "'plan-new'"),
                p("payment", "ledger-transfer-by-id", "replay check", "'payment:plan-charge-4242'"),
                p(
                        "ledger page",
                        "ledger-transfers-of-account",
                        "a raffle pot, first page",
                        POT,
                        "0",
                        "50",
                        POT,
                        "0",
                        "50",
                        "50"),
                p(
                        "ledger page",
                        "ledger-transfers-of-account",
                        "telegram_clearing, deep page",
                        CLEARING,
                        "250000",
                        "50",
                        CLEARING,
                        "250000",
                        "50",
                        "50"),
                p(
                        "ledger page",
                        "ledger-transfers-of-account",
                        "a player's prize credit",
                        CREDIT,
                        "0",
                        "50",
                        CREDIT,
                        "0",
                        "50",
                        "50"),
                p("balances", "ledger-account-by-code", "one balance", "'raffle_pot:1'"),
                p("balances", "ledger-accounts-all", "balances, first page", "50", "0"),
                p("balances", "ledger-trial-balance", "trial balance"),
                report("balances", "ledger-raffle-results", "one raffle's P&L (report)", "0", "1", "1", "1"),
                report(
                        "balances",
                        "ledger-raffle-results",
                        "P&L of the first 50 raffles (report)",
                        "0",
                        "NULL",
                        "NULL",
                        "50"),
                p(
                        "ledger",
                        "ledger-entries",
                        "entries of one raffle, first page",
                        "0",
                        "NULL",
                        "NULL",
                        "NULL",
                        "1",
                        "1",
                        "1",
                        "NULL",
                        "NULL",
                        "NULL",
                        "NULL",
                        "NULL",
                        "NULL",
                        "50"),
                p(
                        "ledger",
                        "ledger-entries",
                        "all entries, a page deep in the history",
                        "4000000",
                        "NULL",
                        "NULL",
                        "NULL",
                        "NULL",
                        "NULL",
                        "NULL",
                        "NULL",
                        "NULL",
                        "NULL",
                        "NULL",
                        "NULL",
                        "NULL",
                        "50"),
                p(
                        "ledger",
                        "ledger-accounts-page",
                        "accounts, first page",
                        "0",
                        "NULL",
                        "NULL",
                        "NULL",
                        "NULL",
                        "NULL",
                        "NULL",
                        "50"),
                p("balances", "raffle-live-held", "tickets held now", "1", "now()"),
                p("player", "tickets-of-player", "a player's tickets", "4242", "50"),
                p("jobs", "update-claim", "updates to retry", "now()", "50", "now() + interval '30 seconds'"),
                p(
                        "jobs",
                        "outgoing-claim",
                        "messages to send (slots 40 ms apart, 30 s lease)",
                        "now()",
                        "now()",
                        "30",
                        "now()",
                        "40000",
                        "30000000",
                        "30000000",
                        "40000"),
                p("bot", "announcement-get", "an announcement's progress", "1", "1"),
                p("jobs", "payment-claim-refunds", "refunds to make", "now()", "50", "now() + interval '60 seconds'"),
                p("jobs", "scheduler-release-expired-holds", "expired holds", "now()"),
                p("jobs", "scheduler-due-close", "raffles to close", "now()"),
                p("jobs", "ledger-pending-expired", "pending transfers to void", "now()", "100"),
                p("jobs", "update-prune", "forget old updates", "now() - interval '2 days'"),
                p("feeds", "outbox-after", "outbox after the last id seen", "990000", "9223372036854775807", "500"),
                p("feeds", "outbox-bounds", "oldest and newest event kept"),
                p("feeds", "feed-raffle-snapshot", "a raffle as players first see it", "1"),
                p("jobs", "outbox-prune", "prune old events", "5000", "now() - interval '72 hours'"));
    }

    private static Probe p(String group, String name, String purpose, String... params) {
        return new Probe(group, name, purpose, List.of(params), true);
    }

    /**
     * A report that reads a raffle's whole history by design (its P&L sums every movement of its accounts): the plan
     * and its cost are in the table, a sequential scan does not fail the check.
     */
    private static Probe report(String group, String name, String purpose, String... params) {
        return new Probe(group, name, purpose, List.of(params), false);
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options(args);
        List<String> findings = check(o);
        if (!findings.isEmpty()) {
            System.err.println("Sequential scans of large tables:\n  " + String.join("\n  ", findings));
            System.exit(1);
        }
    }

    /**
     * Fills {@code --database}, explains every probe and writes {@code --out}; returns the large sequential scans
     * found (empty: none). A probe whose statement no longer binds fails the check: the probes follow the code.
     */
    static List<String> check(Options o) throws Exception {
        DatabaseUrl db = DatabaseUrl.parse("--database", o.required("database"));
        Path out = Path.of(o.required("out"));
        Map<String, String> scale = new TreeMap<>(Map.of(
                "raffles", o.string("raffles", "20"),
                "payments", o.string("payments", "500000"),
                "quantity", o.string("quantity", "2"),
                "transfers", o.string("transfers", "5000000"),
                "players", o.string("players", "200000"),
                "credit_accounts", o.string("credit-accounts", "10000")));
        try (Database database = Database.open(db, 2, Statements.load())) {
            database.migrate();
        }
        Config statements = Statements.load();
        try (Connection c = Jdbc.connect(db)) {
            long started = System.nanoTime();
            generate(c, scale);
            System.out.printf(Locale.ROOT, "generated in %.0f s%n", (System.nanoTime() - started) / 1e9);
            checkConsistent(c);
            Map<String, Long> sizes = sizes(c);
            System.out.println("rows: " + sizes);
            List<String> lines = new ArrayList<>();
            lines.add("group\tstatement\tpurpose\texecution_ms\tbuffers\tplan\tlarge_seq_scans");
            List<String> findings = new ArrayList<>();
            for (Probe probe : probes()) {
                String sql = statements
                        .get(probe.name())
                        .asString()
                        .orElseThrow(() -> new IllegalStateException("plan probe " + probe.name()
                                + " names no statement of backend/src/main/resources/sql"));
                lines.add(explain(c, probe, sql, sizes, findings));
            }
            lines.add("#rows\t" + sizes);
            Files.write(out, lines);
            if (findings.isEmpty()) {
                System.out.println("no sequential scan of a large table in " + (lines.size() - 2) + " plans");
            }
            return findings;
        }
    }

    private static void generate(Connection c, Map<String, String> scale) throws IOException, SQLException {
        String script;
        try (InputStream in = PlanCheck.class.getResourceAsStream("/plans/generate.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (var v : scale.entrySet()) {
            script = script.replace(":" + v.getKey(), v.getValue());
        }
        script = script.replaceAll("(?m)^--.*$", "");
        for (String statement : script.split(";\\s*\\n")) {
            if (!statement.isBlank()) {
                long t = System.nanoTime();
                Jdbc.execute(c, statement);
                System.out.printf(
                        Locale.ROOT,
                        "  %5.1f s  %s%n",
                        (System.nanoTime() - t) / 1e9,
                        statement.strip().lines().findFirst().orElse(""));
            }
        }
    }

    /** The generated state must be one the backend could have produced. */
    private static void checkConsistent(Connection c) throws SQLException {
        String[][] checks = {
            {
                "ledger sums to zero",
                "SELECT count(*) FROM (SELECT SUM(credits_posted - debits_posted) AS s"
                        + " FROM ledger_account) x WHERE s <> 0"
            },
            {
                "account counters equal their entries",
                "SELECT count(*) FROM ledger_account a LEFT JOIN (SELECT acc, SUM(d) AS d, SUM(c) AS c FROM"
                        + " (SELECT debit_account_id AS acc, amount AS d, 0::bigint AS c FROM ledger_transfer"
                        + " UNION ALL SELECT credit_account_id, 0, amount FROM ledger_transfer) legs GROUP BY acc) s"
                        + " ON s.acc = a.id WHERE a.debits_posted <> COALESCE(s.d, 0)"
                        + " OR a.credits_posted <> COALESCE(s.c, 0)"
            },
            {
                "tickets equal paid quantities",
                "SELECT count(*) FROM raffle r WHERE tickets_sold <> (SELECT count(*)"
                        + " FROM ticket t WHERE t.raffle_id = r.id) OR tickets_sold <> (SELECT COALESCE(SUM(quantity), 0)"
                        + " FROM payment p WHERE p.raffle_id = r.id)"
            },
            {
                "every credited payment has its transfer",
                "SELECT count(*) FROM payment p WHERE NOT EXISTS"
                        + " (SELECT 1 FROM ledger_transfer t WHERE t.id = 'payment:' || p.telegram_payment_charge_id)"
            },
            {
                "no account past its limit",
                "SELECT count(*) FROM ledger_account WHERE (debits_must_not_exceed_credits"
                        + " AND debits_posted > credits_posted) OR (credits_must_not_exceed_debits"
                        + " AND credits_posted > debits_posted)"
            }
        };
        for (String[] check : checks) {
            if (Jdbc.single(c, check[1]) != 0) {
                throw new IllegalStateException("generated data is inconsistent: " + check[0]);
            }
        }
        System.out.println("generated state checked: ledger, counters, tickets, payments consistent");
    }

    private static Map<String, Long> sizes(Connection c) throws SQLException {
        Map<String, Long> sizes = new TreeMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT relname, n_live_tup FROM pg_stat_user_tables")) {
            while (rs.next()) {
                sizes.put(rs.getString(1), rs.getLong(2));
            }
        }
        return sizes;
    }

    private static String explain(Connection c, Probe probe, String sql, Map<String, Long> sizes, List<String> findings)
            throws SQLException {
        // Ids are looked up first: the backend binds plain values, and the planner must see them as such.
        List<String> values = new ArrayList<>();
        for (String param : probe.params()) {
            values.add(
                    param.startsWith("(SELECT")
                            ? Long.toString(Jdbc.single(c, param.substring(1, param.length() - 1)))
                            : param);
        }
        String bound = bind(sql, values);
        JsonNode plan;
        c.setAutoCommit(false);
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + bound)) {
            rs.next();
            plan = Json.mapper().readTree(rs.getString(1)).get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
        JsonNode root = plan.path("Plan");
        Set<String> nodes = new LinkedHashSet<>();
        List<String> seqScans = new ArrayList<>();
        walk(root, nodes, seqScans, sizes);
        for (JsonNode trigger : plan.path("Triggers")) {
            nodes.add("trigger " + trigger.path("Trigger Name").asText());
        }
        if (!seqScans.isEmpty() && probe.enforced()) {
            findings.add(probe.name() + " (" + probe.purpose() + "): " + seqScans);
        }
        long buffers = root.path("Shared Hit Blocks").asLong()
                + root.path("Shared Read Blocks").asLong();
        return String.format(
                Locale.ROOT,
                "%s\t%s\t%s\t%.3f\t%d\t%s\t%s",
                probe.group(),
                probe.name(),
                probe.purpose(),
                plan.path("Execution Time").asDouble(),
                buffers,
                String.join(", ", nodes),
                String.join(", ", seqScans));
    }

    private static void walk(JsonNode node, Set<String> nodes, List<String> seqScans, Map<String, Long> sizes) {
        String type = node.path("Node Type").asText();
        String relation = node.path("Relation Name").asText("");
        String index = node.path("Index Name").asText("");
        if (!relation.isEmpty() || !index.isEmpty()) {
            nodes.add(type + (index.isEmpty() ? "" : " " + index) + (relation.isEmpty() ? "" : " on " + relation));
        }
        if (type.equals("Seq Scan") && sizes.getOrDefault(relation, 0L) > LARGE) {
            seqScans.add(relation + " (" + sizes.get(relation) + " rows)");
        }
        for (JsonNode child : node.path("Plans")) {
            walk(child, nodes, seqScans, sizes);
        }
    }

    /** Replaces each {@code ?} with the next SQL literal or expression. */
    static String bind(String sql, List<String> params) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (char ch : sql.toCharArray()) {
            if (ch == '?') {
                if (next >= params.size()) {
                    throw new IllegalArgumentException("too few parameters for: " + sql);
                }
                out.append(params.get(next++));
            } else {
                out.append(ch);
            }
        }
        if (next != params.size()) {
            throw new IllegalArgumentException("too many parameters for: " + sql);
        }
        return out.toString();
    }
}
