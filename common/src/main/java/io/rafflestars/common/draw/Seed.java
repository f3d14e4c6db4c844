package io.rafflestars.common.draw;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The 32-byte secret drawn when a raffle is published. Only its {@link #commitment()} is published until the draw.
 *
 * <p>{@link #toString()} never prints the bytes, so a seed cannot leak through a log line before it is revealed.
 */
public record Seed(byte[] bytes) {
    public static final int LENGTH = 32;

    public Seed {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("seed must be exactly " + LENGTH + " bytes, got " + bytes.length);
        }
        bytes = bytes.clone();
    }

    /** A fresh seed from {@code random}; callers should pass a {@link SecureRandom}. */
    public static Seed generate(SecureRandom random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new Seed(b);
    }

    /**
     * A fresh seed from a default {@link SecureRandom}. Deliberately not {@code getInstanceStrong()}, which may block on
     * Linux; the default non-blocking source is a CSPRNG and is what the JDK recommends for keys.
     */
    public static Seed generate() {
        return generate(new SecureRandom());
    }

    /** Parses 64 hex digits (either case), e.g. a seed revealed in a published draw. */
    public static Seed fromHex(String hex) {
        return new Seed(HexFormat.of().parseHex(hex));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Lowercase hex of the secret. Only for revealing it after the draw. */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** Lowercase hex of SHA-256(seed): the value published when the raffle is published. */
    public String commitment() {
        return ProvableDraw.commitment(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Seed other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Seed[commitment=" + commitment() + "]";
    }
}
