package io.rafflestars.console.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.console.platform.ApiClient;
import io.rafflestars.console.platform.AppContext;
import io.rafflestars.console.platform.FeedHub;
import io.rafflestars.console.platform.FeedMessage;
import io.rafflestars.console.platform.FxUi;
import io.rafflestars.console.platform.Json;
import io.rafflestars.console.platform.StatusModel;
import io.rafflestars.console.platform.Views;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.XYChart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * The live sales chart on the real toolkit (Monocle). Found by the console benchmark: redrawing replaced every bar at
 * each feed batch, and the discarded bars' bindings stayed reachable (about 500 MB after 15,000 events). Within a
 * minute the bars must be the same objects, only the last one growing.
 */
class DashboardChartTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    @SuppressWarnings("unchecked")
    void salesWithinAMinuteGrowTheLastBarInPlace() throws Exception {
        FxUi ui = new FxUi();
        StatusModel status = new StatusModel();
        AppContext ctx = new AppContext(
                new ApiClient(HttpClient.newHttpClient(), Clock.systemUTC()),
                null,
                new FeedHub(ui, status),
                ui,
                status,
                Preferences.userRoot().node("raffle-stars-test/dashboard-chart"),
                null);
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        List<Object> before = new ArrayList<>();
        List<Object> after = new ArrayList<>();
        long[] lastBar = new long[1];
        FxToolkit.setupFixture(() -> {
            var view = Views.load(DashboardView.class, "DashboardView.fxml", ctx);
            BarChart<String, Number> chart =
                    (BarChart<String, Number>) view.root().lookup("#sales-chart");
            DashboardViewModel vm = view.controller().viewModel();
            vm.onEvents(List.of(sale(1, minute)));
            List<XYChart.Data<String, Number>> bars = chart.getData().getFirst().getData();
            before.addAll(bars);
            for (int i = 2; i <= 500; i++) {
                vm.onEvents(List.of(sale(i, minute.plusMillis(i * 100L))));
            }
            after.addAll(bars);
            lastBar[0] = bars.getLast().getYValue().longValue();
        });
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i)).isSameAs(before.get(i));
        }
        assertThat(lastBar[0]).isEqualTo(500 * 2);
        ui.shutdown();
    }

    private static FeedMessage sale(long id, Instant at) {
        ObjectNode d = Json.mapper()
                .createObjectNode()
                .put("raffle", 1)
                .put("player", id)
                .put("amount", 10);
        d.putArray("numbers").add(2 * id - 1).add(2 * id);
        return new FeedMessage(id, "sales", "TicketsSold", at, d);
    }
}
