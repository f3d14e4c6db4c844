package io.rafflestars.bench;

import io.rafflestars.backend.auth.Passwords;
import io.rafflestars.backend.feed.Outbox;
import io.rafflestars.backend.platform.Database;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Statements;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.common.api.FeedEvent;
import io.rafflestars.console.Console;
import io.rafflestars.console.platform.FeedClient;
import io.rafflestars.console.transactions.TransactionsView;
import io.rafflestars.console.transactions.TransactionsViewModel;
import io.rafflestars.telegramfake.FakeTelegram;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.prefs.Preferences;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;

/**
 * The console's Live transactions screen under a sustained stream: the production backend jar on {@code --database},
 * the real console (headless, Monocle) logged in to it over REST and {@code /ws/console}, and {@code --rate} money
 * events a second committed to the outbox for {@code --seconds} (payments and ticket sales alternating, 10 per
 * transaction, as busy payment traffic makes them). The whole path is real: commit, NOTIFY, the backend's feed, the
 * console's feed client, its batching onto the FX thread, the table.
 *
 * <p>Reported: events generated and seen by the screen (none may be missing), the FX pulse interval (60 Hz is
 * 16.7 ms; a long pulse shows as a long interval), how late the FX thread runs a task posted to it (its
 * responsiveness to input), commit-to-table latency of the newest row at each pulse, and memory (heap after a full
 * collection at the end, with the table capped at {@link TransactionsViewModel#CAP} rows; peak heap during the run).
 */
public final class ConsoleBench {
    private static final String ADMIN_PASSWORD = "console-bench-password";

    private ConsoleBench() {}

    public static void main(String[] args) throws Exception {
        // Headless JavaFX, as the console's own UI tests run it; set before the toolkit loads.
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("java.awt.headless", "true");

        Options o = new Options(args);
        DatabaseUrl db = DatabaseUrl.parse("--database", o.required("database"));
        int rate = o.integer("rate", 1_000);
        Duration length = o.seconds("seconds", 60);
        Path out = Path.of(o.required("out"));
        Path log = out.toAbsolutePath().resolveSibling("backend-console.log");

        Map<String, String> env;
        try (FakeTelegram telegram = FakeTelegram.start(PurchaseBench.TOKEN)) {
            env = PurchaseBench.backendEnv(o.required("database"), telegram);
            env.put("ADMIN_USERNAME", "admin");
            env.put("ADMIN_PASSWORD_HASH", Passwords.hash(ADMIN_PASSWORD));
            try (BackendProcess backend =
                            BackendProcess.start(Path.of(o.required("backend-jar")), List.of(), env, log);
                    Database database = Database.open(db, 2, Statements.load())) {
                long raffle = PurchaseBench.openRaffles(db, 1).getFirst();
                run(backend.uri("").toString(), new Transactions(database.client()), raffle, rate, length, out);
            }
        } finally {
            Platform.exit();
        }
    }

    private static void run(String server, Transactions tx, long raffle, int rate, Duration length, Path out)
            throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Preferences prefs = Preferences.userRoot().node("raffle-stars-bench/" + UUID.randomUUID());
        Console console = onFx(() -> {
            Stage stage = new Stage();
            stage.setWidth(1280);
            stage.setHeight(800);
            return Console.open(stage, prefs, server);
        });
        onFx(() -> {
            ((TextInputControl) console.scene().lookup("#username")).setText("admin");
            ((TextInputControl) console.scene().lookup("#password")).setText(ADMIN_PASSWORD);
            ((Button) console.scene().lookup("#login")).fire();
            return null;
        });
        TransactionsViewModel vm = await(
                "logged in with the feed live",
                () -> console.shell() != null
                                && console.shell().controller("transactions") instanceof TransactionsView
                                && console.context().status().feedProperty().get() == FeedClient.State.LIVE
                        ? ((TransactionsView) console.shell().controller("transactions")).viewModel()
                        : null);
        onFx(() -> {
            console.shell().show("transactions");
            return null;
        });

