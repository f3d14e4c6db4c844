package io.rafflestars.backend.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs tasks on their own threads, released together by one gate, so they reach the backend at the same instant. */
final class Concurrently {
    private Concurrently() {}

    static <T> List<T> run(List<Callable<T>> tasks) {
        CountDownLatch ready = new CountDownLatch(tasks.size());
        CountDownLatch gate = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    gate.await();
                    return task.call();
                }));
            }
            ready.await();
            gate.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Whether the long versions of the fault scenarios run ({@code -Dfaults.long=true}). */
    static boolean longRun() {
        return Boolean.getBoolean("faults.long");
    }
}
