package io.rafflestars.common.draw;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The tickets of one raffle in canonical order (ascending ticket number), held in two primitive arrays.
 *
 * <p>Primitive arrays rather than a {@code List<Ticket>} because a raffle can have a million tickets: two
 * {@code long[]} cost 16 bytes per ticket and no per-ticket objects. Input may arrive in any order; it is sorted once
 * here, and a duplicate ticket number is rejected because the canonical list would otherwise be ambiguous.
 *
 * <p>Immutable: the arrays are copied in and never handed out.
 */
public final class TicketList {
    private final long[] numbers;
    private final long[] playerIds;

    private TicketList(long[] numbers, long[] playerIds) {
        this.numbers = numbers;
        this.playerIds = playerIds;
    }

    /** Tickets in any order; rejects duplicate ticket numbers. */
    public static TicketList of(Collection<Ticket> tickets) {
        long[] n = new long[tickets.size()];
        long[] p = new long[n.length];
        int i = 0;
        for (Ticket t : tickets) {
            n[i] = t.number();
            p[i] = t.playerId();
            i++;
        }
        return canonical(n, p);
    }

    /** Convenience for tests and small examples. */
    public static TicketList of(Ticket... tickets) {
        return of(Arrays.asList(tickets));
    }

    /**
     * Tickets given as parallel arrays ({@code numbers[i]} is owned by {@code playerIds[i]}), in any order. The arrays
     * are copied; the caller's arrays are not modified.
     */
    public static TicketList of(long[] numbers, long[] playerIds) {
        Objects.requireNonNull(numbers, "numbers");
        Objects.requireNonNull(playerIds, "playerIds");
        if (numbers.length != playerIds.length) {
            throw new IllegalArgumentException(
                    "numbers and playerIds differ in length: " + numbers.length + " vs " + playerIds.length);
        }
        return canonical(numbers.clone(), playerIds.clone());
    }

    /** Sorts the (owned) arrays in place if needed, then validates. */
    private static TicketList canonical(long[] n, long[] p) {
        if (!isStrictlyAscending(n)) {
            sortByNumber(n, p);
        }
        for (int i = 0; i < n.length; i++) {
            if (n[i] < 1) {
                throw new IllegalArgumentException("ticket number must be >= 1, got " + n[i]);
            }
            if (i > 0 && n[i] == n[i - 1]) {
                throw new IllegalArgumentException("duplicate ticket number " + n[i]);
            }
        }
        return new TicketList(n, p);
    }

    private static boolean isStrictlyAscending(long[] n) {
        for (int i = 1; i < n.length; i++) {
            if (n[i] <= n[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Bottom-up merge sort of the parallel arrays by ticket number. The JDK has no primitive sort that carries a second
     * array along, and boxing a million tickets to sort them would cost far more than this.
     */
    private static void sortByNumber(long[] n, long[] p) {
        int len = n.length;
        long[] srcN = n, srcP = p;
        long[] dstN = new long[len], dstP = new long[len];
        for (int width = 1; width < len; width *= 2) {
            for (int lo = 0; lo < len; lo += 2 * width) {
                int mid = Math.min(lo + width, len);
                int hi = Math.min(lo + 2 * width, len);
                int a = lo, b = mid, out = lo;
                while (a < mid && b < hi) {
                    if (srcN[a] <= srcN[b]) {
                        dstN[out] = srcN[a];
                        dstP[out++] = srcP[a++];
                    } else {
                        dstN[out] = srcN[b];
                        dstP[out++] = srcP[b++];
                    }
                }
                while (a < mid) {
                    dstN[out] = srcN[a];
                    dstP[out++] = srcP[a++];
                }
                while (b < hi) {
                    dstN[out] = srcN[b];
                    dstP[out++] = srcP[b++];
                }
            }
            long[] t = srcN;
            srcN = dstN;
            dstN = t;
            t = srcP;
            srcP = dstP;
            dstP = t;
        }
        if (srcN != n) {
            System.arraycopy(srcN, 0, n, 0, len);
            System.arraycopy(srcP, 0, p, 0, len);
        }
    }

    public int size() {
        return numbers.length;
    }

    /** Ticket number at canonical position {@code index} (0-based). */
    public long number(int index) {
        return numbers[index];
    }

    /** Owner of the ticket at canonical position {@code index} (0-based). */
    public long playerId(int index) {
        return playerIds[index];
    }

    public Ticket ticket(int index) {
        return new Ticket(numbers[index], playerIds[index]);
    }

    /** A read-only view in canonical order; tickets are created on access. */
    public List<Ticket> asList() {
        return new AbstractList<>() {
            @Override
            public Ticket get(int index) {
                return ticket(index);
            }

            @Override
            public int size() {
                return numbers.length;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TicketList other
                && Arrays.equals(numbers, other.numbers)
                && Arrays.equals(playerIds, other.playerIds);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(numbers) + Arrays.hashCode(playerIds);
    }

    @Override
    public String toString() {
        return "TicketList[size=" + numbers.length + "]";
    }
}
