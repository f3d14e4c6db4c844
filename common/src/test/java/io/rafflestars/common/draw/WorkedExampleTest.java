package io.rafflestars.common.draw;

import static io.rafflestars.common.draw.RepeatWinnerPolicy.ALLOW_REPEAT;
import static io.rafflestars.common.draw.RepeatWinnerPolicy.ONE_PRIZE_PER_PLAYER;
import static org.assertj.core.api.Assertions.assertThat;

import io.rafflestars.common.draw.DrawEvent.Disqualification;
import io.rafflestars.common.draw.DrawEvent.Step;
import io.rafflestars.common.draw.DrawEvent.StepOutcome;
import io.rafflestars.common.draw.PlaceResult.Unfilled;
import io.rafflestars.common.draw.PlaceResult.Won;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recomputes every number of the worked examples in docs/fairness.md, compares it with the value written here, and
 * checks that the document shows the same value, so the specification and the code cannot drift apart silently.
 */
class WorkedExampleTest {
    static final String SEED_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static final String COMMITMENT = "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd";
    static final String TICKETS_HASH = "dcf37748555516637fb36881d89cd6f2012918928c8d61ada566a298982acbc9";
    static final String DRAW_KEY = "3b6b522e92db43d75fb3eb7fc7fb6d83a3714f48eae1937b6d034937c274e5b7";
    static final String[] BLOCKS = {
        "0406abfa6e5b5e35b4da3671b1e3d14f716d4a7a87562b5d4d847057a4fe1206",
        "91d60e11a2aa33297917a6f2b6b78bee94e3e0f4c30389379bfe5fc32665419b",
        "e90eb9adc54aaf11cdcc4ec0763951eec9b3d564068ab4f4afc1c134f76e8c1d",
    };
    static final String TICKETS_MESSAGE = "726166666c652d73746172732f7469636b6574732f7631" + "000000000000002a"
            + "000000000000000a" + "000000000000000100000000000003e9" + "000000000000000200000000000003ea"
            + "000000000000000300000000000003eb" + "000000000000000400000000000003e9"
            + "000000000000000500000000000003ec" + "000000000000000600000000000003ed"
            + "000000000000000700000000000003ea" + "000000000000000800000000000003ee"
            + "000000000000000900000000000003ef" + "000000000000000a00000000000003f0";
    static final String KEY_MESSAGE =
            "726166666c652d73746172732f647261772f7631" + "000000000000002a" + TICKETS_HASH + "00000000";
    static final String BEACON_DRAW_KEY = "e0676257fcd0fa4fa2ccabf8075c454761a88c1a139896b7c570bdd372409402";

    /** One expected Fisher–Yates step: k, x (hex), x (unsigned decimal), n, uniform, j, array after, candidate. */
    record S(int k, String xHex, String xDec, long n, long uniform, int j, String after, long candidate) {}

    static final List<S> STEPS = List.of(
            new S(0, "0406abfa6e5b5e35", "290108318093631029", 10, 9, 9, "10 2 3 4 5 6 7 8 9 1", 10),
            new S(1, "b4da3671b1e3d14f", "13031788333693653327", 9, 3, 4, "10 5 3 4 2 6 7 8 9 1", 5),
            new S(2, "716d4a7a87562b5d", "8173270788864355165", 8, 5, 7, "10 5 8 4 2 6 7 3 9 1", 8),
            new S(3, "4d847057a4fe1206", "5585712959578837510", 7, 5, 8, "10 5 8 9 2 6 7 3 4 1", 9),
            new S(4, "91d60e11a2aa3329", "10508602249421927209", 6, 1, 5, "10 5 8 9 6 2 7 3 4 1", 6),
            new S(5, "7917a6f2b6b78bee", "8725626364431404014", 5, 4, 9, "10 5 8 9 6 1 7 3 4 2", 1),
            new S(6, "94e3e0f4c3038937", "10728666079175084343", 4, 3, 9, "10 5 8 9 6 1 2 3 4 7", 2),
            new S(7, "9bfe5fc32665419b", "11240527011730768283", 3, 2, 9, "10 5 8 9 6 1 2 7 4 3", 7),
            new S(8, "e90eb9adc54aaf11", "16793564216501645073", 2, 1, 9, "10 5 8 9 6 1 2 7 3 4", 3),
            new S(9, "cdcc4ec0763951ee", "14829314261548356078", 1, 0, 9, "10 5 8 9 6 1 2 7 3 4", 4));

