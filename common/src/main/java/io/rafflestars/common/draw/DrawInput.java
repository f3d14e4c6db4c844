package io.rafflestars.common.draw;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything that determines a draw, apart from the ordered list of disqualified places.
 *
 * @param raffleId the raffle
 * @param seed the secret committed to at publication
 * @param tickets all tickets sold, fixed when sales closed
 * @param beacon the public beacon value, if the raffle uses one; only its bytes enter the key
 * @param places number of places (prizes), at least 1
 * @param policy whether one player may take several places
 */
public record DrawInput(
        long raffleId,
        Seed seed,
        TicketList tickets,
        Optional<BeaconValue> beacon,
        int places,
        RepeatWinnerPolicy policy) {
    public DrawInput {
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(tickets, "tickets");
        Objects.requireNonNull(beacon, "beacon");
        Objects.requireNonNull(policy, "policy");
        if (places < 1) {
            throw new IllegalArgumentException("places must be >= 1, got " + places);
        }
    }

    /** The beacon bytes that enter the draw key; empty when there is no beacon. */
    public byte[] beaconBytes() {
        return beacon.map(BeaconValue::value).orElseGet(() -> new byte[0]);
    }
}
