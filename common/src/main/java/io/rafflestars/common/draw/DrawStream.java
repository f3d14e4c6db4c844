package io.rafflestars.common.draw;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The deterministic byte stream of a draw and the unbiased integers taken from it.
 *
 * <p>Block {@code i} (i = 0, 1, 2, ...) is {@code HMAC-SHA256(key = drawKey, message = u64be(i))}; the stream is the
 * blocks concatenated, read 8 bytes at a time as unsigned 64-bit big-endian integers (so each block yields exactly four
 * values and no value straddles two blocks).
 *
 * <p>Not thread-safe: one stream belongs to one draw.
 */
public final class DrawStream {
    private static final int BLOCK = 32;

    private final Mac mac;
    private final byte[] block = new byte[BLOCK];
    private final byte[] counter = new byte[8];
    /** Byte offset of the next unread value in {@link #block}; {@code BLOCK} means "compute the next block first". */
    private int offset = BLOCK;

    private long blocksComputed;
    private long valuesDrawn;

    /** @param drawKey the 32-byte draw key (see {@link ProvableDraw#drawKey}). */
    public DrawStream(byte[] drawKey) {
        Objects.requireNonNull(drawKey, "drawKey");
        if (drawKey.length != 32) {
            throw new IllegalArgumentException("draw key must be 32 bytes, got " + drawKey.length);
        }
        this.mac = hmac(drawKey);
    }

    static Mac hmac(byte[] key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java SE implementation must provide HmacSHA256, so this is a broken runtime, not bad input.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The next 8 stream bytes as an unsigned 64-bit big-endian integer (held in a {@code long}). */
    public long nextU64() {
        if (offset == BLOCK) {
            nextBlock();
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (block[offset + i] & 0xFFL);
        }
        offset += 8;
        valuesDrawn++;
        return v;
    }

    private void nextBlock() {
        long i = blocksComputed;
        for (int b = 7; b >= 0; b--) {
            counter[b] = (byte) i;
            i >>>= 8;
        }
        mac.update(counter);
        try {
            mac.doFinal(block, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC output buffer too small", e);
        }
        blocksComputed++;
        offset = 0;
    }

    /**
     * A uniform integer in {@code [0, n)} by rejection sampling, never by plain modulo (which would favour small results
     * whenever n does not divide 2^64).
     *
     * <p>Draw x; with {@code limit = 2^64 - (2^64 mod n)}, draw again while {@code x >= limit} (unsigned); the result is
     * {@code x mod n}. The accepted range {@code [0, limit)} holds exactly {@code limit / n} copies of every residue.
     * Always consumes at least one value, even for n = 1.
     */
    public long uniform(long n) {
        return uniform(n, this::nextU64);
    }

    /** Like {@link #uniform(long)} but also reports the raw values, for traces shown to people checking a draw. */
    public UniformSample sample(long n) {
        return sample(n, this::nextU64);
    }

    /** The rejection rule on any source of u64 values; separate so tests can feed values that must be rejected. */
    static long uniform(long n, LongSupplier source) {
        long r = excess(n);
        while (true) {
            long x = source.getAsLong();
            if (accepts(x, r)) {
                return Long.remainderUnsigned(x, n);
            }
        }
    }

    static UniformSample sample(long n, LongSupplier source) {
        long r = excess(n);
        List<Long> rejected = new ArrayList<>(0);
        while (true) {
            long x = source.getAsLong();
            if (accepts(x, r)) {
                return new UniformSample(n, rejected, x, Long.remainderUnsigned(x, n));
            }
            rejected.add(x);
        }
    }

    /**
     * {@code 2^64 mod n}, computed without 65-bit arithmetic: {@code 2^64 ≡ 2^64 - n (mod n)}, and {@code 2^64 - n} is
     * {@code -n} read as unsigned.
     */
    private static long excess(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        return Long.remainderUnsigned(-n, n);
    }

    /** {@code x < 2^64 - r}; when r is 0 the limit is 2^64 and every x is accepted (n a power of two, or n = 1). */
    private static boolean accepts(long x, long r) {
        return r == 0 || Long.compareUnsigned(x, -r) < 0;
    }

    /** How many 8-byte values have been read so far (accepted and rejected). */
    public long valuesDrawn() {
        return valuesDrawn;
    }

    /** How many 32-byte HMAC blocks have been computed so far. */
    public long blocksComputed() {
        return blocksComputed;
    }

    /**
     * One uniform draw with its raw material.
     *
     * @param n the bound (result is in {@code [0, n)})
     * @param rejected raw values that were {@code >= limit} and thrown away, in order (almost always empty)
     * @param accepted the raw value that was used (unsigned; print with {@link Long#toUnsignedString(long)})
     * @param result {@code accepted mod n}
     */
    public record UniformSample(long n, List<Long> rejected, long accepted, long result) {
        public UniformSample {
            rejected = List.copyOf(rejected);
        }
    }
}
