package io.rafflestars.console.platform;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Between the feed client's threads and the screens: events queue up here and reach the screens in batches on the UI
 * thread (one list per pulse, however many arrived); state changes go to the status bar.
 */
public final class FeedHub implements FeedClient.Listener {
    private final Ui ui;
    private final StatusModel status;
    private final ConcurrentLinkedQueue<FeedMessage> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final CopyOnWriteArrayList<Consumer<List<FeedMessage>>> subscribers = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Runnable> reloaders = new CopyOnWriteArrayList<>();
    private volatile Runnable onTokenRefused = () -> {};

    public FeedHub(Ui ui, StatusModel status) {
        this.ui = ui;
        this.status = status;
    }

    /** {@code subscriber} gets every batch of events, on the UI thread. */
    public void subscribe(Consumer<List<FeedMessage>> subscriber) {
        subscribers.add(subscriber);
    }

    /** {@code reload} runs (UI thread) when the feed could not replay what was missed: read it again over REST. */
    public void onResync(Runnable reload) {
        reloaders.add(reload);
    }

    public void onTokenRefused(Runnable action) {
        this.onTokenRefused = action;
    }

    @Override
    public void state(FeedClient.State state, String detail) {
        ui.post(() -> {
            status.feedProperty().set(state);
            status.feedDetailProperty().set(detail);
        });
    }

    @Override
    public void event(FeedMessage event) {
        pending.add(event);
        if (flushing.compareAndSet(false, true)) {
            ui.post(this::flush);
        }
    }

    /** Delivers everything queued so far as one batch. UI thread. */
    private void flush() {
        flushing.set(false);
        List<FeedMessage> batch = new ArrayList<>();
        FeedMessage e;
        while ((e = pending.poll()) != null) {
            batch.add(e);
        }
        if (batch.isEmpty()) {
            return;
        }
        Instant last = batch.getLast().at();
        status.lastEventAtProperty().set(last);
        List<FeedMessage> view = List.copyOf(batch);
        subscribers.forEach(s -> s.accept(view));
    }

    @Override
    public void resync(String reason) {
        ui.post(() -> {
            status.notice("Live feed restarted (" + reason + "): screens reloaded");
            reloaders.forEach(Runnable::run);
        });
    }

    @Override
    public void caughtUp(long missed) {
        ui.post(() ->
                status.notice("Reconnected: " + missed + " missed event" + (missed == 1 ? "" : "s") + " replayed"));
    }

    @Override
    public void tokenRefused() {
        onTokenRefused.run();
    }
}
