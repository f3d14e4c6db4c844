package io.rafflestars.console.dashboard;

import com.fasterxml.jackson.core.type.TypeReference;
import io.rafflestars.console.platform.ApiClient;
import io.rafflestars.console.platform.ApiException;
import io.rafflestars.console.platform.Dto;
import io.rafflestars.console.platform.Errors;
import io.rafflestars.console.platform.FeedMessage;
import io.rafflestars.console.platform.Session;
import io.rafflestars.console.platform.Ui;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Today's figures (UTC day) read over REST, then kept current by the live feed: tickets and Stars add up as sales
 * arrive; raffle, payout and reconciliation events re-read the counts they change.
 */
public final class DashboardViewModel {
    /** Tickets sold in one minute, for the live chart. */
    public record SalesPoint(Instant minute, long tickets, long stars) {}

    static final int CHART_MINUTES = 60;
    private static final Set<String> OPEN_STATES = Set.of("OPEN", "PAUSED");

    private final ApiClient api;
    private final Ui ui;
    private final LongProperty ticketsToday = new SimpleLongProperty();
    private final LongProperty starsToday = new SimpleLongProperty();
    private final LongProperty refundedToday = new SimpleLongProperty();
    private final LongProperty salesToday = new SimpleLongProperty();
    private final ObjectProperty<Long> openRaffles = new SimpleObjectProperty<>();
    private final ObjectProperty<Long> payoutsWaiting = new SimpleObjectProperty<>();
    private final ObjectProperty<Long> mismatches = new SimpleObjectProperty<>();
    private final StringProperty error = new SimpleStringProperty("");
    private final ObservableList<SalesPoint> chart = FXCollections.observableArrayList();
    private boolean loading;
    private boolean dirty;

    public DashboardViewModel(ApiClient api, Ui ui) {
        this.api = api;
        this.ui = ui;
    }

    /** What one REST round found. {@code null} counts: the user's roles do not allow reading them. */
    record Figures(long tickets, long stars, long refunded, Long open, Long payouts, Long mismatches) {}

    public void refresh() {
        if (loading) {
            dirty = true;
            return;
        }
        loading = true;
        ui.run(
                this::read,
                f -> {
                    loading = false;
                    error.set("");
                    ticketsToday.set(f.tickets());
                    starsToday.set(f.stars());
                    refundedToday.set(f.refunded());
                    openRaffles.set(f.open());
                    payoutsWaiting.set(f.payouts());
                    mismatches.set(f.mismatches());
                    again();
                },
                e -> {
                    loading = false;
                    error.set(Errors.describe(e));
                    again();
                });
    }

    private void again() {
        if (dirty) {
            dirty = false;
            refresh();
        }
    }

    private Figures read() {
        Session s = api.session();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long tickets = 0;
        long stars = 0;
        long refunded = 0;
        Long open = null;
        if (s != null && s.hasAny("OPERATOR", "FINANCE", "AUDITOR")) {
            Instant from = today.atStartOfDay(ZoneOffset.UTC).toInstant();
            Dto.Page<Dto.Raffle> raffles = api.get(
                    "/api/raffles" + ApiClient.query("from", from, "limit", 200),
                    new TypeReference<Dto.Page<Dto.Raffle>>() {});
            for (Dto.Raffle r : raffles.items()) {
                if (r.ticketsSold() == 0) {
                    continue;
                }
                Dto.Sales sales = api.get("/api/raffles/" + r.id() + "/sales", Dto.Sales.class);
                for (Dto.SalesDay d : sales.perDay()) {
                    if (today.equals(d.day())) {
                        tickets += d.tickets();
                        stars += d.starsReceived();
                        refunded += d.starsRefunded();
                    }
                }
            }
            Dto.Page<Dto.Raffle> openPage = api.get(
                    "/api/raffles" + ApiClient.query("state", "OPEN,PAUSED", "limit", 1),
                    new TypeReference<Dto.Page<Dto.Raffle>>() {});
            open = openPage.total();
        }
        Long payouts = null;
        Long mism = null;
        if (s != null && s.hasAny("FINANCE", "AUDITOR")) {
            payouts =
                    (long) api.get("/api/payouts?status=OPEN&limit=500", new TypeReference<Dto.Cursor<Dto.Payout>>() {})
                            .items()
                            .size();
            mism = (long) api.get(
                            "/api/reconciliation/mismatches?status=OPEN&limit=500",
                            new TypeReference<Dto.Cursor<Dto.Mismatch>>() {})
                    .items()
                    .size();
        }
        return new Figures(tickets, stars, refunded, open, payouts, mism);
    }

    /** A batch of live events (UI thread). */
    public void onEvents(List<FeedMessage> events) {
        boolean recount = false;
        for (FeedMessage e : events) {
            switch (e.event()) {
                case "TicketsSold" -> {
                    long n = e.data().path("numbers").size();
                    long amount = e.longOf("amount");
                    ticketsToday.set(ticketsToday.get() + n);
                    starsToday.set(starsToday.get() + amount);
                    salesToday.set(salesToday.get() + 1);
                    plot(e.at(), n, amount);
                }
                case "RaffleChanged", "PayoutChanged", "ReconciliationMismatch", "DrawCompleted", "RefundChanged" ->
                    recount = true;
                default -> {
                    // other events do not change the dashboard
                }
            }
        }
        if (recount) {
            refresh();
        }
    }

    void plot(Instant at, long tickets, long stars) {
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        if (!chart.isEmpty() && chart.getLast().minute().equals(minute)) {
            SalesPoint last = chart.getLast();
            chart.set(chart.size() - 1, new SalesPoint(minute, last.tickets() + tickets, last.stars() + stars));
        } else if (chart.isEmpty() || chart.getLast().minute().isBefore(minute)) {
            chart.add(new SalesPoint(minute, tickets, stars));
        } else {
            return; // an old event replayed after a reconnect: already counted in the day's totals
        }
        Instant oldest = minute.minus(CHART_MINUTES, ChronoUnit.MINUTES);
        chart.removeIf(p -> !p.minute().isAfter(oldest));
    }

    /** The last {@code minutes} minutes up to the newest point, one point per minute, zero where nothing sold. */
    public static List<SalesPoint> window(List<SalesPoint> points, int minutes) {
        if (points.isEmpty()) {
            return List.of();
        }
        Instant end = points.getLast().minute();
        java.util.Map<Instant, SalesPoint> byMinute = new java.util.HashMap<>();
        points.forEach(p -> byMinute.put(p.minute(), p));
        List<SalesPoint> out = new java.util.ArrayList<>();
        for (int i = minutes - 1; i >= 0; i--) {
            Instant m = end.minus(i, ChronoUnit.MINUTES);
            out.add(byMinute.getOrDefault(m, new SalesPoint(m, 0, 0)));
        }
        return out;
    }

    public LongProperty ticketsTodayProperty() {
        return ticketsToday;
    }

    public LongProperty starsTodayProperty() {
        return starsToday;
    }

    public LongProperty refundedTodayProperty() {
        return refundedToday;
    }

    public LongProperty salesTodayProperty() {
        return salesToday;
    }

    public ObjectProperty<Long> openRafflesProperty() {
        return openRaffles;
    }

    public ObjectProperty<Long> payoutsWaitingProperty() {
        return payoutsWaiting;
    }

    public ObjectProperty<Long> mismatchesProperty() {
        return mismatches;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public ObservableList<SalesPoint> chart() {
        return chart;
    }

    static boolean isOpen(String state) {
        return OPEN_STATES.contains(state);
    }

    static boolean forbidden(Throwable e) {
        return e instanceof ApiException a && a.status() == 403;
    }
}
