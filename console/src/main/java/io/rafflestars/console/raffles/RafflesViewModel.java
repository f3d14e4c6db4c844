package io.rafflestars.console.raffles;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.rafflestars.common.draw.PublishedDraw;
import io.rafflestars.common.draw.Ticket;
import io.rafflestars.common.raffle.Lifecycle;
import io.rafflestars.common.raffle.RaffleCommand;
import io.rafflestars.common.raffle.RaffleState;
import io.rafflestars.console.platform.ApiClient;
import io.rafflestars.console.platform.ApiException;
import io.rafflestars.console.platform.Dto;
import io.rafflestars.console.platform.Errors;
import io.rafflestars.console.platform.FeedMessage;
import io.rafflestars.console.platform.Fmt;
import io.rafflestars.console.platform.Session;
import io.rafflestars.console.platform.Ui;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Raffles: the filtered list, the editor, lifecycle commands with the consequences they have, and the selected
 * raffle's participants, tickets and draw proof with a local Verify.
 */
public final class RafflesViewModel {
    /** A lifecycle action the operator can take on a raffle. */
    public enum Action {
        PUBLISH(RaffleCommand.PUBLISH, "publish"),
        PAUSE(RaffleCommand.PAUSE, "pause"),
        RESUME(RaffleCommand.RESUME, "resume"),
        CLOSE(RaffleCommand.CLOSE, "close"),
        CANCEL(RaffleCommand.CANCEL, "cancel"),
        DRAW(RaffleCommand.DRAW, "draw");

        final RaffleCommand command;
        final String path;

        Action(RaffleCommand command, String path) {
            this.command = command;
            this.path = path;
        }
    }

    private final ApiClient api;
    private final Ui ui;
    private final ObservableList<Dto.Raffle> raffles = FXCollections.observableArrayList();
    private final ObjectProperty<Dto.Raffle> selected = new SimpleObjectProperty<>();
    private final StringProperty stateFilter = new SimpleStringProperty();
    private final StringProperty query = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty proofText = new SimpleStringProperty("");
    private final StringProperty verifyResult = new SimpleStringProperty("");
    private final ObservableList<Dto.Participant> participants = FXCollections.observableArrayList();
    private final ObservableList<Dto.TicketRow> tickets = FXCollections.observableArrayList();
    private final RaffleEditor editor;
    private JsonNode proof;

    public RafflesViewModel(ApiClient api, Ui ui, ZoneId zone) {
        this.api = api;
        this.ui = ui;
        this.editor = new RaffleEditor(zone);
        selected.addListener((o, was, now) -> {
            if (now != null) {
                editor.load(now);
            }
            participants.clear();
            tickets.clear();
            proof = null;
            proofText.set("");
            verifyResult.set("");
        });
    }

    public void refresh() {
        String state = stateFilter.get();
        String q = query.get();
        Long keep = selected.get() == null ? null : selected.get().id();
        ui.run(
                () -> api.get(
                        "/api/raffles" + ApiClient.query("state", state, "q", q, "limit", 200),
                        new TypeReference<Dto.Page<Dto.Raffle>>() {}),
                page -> {
                    raffles.setAll(page.items());
                    message.set("");
                    if (keep != null) {
                        raffles.stream().filter(r -> r.id() == keep).findFirst().ifPresent(this::replaceSelected);
                    }
                },
                e -> message.set(Errors.describe(e)));
    }

    /** Keeps the selection on the same raffle with its new data, without resetting the form if it is the same. */
    private void replaceSelected(Dto.Raffle fresh) {
        Dto.Raffle old = selected.get();
        if (old != null && old.version() == fresh.version() && old.state().equals(fresh.state())) {
            return;
        }
        selected.set(fresh);
    }

