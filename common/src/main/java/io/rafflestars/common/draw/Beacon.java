package io.rafflestars.common.draw;

import java.time.Instant;
import java.util.Optional;

/**
 * Source of an optional public random value mixed into the draw key.
 *
 * <p>The beacon is defence in depth, not a requirement: the commitment already fixes the seed before any ticket is
 * sold. A beacon whose round is published only after sales close additionally shows that not even the holder of the
 * seed could have known the outcome while sales were open. Implementations that talk to the network live outside
 * {@code common}; the draw itself never does I/O and works with {@link NoBeacon}.
 */
@FunctionalInterface
public interface Beacon {
    /**
     * The beacon value to use for a raffle whose sales closed at {@code closedAt}, or empty if there is none (then the
     * draw key is derived without a beacon, which is a valid, verifiable draw).
     */
    Optional<BeaconValue> valueFor(long raffleId, Instant closedAt);
}
