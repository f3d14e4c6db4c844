package io.rafflestars.console.payouts;

import com.fasterxml.jackson.core.type.TypeReference;
import io.rafflestars.console.platform.ApiClient;
import io.rafflestars.console.platform.Dto;
import io.rafflestars.console.platform.Errors;
import io.rafflestars.console.platform.FeedMessage;
import io.rafflestars.console.platform.Session;
import io.rafflestars.console.platform.Ui;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The payout queue and its decisions. The four-eyes rule (docs/payouts.md) is evaluated here before the user acts, so
 * the screen can disable what the server would refuse and say why.
 */
public final class PayoutsViewModel {
    private final ApiClient api;
    private final Ui ui;
    private final ObservableList<Dto.Payout> payouts = FXCollections.observableArrayList();
    private final ObjectProperty<Dto.Payout> selected = new SimpleObjectProperty<>();
    private final StringProperty status = new SimpleStringProperty("OPEN");
    private final StringProperty message = new SimpleStringProperty("");

    public PayoutsViewModel(ApiClient api, Ui ui) {
        this.api = api;
        this.ui = ui;
    }

    public void refresh() {
        String s = status.get();
        Long keep = selected.get() == null ? null : selected.get().id();
        ui.run(
                () -> api.get(
                        "/api/payouts" + ApiClient.query("status", s, "limit", 500),
                        new TypeReference<Dto.Cursor<Dto.Payout>>() {}),
                page -> {
                    payouts.setAll(page.items());
                    selected.set(
                            keep == null
                                    ? null
                                    : payouts.stream()
                                            .filter(p -> p.id() == keep)
                                            .findFirst()
                                            .orElse(null));
                },
                e -> message.set(Errors.describe(e)));
    }

    public void onEvents(List<FeedMessage> events) {
        if (events.stream()
                .anyMatch(e -> e.event().equals("PayoutChanged") || e.event().equals("DrawCompleted"))) {
            refresh();
        }
    }

    /**
     * Why {@code user} may not decide on {@code p} now, or null when they may. The same rule the server enforces
     * (403 FOUR_EYES_VIOLATION): FINANCE only, never whoever drew the raffle or requested the payout, never twice.
     */
    public static String whyNot(Dto.Payout p, Session user) {
        if (p == null) {
            return "Select a payout";
        }
        if (user == null || !user.has("FINANCE")) {
            return "Only FINANCE users decide on payouts";
        }
        if (!"PENDING_APPROVAL".equals(p.state())) {
            return "This payout is " + p.state() + ": there is nothing to approve or reject";
        }
        if (user.username().equals(p.drawnBy())) {
            return "Four eyes: you drew this raffle, so another FINANCE user must decide";
        }
        if (user.username().equals(p.requestedBy())) {
            return "Four eyes: you requested this payout, so another FINANCE user must decide";
        }
        if (p.approvedBy() != null && p.approvedBy().contains(user.username())) {
            return "Four eyes: you already approved it; a second, different FINANCE user must approve";
        }
        return null;
    }

    public String whyNot(Dto.Payout p) {
        return whyNot(p, api.session());
    }

    public void approve(String note) {
        decide("approve", note == null || note.isBlank() ? Map.of() : Map.of("note", note));
    }

    public void reject(String reason) {
        decide("reject", Map.of("reason", reason));
    }

    private void decide(String what, Map<String, String> body) {
        Dto.Payout p = selected.get();
        if (p == null) {
            return;
        }
        ui.run(
                () -> api.post("/api/payouts/" + p.id() + "/" + what, body, Dto.Payout.class),
                fresh -> {
                    message.set("Payout #" + fresh.id() + " is now " + fresh.state() + " (" + fresh.approvals() + " of "
                            + fresh.approvalsRequired() + " approvals)");
                    for (int i = 0; i < payouts.size(); i++) {
                        if (payouts.get(i).id() == fresh.id()) {
                            payouts.set(i, fresh);
                        }
                    }
                    selected.set(fresh);
                },
                e -> message.set(Errors.describe(e)));
    }

    public ObservableList<Dto.Payout> payouts() {
        return payouts;
    }

    public ObjectProperty<Dto.Payout> selectedProperty() {
        return selected;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty messageProperty() {
        return message;
    }
}
