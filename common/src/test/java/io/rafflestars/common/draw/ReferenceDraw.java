package io.rafflestars.common.draw;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A deliberately slow and plain second implementation of docs/fairness.md, written from the document rather than from
 * the production code: BigInteger arithmetic for the unsigned values and the rejection limit, DataOutputStream for the
 * encodings, a whole-array Fisher–Yates on boxed lists, and a linear search for the repeat-winner rule. Property
 * tests check that it agrees with {@link ProvableDraw} everywhere.
 */
final class ReferenceDraw {
    static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    /** Result: ticket number per place (null = unfilled) and the number of Fisher–Yates steps. */
    record Outcome(List<Long> placeTickets, int steps) {}

    private ReferenceDraw() {}

    /** The rejection rule with exact integers. */
    static BigInteger uniform(BigInteger n, Supplier<BigInteger> next) {
        BigInteger limit = TWO_64.subtract(TWO_64.mod(n));
        while (true) {
            BigInteger x = next.get();
            if (x.compareTo(limit) < 0) {
                return x.mod(n);
            }
        }
    }

    static Outcome draw(
            byte[] seed,
            long raffleId,
            List<Ticket> ticketsAnyOrder,
            byte[] beacon,
            int places,
            boolean onePrizePerPlayer,
            List<Integer> disqualified) {
        List<Ticket> tickets = new ArrayList<>(ticketsAnyOrder);
        tickets.sort((a, b) -> Long.compare(a.number(), b.number()));
        try {
            ByteArrayOutputStream tb = new ByteArrayOutputStream();
            DataOutputStream td = new DataOutputStream(tb);
            td.write("raffle-stars/tickets/v1".getBytes(StandardCharsets.US_ASCII));
            td.writeLong(raffleId);
            td.writeLong(tickets.size());
            for (Ticket t : tickets) {
                td.writeLong(t.number());
                td.writeLong(t.playerId());
            }
            byte[] ticketsHash = MessageDigest.getInstance("SHA-256").digest(tb.toByteArray());

            ByteArrayOutputStream kb = new ByteArrayOutputStream();
            DataOutputStream kd = new DataOutputStream(kb);
            kd.write("raffle-stars/draw/v1".getBytes(StandardCharsets.US_ASCII));
            kd.writeLong(raffleId);
            kd.write(ticketsHash);
            kd.writeInt(beacon.length);
            kd.write(beacon);
            byte[] key = hmac(seed, kb.toByteArray());

            // The whole stream position as a byte offset; each value recomputes its block, which is slow but obvious.
            long[] byteOffset = {0};
            Supplier<BigInteger> next = () -> {
                long block = byteOffset[0] / 32;
                int within = (int) (byteOffset[0] % 32);
                byteOffset[0] += 8;
                ByteArrayOutputStream cb = new ByteArrayOutputStream();
                try {
                    new DataOutputStream(cb).writeLong(block);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                byte[] b = hmac(key, cb.toByteArray());
                return new BigInteger(1, Arrays.copyOfRange(b, within, within + 8));
            };

            List<Ticket> a = new ArrayList<>(tickets);
            Ticket[] holder = new Ticket[places];
            Set<Long> out = new HashSet<>();
            int[] k = {0};
            Runnable fill = () -> {
                while (Arrays.asList(holder).contains(null) && k[0] < a.size()) {
                    int j = k[0]
                            + uniform(BigInteger.valueOf(a.size() - k[0]), next).intValueExact();
                    Ticket t = a.get(k[0]);
                    a.set(k[0], a.get(j));
                    a.set(j, t);
                    Ticket c = a.get(k[0]);
                    k[0]++;
                    if (out.contains(c.playerId())) {
                        continue;
                    }
                    boolean holds = false;
                    for (Ticket h : holder) {
                        holds |= h != null && h.playerId() == c.playerId();
                    }
                    if (onePrizePerPlayer && holds) {
                        continue;
                    }
                    holder[Arrays.asList(holder).indexOf(null)] = c;
                }
            };
            fill.run();
            for (int d : disqualified) {
                Ticket h = holder[d - 1];
                if (h == null) {
                    throw new IllegalArgumentException("place " + d + " has no winner");
                }
                out.add(h.playerId());
                holder[d - 1] = null;
                fill.run();
            }
            List<Long> result = new ArrayList<>();
            for (Ticket h : holder) {
                result.add(h == null ? null : h.number());
            }
            return new Outcome(result, k[0]);
        } catch (IOException | GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
