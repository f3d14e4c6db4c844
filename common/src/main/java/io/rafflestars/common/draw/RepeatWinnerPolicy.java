package io.rafflestars.common.draw;

/** Whether one player may take more than one place in the same raffle. Chosen per raffle, before sales. */
public enum RepeatWinnerPolicy {
    /** Every drawn ticket takes the next place, even if its owner already holds another place. */
    ALLOW_REPEAT,
    /**
     * A drawn ticket whose owner already holds a place is consumed without taking a place, and the draw continues. A
     * player with more tickets still has proportionally better odds of winning some place, but never two.
     */
    ONE_PRIZE_PER_PLAYER
}
