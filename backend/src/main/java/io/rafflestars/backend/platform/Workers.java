package io.rafflestars.backend.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The instance's background loops (scheduler, refunds, outgoing messages, update retries, ...), each on its own
 * virtual thread with a fixed delay between runs. A failing run is logged and the loop goes on: the next run tries
 * again, and every job is written to be safe on several instances at once.
 */
public final class Workers implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Workers.class.getName());

    private final List<ScheduledExecutorService> loops = new ArrayList<>();

    /** Runs {@code job} every {@code every}, first after {@code every}. */
    public void every(String name, Duration every, Runnable job) {
        every(name, every, every, job);
    }

    /** Runs {@code job} first after {@code first}, then every {@code every}. */
    public synchronized void every(String name, Duration first, Duration every, Runnable job) {
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name(name).factory());
        loop.scheduleWithFixedDelay(
                () -> {
                    try {
                        job.run();
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, name + " failed; will run again", e);
                    }
                },
                first.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
        loops.add(loop);
    }

    /** Stops every loop, letting a run in progress finish (bounded). */
    @Override
    public synchronized void close() {
        loops.forEach(ScheduledExecutorService::shutdown);
        for (ScheduledExecutorService loop : loops) {
            try {
                if (!loop.awaitTermination(10, TimeUnit.SECONDS)) {
                    loop.shutdownNow();
                }
            } catch (InterruptedException e) {
                loop.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        loops.clear();
    }
}