    /** Live events: raffle changes and sales re-read the list (the table shows sold counts and states). */
    public void onEvents(List<FeedMessage> events) {
        for (FeedMessage e : events) {
            if (e.event().equals("RaffleChanged") || e.event().equals("DrawCompleted")) {
                refresh();
                return;
            }
            if (e.event().equals("TicketsSold")) {
                long id = e.longOf("raffle");
                int sold = (int) e.longOf("ticketsSold");
                for (int i = 0; i < raffles.size(); i++) {
                    Dto.Raffle r = raffles.get(i);
                    if (r.id() == id && r.ticketsSold() < sold) {
                        raffles.set(i, withSold(r, sold));
                    }
                }
            }
        }
    }

    private static Dto.Raffle withSold(Dto.Raffle r, int sold) {
        return new Dto.Raffle(
                r.id(),
                r.spec(),
                r.state(),
                r.commitment(),
                r.ticketsHash(),
                sold,
                r.ticketsHeld(),
                r.version(),
                r.createdBy(),
                r.createdAt(),
                r.updatedAt(),
                r.closedAt(),
                r.cancelledAt(),
                r.cancelReason());
    }

    /** Selects raffle {@code id}, reading it when the list does not hold it (another filter, an older raffle). */
    public void select(long id) {
        raffles.stream()
                .filter(r -> r.id() == id)
                .findFirst()
                .ifPresentOrElse(
                        selected::set,
                        () -> ui.run(
                                () -> api.get("/api/raffles/" + id, Dto.Raffle.class),
                                r -> {
                                    upsert(r);
                                    selected.set(r);
                                },
                                e -> message.set(Errors.describe(e))));
    }

    public void newRaffle() {
        selected.set(null);
        editor.blank(api.now());
    }

    /** Sends the form: a new raffle is created in DRAFT, an existing one edited with its version (If-Match). */
    public void save(Consumer<Dto.Raffle> saved) {
        Map<String, String> problems = editor.problems();
        if (!problems.isEmpty()) {
            message.set("Fix the marked fields: " + String.join("; ", problems.values()));
            return;
        }
        Dto.RaffleSpec spec = editor.spec();
        Long id = editor.idProperty().get();
        Long version = editor.versionProperty().get();
        ui.run(
                () -> id == null
                        ? api.post("/api/raffles", spec, Dto.Raffle.class)
                        : api.put(
                                "/api/raffles/" + id,
                                spec,
                                Dto.Raffle.class,
                                Map.of("If-Match", "\"" + version + "\"")),
                r -> {
                    message.set((id == null ? "Created" : "Saved") + " raffle #" + r.id() + " (" + r.state() + ")");
                    upsert(r);
                    selected.set(r);
                    saved.accept(r);
                },
                e -> {
                    if (e instanceof ApiException a && a.field() != null) {
                        editor.serverError(a.field(), a.getMessage());
                    }
                    if (e instanceof ApiException a && "VERSION_CONFLICT".equals(a.code())) {
                        message.set(
                                "Someone changed this raffle meanwhile: reload it (F5) and redo the edit. Nothing was overwritten.");
                    } else {
                        message.set(Errors.describe(e));
                    }
                });
    }

    private void upsert(Dto.Raffle r) {
        for (int i = 0; i < raffles.size(); i++) {
            if (raffles.get(i).id() == r.id()) {
                raffles.set(i, r);
                return;
            }
        }
        raffles.addFirst(r);
    }

    /** Whether {@code action} is possible now for the selected raffle and the user's roles. */
    public boolean allowed(Action action) {
        Dto.Raffle r = selected.get();
        Session s = api.session();
        if (r == null || s == null || !s.has("OPERATOR")) {
            return false;
        }
        if (action == Action.DRAW) {
            return "CLOSED".equals(r.state());
        }
        return Lifecycle.allowed(RaffleState.valueOf(r.state()), action.command);
    }

