package io.rafflestars.backend.platform;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Writes CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line break quoted, quotes
 * doubled) straight to a stream through a small buffer, row by row, so an export of any length never exists in memory
 * as a whole. Text that a spreadsheet would run as a formula (starting with {@code = + - @}, tab or carriage return) is
 * prefixed with an apostrophe; numbers are written as they are.
 */
public final class Csv implements AutoCloseable {
    private static final int BUFFER = 16 * 1024;

    private final BufferedWriter out;
    private boolean firstField = true;

    public Csv(OutputStream stream) {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), BUFFER);
    }

    /** Writes a whole row of text cells (the header, typically). */
    public Csv header(String... names) throws IOException {
        for (String n : names) {
            text(n);
        }
        return end();
    }

    public Csv text(String value) throws IOException {
        separator();
        if (value == null) {
            return this;
        }
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            out.write('"');
            out.write(v.replace("\"", "\"\""));
            out.write('"');
        } else {
            out.write(v);
        }
        return this;
    }

    public Csv number(long value) throws IOException {
        separator();
        out.write(Long.toString(value));
        return this;
    }

    /** A number that may be absent (an empty cell). */
    public Csv number(Long value) throws IOException {
        separator();
        if (value != null) {
            out.write(Long.toString(value));
        }
        return this;
    }

    /** ISO-8601 in UTC, e.g. {@code 2026-12-01T10:15:30.123456Z}; empty when null. */
    public Csv time(Instant value) throws IOException {
        separator();
        if (value != null) {
            out.write(DateTimeFormatter.ISO_INSTANT.format(value));
        }
        return this;
    }

    /** Ends the row. */
    public Csv end() throws IOException {
        out.write("\r\n");
        firstField = true;
        return this;
    }

    private void separator() throws IOException {
        if (!firstField) {
            out.write(',');
        }
        firstField = false;
    }

    /** Flushes what is buffered; the underlying stream is closed too (it ends the response). */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
