package io.rafflestars.backend.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.raffle.Prize;
import io.rafflestars.common.api.ErrorCode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PotSplitTest {
    @Test
    void feeThenSharesOfWhatIsLeftRoundedDownTheHouseKeepsTheRest() {
        // pot 1001, fee 2.5% = 25 (25.025 rounded down), base 976; 60% = 585 (585.6), 30% = 292 (292.8), 7 Stars fixed
        PotSplit s = PotSplit.of(
                1001,
                250,
                List.of(new Prize(1, 6000, null), new Prize(2, 3000, null), new Prize(3, null, 7L)),
                Set.of(1, 2, 3));
        assertThat(s.houseFee()).isEqualTo(25);
        assertThat(s.prizes()).containsExactly(585L, 292L, 7L);
        assertThat(s.houseRemainder()).isEqualTo(976 - 585 - 292 - 7);
        assertThat(s.houseFee() + s.houseRemainder() + 585 + 292 + 7).isEqualTo(1001);
    }

    @Test
    void aPlaceNobodyWonGetsNothingAndItsShareStaysWithTheHouse() {
        PotSplit s = PotSplit.of(100, 0, List.of(new Prize(1, 5000, null), new Prize(2, null, 30L)), Set.of(1));
        assertThat(s.prizes()).containsExactly(50L, 0L);
        assertThat(s.houseRemainder()).isEqualTo(50);
    }

    @Test
    void fixedPrizesBeyondThePotAreRefused() {
        assertThatThrownBy(() -> PotSplit.of(100, 1000, List.of(new Prize(1, null, 91L)), Set.of(1)))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PRIZES_EXCEED_POT));
        // but not when the place is not won
        assertThat(PotSplit.of(100, 1000, List.of(new Prize(1, null, 91L)), Set.of())
                        .houseRemainder())
                .isEqualTo(90);
        assertThat(PotSplit.of(100, 1000, List.of(new Prize(1, null, 90L)), Set.of(1))
                        .houseRemainder())
                .isZero();
    }
}
