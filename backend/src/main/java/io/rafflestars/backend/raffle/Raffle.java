package io.rafflestars.backend.raffle;

import io.rafflestars.common.raffle.RaffleState;
import java.time.Instant;
import java.util.List;

/** A raffle as stored. The seed is never part of this record: it leaves the database only at the draw. */
public record Raffle(
        long id,
        RaffleSpec spec,
        RaffleState state,
        String commitment,
        String ticketsHash,
        int ticketsSold,
        int ticketsHeld,
        long version,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant closedAt,
        Instant cancelledAt,
        String cancelReason) {

    public int ticketsLeft() {
        return spec.totalTickets() - ticketsSold - ticketsHeld;
    }

    public List<Prize> prizes() {
        return spec.prizes();
    }
}
