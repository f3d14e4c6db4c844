package io.rafflestars.common.draw;

import java.time.Instant;
import java.util.Optional;

/** The beacon used when none is configured: the draw key is derived with a zero-length beacon value. */
public enum NoBeacon implements Beacon {
    INSTANCE;

    @Override
    public Optional<BeaconValue> valueFor(long raffleId, Instant closedAt) {
        return Optional.empty();
    }
}
