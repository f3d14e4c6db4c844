package io.rafflestars.backend.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The chain hash of an audit row: SHA-256 over the previous row's hash and this row's fields (the time as
 * microseconds since the epoch), each field written as its UTF-8 byte length, a colon and the bytes, or a single
 * {@code -} for null, fields separated by a newline (docs/audit.md). Length prefixes make the encoding unambiguous
 * whatever the texts contain. The database computes the same hash when it seals a row ({@code audit_seal} in
 * V4__audit.sql); this independent implementation is what verification trusts.
 */
public final class AuditHash {
    /** The previous hash of the first row. */
    public static final String GENESIS = "0".repeat(64);

    private AuditHash() {}

    public static String of(
            String prevHash,
            long seq,
            Instant at,
            String actor,
            String source,
            String action,
            String targetType,
            String targetId,
            String before,
            String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        String[] fields = {
            prevHash,
            Long.toString(seq),
            Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, at)),
            actor,
            source,
            action,
            targetType,
            targetId,
            before,
            after
        };
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write('\n');
            }
            write(out, fields[i]);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void write(ByteArrayOutputStream out, String field) {
        if (field == null) {
            out.write('-');
            return;
        }
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        out.write(':');
        out.writeBytes(bytes);
    }
}
