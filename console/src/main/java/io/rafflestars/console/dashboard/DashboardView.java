package io.rafflestars.console.dashboard;

import io.rafflestars.console.platform.AppContext;
import io.rafflestars.console.platform.Fmt;
import io.rafflestars.console.platform.Screen;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
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
        chart.getData().add(series);
        chart.setAnimated(false);
        vm.chart().addListener((ListChangeListener<DashboardViewModel.SalesPoint>) c -> redraw());
    }

    private static javafx.beans.binding.StringBinding orDash(ObservableValue<Long> v) {
        return Bindings.createStringBinding(() -> v.getValue() == null ? "—" : Fmt.count(v.getValue()), v);
    }

    private static final int WINDOW_MINUTES = 30;

    private void redraw() {
        series.getData()
                .setAll(DashboardViewModel.window(vm.chart(), WINDOW_MINUTES).stream()
                        .map(p -> new XYChart.Data<String, Number>(
                                Fmt.clock(p.minute()).substring(0, 5), p.tickets()))
                        .toList());
    }

    @Override
    public void refresh() {
        vm.refresh();
    }
}
