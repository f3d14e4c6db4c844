package io.rafflestars.backend.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.logging.common.HelidonMdc;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Log output: text for people or JSON lines for log platforms ({@code LOG_FORMAT}), the root level
 * ({@code LOG_LEVEL}), and a last line of defence for secrets: every value of a secret environment variable (and the
 * database password) is replaced by {@code ***} in whatever a log line says, whichever library wrote it.
 */
public final class Logs {
    /** Environment variables whose values are secrets, by name. */
    private static final java.util.regex.Pattern SECRET_NAME =
            java.util.regex.Pattern.compile(".*(SECRET|TOKEN|PASSWORD|PASSWORD_HASH|_KEY)(_ALT|_PREVIOUS|_NEXT)?$");
    /** Shorter values would mask ordinary words; secrets that short are a problem of their own. */
    private static final int MIN_SECRET_LENGTH = 6;

    private static final List<String> secrets = new CopyOnWriteArrayList<>();

    private Logs() {}

    /** Sets format and level on the root handlers and registers the secrets found in {@code env}. */
    public static void configure(Settings settings, Map<String, String> env) {
        List<String> found = new ArrayList<>();
        env.forEach((name, value) -> {
            if (SECRET_NAME.matcher(name).matches() && value != null) {
                found.add(value.strip());
                // a bot token's key is secret on its own, e.g. URL-encoded after "bot123%3A"
                if (name.equals("TELEGRAM_BOT_TOKEN") && value.indexOf(':') > 0) {
                    found.add(value.substring(value.indexOf(':') + 1).strip());
                }
            }
        });
        settings.database().map(DatabaseUrl::password).ifPresent(found::add);
        redact(found);
        Logger root = Logger.getLogger("");
        root.setLevel(settings.logLevel());
        for (Handler h : root.getHandlers()) {
            h.setLevel(Level.ALL);
            Formatter inner = settings.logFormat() == Settings.LogFormat.JSON ? new JsonFormatter() : h.getFormatter();
            h.setFormatter(new Redacting(inner));
        }
    }

    /**
     * Where start-up messages for people go: standard output as is, or, with JSON logs, the same lines as JSON log
     * records (logger {@code main}) so that every line of output parses.
     */
    public static java.io.PrintStream console(Settings settings) {
        if (settings.logFormat() == Settings.LogFormat.TEXT) {
            return System.out;
        }
        JsonFormatter json = new JsonFormatter();
        return new java.io.PrintStream(System.out, true, java.nio.charset.StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                LogRecord record = new LogRecord(Level.INFO, line);
                record.setLoggerName("main");
                print(mask(json.format(record)));
            }
        };
    }

    /** Adds values never to be logged (e.g. the demo's generated webhook secret). */
    public static void redact(List<String> values) {
        values.stream()
                .filter(v -> v != null && v.length() >= MIN_SECRET_LENGTH && !secrets.contains(v))
                .forEach(secrets::add);
        // longest first, so a secret containing another is masked whole
        List<String> sorted = new ArrayList<>(secrets);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        secrets.clear();
        secrets.addAll(sorted);
    }

    static String mask(String text) {
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, "***");
            }
        }
        return out;
    }

    /** Wraps a formatter and masks secrets in what it writes. */
    static final class Redacting extends Formatter {
        private final Formatter inner;

        Redacting(Formatter inner) {
            this.inner = inner;
        }

        @Override
        public String format(LogRecord record) {
            return mask(inner.format(record));
        }
    }

    /**
     * One JSON object per line: {@code ts}, {@code level}, {@code logger}, {@code thread}, {@code requestId} (when the
     * line belongs to a request), {@code message}, and {@code error} with the stack trace.
     */
    public static final class JsonFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            ObjectNode line = Json.mapper().createObjectNode();
            line.put("ts", Instant.ofEpochMilli(record.getMillis()).toString());
            line.put("level", record.getLevel().getName());
            line.put("logger", record.getLoggerName());
            line.put("thread", Thread.currentThread().getName());
            HelidonMdc.get(RequestIds.MDC_KEY).ifPresent(id -> line.put("requestId", id));
            line.put("message", formatMessage(record));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.put("error", trace.toString());
            }
            try {
                return Json.mapper().writeValueAsString(line) + System.lineSeparator();
            } catch (JsonProcessingException e) {
                return "{\"level\":\"SEVERE\",\"message\":\"unloggable record\"}" + System.lineSeparator();
            }
        }
    }
}
