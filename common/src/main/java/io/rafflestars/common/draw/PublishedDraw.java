package io.rafflestars.common.draw;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the operator publishes about a finished draw, as a verifier receives it. Nothing here is trusted: {@link
 * ProvableDraw#verify} checks it all.
 *
 * @param raffleId the raffle
 * @param commitment hex SHA-256 of the seed, as published when the raffle was published
 * @param ticketsHash hex canonical ticket-list hash, as published when sales closed
 * @param revealedSeed the seed revealed after the draw (any length accepted here, so that a wrong length is reported
 *     as a mismatch rather than thrown)
 * @param tickets the full ticket list
 * @param beacon the beacon value used, if any
 * @param places number of places
 * @param policy the raffle's repeat-winner policy
 * @param disqualifiedPlaces the places disqualified, in the order the disqualifications happened
 * @param claimedPlaces the published outcome, one entry per place in place order
 */
public record PublishedDraw(
        long raffleId,
        String commitment,
        String ticketsHash,
        byte[] revealedSeed,
        TicketList tickets,
        Optional<BeaconValue> beacon,
        int places,
        RepeatWinnerPolicy policy,
        List<Integer> disqualifiedPlaces,
        List<PlaceResult> claimedPlaces) {
    public PublishedDraw {
        Objects.requireNonNull(commitment, "commitment");
        Objects.requireNonNull(ticketsHash, "ticketsHash");
        revealedSeed = Objects.requireNonNull(revealedSeed, "revealedSeed").clone();
        Objects.requireNonNull(tickets, "tickets");
        Objects.requireNonNull(beacon, "beacon");
        Objects.requireNonNull(policy, "policy");
        disqualifiedPlaces = List.copyOf(disqualifiedPlaces);
        claimedPlaces = List.copyOf(claimedPlaces);
    }

    @Override
    public byte[] revealedSeed() {
        return revealedSeed.clone();
    }

    /** What an honest operator publishes for {@code input} and its result. */
    public static PublishedDraw of(DrawInput input, List<Integer> disqualifiedPlaces, DrawResult result) {
        return new PublishedDraw(
                input.raffleId(),
                result.commitment(),
                result.ticketsHash(),
                input.seed().bytes(),
                input.tickets(),
                input.beacon(),
                input.places(),
                input.policy(),
                disqualifiedPlaces,
                result.places());
    }

    // Records compare arrays by identity; a published draw read twice must compare equal, so compare the seed bytes.
    @Override
    public boolean equals(Object o) {
        return o instanceof PublishedDraw d
                && raffleId == d.raffleId
                && commitment.equals(d.commitment)
                && ticketsHash.equals(d.ticketsHash)
                && java.util.Arrays.equals(revealedSeed, d.revealedSeed)
                && tickets.equals(d.tickets)
                && beacon.equals(d.beacon)
                && places == d.places
                && policy == d.policy
                && disqualifiedPlaces.equals(d.disqualifiedPlaces)
                && claimedPlaces.equals(d.claimedPlaces);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                raffleId,
                commitment,
                ticketsHash,
                java.util.Arrays.hashCode(revealedSeed),
                tickets,
                beacon,
                places,
                policy,
                disqualifiedPlaces,
                claimedPlaces);
    }

    @Override
    public String toString() {
        return "PublishedDraw[raffleId=" + raffleId + ", commitment=" + commitment + ", ticketsHash=" + ticketsHash
                + ", revealedSeed=" + java.util.HexFormat.of().formatHex(revealedSeed) + ", tickets=" + tickets
                + ", beacon=" + beacon + ", places=" + places + ", policy=" + policy + ", disqualifiedPlaces="
                + disqualifiedPlaces + ", claimedPlaces=" + claimedPlaces + "]";
    }
}
