package io.rafflestars.common.raffle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    @Test
    void happyPathReachesSettled() {
        RaffleState s = RaffleState.DRAFT;
        for (RaffleCommand c : new RaffleCommand[] {
            RaffleCommand.PUBLISH,
            RaffleCommand.OPEN,
            RaffleCommand.PAUSE,
            RaffleCommand.RESUME,
            RaffleCommand.CLOSE,
            RaffleCommand.DRAW,
            RaffleCommand.SETTLE
        }) {
            assertThat(Lifecycle.apply(s, c)).isInstanceOf(Lifecycle.Moved.class);
            s = ((Lifecycle.Moved) Lifecycle.apply(s, c)).to();
        }
        assertThat(s).isEqualTo(RaffleState.SETTLED);
    }

    @Test
    void cancelOnlyBeforeTheDraw() {
        Set<RaffleState> cancellable = EnumSet.noneOf(RaffleState.class);
        for (RaffleState s : RaffleState.values()) {
            if (Lifecycle.allowed(s, RaffleCommand.CANCEL)) {
                cancellable.add(s);
            }
        }
        assertThat(cancellable)
                .containsExactlyInAnyOrder(
                        RaffleState.DRAFT,
                        RaffleState.SCHEDULED,
                        RaffleState.OPEN,
                        RaffleState.PAUSED,
                        RaffleState.CLOSED);
    }

    @Test
    void exactlyTheListedMovesExist() {
        int legal = 0;
        for (RaffleState s : RaffleState.values()) {
            for (RaffleCommand c : RaffleCommand.values()) {
                if (Lifecycle.allowed(s, c)) {
                    legal++;
                }
            }
        }
        // publish, open, pause, resume, close×2, draw, settle, cancel×5
        assertThat(legal).isEqualTo(13);
    }

    @Test
    void illegalMoveIsNamed() {
        var t = Lifecycle.apply(RaffleState.DRAWN, RaffleCommand.CANCEL);
        assertThat(t).isInstanceOf(Lifecycle.Illegal.class);
        assertThat(((Lifecycle.Illegal) t).message()).isEqualTo("Cannot cancel a raffle that is drawn");
    }

    @Test
    void onlyDraftAndScheduledAreEditable() {
        for (RaffleState s : RaffleState.values()) {
            assertThat(s.editable()).isEqualTo(s == RaffleState.DRAFT || s == RaffleState.SCHEDULED);
        }
    }
}