        Probe probe = onFx(() -> new Probe(vm));
        long generated = generate(tx, raffle, rate, length, probe);
        long expected = generated;
        await("every event on the screen", () -> vm.seenProperty().get() >= expected ? Boolean.TRUE : null);
        Result r = onFx(probe::stop);
        System.gc();
        Thread.sleep(500);
        System.gc();
        long heapAfter =
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        String line = String.format(
                Locale.ROOT,
                "%d\t%d\t%d\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.0f\t%.0f",
                rate,
                length.toSeconds(),
                generated,
                r.seen,
                r.rows,
                r.pulses.millis(0.5),
                r.pulses.millis(0.99),
                r.pulses.maxMillis(),
                r.fxDelay.millis(0.99),
                r.fxDelay.maxMillis(),
                r.lag.millis(0.5),
                r.lag.millis(0.99),
                r.peakHeap / 1048576.0,
                heapAfter / 1048576.0);
        System.out.println("console: " + line);
        Files.write(
                out,
                List.of(
                        "rate\tseconds\tgenerated\tseen\trows\tpulse_p50_ms\tpulse_p99_ms\tpulse_max_ms"
                                + "\tfx_delay_p99_ms\tfx_delay_max_ms\tlag_p50_ms\tlag_p99_ms\tpeak_heap_mib"
                                + "\theap_after_gc_mib",
                        line));
        onFx(() -> {
            console.close();
            return null;
        });
        prefs.removeNode();
        if (r.seen != generated) {
            throw new IllegalStateException("The screen saw " + r.seen + " of " + generated + " events");
        }
    }

    /**
     * Commits {@code rate} events a second to the outbox, 10 per transaction, on a fixed schedule (a slow commit is
     * caught up, so the rate is the rate over the run). Meanwhile samples how late the FX thread runs a posted task.
     */
    private static long generate(Transactions tx, long raffle, int rate, Duration length, Probe probe)
            throws InterruptedException {
        int perCommit = 10;
        long interval = TimeUnit.SECONDS.toNanos(1) * perCommit / rate;
        long start = System.nanoTime();
        long end = start + length.toNanos();
        AtomicLong n = new AtomicLong();
        long next = start;
        long nextProbe = start;
        while (next < end) {
            long now = System.nanoTime();
            if (now < next) {
                TimeUnit.NANOSECONDS.sleep(Math.min(next - now, 2_000_000));
                continue;
            }
            if (now >= nextProbe) {
                long posted = System.nanoTime();
                Platform.runLater(() -> probe.fxDelay(System.nanoTime() - posted));
                nextProbe = now + 10_000_000;
            }
            tx.execute(t -> {
                for (int i = 0; i < perCommit; i++) {
                    long k = n.incrementAndGet();
                    FeedEvent e = k % 2 == 0
                            ? new FeedEvent.TicketsSold(raffle, k, k, 5, List.of((int) k), (int) k, 10_000_000)
                            : new FeedEvent.PaymentReceived(k, "bench-" + k, raffle, k, 5, "CREDITED");
                    Outbox.append(t, e);
                }
            });
            next += interval;
        }
        return n.get();
    }

    /** Runs on the FX thread: one sample per pulse. */
    private static final class Probe {
        private final TransactionsViewModel vm;
        private final Latencies pulses = new Latencies();
        private final Latencies fxDelay = new Latencies();
        private final Latencies lag = new Latencies();
        private long peakHeap;
        private long last;
        private final AnimationTimer timer;

        Probe(TransactionsViewModel vm) {
            this.vm = vm;
            this.timer = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    pulse(now);
                }
            };
            timer.start();
        }

        private void pulse(long now) {
            if (last != 0) {
                pulses.add(now - last);
            }
            last = now;
            if (!vm.rows().isEmpty()) {
                Instant newest = vm.rows().getFirst().at();
                lag.add(Math.max(0, Duration.between(newest, Instant.now()).toNanos()));
            }
            peakHeap = Math.max(
                    peakHeap,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }

        void fxDelay(long nanos) {
            fxDelay.add(nanos);
        }

        Result stop() {
            timer.stop();
            return new Result(
                    Latencies.merge(List.of(pulses)),
                    Latencies.merge(List.of(fxDelay)),
                    Latencies.merge(List.of(lag)),
                    peakHeap,
                    vm.seenProperty().get(),
                    vm.rows().size());
        }
    }

    private record Result(Latencies pulses, Latencies fxDelay, Latencies lag, long peakHeap, long seen, int rows) {}

    @FunctionalInterface
    private interface FxCall<T> {
        T call() throws Exception;
    }

    private static <T> T onFx(FxCall<T> call) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(call.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    private static <T> T await(String what, FxCall<T> check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            T v = onFx(check);
            if (v != null) {
                return v;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Timed out waiting until " + what);
    }
}
