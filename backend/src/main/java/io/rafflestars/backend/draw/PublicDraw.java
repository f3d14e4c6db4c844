package io.rafflestars.backend.draw;

import io.rafflestars.common.draw.Ticket;
import java.time.Instant;
import java.util.List;

/**
 * Everything needed to check a raffle's draw without trusting us (docs/fairness.md section 11), as far as the raffle
 * has got: the commitment from publication on, the tickets hash and list from the close on, the seed, beacon, winners
 * and disqualifications once it is drawn.
 *
 * @param algorithm the specification version the draw follows
 * @param seed the revealed seed (hex); null until the draw
 * @param ticketsHash the hash published when sales closed; null before
 * @param ticketCount tickets in the published list; null before the close
 * @param winners the current holder of every place (null ticket and player: no eligible ticket was left)
 * @param disqualifications in order; the verifier replays them in this order
 * @param tickets the canonical ticket list when it has at most {@value DrawService#INLINE_TICKETS} tickets, else null
 *     (page it with {@code ticketsUrl})
 * @param drawBlockedReason why an automatic draw was refused, if it was
 */
public record PublicDraw(
        long raffleId,
        String title,
        String state,
        String algorithm,
        String commitment,
        String seed,
        String ticketsHash,
        Integer ticketCount,
        int places,
        String policy,
        Beacon beacon,
        List<Place> winners,
        List<Disqualification> disqualifications,
        Instant closedAt,
        Instant drawnAt,
        String drawBlockedReason,
        List<Ticket> tickets,
        String ticketsUrl,
        String verifyUrl) {

    /** The beacon value mixed into the draw key; only {@code value} enters it. */
    public record Beacon(String source, long round, String value) {}

    /** A place and its current holder (null ticket and player when unfilled) and prize in Stars. */
    public record Place(int place, Integer ticketNumber, Long playerId, long prize) {}

    /** The {@code order}-th disqualification: the place vacated, who held it, why. */
    public record Disqualification(int order, int place, int ticketNumber, long playerId, String reason, Instant at) {}

    /** One page of the canonical ticket list; {@code nextAfter} continues it, null on the last page. */
    public record TicketPage(long raffleId, int ticketCount, List<Ticket> tickets, Long nextAfter) {}

    /**
     * The server's own recomputation with the reference implementation in {@code common}.
     *
     * @param failedCheck null when verified, else the first check that failed (SEED_LENGTH, COMMITMENT,
     *     TICKETS_HASH, PLACES, DISQUALIFICATIONS, WINNER)
     */
    public record Verification(
            long raffleId,
            boolean verified,
            String failedCheck,
            String reason,
            String commitment,
            String ticketsHash,
            String drawKey,
            List<Place> recomputed,
            int stepsTaken,
            long valuesDrawn) {}
}
