package io.rafflestars.console.transactions;

import io.rafflestars.console.platform.FeedMessage;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The streaming table of money moving: ticket sales, payments and refunds from the live feed, newest first. Each feed
 * batch is one change to the list; the list keeps at most {@link #CAP} rows (and a paused view holds at most as many
 * more), so memory stays flat however long the console runs.
 */
public final class TransactionsViewModel {
    public static final int CAP = 5_000;

    public enum Kind {
        SALE,
        PAYMENT,
        REFUND
    }

    /** One row. {@code detail}: ticket numbers for a sale, the charge id for payments and refunds. */
    public record Txn(
            long eventId,
            Instant at,
            Kind kind,
            Long raffleId,
            long playerId,
            long amount,
            String state,
            String detail) {}

    private final ObservableList<Txn> rows = FXCollections.observableArrayList();
    private final FilteredList<Txn> visible = new FilteredList<>(rows, t -> true);
    private final Deque<Txn> held = new ArrayDeque<>();
    private final BooleanProperty paused = new SimpleBooleanProperty();
    private final IntegerProperty heldCount = new SimpleIntegerProperty();
    private final LongProperty seen = new SimpleLongProperty();
    private final StringProperty search = new SimpleStringProperty("");
    private final ObjectProperty<Kind> kind = new SimpleObjectProperty<>();

    public TransactionsViewModel() {
        search.addListener((o, a, b) -> refilter());
        kind.addListener((o, a, b) -> refilter());
        paused.addListener((o, was, now) -> {
            if (!now) {
                release();
            }
        });
    }

    /** A batch of feed events (UI thread): the money movements among them become rows. */
    public void onEvents(List<FeedMessage> events) {
        List<Txn> fresh = new ArrayList<>();
        for (FeedMessage e : events) {
            Txn t = toTxn(e);
            if (t != null) {
                fresh.add(t);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        seen.set(seen.get() + fresh.size());
        if (paused.get()) {
            for (Txn t : fresh) {
                held.addLast(t);
                if (held.size() > CAP) {
                    held.removeFirst();
                }
            }
            heldCount.set(held.size());
            return;
        }
        add(fresh);
    }

    private void add(List<Txn> oldestFirst) {
        List<Txn> newestFirst = new ArrayList<>(oldestFirst.size());
        for (int i = oldestFirst.size() - 1; i >= 0 && newestFirst.size() < CAP; i--) {
            newestFirst.add(oldestFirst.get(i));
        }
        rows.addAll(0, newestFirst);
        if (rows.size() > CAP) {
            rows.remove(CAP, rows.size());
        }
    }

    private void release() {
        List<Txn> all = new ArrayList<>(held);
        held.clear();
        heldCount.set(0);
        if (!all.isEmpty()) {
            add(all);
        }
    }

    static Txn toTxn(FeedMessage e) {
        return switch (e.event()) {
            case "TicketsSold" ->
                new Txn(
                        e.id(),
                        e.at(),
                        Kind.SALE,
                        e.longOf("raffle"),
                        e.longOf("player"),
                        e.longOf("amount"),
                        "SOLD",
                        "tickets " + numbers(e));
            case "TicketsBoughtWithCredit" ->
                new Txn(
                        e.id(),
                        e.at(),
                        Kind.SALE,
                        e.longOf("raffle"),
                        e.longOf("player"),
                        e.longOf("amount"),
                        "PRIZE CREDIT",
                        "tickets " + numbers(e));
            case "PaymentReceived" ->
                new Txn(
                        e.id(),
                        e.at(),
                        Kind.PAYMENT,
                        e.data().hasNonNull("raffle") ? e.longOf("raffle") : null,
                        e.longOf("player"),
                        e.longOf("amount"),
                        e.textOf("state"),
                        e.textOf("chargeId"));
            case "RefundChanged" ->
                new Txn(
                        e.id(),
                        e.at(),
                        Kind.REFUND,
                        e.data().hasNonNull("raffle") ? e.longOf("raffle") : null,
                        e.longOf("player"),
                        e.longOf("amount"),
                        e.textOf("state"),
                        e.textOf("chargeId") + (e.textOf("reason") == null ? "" : " — " + e.textOf("reason")));
            default -> null;
        };
    }

    private static String numbers(FeedMessage e) {
        StringBuilder sb = new StringBuilder();
        var n = e.data().path("numbers");
        for (int i = 0; i < n.size() && i < 10; i++) {
            sb.append(i == 0 ? "" : ", ").append(n.get(i).asLong());
        }
        if (n.size() > 10) {
            sb.append(", … (").append(n.size()).append(')');
        }
        return sb.toString();
    }

    private void refilter() {
        String q = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
        Kind k = kind.get();
        visible.setPredicate(t -> (k == null || t.kind() == k) && matches(t, q));
    }

    /** {@code raffle:12} and {@code player:99} match exactly; anything else matches within the row's text. */
    static boolean matches(Txn t, String q) {
        if (q.isEmpty()) {
            return true;
        }
        if (q.startsWith("raffle:")) {
            return t.raffleId() != null && q.substring(7).strip().equals(String.valueOf(t.raffleId()));
        }
        if (q.startsWith("player:")) {
            return q.substring(7).strip().equals(String.valueOf(t.playerId()));
        }
        String text = (t.kind() + " " + t.raffleId() + " " + t.playerId() + " " + t.amount() + " " + t.state() + " "
                        + t.detail())
                .toLowerCase(Locale.ROOT);
        return text.contains(q);
    }

    public void clear() {
        rows.clear();
        held.clear();
        heldCount.set(0);
    }

    /** Rows that pass the filter, newest first. */
    public ObservableList<Txn> visible() {
        return visible;
    }

    public ObservableList<Txn> rows() {
        return rows;
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    public IntegerProperty heldCountProperty() {
        return heldCount;
    }

    public LongProperty seenProperty() {
        return seen;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ObjectProperty<Kind> kindProperty() {
        return kind;
    }
}
