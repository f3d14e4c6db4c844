package io.rafflestars.common.draw;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A value from a public randomness beacon, fixed for a raffle once sales close.
 *
 * <p>Only {@link #value()} enters the draw key; {@code source} and {@code round} are published so anyone can look the
 * value up at the beacon and check that it was not chosen by the operator.
 *
 * @param source human-readable beacon name, e.g. {@code "drand/quicknet"}
 * @param round the beacon round the value belongs to
 * @param value the beacon output bytes (copied in and out; an empty value is the same as no beacon)
 */
public record BeaconValue(String source, long round, byte[] value) {
    public BeaconValue {
        Objects.requireNonNull(source, "source");
        value = Objects.requireNonNull(value, "value").clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BeaconValue other
                && source.equals(other.source)
                && round == other.round
                && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, round, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "BeaconValue[source=" + source + ", round=" + round + ", value="
                + HexFormat.of().formatHex(value) + "]";
    }
}
