package io.rafflestars.common.draw;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The outcome of a draw including any redraws.
 *
 * @param raffleId the raffle
 * @param commitment lowercase hex SHA-256 of the seed
 * @param ticketsHash lowercase hex canonical ticket-list hash
 * @param drawKey lowercase hex draw key (derivable from the seed, so publishable once the seed is revealed)
 * @param policy the repeat-winner policy used
 * @param places one entry per place, index {@code p - 1} for place {@code p}
 * @param disqualifications the disqualifications applied, in order
 * @param stepsTaken Fisher–Yates steps performed, i.e. tickets consumed
 * @param valuesDrawn 8-byte stream values consumed, rejected ones included
 * @param trace every step and disqualification in order; empty unless the draw was run with
 *     {@link ProvableDraw#trace}
 */
public record DrawResult(
        long raffleId,
        String commitment,
        String ticketsHash,
        String drawKey,
        RepeatWinnerPolicy policy,
        List<PlaceResult> places,
        List<DrawEvent.Disqualification> disqualifications,
        int stepsTaken,
        long valuesDrawn,
        List<DrawEvent> trace) {
    public DrawResult {
        Objects.requireNonNull(commitment, "commitment");
        Objects.requireNonNull(ticketsHash, "ticketsHash");
        Objects.requireNonNull(drawKey, "drawKey");
        Objects.requireNonNull(policy, "policy");
        places = List.copyOf(places);
        disqualifications = List.copyOf(disqualifications);
        trace = List.copyOf(trace);
    }

    /** The filled places only, in place order. */
    public List<PlaceResult.Won> winners() {
        return places.stream()
                .flatMap(p -> switch (p) {
                    case PlaceResult.Won w -> Stream.of(w);
                    case PlaceResult.Unfilled u -> Stream.<PlaceResult.Won>empty();
                })
                .toList();
    }

    /** True when every place has a winner. */
    public boolean allPlacesFilled() {
        return places.stream().allMatch(p -> p instanceof PlaceResult.Won);
    }
}
