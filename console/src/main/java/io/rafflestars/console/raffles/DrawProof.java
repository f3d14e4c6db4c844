package io.rafflestars.console.raffles;

import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.common.draw.BeaconValue;
import io.rafflestars.common.draw.PlaceResult;
import io.rafflestars.common.draw.ProvableDraw;
import io.rafflestars.common.draw.PublishedDraw;
import io.rafflestars.common.draw.RepeatWinnerPolicy;
import io.rafflestars.common.draw.Ticket;
import io.rafflestars.common.draw.TicketList;
import io.rafflestars.common.draw.Verification;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The public proof of a draw (GET /public/raffles/{id}/draw, docs/fairness.md section 11) turned into the shared
 * algorithm's {@link PublishedDraw}, so the console recomputes the draw itself with {@code common} and trusts nothing
 * the server says about its own honesty.
 */
public final class DrawProof {
    private DrawProof() {}

    /**
     * @param proof the public draw document
     * @param tickets the full canonical ticket list (inline in the proof up to 1,000, else read page by page)
     */
    public static PublishedDraw published(JsonNode proof, List<Ticket> tickets) {
        if (!proof.hasNonNull("seed")) {
            throw new IllegalStateException("The raffle is not drawn yet: no seed has been revealed");
        }
        HexFormat hex = HexFormat.of();
        Optional<BeaconValue> beacon = Optional.empty();
        JsonNode b = proof.path("beacon");
        if (b.isObject() && b.hasNonNull("value")) {
            beacon = Optional.of(new BeaconValue(
                    b.path("source").asText(),
                    b.path("round").asLong(),
                    hex.parseHex(b.path("value").asText())));
        }
        List<JsonNode> dq = new ArrayList<>();
        proof.path("disqualifications").forEach(dq::add);
        dq.sort(Comparator.comparingInt(d -> d.path("order").asInt()));
        List<Integer> disqualified =
                dq.stream().map(d -> d.path("place").asInt()).toList();
        List<PlaceResult> claimed = new ArrayList<>();
        for (JsonNode w : proof.path("winners")) {
            int place = w.path("place").asInt();
            claimed.add(
                    w.hasNonNull("ticketNumber")
                            ? new PlaceResult.Won(
                                    place,
                                    w.path("ticketNumber").asLong(),
                                    w.path("playerId").asLong())
                            : new PlaceResult.Unfilled(place));
        }
        claimed.sort(Comparator.comparingInt(PlaceResult::place));
        return new PublishedDraw(
                proof.path("raffleId").asLong(),
                proof.path("commitment").asText(),
                proof.path("ticketsHash").asText(),
                hex.parseHex(proof.path("seed").asText()),
                TicketList.of(tickets),
                beacon,
                proof.path("places").asInt(),
                RepeatWinnerPolicy.valueOf(proof.path("policy").asText()),
                disqualified,
                claimed);
    }

    /** The inline tickets of a proof (empty when the list is too long to be inline). */
    public static List<Ticket> inlineTickets(JsonNode proof) {
        List<Ticket> out = new ArrayList<>();
        proof.path("tickets")
                .forEach(t -> out.add(
                        new Ticket(t.path("number").asLong(), t.path("playerId").asLong())));
        return out;
    }

    /** Recomputes the draw locally; one sentence for the user. */
    public static String verify(PublishedDraw published) {
        Verification v = ProvableDraw.verify(published);
        return switch (v) {
            case Verification.Verified ok ->
                "Verified: the seed matches the commitment, the "
                        + published.tickets().size()
                        + " tickets match the published hash, and recomputing the draw gives the same "
                        + published.claimedPlaces().size() + " place(s).";
            case Verification.Mismatch m -> "NOT verified (" + m.check() + "): " + m.reason();
        };
    }
}
