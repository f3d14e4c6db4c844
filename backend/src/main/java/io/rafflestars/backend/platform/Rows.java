package io.rafflestars.backend.platform;

import io.helidon.dbclient.DbRow;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Reading columns of a DbClient row into our types, whatever the driver hands back for them. */
public final class Rows {
    private Rows() {}

    /** The column's value as the driver returned it, null for SQL NULL (DbColumn.get() and asOptional() throw on NULL). */
    private static Object raw(DbRow row, String column) {
        return row.column(column).get(Object.class);
    }

    public static long getLong(DbRow row, String column) {
        return ((Number) raw(row, column)).longValue();
    }

    public static Long longOrNull(DbRow row, String column) {
        Object v = raw(row, column);
        return v == null ? null : ((Number) v).longValue();
    }

    public static int getInt(DbRow row, String column) {
        return ((Number) raw(row, column)).intValue();
    }

    public static Integer intOrNull(DbRow row, String column) {
        Object v = raw(row, column);
        return v == null ? null : ((Number) v).intValue();
    }

    public static String string(DbRow row, String column) {
        Object v = raw(row, column);
        return v == null ? null : v.toString();
    }

    public static boolean bool(DbRow row, String column) {
        return (Boolean) raw(row, column);
    }

    public static byte[] bytes(DbRow row, String column) {
        return (byte[]) raw(row, column);
    }

    public static Instant instant(DbRow row, String column) {
        Object v = raw(row, column);
        return switch (v) {
            case null -> null;
            case Timestamp t -> t.toInstant();
            case OffsetDateTime o -> o.toInstant();
            case Instant i -> i;
            case java.time.LocalDateTime l -> l.toInstant(ZoneOffset.UTC);
            default -> throw new IllegalStateException("Column " + column + " is not a time: " + v.getClass());
        };
    }

    /** A TIMESTAMPTZ column of a plain JDBC row ({@link Database#stream}), null for SQL NULL. */
    public static Instant instant(java.sql.ResultSet row, String column) throws java.sql.SQLException {
        OffsetDateTime t = row.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** A BIGINT column of a plain JDBC row, null for SQL NULL. */
    public static Long longOrNull(java.sql.ResultSet row, String column) throws java.sql.SQLException {
        long v = row.getLong(column);
        return row.wasNull() ? null : v;
    }

    /** A parameter value for a TIMESTAMPTZ column. */
    public static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
