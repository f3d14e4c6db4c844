package io.rafflestars.console.platform;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.application.Platform;

/**
 * {@link Ui} on JavaFX: background work on virtual threads; results and posted tasks queue up and drain in one {@code
 * Platform.runLater} per batch (the only one in the console), so a thousand feed events a second cost a handful of
 * UI pulses, not a thousand.
 */
public final class FxUi implements Ui {
    private static final Logger LOG = Logger.getLogger(FxUi.class.getName());
    private static final int MAX_PER_BATCH = 10_000;

    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    @Override
    public void post(Runnable task) {
        queue.add(task);
        if (scheduled.compareAndSet(false, true)) {
            Platform.runLater(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        Runnable r;
        int n = 0;
        while (n++ < MAX_PER_BATCH && (r = queue.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "UI task failed", e);
            }
        }
        if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            Platform.runLater(this::drain); // the rest in the next pulse, so the UI keeps breathing
        }
    }

    @Override
    public <T> Job run(Callable<T> work, Consumer<? super T> done, Consumer<? super Throwable> failed) {
        BackgroundJob job = new BackgroundJob();
        job.future = background.submit(() -> {
            try {
                T result = work.call();
                if (!job.cancelled()) {
                    post(() -> {
                        if (!job.cancelled()) {
                            done.accept(result);
                        }
                    });
                }
            } catch (CancellationException | InterruptedException e) {
                // cancelled: nobody waits for it
            } catch (Throwable e) {
                if (!job.cancelled()) {
                    post(() -> failed.accept(e));
                }
            }
            return null;
        });
        return job;
    }

    public void shutdown() {
        background.shutdownNow();
    }

    private static final class BackgroundJob implements Job {
        private volatile boolean cancelled;
        private volatile Future<?> future;

        @Override
        public void cancel() {
            cancelled = true;
            Future<?> f = future;
            if (f != null) {
                f.cancel(true);
            }
        }

        @Override
        public boolean cancelled() {
            return cancelled;
        }
    }
}
