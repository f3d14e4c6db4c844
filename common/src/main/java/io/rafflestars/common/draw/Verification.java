package io.rafflestars.common.draw;

import java.util.Objects;

/** The answer to "is this published draw honest?". */
public sealed interface Verification {

    /** Every check passed; {@code result} is the independently recomputed draw. */
    record Verified(DrawResult result) implements Verification {}

    /**
     * The first check that failed.
     *
     * @param check which published item disagrees
     * @param reason a sentence naming the published and the recomputed value
     */
    record Mismatch(Check check, String reason) implements Verification {
        public Mismatch {
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The checks, in the order they are made. */
    enum Check {
        /** The revealed seed is not exactly 32 bytes. */
        SEED_LENGTH,
        /** SHA-256 of the revealed seed is not the commitment published with the raffle. */
        COMMITMENT,
        /** The ticket list does not hash to the value published when sales closed. */
        TICKETS_HASH,
        /** The number of places, or the published place list, has the wrong size. */
        PLACES,
        /** A disqualified place was out of range or had no winner at that moment. */
        DISQUALIFICATIONS,
        /** A published winner differs from the recomputed one. */
        WINNER
    }

    default boolean isVerified() {
        return switch (this) {
            case Verified v -> true;
            case Mismatch m -> false;
        };
    }
}
