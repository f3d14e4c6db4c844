package io.rafflestars.common.raffle;

/** Where a raffle is in its life. See {@link Lifecycle} for the moves between states. */
public enum RaffleState {
    /** Being prepared; editable; invisible to players. */
    DRAFT,
    /** Published with its fairness commitment; editable until it opens; opens at {@code starts_at}. */
    SCHEDULED,
    /** Selling tickets. */
    OPEN,
    /** Selling suspended by an operator; tickets already sold stay valid. */
    PAUSED,
    /** Sales over; the ticket list is fixed and its hash published. */
    CLOSED,
    /** Winners picked; the seed is revealed. */
    DRAWN,
    /** Every payout resolved. */
    SETTLED,
    /** Called off before the draw; every paid ticket is refunded. */
    CANCELLED;

    /** Raffle fields may change only before sales start. */
    public boolean editable() {
        return switch (this) {
            case DRAFT, SCHEDULED -> true;
            case OPEN, PAUSED, CLOSED, DRAWN, SETTLED, CANCELLED -> false;
        };
    }

    /** Players can see the raffle. */
    public boolean visibleToPlayers() {
        return switch (this) {
            case DRAFT -> false;
            case SCHEDULED, OPEN, PAUSED, CLOSED, DRAWN, SETTLED, CANCELLED -> true;
        };
    }
}
