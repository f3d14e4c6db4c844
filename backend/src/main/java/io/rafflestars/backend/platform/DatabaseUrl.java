package io.rafflestars.backend.platform;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where the database is and how to log in. Built from {@code DATABASE_URL}, which arrives either in JDBC form or in
 * the {@code postgresql://user:password@host:port/db?options} form that Railway and Heroku hand out (which JDBC does
 * not accept as is). Credentials are kept out of the JDBC URL so that logging the URL never leaks them.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {
    private static final int DEFAULT_PORT = 5432;

    public DatabaseUrl {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    /**
     * Parses a database URL.
     *
     * @param variable the name of the variable it came from, used in error messages
     * @param value the value
     * @throws StartupException naming the variable and what is wrong (never echoing a password)
     */
    public static DatabaseUrl parse(String variable, String value) {
        if (value == null || value.isBlank()) {
            throw bad(variable, "is empty");
        }
        String url = value.strip();
        if (url.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(url, null, null);
        }
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            throw bad(
                    variable, "must look like postgresql://user:password@host:port/database or jdbc:postgresql://...");
        }
        String scheme = url.substring(0, schemeEnd);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
            throw bad(
                    variable, "has scheme '" + scheme + "'; expected postgresql://, postgres:// or jdbc:postgresql://");
        }
        String rest = url.substring(schemeEnd + 3);

        // The host part cannot contain '@', a password may (people often leave it unencoded): split at the last '@'.
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String rawUser = colon < 0 ? userInfo : userInfo.substring(0, colon);
            user = decode(variable, "user name", rawUser);
            password = colon < 0 ? null : decode(variable, "password", userInfo.substring(colon + 1));
            if (user.isEmpty()) {
                user = null;
            }
        }

        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : decode(variable, "database name", rest.substring(slash + 1));
        if (database.isEmpty()) {
            throw bad(variable, "names no database (expected .../database at the end)");
        }
        if (database.contains("/")) {
            throw bad(variable, "has a database name with '/' in it");
        }

        String host;
        String portText = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw bad(variable, "has an IPv6 host without its closing ']'");
            }
            host = hostPort.substring(0, close + 1);
            String after = hostPort.substring(close + 1);
            if (after.startsWith(":")) {
                portText = after.substring(1);
            } else if (!after.isEmpty()) {
                throw bad(variable, "has unexpected text after the IPv6 host");
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            portText = colon < 0 ? null : hostPort.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw bad(variable, "names no host");
        }
        int port = portText == null || portText.isEmpty() ? DEFAULT_PORT : parsePort(variable, portText);

        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://")
                .append(host)
                .append(':')
                .append(port)
                .append('/')
                .append(encodePathSegment(database));
        if (!query.isEmpty()) {
            jdbc.append('?').append(query);
        }
        return new DatabaseUrl(jdbc.toString(), user, password);
    }

    /** The same server and credentials, another database (tests create one database per test class). */
    public DatabaseUrl withDatabase(String database) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?$")
                .matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalStateException("Cannot replace the database in " + jdbcUrl);
        }
        String query = m.group(3) == null ? "" : m.group(3);
        return new DatabaseUrl(m.group(1) + "/" + encodePathSegment(database) + query, user, password);
    }

    private static int parsePort(String variable, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw bad(variable, "has port " + port + " outside 1..65535");
            }
            return port;
        } catch (NumberFormatException e) {
            throw bad(variable, "has a port that is not a number");
        }
    }

    /** Percent-decoding as in RFC 3986: unlike form decoding, '+' stays '+'. */
    private static String decode(String variable, String what, String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            int percent = text.indexOf('%', i);
            int end = percent < 0 ? text.length() : percent;
            out.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
            if (percent < 0) {
                break;
            }
            int hi = percent + 2 < text.length() ? Character.digit(text.charAt(percent + 1), 16) : -1;
            int lo = percent + 2 < text.length() ? Character.digit(text.charAt(percent + 2), 16) : -1;
            if (hi < 0 || lo < 0) {
                throw bad(variable, "has a broken %-escape in its " + what);
            }
            out.write(hi * 16 + lo);
            i = percent + 3;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String encodePathSegment(String segment) {
        StringBuilder sb = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                sb.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static StartupException bad(String variable, String problem) {
        return new StartupException(variable + " " + problem);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DatabaseUrl[" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
