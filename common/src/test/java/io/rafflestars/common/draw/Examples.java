package io.rafflestars.common.draw;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The inputs of the worked examples in docs/fairness.md, shared by the tests. */
final class Examples {
    static final long RAFFLE_ID = 42;
    static final long[] PLAYERS = {1001, 1002, 1003, 1001, 1004, 1005, 1002, 1006, 1007, 1008};

    private Examples() {}

    static byte[] seedBytes() {
        byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) i;
        }
        return seed;
    }

    static byte[] beaconBytes() {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (0xa0 + i);
        }
        return b;
    }

    static TicketList tickets() {
        List<Ticket> list = new ArrayList<>();
        // Deliberately given in descending order: the canonical list must not depend on input order.
        for (int i = PLAYERS.length - 1; i >= 0; i--) {
            list.add(new Ticket(i + 1, PLAYERS[i]));
        }
        return TicketList.of(list);
    }

    static DrawInput input(RepeatWinnerPolicy policy) {
        return new DrawInput(RAFFLE_ID, new Seed(seedBytes()), tickets(), Optional.empty(), 3, policy);
    }

    static DrawInput inputWithBeacon() {
        return new DrawInput(
                RAFFLE_ID,
                new Seed(seedBytes()),
                tickets(),
                Optional.of(new BeaconValue("example", 7, beaconBytes())),
                3,
                RepeatWinnerPolicy.ONE_PRIZE_PER_PLAYER);
    }
}