    static String doc;

    @BeforeAll
    static void readDoc() throws IOException {
        // Surefire runs in the module directory and sets "basedir"; the document lives at the repository root.
        Path base = Path.of(System.getProperty("basedir", "."));
        doc = Files.readString(base.resolve("../docs/fairness.md").normalize(), StandardCharsets.UTF_8);
    }

    @Test
    void hashesAndKeyMatchTheDocument() {
        DrawInput input = Examples.input(ONE_PRIZE_PER_PLAYER);
        byte[] seed = Examples.seedBytes();
        assertThat(HexFormat.of().formatHex(seed)).isEqualTo(SEED_HEX);
        assertThat(ProvableDraw.commitment(seed)).isEqualTo(COMMITMENT);
        assertThat(new Seed(seed).commitment()).isEqualTo(COMMITMENT);
        assertThat(ProvableDraw.ticketsHashHex(42, input.tickets())).isEqualTo(TICKETS_HASH);
        byte[] th = ProvableDraw.ticketsHash(42, input.tickets());
        assertThat(HexFormat.of().formatHex(ProvableDraw.drawKey(seed, 42, th, new byte[0])))
                .isEqualTo(DRAW_KEY);

        // The message layouts shown in the document, checked against an independent SHA-256 / HMAC of those bytes.
        assertThat(TICKETS_MESSAGE).hasSize(2 * 199);
        assertThat(HexFormat.of().formatHex(sha256(HexFormat.of().parseHex(TICKETS_MESSAGE))))
                .isEqualTo(TICKETS_HASH);
        assertThat(KEY_MESSAGE).hasSize(2 * 64);
        assertThat(HexFormat.of().formatHex(hmac(seed, HexFormat.of().parseHex(KEY_MESSAGE))))
                .isEqualTo(DRAW_KEY);

        DrawStream stream = new DrawStream(HexFormat.of().parseHex(DRAW_KEY));
        for (String block : BLOCKS) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                sb.append(String.format("%016x", stream.nextU64()));
            }
            assertThat(sb.toString()).isEqualTo(block);
        }

        for (String value : List.of(SEED_HEX, COMMITMENT, TICKETS_HASH, DRAW_KEY, BEACON_DRAW_KEY)) {
            assertDocContains(value);
        }
        for (int i = 0; i < BLOCKS.length; i++) {
            assertDocContains("block(" + i + ") = HMAC(drawKey, " + String.format("%016x", i) + ") = " + BLOCKS[i]);
        }
        // Every 16-hex-digit group of the two messages appears in the document's byte listings.
        for (String msg : List.of(TICKETS_MESSAGE.substring(46), KEY_MESSAGE.substring(40, 56))) {
            for (int i = 0; i < msg.length(); i += 16) {
                assertDocContains(msg.substring(i, i + 16));
            }
        }
        assertDocContains(TICKETS_MESSAGE.substring(0, 46));
        assertDocContains(KEY_MESSAGE.substring(0, 40));
    }

    @Test
    void limitsTableMatchesArithmetic() {
        BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        for (long n : new long[] {10, 9, 7, 6, 5, 3}) {
            BigInteger excess = two64.mod(BigInteger.valueOf(n));
            assertDocContains("| " + n + " | " + excess + " | " + two64.subtract(excess) + " |");
        }
        assertDocContains("| 8 | 0 | 18446744073709551616 (= 2^64, never rejects) |");
    }

    @Test
    void exampleA_drawAndOneRedraw() {
        DrawInput input = Examples.input(ONE_PRIZE_PER_PLAYER);

        DrawResult initial = ProvableDraw.trace(input, List.of());
        assertThat(initial.commitment()).isEqualTo(COMMITMENT);
        assertThat(initial.ticketsHash()).isEqualTo(TICKETS_HASH);
        assertThat(initial.drawKey()).isEqualTo(DRAW_KEY);
        assertThat(initial.places()).containsExactly(new Won(1, 10, 1008), new Won(2, 5, 1004), new Won(3, 8, 1006));
        assertThat(initial.stepsTaken()).isEqualTo(3);
        assertThat(initial.valuesDrawn()).isEqualTo(3);
        checkSteps(initial, 3);

        DrawResult redrawn = ProvableDraw.trace(input, List.of(2));
        assertThat(redrawn.places()).containsExactly(new Won(1, 10, 1008), new Won(2, 9, 1007), new Won(3, 8, 1006));
        assertThat(redrawn.disqualifications()).containsExactly(new Disqualification(2, 5, 1004));
        assertThat(redrawn.stepsTaken()).isEqualTo(4);
        assertThat(redrawn.valuesDrawn()).isEqualTo(4);
        checkSteps(redrawn, 4);
        // The untraced draw is the same computation.
        assertThat(ProvableDraw.draw(input, List.of(2)).places()).isEqualTo(redrawn.places());

        // The document's rows for example A, rebuilt from the computation.
        for (Step s : steps(redrawn)) {
            String row =
                    "| " + s.k() + " | `" + String.format("%016x", s.sample().accepted()) + "` | "
                            + Long.toUnsignedString(s.sample().accepted()) + " | "
                            + s.sample().n() + " | "
                            + s.sample().result() + " | " + s.j() + " | a[" + s.k() + "]=" + s.ticketAtK() + " ↔ a["
                            + s.j() + "]=" + s.candidateTicket() + " | `"
                            + STEPS.get(s.k()).after() + "` | #"
                            + s.candidateTicket() + " (player " + s.candidatePlayer() + ") | " + outcome(s) + " |";
            assertDocContains(row);
        }
        assertDocContains("place 1 = ticket #10 (player 1008), place 2 =\nticket #5 (player 1004), place 3 = "
                + "ticket #8 (player 1006). 3 steps, 3 stream values consumed.");
        assertDocContains("place 1 = ticket #10 (player 1008), place 2 = ticket #9 (player 1007), place 3 =\n"
                + "ticket #8 (player 1006). 4 steps, 4 stream values consumed.");
    }

    @Test
    void exampleB_repeatedDisqualificationsSkipsAndUnfilledPlace() {
        List<Integer> dq = List.of(2, 2, 2, 1, 1, 1);
        DrawResult r = ProvableDraw.trace(Examples.input(ONE_PRIZE_PER_PLAYER), dq);
        assertThat(r.places()).containsExactly(new Unfilled(1), new Won(2, 1, 1001), new Won(3, 8, 1006));
        assertThat(r.allPlacesFilled()).isFalse();
        assertThat(r.winners()).containsExactly(new Won(2, 1, 1001), new Won(3, 8, 1006));
        assertThat(r.stepsTaken()).isEqualTo(10);
        assertThat(r.valuesDrawn()).isEqualTo(10);
        assertThat(r.disqualifications())
                .containsExactly(
                        new Disqualification(2, 5, 1004),
                        new Disqualification(2, 9, 1007),
                        new Disqualification(2, 6, 1005),
                        new Disqualification(1, 10, 1008),
                        new Disqualification(1, 2, 1002),
                        new Disqualification(1, 3, 1003));
        checkSteps(r, 10);
        List<StepOutcome> outcomes = steps(r).stream().map(Step::outcome).toList();
        assertThat(outcomes.get(7)).isEqualTo(new StepOutcome.SkippedPlayerDisqualified());
        assertThat(outcomes.get(9)).isEqualTo(new StepOutcome.SkippedPlayerHoldsPlace(2));

        for (DrawEvent e : r.trace()) {
            String row = switch (e) {
                case Step s ->
                    "| step | " + s.k() + " | `"
                            + String.format("%016x", s.sample().accepted())
                            + "` | " + Long.toUnsignedString(s.sample().accepted()) + " | "
                            + s.sample().n()
                            + " | " + s.sample().result() + " | " + s.j() + " | `"
                            + STEPS.get(s.k()).after() + "` | #" + s.candidateTicket() + " ("
                            + s.candidatePlayer() + ") | " + outcome(s) + " |";
                case Disqualification d ->
                    "| disqualify place " + d.place() + " | | | | | | | | #" + d.ticketNumber() + " (" + d.playerId()
                            + ") | player " + d.playerId() + " out |";
            };
            assertDocContains(row);
        }
        assertDocContains("place 1 = **unfilled**, place 2 = ticket #1 (player 1001), place 3 =\n"
                + "ticket #8 (player 1006). 10 steps, 10 stream values consumed.");

        DrawResult repeat = ProvableDraw.draw(Examples.input(ALLOW_REPEAT), dq);
        assertThat(repeat.places()).containsExactly(new Won(1, 4, 1001), new Won(2, 1, 1001), new Won(3, 8, 1006));
        assertDocContains("place 1 = ticket #4 (player 1001), place 2 = ticket #1 (player 1001), place 3 = ticket #8 "
                + "(player 1006)");
    }

    @Test
    void exampleC_withBeacon() {
        DrawResult r = ProvableDraw.trace(Examples.inputWithBeacon(), List.of());
        assertThat(r.drawKey()).isEqualTo(BEACON_DRAW_KEY);
        assertThat(r.places()).containsExactly(new Won(1, 8, 1006), new Won(2, 1, 1001), new Won(3, 5, 1004));
        List<Step> steps = steps(r);
        assertThat(steps)
                .extracting(s -> s.sample().accepted())
                .containsExactly(0xd7887a6e33872029L, 0xff3ce9b99ea491a8L, 0x926213040b00b74aL);
        for (Step s : steps) {
            assertDocContains(
                    "| " + s.k() + " | `" + String.format("%016x", s.sample().accepted()) + "` | "
                            + s.sample().n() + " | " + s.sample().result() + " | #" + s.candidateTicket() + " ("
                            + s.candidatePlayer() + ") | " + outcome(s) + " |");
        }
        assertDocContains("place 1 = ticket #8 (player 1006), place 2 = ticket #1 (player 1001), place 3 = ticket #5"
                + " (player 1004).");
    }

    /** Whitespace-insensitive, so reflowing a paragraph of the document does not break the test. */
    private static void assertDocContains(String expected) {
        assertThat(flat(doc)).contains(flat(expected));
    }

    private static String flat(String s) {
        return s.replaceAll("\\s+", " ");
    }

    /** Compares the traced steps with {@link #STEPS}, replaying the swaps to check the array after each step. */
    private static void checkSteps(DrawResult r, int count) {
        List<Step> steps = steps(r);
        assertThat(steps).hasSize(count);
        long[] a = LongStream.rangeClosed(1, 10).toArray();
        for (Step s : steps) {
            S e = STEPS.get(s.k());
            assertThat(s.k()).isEqualTo(e.k());
            assertThat(String.format("%016x", s.sample().accepted())).isEqualTo(e.xHex());
            assertThat(Long.toUnsignedString(s.sample().accepted())).isEqualTo(e.xDec());
            assertThat(s.sample().rejected()).isEmpty();
            assertThat(s.sample().n()).isEqualTo(e.n());
            assertThat(s.sample().result()).isEqualTo(e.uniform());
            assertThat(s.j()).isEqualTo(e.j());
            assertThat(s.ticketAtK()).isEqualTo(a[s.k()]);
            long t = a[s.k()];
            a[s.k()] = a[s.j()];
            a[s.j()] = t;
            assertThat(join(a)).isEqualTo(e.after());
            assertThat(s.candidateTicket()).isEqualTo(e.candidate()).isEqualTo(a[s.k()]);
            assertThat(s.candidatePlayer()).isEqualTo(Examples.PLAYERS[(int) e.candidate() - 1]);
        }
    }

    private static List<Step> steps(DrawResult r) {
        List<Step> out = new ArrayList<>();
        for (DrawEvent e : r.trace()) {
            if (e instanceof Step s) {
                out.add(s);
            }
        }
        return out;
    }

    private static String outcome(Step s) {
        return switch (s.outcome()) {
            case StepOutcome.Placed p -> "place " + p.place();
            case StepOutcome.SkippedPlayerDisqualified d -> "skipped: player " + s.candidatePlayer() + " disqualified";
            case StepOutcome.SkippedPlayerHoldsPlace h ->
                "skipped: player " + s.candidatePlayer() + " holds place " + h.heldPlace();
        };
    }

    private static String join(long[] a) {
        return LongStream.of(a).mapToObj(Long::toString).collect(Collectors.joining(" "));
    }

    private static byte[] sha256(byte[] m) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(m);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] m) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(m);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
