package io.rafflestars.common.draw;

import static io.rafflestars.common.draw.RepeatWinnerPolicy.ALLOW_REPEAT;
import static io.rafflestars.common.draw.RepeatWinnerPolicy.ONE_PRIZE_PER_PLAYER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rafflestars.common.draw.PlaceResult.Unfilled;
import io.rafflestars.common.draw.PlaceResult.Won;
import io.rafflestars.common.draw.Verification.Check;
import io.rafflestars.common.draw.Verification.Mismatch;
import io.rafflestars.common.draw.Verification.Verified;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProvableDrawTest {

    private static DrawInput input(TicketList tickets, int places, RepeatWinnerPolicy policy) {
        return new DrawInput(7, new Seed(Examples.seedBytes()), tickets, Optional.empty(), places, policy);
    }

    @Test
    void commitmentRequiresExactly32Bytes() {
        assertThatThrownBy(() -> ProvableDraw.commitment(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProvableDraw.commitment(new byte[33])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Seed(new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThat(ProvableDraw.commitment(new byte[32])).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void seedIsCopiedAndNeverPrinted() {
        byte[] raw = Examples.seedBytes();
        Seed seed = new Seed(raw);
        raw[0] = 99;
        assertThat(seed.bytes()[0]).isZero();
        seed.bytes()[1] = 99;
        assertThat(seed.bytes()[1]).isEqualTo((byte) 1);
        assertThat(seed.toString()).doesNotContain(seed.toHex()).contains(seed.commitment());
        assertThat(Seed.fromHex(seed.toHex().toUpperCase())).isEqualTo(seed);
        Seed fresh = Seed.generate();
        assertThat(fresh.bytes()).hasSize(32);
        assertThat(fresh).isNotEqualTo(Seed.generate());
    }

    @Test
    void emptyBeaconIsTheSameAsNoBeaconAndOnlyBeaconBytesMatter() {
        TicketList tickets = Examples.tickets();
        Seed seed = new Seed(Examples.seedBytes());
        DrawResult none = ProvableDraw.draw(new DrawInput(1, seed, tickets, Optional.empty(), 3, ALLOW_REPEAT));
        DrawResult empty = ProvableDraw.draw(
                new DrawInput(1, seed, tickets, Optional.of(new BeaconValue("x", 1, new byte[0])), 3, ALLOW_REPEAT));
        assertThat(empty).isEqualTo(none);
        DrawResult b1 = ProvableDraw.draw(
                new DrawInput(1, seed, tickets, Optional.of(new BeaconValue("a", 1, new byte[] {1})), 3, ALLOW_REPEAT));
        DrawResult b2 = ProvableDraw.draw(new DrawInput(
                1, seed, tickets, Optional.of(new BeaconValue("b", 99, new byte[] {1})), 3, ALLOW_REPEAT));
        assertThat(b1.drawKey()).isNotEqualTo(none.drawKey()).isEqualTo(b2.drawKey());
        assertThat(NoBeacon.INSTANCE.valueFor(1, Instant.EPOCH)).isEmpty();
    }

    @Test
    void beaconValueIsCopied() {
        byte[] v = {1, 2, 3};
        BeaconValue b = new BeaconValue("s", 1, v);
        v[0] = 9;
        assertThat(b.value()).containsExactly(1, 2, 3);
        b.value()[0] = 9;
        assertThat(b.value()).containsExactly(1, 2, 3);
        assertThat(b).isEqualTo(new BeaconValue("s", 1, new byte[] {1, 2, 3}));
    }

    @Test
    void drawKeyDependsOnEveryInput() {
        byte[] seed = Examples.seedBytes();
        byte[] th = new byte[32];
        String base = hex(ProvableDraw.drawKey(seed, 1, th, new byte[0]));
        byte[] otherSeed = seed.clone();
        otherSeed[31] ^= 1;
        byte[] otherTh = th.clone();
        otherTh[0] = 1;
        assertThat(hex(ProvableDraw.drawKey(otherSeed, 1, th, new byte[0]))).isNotEqualTo(base);
        assertThat(hex(ProvableDraw.drawKey(seed, 2, th, new byte[0]))).isNotEqualTo(base);
        assertThat(hex(ProvableDraw.drawKey(seed, 1, otherTh, new byte[0]))).isNotEqualTo(base);
        assertThat(hex(ProvableDraw.drawKey(seed, 1, th, new byte[] {0}))).isNotEqualTo(base);
        assertThatThrownBy(() -> ProvableDraw.drawKey(seed, 1, new byte[31], new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void placesBeyondTheTicketsStayExplicitlyUnfilled() {
        TicketList two = TicketList.of(new Ticket(1, 100), new Ticket(2, 200));
        DrawResult r = ProvableDraw.draw(input(two, 4, ALLOW_REPEAT));
        assertThat(r.places()).hasSize(4);
        assertThat(r.places().subList(2, 4)).containsExactly(new Unfilled(3), new Unfilled(4));
        assertThat(r.winners()).extracting(Won::ticketNumber).containsExactlyInAnyOrder(1L, 2L);
        assertThat(r.allPlacesFilled()).isFalse();
        assertThat(r.stepsTaken()).isEqualTo(2);

        DrawResult none = ProvableDraw.draw(input(TicketList.of(List.of()), 2, ALLOW_REPEAT));
        assertThat(none.places()).containsExactly(new Unfilled(1), new Unfilled(2));
        assertThat(none.stepsTaken()).isZero();
        assertThat(none.valuesDrawn()).isZero();
    }

    @Test
    void onePrizePerPlayerLeavesPlacesUnfilledWhenPlayersRunOut() {
        // Two players, five tickets, three places: the third place cannot be filled, and every ticket is consumed.
        TicketList t = TicketList.of(new long[] {1, 2, 3, 4, 5}, new long[] {10, 10, 20, 10, 20});
        DrawResult r = ProvableDraw.draw(input(t, 3, ONE_PRIZE_PER_PLAYER));
        assertThat(r.places().get(2)).isEqualTo(new Unfilled(3));
        assertThat(r.winners()).extracting(Won::playerId).containsExactlyInAnyOrder(10L, 20L);
        assertThat(r.stepsTaken()).isEqualTo(5);
        DrawResult allow = ProvableDraw.draw(input(t, 3, ALLOW_REPEAT));
        assertThat(allow.allPlacesFilled()).isTrue();
        assertThat(allow.stepsTaken()).isEqualTo(3);
    }

    @Test
    void disqualifyingAPlayerExcludesTheirOtherTicketsButNotTheirOtherPlaces() {
        // One player owns every ticket, so under ALLOW_REPEAT they take all three places. Disqualifying place 2
        // excludes their remaining tickets: place 2 cannot be refilled, and places 1 and 3 are left as they were
        // (each would need its own disqualification).
        TicketList t = TicketList.of(new long[] {1, 2, 3, 4, 5}, new long[] {10, 10, 10, 10, 10});
        DrawInput in = input(t, 3, ALLOW_REPEAT);
        DrawResult before = ProvableDraw.draw(in);
        DrawResult after = ProvableDraw.trace(in, List.of(2));
        assertThat(after.places().get(0)).isEqualTo(before.places().get(0));
        assertThat(after.places().get(1)).isEqualTo(new Unfilled(2));
        assertThat(after.places().get(2)).isEqualTo(before.places().get(2));
        assertThat(after.stepsTaken()).isEqualTo(5);
        assertThat(after.trace())
                .filteredOn(e -> e instanceof DrawEvent.Step s
                        && s.outcome() instanceof DrawEvent.StepOutcome.SkippedPlayerDisqualified)
                .hasSize(2);
    }

    @Test
    void invalidDisqualificationsAreRejected() {
        DrawInput in = input(TicketList.of(new Ticket(1, 100), new Ticket(2, 200)), 3, ALLOW_REPEAT);
        assertThatThrownBy(() -> ProvableDraw.draw(in, List.of(0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProvableDraw.draw(in, List.of(4))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProvableDraw.draw(in, List.of(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no winner");
        assertThatThrownBy(() ->
                        new DrawInput(1, new Seed(new byte[32]), TicketList.of(), Optional.empty(), 0, ALLOW_REPEAT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void verifyAcceptsAnHonestDraw() {
        DrawInput in = Examples.input(ONE_PRIZE_PER_PLAYER);
        DrawResult result = ProvableDraw.draw(in, List.of(2));
        PublishedDraw published = PublishedDraw.of(in, List.of(2), result);
        Verification v = ProvableDraw.verify(published);
        assertThat(v).isInstanceOf(Verified.class);
        assertThat(v.isVerified()).isTrue();
        assertThat(((Verified) v).result()).isEqualTo(result);

        PublishedDraw upper = new PublishedDraw(
                published.raffleId(),
                published.commitment().toUpperCase(),
                published.ticketsHash().toUpperCase(),
                published.revealedSeed(),
                published.tickets(),
                published.beacon(),
                published.places(),
                published.policy(),
                published.disqualifiedPlaces(),
                published.claimedPlaces());
        assertThat(ProvableDraw.verify(upper).isVerified()).isTrue();
    }

    @Test
    void verifyNamesWhatDiffers() {
        DrawInput in = Examples.input(ONE_PRIZE_PER_PLAYER);
        PublishedDraw ok = PublishedDraw.of(in, List.of(2), ProvableDraw.draw(in, List.of(2)));

        assertMismatch(with(ok, b -> b.seed = new byte[31]), Check.SEED_LENGTH, "31 bytes");
        byte[] otherSeed = Examples.seedBytes();
        otherSeed[0] = 1;
        assertMismatch(with(ok, b -> b.seed = otherSeed), Check.COMMITMENT, ok.commitment());
        assertMismatch(
                with(ok, b -> b.tickets = TicketList.of(new long[] {1, 2}, new long[] {1001, 1002})),
                Check.TICKETS_HASH,
                ok.ticketsHash());
        assertMismatch(with(ok, b -> b.claimed = ok.claimedPlaces().subList(0, 2)), Check.PLACES, "2 place results");
        assertMismatch(
                with(ok, b -> {
                    b.dq = List.of(2, 4);
                    b.claimed = ok.claimedPlaces();
                }),
                Check.DISQUALIFICATIONS,
                "place 4");
        // Publishing the first-round winner of place 2 instead of the redrawn one.
        List<PlaceResult> claimed = new ArrayList<>(ok.claimedPlaces());
        claimed.set(1, new Won(2, 5, 1004));
        assertMismatch(
                with(ok, b -> b.claimed = claimed),
                Check.WINNER,
                "place 2: published ticket #5 (player 1004), recomputed ticket #9 (player 1007)");
        // Hiding the disqualification altogether gives a different place 2 as well.
        assertMismatch(with(ok, b -> b.dq = List.of()), Check.WINNER, "place 2");
        // A different policy than published.
        assertMismatch(
                with(ok, b -> {
                    b.dq = List.of(2, 2, 2, 1, 1, 1);
                    b.claimed = ProvableDraw.draw(in, b.dq).places();
                    b.policy = ALLOW_REPEAT;
                }),
                Check.WINNER,
                "place 1: published unfilled, recomputed ticket #4 (player 1001)");
    }

    private static void assertMismatch(PublishedDraw p, Check check, String reasonPart) {
        Verification v = ProvableDraw.verify(p);
        assertThat(v.isVerified()).isFalse();
        String description = switch (v) {
            case Verified ok -> "verified";
            case Mismatch m -> m.check() + ": " + m.reason();
        };
        assertThat(description).startsWith(check.name()).contains(reasonPart);
    }

    /** Mutable copy of a published draw for tampering in tests. */
    private static final class Builder {
        byte[] seed;
        TicketList tickets;
        RepeatWinnerPolicy policy;
        List<Integer> dq;
        List<PlaceResult> claimed;
    }

    private static PublishedDraw with(PublishedDraw p, java.util.function.Consumer<Builder> change) {
        Builder b = new Builder();
        b.seed = p.revealedSeed();
        b.tickets = p.tickets();
        b.policy = p.policy();
        b.dq = p.disqualifiedPlaces();
        b.claimed = p.claimedPlaces();
        change.accept(b);
        return new PublishedDraw(
                p.raffleId(),
                p.commitment(),
                p.ticketsHash(),
                b.seed,
                b.tickets,
                p.beacon(),
                p.places(),
                b.policy,
                b.dq,
                b.claimed);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void hundredWinnersFromAMillionTicketsIsFast() {
        int n = 1_000_000;
        long[] numbers = new long[n];
        long[] players = new long[n];
        Random random = new Random(1);
        for (int i = 0; i < n; i++) {
            numbers[i] = i + 1;
            players[i] = 1 + random.nextInt(50_000);
        }
        // Unsorted input, so the one sort is part of what is measured.
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = numbers[i];
            numbers[i] = numbers[j];
            numbers[j] = t;
            t = players[i];
            players[i] = players[j];
            players[j] = t;
        }
        long start = System.nanoTime();
        TicketList tickets = TicketList.of(numbers, players);
        DrawResult r = ProvableDraw.draw(input(tickets, 100, ONE_PRIZE_PER_PLAYER), List.of(5, 50));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.allPlacesFilled()).isTrue();
        Set<Long> winners = new HashSet<>();
        r.winners().forEach(w -> winners.add(w.playerId()));
        assertThat(winners).hasSize(100);
        System.out.println("100 winners (+2 redraws) from 1,000,000 unsorted tickets: " + millis + " ms");
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
