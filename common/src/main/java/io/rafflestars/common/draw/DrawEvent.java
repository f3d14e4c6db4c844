package io.rafflestars.common.draw;

import io.rafflestars.common.draw.DrawStream.UniformSample;

/** One entry of a draw's trace, in the order it happened; lets a person follow the draw step by step. */
public sealed interface DrawEvent {

    /**
     * One partial Fisher–Yates step: {@code j = k + uniform(N - k)}, swap {@code a[k]} and {@code a[j]}, the candidate
     * is the new {@code a[k]}.
     *
     * @param k the step number, 0-based (also the array position being fixed)
     * @param sample the uniform draw, with {@code sample.n() == N - k}
     * @param j {@code k + sample.result()}
     * @param ticketAtK ticket number at position k before the swap (it moves to position j)
     * @param candidateTicket ticket number at position j before the swap, i.e. the drawn ticket
     * @param candidatePlayer owner of the drawn ticket
     * @param outcome what became of the candidate
     */
    record Step(
            int k,
            UniformSample sample,
            int j,
            long ticketAtK,
            long candidateTicket,
            long candidatePlayer,
            StepOutcome outcome)
            implements DrawEvent {}

    /**
     * A place was vacated by disqualification; its holder's remaining tickets are ineligible from now on.
     *
     * @param place the vacated place
     * @param ticketNumber the ticket that held it
     * @param playerId the disqualified player
     */
    record Disqualification(int place, long ticketNumber, long playerId) implements DrawEvent {}

    /** What a Fisher–Yates candidate led to. */
    sealed interface StepOutcome {
        /** The candidate took this place. */
        record Placed(int place) implements StepOutcome {}

        /** Under ONE_PRIZE_PER_PLAYER: the candidate's owner already holds {@code heldPlace}; consumed, not placed. */
        record SkippedPlayerHoldsPlace(int heldPlace) implements StepOutcome {}

        /** The candidate's owner was disqualified earlier in this draw; consumed, not placed. */
        record SkippedPlayerDisqualified() implements StepOutcome {}
    }
}
