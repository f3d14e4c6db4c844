package io.rafflestars.console.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.console.platform.ApiClient;
import io.rafflestars.console.platform.FeedMessage;
import io.rafflestars.console.platform.Json;
import io.rafflestars.console.platform.Ui;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Live sales move the dashboard's figures and its per-minute chart. */
class DashboardViewModelTest {
    private static FeedMessage sale(long id, Instant at, int tickets, long amount) {
        ObjectNode d = Json.mapper()
                .createObjectNode()
                .put("raffle", 1)
                .put("player", 2)
                .put("amount", amount);
        for (int i = 0; i < tickets; i++) {
            d.withArray("numbers").add(i + 1);
        }
        return new FeedMessage(id, "sales", "TicketsSold", at, d);
    }

    @Test
    void salesAddUpAndFillTheChartByMinute() {
        DashboardViewModel vm = new DashboardViewModel(ApiClient.create(), Ui.direct());
        Instant t = Instant.parse("2026-12-04T10:00:05Z");
        vm.onEvents(List.of(sale(1, t, 2, 10), sale(2, t.plusSeconds(20), 1, 5), sale(3, t.plusSeconds(70), 3, 15)));
        assertThat(vm.ticketsTodayProperty().get()).isEqualTo(6);
        assertThat(vm.starsTodayProperty().get()).isEqualTo(30);
        assertThat(vm.salesTodayProperty().get()).isEqualTo(3);
        assertThat(vm.chart())
                .extracting(DashboardViewModel.SalesPoint::tickets)
                .containsExactly(3L, 3L);
    }

    @Test
    void theChartKeepsOneHour() {
        DashboardViewModel vm = new DashboardViewModel(ApiClient.create(), Ui.direct());
        Instant t = Instant.parse("2026-12-04T10:00:00Z");
        for (int m = 0; m < 90; m++) {
            vm.onEvents(List.of(sale(m, t.plusSeconds(60L * m), 1, 5)));
        }
        assertThat(vm.chart()).hasSize(DashboardViewModel.CHART_MINUTES);
        assertThat(vm.chart().getLast().minute()).isEqualTo(t.plusSeconds(60L * 89));
    }

    @Test
    void theChartWindowHasOnePointPerMinuteWithZerosBetweenSales() {
        Instant t = Instant.parse("2026-12-04T10:00:00Z");
        var points = List.of(
                new DashboardViewModel.SalesPoint(t, 2, 10),
                new DashboardViewModel.SalesPoint(t.plusSeconds(180), 1, 5));
        var window = DashboardViewModel.window(points, 5);
        assertThat(window).extracting(DashboardViewModel.SalesPoint::tickets).containsExactly(0L, 2L, 0L, 0L, 1L);
        assertThat(window.getLast().minute()).isEqualTo(t.plusSeconds(180));
        assertThat(DashboardViewModel.window(List.of(), 5)).isEmpty();
    }
}
