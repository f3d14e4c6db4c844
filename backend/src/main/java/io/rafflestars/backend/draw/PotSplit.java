package io.rafflestars.backend.draw;

import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.raffle.Prize;
import io.rafflestars.common.api.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How the pot of a raffle is divided at its draw (docs/payouts.md), in whole Stars, rounding down:
 *
 * <ol>
 *   <li>house fee = pot × fee basis points / 10,000;
 *   <li>prize base = pot − house fee;
 *   <li>a place with a share gets prize base × share basis points / 10,000, a place with a fixed amount gets that
 *       amount; a place nobody won (no eligible ticket left) gets nothing;
 *   <li>the house keeps the rest (shares under 100 %, rounding, places nobody won): the house remainder.
 * </ol>
 *
 * <p>If the prizes of the places won add up to more than the prize base (fixed prizes larger than what was sold), the
 * draw is refused with PRIZES_EXCEED_POT: a prize is never promised with money the pot does not have.
 *
 * @param prizes the prize of each place, index {@code place - 1}; 0 for a place nobody won
 */
public record PotSplit(long pot, long houseFee, List<Long> prizes, long houseRemainder) {
    public PotSplit {
        prizes = List.copyOf(prizes);
    }

    /**
     * @param prizeTable the raffle's places, sorted by place 1..n
     * @param filledPlaces the places the draw gave a winner
     */
    public static PotSplit of(long pot, int feeBps, List<Prize> prizeTable, Set<Integer> filledPlaces) {
        if (pot < 0 || feeBps < 0 || feeBps > 10_000) {
            throw new IllegalArgumentException("pot " + pot + ", fee " + feeBps + " bps");
        }
        long fee = Math.multiplyExact(pot, feeBps) / 10_000;
        long base = pot - fee;
        List<Long> prizes = new ArrayList<>(prizeTable.size());
        long total = 0;
        for (Prize p : prizeTable) {
            long amount;
            if (!filledPlaces.contains(p.place())) {
                amount = 0;
            } else if (p.shareBps() != null) {
                amount = Math.multiplyExact(base, p.shareBps()) / 10_000;
            } else {
                amount = p.fixedAmount();
            }
            prizes.add(amount);
            total = Math.addExact(total, amount);
        }
        if (total > base) {
            throw new ApiException(
                    ErrorCode.PRIZES_EXCEED_POT,
                    "The prizes of the places won add up to " + total + " Stars but the pot holds " + pot + " Stars, "
                            + base + " after the house fee; cancel the raffle to refund its players");
        }
        return new PotSplit(pot, fee, prizes, base - total);
    }

    /** The prize of a place (1-based). */
    public long prize(int place) {
        return prizes.get(place - 1);
    }
}
