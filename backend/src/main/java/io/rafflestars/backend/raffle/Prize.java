package io.rafflestars.backend.raffle;

/**
 * One prize place: either a share of the pot (basis points of what is left after the house fee) or a fixed amount of
 * Stars. Exactly one of the two is set.
 */
public record Prize(int place, Integer shareBps, Long fixedAmount) {}
