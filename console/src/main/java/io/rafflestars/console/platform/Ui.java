package io.rafflestars.console.platform;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * The one way the console leaves and re-enters the UI thread. {@link #run} does I/O on a background (virtual) thread
 * and hands its result back on the UI thread; {@link #post} queues UI work, and everything queued between two pulses
 * runs as one batch. View-models take a {@code Ui}; their tests pass {@link #direct()}, which runs it all in place.
 */
public interface Ui {
    /** Runs {@code task} on the UI thread, batched with whatever else was posted since the last batch. */
    void post(Runnable task);

    /**
     * Runs {@code work} in the background, then {@code done} with its result or {@code failed} with its error on the
     * UI thread. A cancelled job calls neither.
     */
    <T> Job run(Callable<T> work, Consumer<? super T> done, Consumer<? super Throwable> failed);

    /** A background job. */
    interface Job {
        void cancel();

        boolean cancelled();
    }

    /** Everything in place, on the calling thread: for view-model tests without the toolkit. */
    static Ui direct() {
        return new Ui() {
            @Override
            public void post(Runnable task) {
                task.run();
            }

            @Override
            public <T> Job run(Callable<T> work, Consumer<? super T> done, Consumer<? super Throwable> failed) {
                Flag job = new Flag();
                T result;
                try {
                    result = work.call();
                } catch (CancellationException e) {
                    return job;
                } catch (Exception e) {
                    failed.accept(e);
                    return job;
                }
                done.accept(result);
                return job;
            }
        };
    }

    /** A job that can only be flagged as cancelled. */
    final class Flag implements Job {
        private volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean cancelled() {
            return cancelled;
        }
    }
}
