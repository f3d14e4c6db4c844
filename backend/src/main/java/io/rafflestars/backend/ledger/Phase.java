package io.rafflestars.backend.ledger;

import java.time.Instant;

/**
 * How a transfer moves money: at once, or in two phases (pending, then post or void). A pending transfer holds the
 * amount on both accounts (it counts against their limits) until it is resolved or it expires.
 */
public sealed interface Phase {
    /** The name stored in {@code ledger_transfer.phase}. */
    String stored();

    record Single() implements Phase {
        public String stored() {
            return "SINGLE";
        }
    }

    /** Holds the money until {@code expiresAt}; after that it can only be voided. */
    record Pending(Instant expiresAt) implements Phase {
        public Pending {
            if (expiresAt == null) {
                throw new IllegalArgumentException("A pending transfer needs an expiry");
            }
        }

        public String stored() {
            return "PENDING";
        }
    }

    /** Moves (all or part of) a pending transfer's amount for good; the rest is released. */
    record PostPending(String pendingId) implements Phase {
        public String stored() {
            return "POST_PENDING";
        }
    }

    /** Releases a pending transfer's amount. */
    record VoidPending(String pendingId) implements Phase {
        public String stored() {
            return "VOID_PENDING";
        }
    }
}
