package io.rafflestars.common.raffle;

/**
 * The raffle state machine: {@code DRAFT → SCHEDULED → OPEN → CLOSED → DRAWN → SETTLED}, {@code OPEN ⇄ PAUSED}, and
 * {@code CANCELLED} from any state before {@code DRAWN}. Shared by backend (which enforces it) and console (which
 * enables only the buttons that can work).
 */
public final class Lifecycle {
    private Lifecycle() {}

    /** The outcome of applying a command to a state. */
    public sealed interface Transition permits Moved, Illegal {}

    public record Moved(RaffleState from, RaffleState to) implements Transition {}

    public record Illegal(RaffleState from, RaffleCommand command) implements Transition {
        public String message() {
            return "Cannot " + command.name().toLowerCase() + " a raffle that is "
                    + from.name().toLowerCase();
        }
    }

    public static Transition apply(RaffleState from, RaffleCommand command) {
        RaffleState to = target(from, command);
        return to == null ? new Illegal(from, command) : new Moved(from, to);
    }

    public static boolean allowed(RaffleState from, RaffleCommand command) {
        return target(from, command) != null;
    }

    private static RaffleState target(RaffleState from, RaffleCommand command) {
        return switch (command) {
            case PUBLISH -> from == RaffleState.DRAFT ? RaffleState.SCHEDULED : null;
            case OPEN -> from == RaffleState.SCHEDULED ? RaffleState.OPEN : null;
            case PAUSE -> from == RaffleState.OPEN ? RaffleState.PAUSED : null;
            case RESUME -> from == RaffleState.PAUSED ? RaffleState.OPEN : null;
            case CLOSE -> from == RaffleState.OPEN || from == RaffleState.PAUSED ? RaffleState.CLOSED : null;
            case DRAW -> from == RaffleState.CLOSED ? RaffleState.DRAWN : null;
            case SETTLE -> from == RaffleState.DRAWN ? RaffleState.SETTLED : null;
            case CANCEL ->
                switch (from) {
                    case DRAFT, SCHEDULED, OPEN, PAUSED, CLOSED -> RaffleState.CANCELLED;
                    case DRAWN, SETTLED, CANCELLED -> null;
                };
        };
    }
}
