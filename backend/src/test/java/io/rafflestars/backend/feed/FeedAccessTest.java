package io.rafflestars.backend.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.rafflestars.backend.auth.Role;
import io.rafflestars.common.api.FeedEvent;
import io.rafflestars.common.api.FeedTopic;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeedAccessTest {
    private static final Set<String> OPERATOR = Set.of(FeedAccess.OPERATOR);
    private static final Set<String> FINANCE = Set.of(FeedAccess.FINANCE);

    @Test
    void everyRoleSeesTheRafflesLifeButOnlyFinanceAuditorAndAdminSeeMoneyAndAudit() {
        Set<FeedTopic> life = EnumSet.of(FeedTopic.RAFFLES, FeedTopic.SALES, FeedTopic.DRAWS);
        assertThat(FeedAccess.readable(OPERATOR)).isEqualTo(life);
        assertThat(FeedAccess.readable(FINANCE)).isEqualTo(EnumSet.allOf(FeedTopic.class));
        assertThat(FeedAccess.readable(Set.of(FeedAccess.AUDITOR))).isEqualTo(EnumSet.allOf(FeedTopic.class));
        assertThat(FeedAccess.readable(Set.of(FeedAccess.ADMIN))).isEqualTo(EnumSet.allOf(FeedTopic.class));
        assertThat(FeedAccess.readable(Set.of(FeedAccess.OPERATOR, FeedAccess.FINANCE)))
                .isEqualTo(EnumSet.allOf(FeedTopic.class));
        assertThat(FeedAccess.readable(Set.of())).isEmpty();
        assertThat(FeedAccess.readable(Set.of("admin", "SUPERUSER"))).isEmpty();
    }

    /** The feed's role names are console sign-in's: every role reads something, every name is a role. */
    @Test
    void theRolesAreConsoleSignInsRoles() {
        assertThat(Arrays.stream(Role.values()).map(Role::name))
                .containsExactlyInAnyOrder(
                        FeedAccess.ADMIN, FeedAccess.OPERATOR, FeedAccess.FINANCE, FeedAccess.AUDITOR);
        for (Role r : Role.values()) {
            assertThat(FeedAccess.readable(Set.of(r.name()))).as(r.name()).isNotEmpty();
        }
    }

    @Test
    void anOperatorReceivesNoFinanceOnlyEvent() {
        var payment = new FeedEvent.PaymentReceived(1, "c", 2L, 3, 10, "CREDITED");
        var refund = new FeedEvent.RefundChanged(1, "c", 2L, 3, 10, "REFUND_DUE", "why");
        var mismatch = new FeedEvent.ReconciliationMismatch(1, "MISSING_HERE", "c");
        var audit = new FeedEvent.AuditAppended(1, "ada", "raffle.open", "raffle", "2");
        var sale = new FeedEvent.TicketsSold(2, 3, 1, 10, List.of(1), 1, 10);
        var raffle = new FeedEvent.RaffleChanged(2, "OPEN", "T", 0, 10, "ada");
        for (FeedEvent e : List.of(payment, refund, mismatch, audit)) {
            assertThat(FeedAccess.mayReceive(OPERATOR, e)).as(e.toString()).isFalse();
            assertThat(FeedAccess.mayReceive(FINANCE, e)).as(e.toString()).isTrue();
        }
        for (FeedEvent e : List.of(sale, raffle)) {
            assertThat(FeedAccess.mayReceive(OPERATOR, e)).as(e.toString()).isTrue();
        }
    }

    /** A new event type must name a stream that is a topic, or no console user would ever receive it. */
    @Test
    void everyEventTypeBelongsToATopic() throws Exception {
        for (Class<?> type : FeedEvent.class.getPermittedSubclasses()) {
            FeedEvent sample = sample(type);
            assertThat(FeedTopic.of(sample.stream())).as(type.getSimpleName()).isPresent();
        }
    }

    /** An instance with zero, empty and null values, enough to ask it its stream. */
    private static FeedEvent sample(Class<?> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types =
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Object[] values = Arrays.stream(types)
                .map(t -> t == long.class
                        ? (Object) 0L
                        : t == int.class
                                ? (Object) 0
                                : t == boolean.class ? (Object) false : t == List.class ? List.of() : null)
                .toArray();
        return (FeedEvent) type.getDeclaredConstructor(types).newInstance(values);
    }
}
