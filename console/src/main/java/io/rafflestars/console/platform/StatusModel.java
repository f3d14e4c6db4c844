package io.rafflestars.console.platform;

import java.time.Instant;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** What the status bar shows: REST and feed state, the last event's time, the latest notice. UI thread only. */
public final class StatusModel {
    private final ObjectProperty<ApiClient.RestState> rest = new SimpleObjectProperty<>(ApiClient.RestState.UNKNOWN);
    private final ObjectProperty<FeedClient.State> feed = new SimpleObjectProperty<>(FeedClient.State.OFFLINE);
    private final StringProperty feedDetail = new SimpleStringProperty("");
    private final ObjectProperty<Instant> lastEventAt = new SimpleObjectProperty<>();
    private final StringProperty notice = new SimpleStringProperty("");
    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty server = new SimpleStringProperty("");

    public ObjectProperty<ApiClient.RestState> restProperty() {
        return rest;
    }

    public ObjectProperty<FeedClient.State> feedProperty() {
        return feed;
    }

    public StringProperty feedDetailProperty() {
        return feedDetail;
    }

    public ObjectProperty<Instant> lastEventAtProperty() {
        return lastEventAt;
    }

    public StringProperty noticeProperty() {
        return notice;
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty serverProperty() {
        return server;
    }

    public void notice(String text) {
        notice.set(text);
    }
}
