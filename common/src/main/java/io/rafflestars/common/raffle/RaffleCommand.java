package io.rafflestars.common.raffle;

/** Every way a raffle changes state. Each is one audited command with the acting user (or the scheduler). */
public enum RaffleCommand {
    PUBLISH,
    OPEN,
    PAUSE,
    RESUME,
    CLOSE,
    DRAW,
    SETTLE,
    CANCEL
}
