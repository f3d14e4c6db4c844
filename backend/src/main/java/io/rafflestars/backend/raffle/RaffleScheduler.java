package io.rafflestars.backend.raffle;

import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import java.time.Clock;
import java.util.List;

/**
 * Releases expired ticket holds, opens raffles at {@code starts_at} and closes them at {@code ends_at} or when sold out (closing cancels and
 * refunds those under their minimum), then draws the closed raffles whose draw mode is AUTOMATIC. Several backend
 * instances may run it: a transaction-scoped advisory lock lets one tick run at a time, and every move re-checks the
 * raffle's state under its row lock, so each happens once.
 */
public final class RaffleScheduler {
    private static final System.Logger LOG = System.getLogger(RaffleScheduler.class.getName());
    /** Advisory lock key: any fixed number unique to this job. */
    static final long LOCK_KEY = 0x5261666653636864L;

    public static final Actor ACTOR = Actor.system("scheduler");

    private final Transactions tx;
    private final RaffleService raffles;
    private final Clock clock;
    private final AutomaticDraws draws;

    /** Draws what closed with draw mode AUTOMATIC; each raffle once, whichever instance gets to it. */
    @FunctionalInterface
    public interface AutomaticDraws {
        /** Returns how many raffles were drawn. */
        int drawDue();
    }

    public RaffleScheduler(Transactions tx, RaffleService raffles, Clock clock, AutomaticDraws draws) {
        this.tx = tx;
        this.raffles = raffles;
        this.clock = clock;
        this.draws = draws;
    }

    /**
     * One pass: releases expired ticket holds (so abandoned checkouts stop blocking sales), then opens and closes
     * what is due, then draws the automatic raffles that are closed (those closed in this pass included). Returns how
     * many raffles changed state; opening and closing are skipped when another instance holds the lock.
     */
    public int tick() {
        tx.execute(t -> t.namedGet("scheduler-release-expired-holds", Rows.ts(clock.instant())));
        return openAndClose() + draws.drawDue();
    }

    private int openAndClose() {
        return tx.run(t -> {
            boolean locked = t.namedGet("scheduler-lock", LOCK_KEY)
                    .map(r -> Rows.bool(r, "locked"))
                    .orElse(false);
            if (!locked) {
                return 0;
            }
            var now = Rows.ts(clock.instant());
            List<Long> toOpen;
            try (var rows = t.namedQuery("scheduler-due-open", now)) {
                toOpen = rows.map(r -> Rows.getLong(r, "id")).toList();
            }
            List<Long> toClose;
            try (var rows = t.namedQuery("scheduler-due-close", now)) {
                toClose = rows.map(r -> Rows.getLong(r, "id")).toList();
            }
            for (long id : toOpen) {
                raffles.openIn(t, id, ACTOR);
            }
            for (long id : toClose) {
                raffles.closeIn(t, id, ACTOR);
            }
            if (!toOpen.isEmpty() || !toClose.isEmpty()) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "Scheduler opened {0} and closed {1} raffle(s)",
                        toOpen.size(),
                        toClose.size());
            }
            return toOpen.size() + toClose.size();
        });
    }
}
