package io.rafflestars.common.draw;

import static org.assertj.core.api.Assertions.assertThat;

import io.rafflestars.common.draw.PlaceResult.Unfilled;
import io.rafflestars.common.draw.PlaceResult.Won;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.LongSupplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the sampler and the selection, including agreement with {@link ReferenceDraw}, an independent slow
 * implementation of the specification.
 */
class DrawPropertiesTest {

    // ---- the rejection sampler ------------------------------------------------------------------------------------

    /** Bounds from 1 to 2^63 - 1, weighted towards the small ones a raffle uses and the huge ones that reject often. */
    @Provide
    Arbitrary<Long> bounds() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(1, 1_000_000)),
                Tuple.of(2, Arbitraries.longs().between(1, Long.MAX_VALUE)),
                Tuple.of(2, Arbitraries.longs().between(1L << 62, Long.MAX_VALUE)),
                Tuple.of(1, Arbitraries.integers().between(0, 62).map(e -> 1L << e)));
    }

    /**
     * Raw stream values with many just below 2^64 (negative as signed longs), where the rejections happen. A final 0
     * is appended by the tests so that every sequence ends in an accepted value.
     */
    @Provide
    Arbitrary<List<Long>> rawValues() {
        Arbitrary<Long> raw = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs()),
                Tuple.of(3, Arbitraries.longs().between(-2_000_000, -1)),
                Tuple.of(1, Arbitraries.of(-1L, Long.MIN_VALUE, Long.MAX_VALUE, 0L)));
        return raw.list().ofMinSize(1).ofMaxSize(8);
    }

    private static LongSupplier source(List<Long> values, int[] consumed) {
        return () -> consumed[0] < values.size() ? values.get(consumed[0]++) : nextZero(consumed);
    }

    private static long nextZero(int[] consumed) {
        consumed[0]++;
        return 0L;
    }

    @Property(tries = 2000)
    void samplerAgreesWithBigIntegerReference(@ForAll("bounds") long n, @ForAll("rawValues") List<Long> values) {
        int[] fast = {0};
        long result = DrawStream.uniform(n, source(values, fast));

        int[] slow = {0};
        LongSupplier s = source(values, slow);
        BigInteger ref = ReferenceDraw.uniform(
                BigInteger.valueOf(n), () -> new BigInteger(Long.toUnsignedString(s.getAsLong())));

        assertThat(result).isEqualTo(ref.longValueExact());
        assertThat(fast[0]).as("values consumed").isEqualTo(slow[0]);
        assertThat(result).isBetween(0L, n - 1);

        int[] traced = {0};
        DrawStream.UniformSample sample = DrawStream.sample(n, source(values, traced));
        assertThat(sample.result()).isEqualTo(result);
        assertThat(sample.rejected()).hasSize(traced[0] - 1);
    }

    @Property(tries = 300)
    void streamSamplesAreAlwaysInRange(@ForAll @Size(32) List<Byte> key, @ForAll("bounds") long n) {
        DrawStream s = new DrawStream(bytes(key));
        for (int i = 0; i < 50; i++) {
            long before = s.valuesDrawn();
            long x = s.uniform(n);
            assertThat(x).isBetween(0L, n - 1);
            assertThat(s.valuesDrawn()).isGreaterThan(before);
        }
    }

    @Property(tries = 300)
    void powersOfTwoNeverReject(@ForAll @Size(32) List<Byte> key, @ForAll @IntRange(min = 0, max = 62) int e) {
        DrawStream s = new DrawStream(bytes(key));
        for (int i = 0; i < 20; i++) {
            assertThat(s.sample(1L << e).rejected()).isEmpty();
        }
        assertThat(s.valuesDrawn()).isEqualTo(20);
    }

    @Property(tries = 1000)
    void powersOfTwoNeverRejectAnyValue(@ForAll long x, @ForAll @IntRange(min = 0, max = 62) int e) {
        long n = 1L << e;
        assertThat(DrawStream.uniform(n, DrawStreamTest.values(x))).isEqualTo(x & (n - 1));
    }

    // ---- the selection --------------------------------------------------------------------------------------------

    /** A small raffle: few players so that repeats and skips are common. */
    record Case(
            long raffleId,
            byte[] seed,
            List<Ticket> tickets,
            byte[] beacon,
            int places,
            RepeatWinnerPolicy policy,
            List<Integer> dqChoices) {
        DrawInput input() {
            Optional<BeaconValue> b =
                    beacon.length == 0 ? Optional.empty() : Optional.of(new BeaconValue("t", 1, beacon));
            return new DrawInput(raffleId, new Seed(seed), TicketList.of(tickets), b, places, policy);
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Long> raffleId = Arbitraries.longs();
        Arbitrary<byte[]> seed = Arbitraries.bytes().array(byte[].class).ofSize(32);
        Arbitrary<byte[]> beacon = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<List<Ticket>> tickets = Combinators.combine(
                        Arbitraries.integers().between(0, 60),
                        Arbitraries.integers().between(1, 8),
                        Arbitraries.longs())
                .as((count, players, shuffleSeed) -> {
                    Random r = new Random(shuffleSeed);
                    List<Ticket> list = new ArrayList<>();
                    for (int i = 1; i <= count; i++) {
                        // Gaps in the numbering are allowed by the format, so exercise them.
                        list.add(new Ticket(i * 2L - (r.nextBoolean() ? 1 : 0), 1000 + r.nextInt(players)));
                    }
                    Collections.shuffle(list, r);
                    return list;
                });
        Arbitrary<Integer> places = Arbitraries.integers().between(1, 12);
        Arbitrary<RepeatWinnerPolicy> policy = Arbitraries.of(RepeatWinnerPolicy.class);
        Arbitrary<List<Integer>> dq =
                Arbitraries.integers().between(0, 1000).list().ofMaxSize(6);
        return Combinators.combine(raffleId, seed, tickets, beacon, places, policy, dq)
                .as(Case::new);
    }

    /** Turns arbitrary choices into a valid disqualification list: each picks one of the places filled at that time. */
    private static List<Integer> disqualifications(Case c) {
        List<Integer> dq = new ArrayList<>();
        DrawInput in = c.input();
        for (int choice : c.dqChoices()) {
            List<Won> winners = ProvableDraw.draw(in, dq).winners();
            if (winners.isEmpty()) {
                break;
            }
            dq.add(winners.get(choice % winners.size()).place());
        }
        return dq;
    }

    @Property(tries = 300)
    void agreesWithTheReferenceImplementation(@ForAll("cases") Case c) {
        List<Integer> dq = disqualifications(c);
        DrawResult r = ProvableDraw.draw(c.input(), dq);
        ReferenceDraw.Outcome ref = ReferenceDraw.draw(
                c.seed(),
                c.raffleId(),
                c.tickets(),
                c.beacon(),
                c.places(),
                c.policy() == RepeatWinnerPolicy.ONE_PRIZE_PER_PLAYER,
                dq);
        List<Long> ours = new ArrayList<>();
        for (PlaceResult p : r.places()) {
            ours.add(
                    switch (p) {
                        case Won w -> w.ticketNumber();
                        case Unfilled u -> null;
                    });
        }
        assertThat(ours).isEqualTo(ref.placeTickets());
        assertThat(r.stepsTaken()).isEqualTo(ref.steps());
    }

    @Property(tries = 300)
    void winnersAreDistinctEligibleTicketsAndRespectThePolicy(@ForAll("cases") Case c) {
        List<Integer> dq = disqualifications(c);
        DrawResult r = ProvableDraw.trace(c.input(), dq);
        Set<Long> owned = new HashSet<>();
        c.tickets().forEach(t -> owned.add(t.number() * 1_000_003L + t.playerId()));

        Set<Long> tickets = new HashSet<>();
        Set<Long> players = new HashSet<>();
        Set<Long> disqualifiedPlayers = new HashSet<>();
        Set<Long> disqualifiedTickets = new HashSet<>();
        r.disqualifications().forEach(d -> {
            disqualifiedPlayers.add(d.playerId());
            disqualifiedTickets.add(d.ticketNumber());
        });
        assertThat(r.places()).hasSize(c.places());
        for (int i = 0; i < r.places().size(); i++) {
            assertThat(r.places().get(i).place()).isEqualTo(i + 1);
        }
        for (Won w : r.winners()) {
            assertThat(owned).contains(w.ticketNumber() * 1_000_003L + w.playerId());
            assertThat(tickets.add(w.ticketNumber())).as("ticket won twice").isTrue();
            assertThat(disqualifiedTickets).doesNotContain(w.ticketNumber());
            boolean newPlayer = players.add(w.playerId());
            if (c.policy() == RepeatWinnerPolicy.ONE_PRIZE_PER_PLAYER) {
                assertThat(newPlayer).as("player won twice").isTrue();
                assertThat(disqualifiedPlayers).doesNotContain(w.playerId());
            }
        }
        // An unfilled place means the tickets ran out, never that the draw stopped early.
        if (!r.allPlacesFilled()) {
            assertThat(r.stepsTaken()).isEqualTo(c.tickets().size());
        }
        assertThat(r.stepsTaken()).isLessThanOrEqualTo(c.tickets().size());
        assertThat(r.valuesDrawn()).isGreaterThanOrEqualTo(r.stepsTaken());
        assertThat(r.trace().stream().filter(e -> e instanceof DrawEvent.Step)).hasSize(r.stepsTaken());
    }

    @Property(tries = 200)
    void sameInputGivesSameOutputWhateverTheTicketOrder(@ForAll("cases") Case c) {
        List<Integer> dq = disqualifications(c);
        DrawResult a = ProvableDraw.draw(c.input(), dq);
        List<Ticket> reversed = new ArrayList<>(c.tickets());
        Collections.reverse(reversed);
        Case c2 = new Case(c.raffleId(), c.seed(), reversed, c.beacon(), c.places(), c.policy(), c.dqChoices());
        DrawResult b = ProvableDraw.draw(c2.input(), dq);
        assertThat(b).isEqualTo(a);
        DrawResult traced = ProvableDraw.trace(c.input(), dq);
        assertThat(traced.places()).isEqualTo(a.places());
        assertThat(traced.valuesDrawn()).isEqualTo(a.valuesDrawn());
    }

    @Property(tries = 200)
    void aRedrawChangesOnlyTheDisqualifiedPlace(@ForAll("cases") Case c) {
        List<Integer> dq = disqualifications(c);
        for (int i = 0; i < dq.size(); i++) {
            DrawResult before = ProvableDraw.draw(c.input(), dq.subList(0, i));
            DrawResult after = ProvableDraw.draw(c.input(), dq.subList(0, i + 1));
            int place = dq.get(i);
            for (int p = 1; p <= c.places(); p++) {
                if (p != place) {
                    assertThat(after.places().get(p - 1))
                            .isEqualTo(before.places().get(p - 1));
                }
            }
            assertThat(after.places().get(place - 1))
                    .isNotEqualTo(before.places().get(place - 1));
            assertThat(after.stepsTaken()).isGreaterThanOrEqualTo(before.stepsTaken());
        }
    }

    @Property(tries = 100)
    void anHonestDrawVerifies(@ForAll("cases") Case c) {
        List<Integer> dq = disqualifications(c);
        DrawResult r = ProvableDraw.draw(c.input(), dq);
        assertThat(ProvableDraw.verify(PublishedDraw.of(c.input(), dq, r))).isEqualTo(new Verification.Verified(r));
    }

    @Property(tries = 50)
    void everyTicketIsEquallyLikelyToWinFirstPlace(@ForAll @LongRange(min = 1, max = 1000) long raffleId) {
        // Not a statistical test of HMAC; a sanity check that the first place is spread over all tickets rather
        // than stuck on a few positions (which an off-by-one in j = k + uniform(N - k) would cause).
        TicketList t = TicketList.of(new long[] {1, 2, 3, 4, 5}, new long[] {1, 2, 3, 4, 5});
        int[] counts = new int[6];
        for (int s = 0; s < 500; s++) {
            byte[] seed = new byte[32];
            seed[0] = (byte) s;
            seed[1] = (byte) (s >> 8);
            DrawInput in =
                    new DrawInput(raffleId, new Seed(seed), t, Optional.empty(), 1, RepeatWinnerPolicy.ALLOW_REPEAT);
            counts[(int) ProvableDraw.draw(in).winners().get(0).ticketNumber()]++;
        }
        for (int ticket = 1; ticket <= 5; ticket++) {
            // Expected 100 each; 45..155 is more than 6 standard deviations (sd ≈ 8.9).
            assertThat(counts[ticket]).isBetween(45, 155);
        }
    }

    private static byte[] bytes(List<Byte> list) {
        byte[] b = new byte[list.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = list.get(i);
        }
        return b;
    }
}