    /** What {@code action} will do to {@code r}, for the confirmation: read with the raffle's current sales. */
    public static String consequence(Action action, Dto.Raffle r, Dto.Sales sales) {
        String name = "\"" + r.title() + "\" (#" + r.id() + ")";
        long refundable = sales == null ? 0 : sales.starsReceived() - sales.starsRefunded() - sales.starsRefundDue();
        int sold = sales == null ? r.ticketsSold() : sales.ticketsSold();
        return switch (action) {
            case PUBLISH ->
                "Publish " + name + ": its fairness commitment is fixed and published now, and it opens for sale at "
                        + r.spec().startsAt() + ". It can no longer be edited once open.";
            case PAUSE ->
                "Pause " + name + ": players cannot buy tickets until you resume it. Tickets sold stay valid.";
            case RESUME -> "Resume " + name + ": sales open again.";
            case CLOSE -> {
                Integer min = r.spec().minTickets();
                String base = "Close " + name + " now: sales stop with " + Fmt.count(sold) + " of "
                        + Fmt.count(r.spec().totalTickets()) + " tickets sold and the ticket list is fixed and hashed.";
                yield min != null && sold < min
                        ? base + " It is below its minimum of " + Fmt.count(min)
                                + " tickets, so closing CANCELS it and refunds " + Fmt.count(sold) + " tickets, "
                                + Fmt.stars(refundable) + "."
                        : base;
            }
            case CANCEL ->
                "Cancel " + name + ": refunds " + Fmt.count(sold) + " tickets, " + Fmt.stars(refundable)
                        + ", to every player who paid. This cannot be undone.";
            case DRAW ->
                "Draw " + name + ": reveals the seed, picks "
                        + r.spec().prizes().size() + " winner(s) from " + Fmt.count(sold)
                        + " tickets and creates payouts that wait for FINANCE approval. This cannot be undone.";
        };
    }

    /** Reads the selected raffle's sales, then hands the confirmation text to {@code confirm}. */
    public void prepare(Action action, Consumer<String> confirm) {
        Dto.Raffle r = selected.get();
        if (r == null) {
            return;
        }
        ui.run(
                () -> r.ticketsSold() == 0 ? null : api.get("/api/raffles/" + r.id() + "/sales", Dto.Sales.class),
                sales -> confirm.accept(consequence(action, r, sales)),
                e -> confirm.accept(consequence(action, r, null)));
    }

    /** Carries out a confirmed action; {@code reason} is required for CANCEL. */
    public void perform(Action action, String reason) {
        Dto.Raffle r = selected.get();
        if (r == null) {
            return;
        }
        Object body = action == Action.CANCEL ? Map.of("reason", reason == null ? "" : reason) : null;
        ui.run(
                () -> {
                    String path = "/api/raffles/" + r.id() + "/" + action.path;
                    if (action == Action.DRAW) {
                        api.post(path, body, JsonNode.class);
                        return api.get("/api/raffles/" + r.id(), Dto.Raffle.class);
                    }
                    return api.post(path, body, Dto.Raffle.class);
                },
                fresh -> {
                    message.set(
                            action.name().charAt(0) + action.name().substring(1).toLowerCase() + ": raffle #"
                                    + fresh.id() + " is now " + fresh.state());
                    upsert(fresh);
                    selected.set(fresh);
                },
                e -> message.set(Errors.describe(e)));
    }

    public void loadParticipants() {
        Dto.Raffle r = selected.get();
        if (r == null) {
            return;
        }
        ui.run(
                () -> api.get(
                        "/api/raffles/" + r.id() + "/participants?limit=200",
                        new TypeReference<Dto.Page<Dto.Participant>>() {}),
                p -> participants.setAll(p.items()),
                e -> message.set(Errors.describe(e)));
    }

    public void loadTickets() {
        Dto.Raffle r = selected.get();
        if (r == null) {
            return;
        }
        ui.run(
                () -> api.get(
                        "/api/raffles/" + r.id() + "/tickets?after=0&limit=200",
                        new TypeReference<List<Dto.TicketRow>>() {}),
                tickets::setAll,
                e -> message.set(Errors.describe(e)));
    }

