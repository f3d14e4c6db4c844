package io.rafflestars.console.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import io.rafflestars.console.platform.Dto;
import io.rafflestars.console.platform.Session;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The four-eyes rule as the payout screen applies it before the user acts. */
class PayoutsViewModelTest {
    private static Dto.Payout payout(String state, String drawnBy, String requestedBy, List<String> approvedBy) {
        return new Dto.Payout(
                1,
                2,
                "Cup",
                1,
                7,
                99,
                "Pia",
                900,
                "PRIZE_CREDIT",
                state,
                approvedBy.size(),
                1,
                approvedBy,
                drawnBy,
                requestedBy,
                Instant.now(),
                5,
                null,
                null);
    }

    private static Session as(String name, String... roles) {
        return new Session(name, Set.of(roles), "a", "r", Instant.now().plusSeconds(600));
    }

    @Test
    void financeUserWhoTookNoPartMayDecide() {
        assertThat(PayoutsViewModel.whyNot(
                        payout("PENDING_APPROVAL", "olga", "olga", List.of()), as("fiona", "FINANCE")))
                .isNull();
    }

    @Test
    void whoeverDrewRequestedOrAlreadyApprovedMayNot() {
        assertThat(PayoutsViewModel.whyNot(
                        payout("PENDING_APPROVAL", "olga", "system", List.of()), as("olga", "OPERATOR", "FINANCE")))
                .contains("you drew this raffle");
        assertThat(PayoutsViewModel.whyNot(
                        payout("PENDING_APPROVAL", "olga", "fiona", List.of()), as("fiona", "FINANCE")))
                .contains("you requested");
        assertThat(PayoutsViewModel.whyNot(
                        payout("PENDING_APPROVAL", "olga", "olga", List.of("fiona")), as("fiona", "FINANCE")))
                .contains("already approved");
    }

    @Test
    void onlyFinanceAndOnlyWhilePending() {
        assertThat(PayoutsViewModel.whyNot(
                        payout("PENDING_APPROVAL", "olga", "olga", List.of()), as("audrey", "AUDITOR")))
                .contains("Only FINANCE");
        assertThat(PayoutsViewModel.whyNot(payout("EXECUTED", "olga", "olga", List.of()), as("fiona", "FINANCE")))
                .contains("EXECUTED");
        assertThat(PayoutsViewModel.whyNot(null, as("fiona", "FINANCE"))).isNotNull();
    }
}
