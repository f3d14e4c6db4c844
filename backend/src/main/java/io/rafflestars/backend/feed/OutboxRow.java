package io.rafflestars.backend.feed;

import java.time.Instant;

/** One committed outbox event as stored; {@code seq} is its position in commit order and its id on the wire. */
record OutboxRow(long seq, String stream, String type, String payload, Instant committedAt) {}