    public void loadProof() {
        Dto.Raffle r = selected.get();
        if (r == null) {
            return;
        }
        verifyResult.set("");
        ui.run(
                () -> api.get("/public/raffles/" + r.id() + "/draw", JsonNode.class),
                p -> {
                    proof = p;
                    proofText.set(describe(p));
                },
                e -> proofText.set(Errors.describe(e)));
    }

    static String describe(JsonNode p) {
        StringBuilder sb = new StringBuilder();
        sb.append("Algorithm: ").append(p.path("algorithm").asText()).append('\n');
        sb.append("State: ").append(p.path("state").asText()).append('\n');
        sb.append("Commitment (SHA-256 of the seed): ")
                .append(p.path("commitment").asText("—"))
                .append('\n');
        sb.append("Tickets hash: ")
                .append(p.path("ticketsHash").asText("—"))
                .append(" over ")
                .append(p.path("ticketCount").asText("—"))
                .append(" tickets\n");
        sb.append("Seed (revealed at the draw): ")
                .append(p.hasNonNull("seed") ? p.path("seed").asText() : "not yet")
                .append('\n');
        sb.append("Beacon: ")
                .append(p.path("beacon").isObject() ? p.path("beacon").toString() : "none")
                .append('\n');
        sb.append("Places: ")
                .append(p.path("places").asInt())
                .append(", policy ")
                .append(p.path("policy").asText())
                .append('\n');
        for (JsonNode w : p.path("winners")) {
            sb.append("  place ")
                    .append(w.path("place").asInt())
                    .append(": ticket ")
                    .append(
                            w.hasNonNull("ticketNumber")
                                    ? w.path("ticketNumber").asText()
                                    : "— (unfilled)")
                    .append(", prize ")
                    .append(Fmt.stars(w.path("prize").asLong()))
                    .append('\n');
        }
        if (p.hasNonNull("drawBlockedReason")) {
            sb.append("Draw blocked: ")
                    .append(p.path("drawBlockedReason").asText())
                    .append('\n');
        }
        return sb.toString();
    }

    /** Recomputes the draw on this machine with the shared algorithm (module common) and says whether it matches. */
    public void verify() {
        Dto.Raffle r = selected.get();
        JsonNode p = proof;
        if (r == null) {
            return;
        }
        verifyResult.set("Verifying…");
        ui.run(
                () -> {
                    JsonNode doc = p != null ? p : api.get("/public/raffles/" + r.id() + "/draw", JsonNode.class);
                    List<Ticket> all = DrawProof.inlineTickets(doc);
                    int count = doc.path("ticketCount").asInt();
                    if (all.size() < count) {
                        all = new ArrayList<>();
                        long after = 0;
                        while (true) {
                            JsonNode page = api.get(
                                    "/public/raffles/" + r.id() + "/draw/tickets?limit=5000&after=" + after,
                                    JsonNode.class);
                            for (JsonNode t : page.path("tickets")) {
                                all.add(new Ticket(
                                        t.path("number").asLong(),
                                        t.path("playerId").asLong()));
                            }
                            if (!page.hasNonNull("nextAfter")) {
                                break;
                            }
                            after = page.path("nextAfter").asLong();
                        }
                    }
                    PublishedDraw published = DrawProof.published(doc, all);
                    return DrawProof.verify(published);
                },
                verifyResult::set,
                e -> verifyResult.set("Cannot verify: " + Errors.describe(e)));
    }

    public ObservableList<Dto.Raffle> raffles() {
        return raffles;
    }

    public ObjectProperty<Dto.Raffle> selectedProperty() {
        return selected;
    }

    public StringProperty stateFilterProperty() {
        return stateFilter;
    }

    public StringProperty queryProperty() {
        return query;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty proofTextProperty() {
        return proofText;
    }

    public StringProperty verifyResultProperty() {
        return verifyResult;
    }

    public ObservableList<Dto.Participant> participants() {
        return participants;
    }

    public ObservableList<Dto.TicketRow> tickets() {
        return tickets;
    }

    public RaffleEditor editor() {
        return editor;
    }
}
