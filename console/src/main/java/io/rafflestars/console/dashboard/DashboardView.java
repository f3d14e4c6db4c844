package io.rafflestars.console.dashboard;

import io.rafflestars.console.platform.AppContext;
import io.rafflestars.console.platform.Fmt;
import io.rafflestars.console.platform.Screen;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;

/** Tiles with today's figures and a live chart of sales per minute. */
public final class DashboardView implements Screen {
    private final DashboardViewModel vm;
    private final XYChart.Series<String, Number> series = new XYChart.Series<>();

    @FXML
    private Label tickets;

    @FXML
    private Label stars;

    @FXML
    private Label net;

    @FXML
    private Label purchases;

    @FXML
    private Label open;

    @FXML
    private Label payouts;

    @FXML
    private Label mismatches;

    @FXML
    private Label error;

    @FXML
    private BarChart<String, Number> chart;

    public DashboardView(AppContext ctx) {
        this.vm = new DashboardViewModel(ctx.api(), ctx.ui());
        ctx.hub().subscribe(vm::onEvents);
        ctx.hub().onResync(vm::refresh);
    }

    public DashboardViewModel viewModel() {
        return vm;
    }

    @FXML
    private void initialize() {
        tickets.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> Fmt.count(vm.ticketsTodayProperty().get()), vm.ticketsTodayProperty()));
        stars.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> Fmt.stars(vm.starsTodayProperty().get()), vm.starsTodayProperty()));
        net.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> Fmt.stars(vm.starsTodayProperty().get()
                                - vm.refundedTodayProperty().get()),
                        vm.starsTodayProperty(),
                        vm.refundedTodayProperty()));
        purchases
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> Fmt.count(vm.salesTodayProperty().get()), vm.salesTodayProperty()));
        open.textProperty().bind(orDash(vm.openRafflesProperty()));
        payouts.textProperty().bind(orDash(vm.payoutsWaitingProperty()));
        mismatches.textProperty().bind(orDash(vm.mismatchesProperty()));
        error.textProperty().bind(vm.errorProperty());
        chart.setAnimated(false); // updated several times a second: an animation per update would pile up
        chart.getData().add(series);
        chart.setAnimated(false);
        vm.chart().addListener((ListChangeListener<DashboardViewModel.SalesPoint>) c -> redraw());
    }

    private static javafx.beans.binding.StringBinding orDash(ObservableValue<Long> v) {
        return Bindings.createStringBinding(() -> v.getValue() == null ? "—" : Fmt.count(v.getValue()), v);
    }

    private static final int WINDOW_MINUTES = 30;

    /**
     * Within a minute only the last bar's height changes: the bars are updated in place. Replacing every bar at each
     * feed batch made new chart nodes many times a second, and JavaFX kept their bindings (millions of objects within
     * a minute at 1,000 events a second); bars are replaced only when the minutes shown change.
     */
    private void redraw() {
        ObservableList<XYChart.Data<String, Number>> bars = series.getData();
        List<DashboardViewModel.SalesPoint> points = DashboardViewModel.window(vm.chart(), WINDOW_MINUTES);
        List<String> labels = points.stream().map(DashboardView::label).toList();
        boolean sameMinutes = bars.size() == labels.size();
        for (int i = 0; sameMinutes && i < bars.size(); i++) {
            sameMinutes = bars.get(i).getXValue().equals(labels.get(i));
        }
        if (!sameMinutes) {
            bars.setAll(points.stream()
                    .map(p -> new XYChart.Data<String, Number>(label(p), p.tickets()))
                    .toList());
            return;
        }
        for (int i = 0; i < bars.size(); i++) {
            if (bars.get(i).getYValue().longValue() != points.get(i).tickets()) {
                bars.get(i).setYValue(points.get(i).tickets());
            }
        }
    }

    private static String label(DashboardViewModel.SalesPoint p) {
        return Fmt.clock(p.minute()).substring(0, 5);
    }

    @Override
    public void refresh() {
        vm.refresh();
    }
}
