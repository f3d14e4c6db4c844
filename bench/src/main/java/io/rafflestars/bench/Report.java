package io.rafflestars.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the results of one {@code bench/run.sh} into docs/benchmarks.md, between the {@code results:begin} and
 * {@code results:end} markers, so the table in the doc is always what the script last measured. A benchmark that did
 * not run keeps a line saying so.
 */
public final class Report {
    private static final String BEGIN = "<!-- results:begin (written by bench/run.sh; do not edit by hand) -->";
    private static final String END = "<!-- results:end -->";

    private Report() {}

    public static void main(String[] args) throws IOException {
        Options o = new Options(args);
        Path results = Path.of(o.required("results"));
        Path doc = Path.of(o.required("doc"));
        StringBuilder md = new StringBuilder();
        md.append(BEGIN).append("\n\n");
        machine(results, md);
        purchase(results, md);
        feed(results, md);
        console(results, md);
        draw(results, md);
        plans(results, md);
        md.append(END);
        String text = Files.readString(doc);
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        if (b < 0 || e < b) {
            throw new IllegalStateException(doc + " has no results markers");
        }
        Files.writeString(doc, text.substring(0, b) + md + text.substring(e + END.length()));
        System.out.println("results written into " + doc);
    }

    private static void machine(Path results, StringBuilder md) throws IOException {
        Path f = results.resolve("machine.txt");
        if (Files.exists(f)) {
            md.append("Run of ")
                    .append(Files.readString(f).strip().replace("\n", " "))
                    .append(".\n\n");
        }
    }

    private static void purchase(Path results, StringBuilder md) throws IOException {
        md.append("### Purchase pipeline vs pgbench (TPC-B)\n\n");
        List<Map<String, String>> ours = tsv(results.resolve("purchase.tsv"));
        List<Map<String, String>> pg = tsv(results.resolve("pgbench.tsv"));
        if (ours.isEmpty()) {
            md.append("Not run.\n\n");
            return;
        }
        Map<String, String> tps = new HashMap<>();
        String scale = "?";
        for (Map<String, String> row : pg) {
            tps.put(row.get("clients"), row.get("tps"));
            scale = row.get("scale");
        }
        md.append("| clients | purchases/s | pgbench TPC-B tps (scale ")
                .append(scale)
                .append(") | ratio | pre-checkout answer p50 / p99 ms | payment p50 / p99 ms | commits per purchase"
                        + " | backend RSS MiB | where the database sessions wait |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Map<String, String> row : ours) {
            String c = row.get("clients");
            String t = tps.get(c);
            String ratio = t == null
                    ? "-"
                    : String.format(
                            Locale.ROOT,
                            "%.3f",
                            Double.parseDouble(row.get("purchases_per_s")) / Double.parseDouble(t));
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | **%s** | %s / %s | %s / %s | %s | %s | %s |%n",
                    c,
                    row.get("purchases_per_s"),
                    t == null ? "not run" : t,
                    ratio,
                    row.get("precheckout_p50_ms"),
                    row.get("precheckout_p99_ms"),
                    row.get("payment_p50_ms"),
                    row.get("payment_p99_ms"),
                    row.get("commits_per_purchase"),
                    row.get("backend_rss_mib"),
                    row.get("top_waits").replace("|", "/")));
        }
        md.append('\n');
    }

    private static void feed(Path results, StringBuilder md) throws IOException {
        md.append("### Live feed fan-out\n\n");
        List<Map<String, String>> rows = tsv(results.resolve("feed.tsv"));
        if (rows.isEmpty()) {
            md.append("Not run.\n\n");
            return;
        }
        String target = Files.exists(results.resolve("feed-target.txt"))
                ? Files.readString(results.resolve("feed-target.txt")).strip()
                : "?";
        md.append("Target: ").append(target).append("\n\n");
        md.append("| sockets open | connect all (s) | connect p99 ms | broadcasts | delivery p50 ms | p99 ms | max ms"
                + " | missed | server RSS MiB |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, String> r : rows) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s of %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.get("open"),
                    r.get("sockets"),
                    r.get("connect_s"),
                    r.get("connect_p99_ms"),
                    r.get("rounds"),
                    r.get("delivery_p50_ms"),
                    r.get("delivery_p99_ms"),
                    r.get("delivery_max_ms"),
                    r.get("missed"),
                    r.get("server_rss_mib")));
        }
        md.append('\n');
    }

    private static void console(Path results, StringBuilder md) throws IOException {
        md.append("### Console: Live transactions under a stream\n\n");
        List<Map<String, String>> rows = tsv(results.resolve("console.tsv"));
        if (rows.isEmpty()) {
            md.append("Not run.\n\n");
            return;
        }
        md.append(
                "| events/s | seconds | events committed | seen by the screen | rows kept | FX pulse interval p50 / p99 /"
                        + " max ms | FX task delay p99 / max ms | commit to table p50 / p99 ms | peak heap MiB | heap after GC"
                        + " MiB |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, String> r : rows) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s / %s / %s | %s / %s | %s / %s | %s | %s |%n",
                    r.get("rate"),
                    r.get("seconds"),
                    r.get("generated"),
                    r.get("seen"),
                    r.get("rows"),
                    r.get("pulse_p50_ms"),
                    r.get("pulse_p99_ms"),
                    r.get("pulse_max_ms"),
                    r.get("fx_delay_p99_ms"),
                    r.get("fx_delay_max_ms"),
                    r.get("lag_p50_ms"),
                    r.get("lag_p99_ms"),
                    r.get("peak_heap_mib"),
                    r.get("heap_after_gc_mib")));
        }
        md.append('\n');
    }

    private static void draw(Path results, StringBuilder md) throws IOException {
        md.append("### Draw (JMH)\n\n");
        Path f = results.resolve("draw.csv");
        if (!Files.exists(f)) {
            md.append("Not run.\n\n");
            return;
        }
        md.append("| benchmark | tickets | winners | ms per operation | ± (99.9%) |\n|---|---:|---:|---:|---:|\n");
        for (String line :
                Files.readAllLines(f).subList(1, Files.readAllLines(f).size())) {
            String[] c = line.replace("\"", "").split(",");
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %.1f | %s |%n",
                    c[0].substring(c[0].lastIndexOf('.') + 1),
                    c[7],
                    c[8],
                    Double.parseDouble(c[4]),
                    c[5]));
        }
        md.append('\n');
    }

    private static void plans(Path results, StringBuilder md) throws IOException {
        md.append("### Hot query plans\n\n");
        Path f = results.resolve("plans.tsv");
        if (!Files.exists(f)) {
            md.append("Not run.\n\n");
            return;
        }
        List<String> lines = Files.readAllLines(f);
        String rows = lines.stream()
                .filter(l -> l.startsWith("#rows"))
                .findFirst()
                .orElse("")
                .replace("#rows\t", "");
        md.append("Rows: ").append(rows).append("\n\n");
        md.append("| group | statement | for | execution ms | buffers | plan | large seq scans |\n"
                + "|---|---|---|---:|---:|---|---|\n");
        for (String line : lines.subList(1, lines.size())) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t", -1);
            md.append(String.format(
                    "| %s | `%s` | %s | %s | %s | %s | %s |%n",
                    c[0], c[1], c[2], c[3], c[4], c[5], c.length < 7 || c[6].isEmpty() ? "none" : "**" + c[6] + "**"));
        }
        md.append('\n');
    }

    private static List<Map<String, String>> tsv(Path f) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        if (!Files.exists(f)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(f);
        String[] header = lines.getFirst().split("\t");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length && i < cells.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
