package io.rafflestars.console.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import io.rafflestars.console.platform.ApiClient;
import io.rafflestars.console.platform.Dto;
import io.rafflestars.console.platform.Errors;
import io.rafflestars.console.platform.FeedMessage;
import io.rafflestars.console.platform.Fmt;
import io.rafflestars.console.platform.Ui;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The audit log with filters and paging, and Verify chain. */
public final class AuditViewModel {
    private final ApiClient api;
    private final Ui ui;
    private final ObservableList<Dto.AuditRecord> rows = FXCollections.observableArrayList();
    private final StringProperty actor = new SimpleStringProperty("");
    private final StringProperty action = new SimpleStringProperty("");
    private final StringProperty targetType = new SimpleStringProperty("");
    private final StringProperty targetId = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty verifyResult = new SimpleStringProperty("");
    private final ObjectProperty<Boolean> intact = new SimpleObjectProperty<>();
    private Long nextBefore;

    public AuditViewModel(ApiClient api, Ui ui) {
        this.api = api;
        this.ui = ui;
    }

    public void refresh() {
        load(null);
    }

    /** The next (older) page, appended. */
    public void more() {
        if (nextBefore != null) {
            load(nextBefore);
        }
    }

    private void load(Long before) {
        String q = ApiClient.query(
                "actor",
                actor.get(),
                "action",
                action.get(),
                "targetType",
                targetType.get(),
                "targetId",
                targetId.get(),
                "before",
                before,
                "limit",
                200);
        ui.run(
                () -> api.get("/api/audit" + q, new TypeReference<Dto.Cursor<Dto.AuditRecord>>() {}),
                page -> {
                    if (before == null) {
                        rows.setAll(page.items());
                    } else {
                        rows.addAll(page.items());
                    }
                    nextBefore = page.nextBefore();
                    message.set(Fmt.count(rows.size()) + " rows" + (nextBefore == null ? "" : " (more available)"));
                },
                e -> message.set(Errors.describe(e)));
    }

    public void onEvents(List<FeedMessage> events) {
        if (events.stream().anyMatch(e -> e.event().equals("AuditAppended"))
                && nextBefore == null
                && rows.size() < 200) {
            refresh();
        }
    }

    public void verify() {
        verifyResult.set("Verifying the whole chain…");
        intact.set(null);
        ui.run(
                () -> api.post("/api/audit/verify", null, Dto.AuditVerification.class),
                v -> {
                    intact.set(v.intact());
                    verifyResult.set(
                            v.intact()
                                    ? "Chain intact: " + Fmt.count(v.rowsChecked()) + " rows checked, head "
                                            + v.headHash()
                                    : "CHAIN BROKEN at row " + v.brokenSeq() + " (" + Fmt.count(v.rowsChecked())
                                            + " rows checked): " + v.reason());
                },
                e -> verifyResult.set("Cannot verify: " + Errors.describe(e)));
    }

    public ObservableList<Dto.AuditRecord> rows() {
        return rows;
    }

    public StringProperty actorProperty() {
        return actor;
    }

    public StringProperty actionProperty() {
        return action;
    }

    public StringProperty targetTypeProperty() {
        return targetType;
    }

    public StringProperty targetIdProperty() {
        return targetId;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty verifyResultProperty() {
        return verifyResult;
    }

    public ObjectProperty<Boolean> intactProperty() {
        return intact;
    }
}
