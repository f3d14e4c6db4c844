package io.rafflestars.common.draw;

/**
 * One sold ticket as the draw sees it: its number within the raffle and the Telegram user id of its owner.
 *
 * <p>Ticket numbers start at 1; requiring them to be positive keeps "ascending order" the same whether a
 * re-implementation compares them as signed or unsigned 64-bit integers.
 */
public record Ticket(long number, long playerId) {
    public Ticket {
        if (number < 1) {
            throw new IllegalArgumentException("ticket number must be >= 1, got " + number);
        }
    }
}
