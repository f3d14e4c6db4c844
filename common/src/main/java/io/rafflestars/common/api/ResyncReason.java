package io.rafflestars.common.api;

/** Why a feed client must reload its state instead of receiving the events it missed. */
public enum ResyncReason {
    /** The last event id it sent is older than the outbox keeps (OUTBOX_RETENTION_HOURS). */
    HISTORY_PRUNED,
    /** It missed more events than a reconnect replays; reloading is cheaper. */
    TOO_FAR_BEHIND,
    /** The last event id it sent was never issued by this database (e.g. it was restored from a backup). */
    UNKNOWN_POSITION,
    /** It did not read its events fast enough and its queue on the server overflowed. */
    TOO_SLOW
}
