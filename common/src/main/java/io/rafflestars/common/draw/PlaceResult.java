package io.rafflestars.common.draw;

/** The outcome for one place (1-based) after the draw and all redraws. */
public sealed interface PlaceResult {
    int place();

    /** The place went to this ticket. */
    record Won(int place, long ticketNumber, long playerId) implements PlaceResult {}

    /**
     * No eligible ticket was left for this place: fewer tickets (or, under {@link
     * RepeatWinnerPolicy#ONE_PRIZE_PER_PLAYER}, fewer eligible players) than places. Stated explicitly so that nobody
     * mistakes a short list of winners for a truncated one.
     */
    record Unfilled(int place) implements PlaceResult {}
}
