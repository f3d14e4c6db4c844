package io.rafflestars.backend.player;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.common.draw.BeaconValue;
import io.rafflestars.common.draw.DrawInput;
import io.rafflestars.common.draw.DrawResult;
import io.rafflestars.common.draw.PlaceResult;
import io.rafflestars.common.draw.ProvableDraw;
import io.rafflestars.common.draw.RepeatWinnerPolicy;
import io.rafflestars.common.draw.Seed;
import io.rafflestars.common.draw.TicketList;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Mini App's draw verifier ({@code app/js/fairness.js}, WebCrypto) against the Java reference in {@code common}:
 * the worked examples of docs/fairness.md and 60 random draws with redraws must come out the same, and tampered
 * published draws must fail the same checks. Runs the script with Node (on every machine of this project).
 */
class FairnessScriptTest {
    private static final HexFormat HEX = HexFormat.of();

    private record Case(DrawInput input, List<Integer> disqualified) {}

    @Test
    void theBrowserVerifierDrawsExactlyWhatTheJavaReferenceDraws() throws Exception {
        List<Case> cases = new ArrayList<>();
        Seed exampleSeed = Seed.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        TicketList example = TicketList.of(
                new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                new long[] {1001, 1002, 1003, 1001, 1004, 1005, 1002, 1006, 1007, 1008});
        byte[] beacon = new byte[32];
        for (int i = 0; i < 32; i++) {
            beacon[i] = (byte) (0xa0 + i);
        }
        for (RepeatWinnerPolicy policy : RepeatWinnerPolicy.values()) {
            DrawInput a = new DrawInput(42, exampleSeed, example, Optional.empty(), 3, policy);
            cases.add(new Case(a, List.of()));
            cases.add(new Case(a, List.of(2)));
            cases.add(new Case(a, List.of(2, 2, 2, 1, 1, 1)));
            cases.add(new Case(
                    new DrawInput(42, exampleSeed, example, Optional.of(new BeaconValue("test", 1, beacon)), 3, policy),
                    List.of()));
        }
        Random random = new Random(20261204);
        for (int i = 0; i < 60; i++) {
            cases.add(randomCase(random));
        }

        ObjectNode request = Json.mapper().createObjectNode();
        ArrayNode draws = request.putArray("draws");
        cases.forEach(c -> draws.add(drawJson(c)));
        request.putArray("verifications");
        JsonNode answer = runNode(request);

        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            DrawResult expected = ProvableDraw.draw(c.input(), c.disqualified());
            JsonNode got = answer.path("draws").get(i);
            assertThat(got.path("ticketsHash").asText())
                    .as("case %d tickets hash", i)
                    .isEqualTo(expected.ticketsHash());
            assertThat(got.path("drawKey").asText()).as("case %d draw key", i).isEqualTo(expected.drawKey());
            List<String> places = new ArrayList<>();
            got.path("places").forEach(p -> places.add(p.isNull() ? null : p.asText()));
            assertThat(places).as("case %d places", i).isEqualTo(expectedPlaces(expected));
        }
        // the worked example A of docs/fairness.md, stated once more in plain numbers
        assertThat(answer.path("draws").get(0).path("places").toString()).isEqualTo("[\"10\",\"5\",\"8\"]");
        assertThat(answer.path("draws").get(1).path("places").toString()).isEqualTo("[\"10\",\"9\",\"8\"]");
    }

    @Test
    void aTamperedPublishedDrawFailsTheSameCheckAsInJava() throws Exception {
        Seed seed = Seed.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        TicketList tickets = TicketList.of(
                new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                new long[] {1001, 1002, 1003, 1001, 1004, 1005, 1002, 1006, 1007, 1008});
        DrawInput input =
                new DrawInput(42, seed, tickets, Optional.empty(), 3, RepeatWinnerPolicy.ONE_PRIZE_PER_PLAYER);
        DrawResult result = ProvableDraw.draw(input, List.of(2));
        ObjectNode honest = published(input, List.of(2), result);

        ObjectNode request = Json.mapper().createObjectNode();
        request.putArray("draws");
        ArrayNode v = request.putArray("verifications");
        v.add(honest.deepCopy());
        ObjectNode wrongSeed = honest.deepCopy();
        wrongSeed.put("seed", "ff" + honest.path("seed").asText().substring(2));
        v.add(wrongSeed);
        ObjectNode shortSeed = honest.deepCopy();
        shortSeed.put("seed", "0001");
        v.add(shortSeed);
        ObjectNode movedTicket = honest.deepCopy();
        ((ArrayNode) movedTicket.path("tickets").get(0))
                .set(1, Json.mapper().getNodeFactory().textNode("1009"));
        v.add(movedTicket);
        ObjectNode otherWinner = honest.deepCopy();
        ((ObjectNode) otherWinner.path("winners").get(1)).put("ticket", "5");
        v.add(otherWinner);
        ObjectNode badRedraw = honest.deepCopy();
        badRedraw.putArray("disqualified").add(7);
        v.add(badRedraw);

        JsonNode answer = runNode(request).path("verifications");
        assertThat(answer.get(0).path("ok").asBoolean()).isTrue();
        List<String> checks = new ArrayList<>();
        for (int i = 1; i < answer.size(); i++) {
            assertThat(answer.get(i).path("ok").asBoolean())
                    .as("tampered %d", i)
                    .isFalse();
            checks.add(answer.get(i).path("check").asText());
        }
        assertThat(checks).containsExactly("COMMITMENT", "SEED_LENGTH", "TICKETS_HASH", "WINNER", "DISQUALIFICATIONS");
    }

    private static Case randomCase(Random random) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        int n = 1 + random.nextInt(60);
        long[] numbers = new long[n];
        long[] players = new long[n];
        long[] pool = {1, 42, 7_000_000_001L, 9_007_199_254_740_993L, Long.MAX_VALUE, 5_555_555_555L};
        for (int i = 0; i < n; i++) {
            numbers[i] = i + 1;
            players[i] = pool[random.nextInt(pool.length)] + random.nextInt(3);
        }
        RepeatWinnerPolicy policy = RepeatWinnerPolicy.values()[random.nextInt(2)];
        Optional<BeaconValue> beacon = Optional.empty();
        if (random.nextBoolean()) {
            byte[] b = new byte[1 + random.nextInt(48)];
            random.nextBytes(b);
            beacon = Optional.of(new BeaconValue("test", random.nextInt(1000), b));
        }
        DrawInput input = new DrawInput(
                1 + random.nextInt(100_000),
                new Seed(seed),
                TicketList.of(numbers, players),
                beacon,
                1 + random.nextInt(5),
                policy);
        List<Integer> disqualified = new ArrayList<>();
        int redraws = random.nextInt(4);
        for (int r = 0; r < redraws; r++) {
            List<PlaceResult.Won> winners =
                    ProvableDraw.draw(input, disqualified).winners();
            if (winners.isEmpty()) {
                break;
            }
            disqualified.add(winners.get(random.nextInt(winners.size())).place());
        }
        return new Case(input, disqualified);
    }

    private static ObjectNode drawJson(Case c) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("seed", c.input().seed().toHex());
        o.put("raffleId", c.input().raffleId());
        o.set("tickets", ticketsJson(c.input().tickets()));
        o.put("beacon", HEX.formatHex(c.input().beaconBytes()));
        o.put("places", c.input().places());
        o.put("policy", c.input().policy().name());
        ArrayNode d = o.putArray("disqualified");
        c.disqualified().forEach(d::add);
        return o;
    }

    private static ObjectNode published(DrawInput input, List<Integer> disqualified, DrawResult result) {
        ObjectNode o = drawJson(new Case(input, disqualified));
        o.put("commitment", result.commitment());
        o.put("ticketsHash", result.ticketsHash());
        ArrayNode w = o.putArray("winners");
        for (PlaceResult p : result.places()) {
            ObjectNode place = w.addObject().put("place", p.place());
            switch (p) {
                case PlaceResult.Won won -> place.put("ticket", Long.toString(won.ticketNumber()));
                case PlaceResult.Unfilled u -> place.put("unfilled", true);
            }
        }
        return o;
    }

    private static ArrayNode ticketsJson(TicketList tickets) {
        ArrayNode a = Json.mapper().createArrayNode();
        // ids as strings: a JSON number above 2^53 would lose digits in JavaScript
        for (int i = tickets.size() - 1; i >= 0; i--) {
            a.addArray().add(Long.toString(tickets.number(i))).add(Long.toString(tickets.playerId(i)));
        }
        return a;
    }

    private static List<String> expectedPlaces(DrawResult r) {
        List<String> out = new ArrayList<>();
        for (PlaceResult p : r.places()) {
            out.add(
                    switch (p) {
                        case PlaceResult.Won w -> Long.toString(w.ticketNumber());
                        case PlaceResult.Unfilled u -> null;
                    });
        }
        return out;
    }

    private static JsonNode runNode(ObjectNode request) throws IOException, InterruptedException, URISyntaxException {
        Path script = Path.of(
                FairnessScriptTest.class.getResource("/app/js/fairness.js").toURI());
        Path driver = Path.of(FairnessScriptTest.class
                .getResource("/node/fairness-driver.mjs")
                .toURI());
        Process node;
        try {
            node = new ProcessBuilder("node", driver.toString(), script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new AssertionError("This test needs Node.js (`node` on the PATH) to run the Mini App's verifier", e);
        }
        node.getOutputStream().write(Json.mapper().writeValueAsBytes(request));
        node.getOutputStream().close();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(node.exitValue()).as("node exit code; output: " + out).isZero();
        return Json.mapper().readTree(out);
    }
}
