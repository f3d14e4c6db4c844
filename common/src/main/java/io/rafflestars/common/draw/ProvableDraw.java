package io.rafflestars.common.draw;

import io.rafflestars.common.draw.DrawEvent.Disqualification;
import io.rafflestars.common.draw.DrawEvent.StepOutcome;
import io.rafflestars.common.draw.DrawStream.UniformSample;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The provably fair draw, exactly as specified in {@code docs/fairness.md}.
 *
 * <p>Lifecycle: at publication the operator stores a {@link Seed} and publishes {@link #commitment}; when sales close
 * it publishes {@link #ticketsHash}; the draw runs {@link #draw}; afterwards it reveals the seed, and anyone can run
 * {@link #verify}. A draw is a pure function of (seed, raffle id, ticket list, beacon bytes, places, policy, ordered
 * disqualified places), so a disqualification redraw is simply the same function with a longer list: the stream and
 * the Fisher–Yates shuffle continue where they stopped, and earlier places never change.
 *
 * <p>All methods are stateless and thread-safe.
 */
public final class ProvableDraw {
    /** Domain-separation prefix of the ticket-list hash; versioned so a future format can never collide with v1. */
    public static final String TICKETS_DOMAIN = "raffle-stars/tickets/v1";
    /** Domain-separation prefix of the draw-key message. */
    public static final String DRAW_DOMAIN = "raffle-stars/draw/v1";

    private static final HexFormat HEX = HexFormat.of();

    private ProvableDraw() {}

    /** Lowercase hex SHA-256 of the seed; rejects anything but exactly 32 bytes. */
    public static String commitment(byte[] seed) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != Seed.LENGTH) {
            throw new IllegalArgumentException("seed must be exactly 32 bytes, got " + seed.length);
        }
        return HEX.formatHex(sha256().digest(seed));
    }

    /**
     * SHA-256 of {@code "raffle-stars/tickets/v1" || u64be(raffleId) || u64be(count) || for each ticket in ascending
     * number order: u64be(number) || u64be(playerId)}.
     */
    public static byte[] ticketsHash(long raffleId, TicketList tickets) {
        MessageDigest md = sha256();
        md.update(TICKETS_DOMAIN.getBytes(StandardCharsets.US_ASCII));
        // Fed through a fixed buffer: a million tickets are 16 MB of input, which need not exist all at once.
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024); // big-endian by default
        buf.putLong(raffleId).putLong(tickets.size());
        for (int i = 0; i < tickets.size(); i++) {
            if (buf.remaining() < 16) {
                md.update(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putLong(tickets.number(i)).putLong(tickets.playerId(i));
        }
        md.update(buf.array(), 0, buf.position());
        return md.digest();
    }

    /** Lowercase hex of {@link #ticketsHash(long, TicketList)}. */
    public static String ticketsHashHex(long raffleId, TicketList tickets) {
        return HEX.formatHex(ticketsHash(raffleId, tickets));
    }

    /**
     * HMAC-SHA256 with key = seed over {@code "raffle-stars/draw/v1" || u64be(raffleId) || ticketsHash ||
     * u32be(beacon.length) || beacon}. The length prefix keeps "no beacon" and every beacon value unambiguous.
     */
    public static byte[] drawKey(byte[] seed, long raffleId, byte[] ticketsHash, byte[] beacon) {
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(ticketsHash, "ticketsHash");
        Objects.requireNonNull(beacon, "beacon");
        if (seed.length != Seed.LENGTH) {
            throw new IllegalArgumentException("seed must be exactly 32 bytes, got " + seed.length);
        }
        if (ticketsHash.length != 32) {
            throw new IllegalArgumentException("tickets hash must be 32 bytes, got " + ticketsHash.length);
        }
        byte[] domain = DRAW_DOMAIN.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer msg = ByteBuffer.allocate(domain.length + 8 + 32 + 4 + beacon.length);
        msg.put(domain).putLong(raffleId).put(ticketsHash).putInt(beacon.length).put(beacon);
        return DrawStream.hmac(seed).doFinal(msg.array());
    }

    /** The draw without disqualifications. */
    public static DrawResult draw(DrawInput input) {
        return draw(input, List.of());
    }

    /**
     * The draw followed by one redraw per entry of {@code disqualifiedPlacesInOrder}: each entry vacates that place
     * (whoever holds it at that moment), excludes its holder's remaining tickets, and refills it from the continued
     * stream.
     *
     * @throws IllegalArgumentException if a listed place is out of range or unfilled when its turn comes
     */
    public static DrawResult draw(DrawInput input, List<Integer> disqualifiedPlacesInOrder) {
        return run(input, disqualifiedPlacesInOrder, false);
    }

    /**
     * Same result as {@link #draw(DrawInput, List)}, plus a {@link DrawResult#trace() trace} of every step, for showing
     * a draw to people. Costs an object per step, so the plain {@code draw} is the one to use for large raffles.
     */
    public static DrawResult trace(DrawInput input, List<Integer> disqualifiedPlacesInOrder) {
        return run(input, disqualifiedPlacesInOrder, true);
    }

    private static DrawResult run(DrawInput input, List<Integer> disqualified, boolean trace) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(disqualified, "disqualifiedPlacesInOrder");
        byte[] seed = input.seed().bytes();
        byte[] th = ticketsHash(input.raffleId(), input.tickets());
        byte[] key = drawKey(seed, input.raffleId(), th, input.beaconBytes());
        Selection sel = new Selection(input.tickets(), input.places(), input.policy(), new DrawStream(key), trace);
        sel.fill();
        for (Integer place : disqualified) {
            sel.disqualify(Objects.requireNonNull(place, "disqualified place"));
            sel.fill();
        }
        return new DrawResult(
                input.raffleId(),
                commitment(seed),
                HEX.formatHex(th),
                HEX.formatHex(key),
                input.policy(),
                sel.placeResults(),
                sel.disqualifications,
                sel.k,
                sel.stream.valuesDrawn(),
                sel.events);
    }

    /**
     * Checks a published draw: seed length, commitment, tickets hash, and then recomputes the whole draw with its
     * redraws and compares every place. Returns the first failure; never throws for bad published data.
     */
    public static Verification verify(PublishedDraw published) {
        Objects.requireNonNull(published, "published");
        byte[] seed = published.revealedSeed();
        if (seed.length != Seed.LENGTH) {
            return new Verification.Mismatch(
                    Verification.Check.SEED_LENGTH, "revealed seed is " + seed.length + " bytes, must be exactly 32");
        }
        String computedCommitment = commitment(seed);
        String publishedCommitment = published.commitment().toLowerCase(Locale.ROOT);
        if (!computedCommitment.equals(publishedCommitment)) {
            return new Verification.Mismatch(
                    Verification.Check.COMMITMENT,
                    "SHA-256 of the revealed seed is " + computedCommitment + " but the published commitment is "
                            + publishedCommitment);
        }
        String computedTicketsHash = ticketsHashHex(published.raffleId(), published.tickets());
        String publishedTicketsHash = published.ticketsHash().toLowerCase(Locale.ROOT);
        if (!computedTicketsHash.equals(publishedTicketsHash)) {
            return new Verification.Mismatch(
                    Verification.Check.TICKETS_HASH,
                    "the " + published.tickets().size() + " tickets hash to " + computedTicketsHash
                            + " but the published tickets hash is " + publishedTicketsHash);
        }
        if (published.places() < 1) {
            return new Verification.Mismatch(
                    Verification.Check.PLACES, "number of places is " + published.places() + ", must be >= 1");
        }
        if (published.claimedPlaces().size() != published.places()) {
            return new Verification.Mismatch(
                    Verification.Check.PLACES,
                    "published " + published.claimedPlaces().size() + " place results for " + published.places()
                            + " places");
        }
        DrawInput input = new DrawInput(
                published.raffleId(),
                new Seed(seed),
                published.tickets(),
                published.beacon(),
                published.places(),
                published.policy());
        DrawResult result;
        try {
            result = draw(input, published.disqualifiedPlaces());
        } catch (IllegalArgumentException e) {
            return new Verification.Mismatch(Verification.Check.DISQUALIFICATIONS, e.getMessage());
        }
        for (int i = 0; i < published.places(); i++) {
            PlaceResult claimed = published.claimedPlaces().get(i);
            PlaceResult actual = result.places().get(i);
            if (!claimed.equals(actual)) {
                return new Verification.Mismatch(
                        Verification.Check.WINNER,
                        "place " + (i + 1) + ": published " + describe(claimed) + ", recomputed " + describe(actual));
            }
        }
        return new Verification.Verified(result);
    }

    private static String describe(PlaceResult p) {
        return switch (p) {
            case PlaceResult.Won w -> "ticket #" + w.ticketNumber() + " (player " + w.playerId() + ")";
            case PlaceResult.Unfilled u -> "unfilled";
        };
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE implementation must provide SHA-256.
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /**
     * The mutable state of one draw: a partial Fisher–Yates shuffle over ticket positions 0..N-1 that is advanced one
     * step at a time, and the places.
     */
    private static final class Selection {
        final TicketList tickets;
        final int n;
        final int places;
        final RepeatWinnerPolicy policy;
        final DrawStream stream;
        final boolean trace;

        /**
         * The shuffled array, stored lazily: {@code perm[i] == 0} means position i still holds canonical index i,
         * otherwise it holds index {@code perm[i] - 1}. A fresh int[] is already zero, so nothing is copied up front,
         * and with 100 winners from 1,000,000 tickets only ~200 entries are ever written.
         */
        final int[] perm;
        /** Number of steps taken so far; positions below k are fixed. */
        int k;

        /** Canonical ticket index + 1 holding each place (index p - 1), or 0 while unfilled. */
        final int[] placeHolder;
        /** Lowest place that may be unfilled; every place below it is filled. */
        int nextPlace = 1;

        /** Player → place held; only kept under ONE_PRIZE_PER_PLAYER, where it decides skips. */
        final Map<Long, Integer> placeOfPlayer = new HashMap<>();

        final Set<Long> disqualifiedPlayers = new HashSet<>();
        final List<Disqualification> disqualifications = new ArrayList<>();
        final List<DrawEvent> events = new ArrayList<>();

        Selection(TicketList tickets, int places, RepeatWinnerPolicy policy, DrawStream stream, boolean trace) {
            this.tickets = tickets;
            this.n = tickets.size();
            this.places = places;
            this.policy = policy;
            this.stream = stream;
            this.trace = trace;
            this.perm = new int[n];
            this.placeHolder = new int[places];
        }

        int at(int pos) {
            int v = perm[pos];
            return v == 0 ? pos : v - 1;
        }

        /** Steps until every place is filled or every ticket is consumed. */
        void fill() {
            while (nextPlace <= places && k < n) {
                step();
            }
        }

        void step() {
            long bound = (long) n - k;
            UniformSample sample = trace ? stream.sample(bound) : null;
            long offset = trace ? sample.result() : stream.uniform(bound);
            int j = k + (int) offset;
            int atK = at(k);
            int candidate = at(j);
            // Swap a[k] and a[j]. Position k is never read again (k only grows), so only a[j] needs writing.
            perm[j] = atK + 1;
            int stepK = k;
            k++;

            long player = tickets.playerId(candidate);
            StepOutcome outcome;
            if (disqualifiedPlayers.contains(player)) {
                outcome = new StepOutcome.SkippedPlayerDisqualified();
            } else {
                Integer held = policy == RepeatWinnerPolicy.ONE_PRIZE_PER_PLAYER ? placeOfPlayer.get(player) : null;
                if (held != null) {
                    outcome = new StepOutcome.SkippedPlayerHoldsPlace(held);
                } else {
                    int place = nextPlace;
                    placeHolder[place - 1] = candidate + 1;
                    if (policy == RepeatWinnerPolicy.ONE_PRIZE_PER_PLAYER) {
                        placeOfPlayer.put(player, place);
                    }
                    advanceNextPlace();
                    outcome = new StepOutcome.Placed(place);
                }
            }
            if (trace) {
                events.add(new DrawEvent.Step(
                        stepK, sample, j, tickets.number(atK), tickets.number(candidate), player, outcome));
            }
        }

        void advanceNextPlace() {
            while (nextPlace <= places && placeHolder[nextPlace - 1] != 0) {
                nextPlace++;
            }
        }

        void disqualify(int place) {
            if (place < 1 || place > places) {
                throw new IllegalArgumentException("cannot disqualify place " + place + ": places are 1.." + places);
            }
            int holder = placeHolder[place - 1];
            if (holder == 0) {
                throw new IllegalArgumentException("cannot disqualify place " + place + ": it has no winner");
            }
            int index = holder - 1;
            long player = tickets.playerId(index);
            Disqualification d = new Disqualification(place, tickets.number(index), player);
            disqualifications.add(d);
            if (trace) {
                events.add(d);
            }
            placeHolder[place - 1] = 0;
            disqualifiedPlayers.add(player);
            placeOfPlayer.remove(player);
            nextPlace = Math.min(nextPlace, place);
        }

        List<PlaceResult> placeResults() {
            List<PlaceResult> out = new ArrayList<>(places);
            for (int p = 1; p <= places; p++) {
                int h = placeHolder[p - 1];
                out.add(
                        h == 0
                                ? new PlaceResult.Unfilled(p)
                                : new PlaceResult.Won(p, tickets.number(h - 1), tickets.playerId(h - 1)));
            }
            return out;
        }
    }
}
