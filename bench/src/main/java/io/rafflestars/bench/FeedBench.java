package io.rafflestars.bench;

import io.rafflestars.backend.feed.Outbox;
import io.rafflestars.backend.platform.Database;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Statements;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.common.api.FeedEvent;
import io.rafflestars.telegramfake.FakeTelegram;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many player sockets on one server instance, one counter update broadcast to all of them, several times: connect
 * time, delivery latency (from the moment the update is triggered to the moment each socket has it) and the server's
 * resident memory. With {@code --backend-jar} and {@code --database} it starts the production jar and measures its
 * {@code /ws/player} ({@link #againstBackend}); otherwise the protocol is parameters (e.g. for a server already running):
 *
 * <ul>
 *   <li>{@code --url} the WebSocket URL; {@code --subscribe} a text sent after connecting ({@code {i}} is the socket's
 *       number), e.g. a subscription to a raffle;
 *   <li>{@code --match} a substring that marks the counter update among everything else the feed sends;
 *   <li>{@code --trigger-url} POSTed to cause one update ({@code {n}} is the round), or {@code --trigger-sql} run on
 *       {@code --database} (e.g. an outbox insert and its NOTIFY, as a committed purchase makes them);
 *   <li>{@code --server-pid} the server process, for its resident memory from /proc.
 * </ul>
 */
public final class FeedBench {
    private FeedBench() {}

    /** Causes one counter update; {@code n} is the round. */
    @FunctionalInterface
    interface Trigger {
        void fire(int n) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options(args);
        if (!o.string("backend-jar", "").isEmpty()) {
            againstBackend(o);
            return;
        }
        measure(
                o,
                URI.create(o.required("url")),
                o.string("subscribe", ""),
                o.string("match", "\"counter\""),
                n -> trigger(o, n),
                Long.parseLong(o.string("server-pid", "-1")));
    }

    /**
     * The backend's own {@code /ws/player}: the production jar on {@code --database}, one open raffle, every socket
     * subscribed to it on the public channel, and each round one committed {@code TicketsSold} event of that raffle,
     * written to the outbox as a purchase writes it (the listener wakes on the commit's NOTIFY, reads the outbox and
     * fans out). Timed from the moment before the commit.
     */
    private static void againstBackend(Options o) throws Exception {
        DatabaseUrl db = DatabaseUrl.parse("--database", o.required("database"));
        Path log = Path.of(o.required("out")).toAbsolutePath().resolveSibling("backend-feed.log");
        try (FakeTelegram telegram = FakeTelegram.start(PurchaseBench.TOKEN);
                BackendProcess backend = BackendProcess.start(
                        Path.of(o.required("backend-jar")),
                        o.words("backend-java-opts"),
                        PurchaseBench.backendEnv(o.required("database"), telegram),
                        log);
                Database database = Database.open(db, 1, Statements.load())) {
            long raffle = PurchaseBench.openRaffles(db, 1).getFirst();
            Transactions tx = new Transactions(database.client());
            URI ws = URI.create(backend.uri("/ws/player").toString().replaceFirst("^http", "ws"));
            System.out.printf(Locale.ROOT, "backend pid %d, %s, raffle %d%n", backend.pid(), ws, raffle);
            measure(
                    o,
                    ws,
                    "{\"type\":\"hello\",\"raffles\":[" + raffle + "]}",
                    "\"TicketsSold\"",
                    n -> tx.execute(t ->
                            Outbox.append(t, new FeedEvent.TicketsSold(raffle, 1, n, 5, List.of(n), n, 10_000_000))),
                    backend.pid());
        }
    }

    private static void measure(Options o, URI url, String subscribe, String match, Trigger trigger, long serverPid)
            throws Exception {
        int sockets = o.integer("sockets", 10_000);
        int rounds = o.integer("rounds", 10);
        Path out = Path.of(o.required("out"));

        // One JDK HttpClient reads all its sockets on one selector thread: with one client for 10,000 sockets the
        // load generator, not the server, would set the pace. A few share the cores as the server's threads do.
        List<HttpClient> clients = new ArrayList<>();
        for (int c = 0; c < o.integer("client-threads", 4); c++) {
            clients.add(HttpClient.newHttpClient());
        }
        Round round = new Round();
        List<WebSocket> open = new ArrayList<>();
        Latencies connects = new Latencies();
        AtomicInteger failures = new AtomicInteger();
        Semaphore inFlight = new Semaphore(200);
        long connectStart = System.nanoTime();
        List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
            inFlight.acquire();
            int n = i;
            long t = System.nanoTime();
            pending.add(clients.get(i % clients.size())
                    .newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(url, new Listener(round, match))
                    .whenComplete((ws, e) -> {
                        inFlight.release();
                        if (e != null) {
                            failures.incrementAndGet();
                        } else {
                            synchronized (connects) {
                                connects.add(System.nanoTime() - t);
                            }
                            if (!subscribe.isEmpty()) {
                                ws.sendText(subscribe.replace("{i}", Integer.toString(n)), true);
                            }
                        }
                    }));
        }
        for (CompletableFuture<WebSocket> f : pending) {
            try {
                open.add(f.join());
            } catch (RuntimeException e) {
                // counted above
            }
        }
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        Latencies connectTimes = Latencies.merge(List.of(connects));
        System.out.printf(
                Locale.ROOT,
                "%d of %d sockets open in %.1f s (connect p99 %.1f ms), %d failed; server RSS %.0f MiB%n",
                open.size(),
                sockets,
                connectSeconds,
                connectTimes.millis(0.99),
                failures.get(),
                Proc.residentMiB(serverPid));
        Thread.sleep(2000); // let subscriptions settle

        List<Latencies> deliveries = new ArrayList<>();
        int missed = 0;
        double peakRss = Proc.residentMiB(serverPid);
        for (int r = 1; r <= rounds; r++) {
            CountDownLatch all = round.start(open.size());
            trigger.fire(r);
            if (!all.await(30, TimeUnit.SECONDS)) {
                missed += (int) all.getCount();
            }
            deliveries.add(round.finish());
            peakRss = Math.max(peakRss, Proc.residentMiB(serverPid));
            Thread.sleep(500);
        }
        Latencies delivery = Latencies.merge(deliveries);
        String line = String.format(
                Locale.ROOT,
                "%d\t%d\t%.1f\t%.1f\t%d\t%d\t%.1f\t%.1f\t%.1f\t%d\t%.0f",
                sockets,
                open.size(),
                connectSeconds,
                connectTimes.millis(0.99),
                rounds,
                delivery.count(),
                delivery.millis(0.5),
                delivery.millis(0.99),
                delivery.maxMillis(),
                missed,
                peakRss);
        System.out.println("delivery p50 " + delivery.millis(0.5) + " ms, p99 " + delivery.millis(0.99)
                + " ms, max " + delivery.maxMillis() + " ms, missed " + missed + ", server peak RSS " + peakRss
                + " MiB");
        Files.write(
                out,
                List.of(
                        "sockets\topen\tconnect_s\tconnect_p99_ms\trounds\tdeliveries\tdelivery_p50_ms"
                                + "\tdelivery_p99_ms\tdelivery_max_ms\tmissed\tserver_rss_mib",
                        line));
        open.forEach(ws -> ws.abort());
    }

    private static void trigger(Options o, int n) throws Exception {
        String url = o.string("trigger-url", "");
        String sql = o.string("trigger-sql", "");
        if (!url.isEmpty()) {
            HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url.replace("{n}", Integer.toString(n))))
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
        } else if (!sql.isEmpty()) {
            try (Connection c = Jdbc.connect(DatabaseUrl.parse("--database", o.required("database")))) {
                Jdbc.execute(c, sql.replace("{n}", Integer.toString(n)));
            }
        } else {
            throw new IllegalArgumentException("--trigger-url or --trigger-sql is required");
        }
    }

    /** One broadcast: when it was triggered, and when each socket saw it. */
    private static final class Round {
        private volatile long startedAt;
        private volatile CountDownLatch remaining = new CountDownLatch(0);
        private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();

        CountDownLatch start(int sockets) {
            arrivals.clear();
            remaining = new CountDownLatch(sockets);
            startedAt = System.nanoTime();
            return remaining;
        }

        void arrived() {
            arrivals.add(System.nanoTime() - startedAt);
            remaining.countDown();
        }

        Latencies finish() {
            Latencies l = new Latencies();
            arrivals.forEach(l::add);
            return l;
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final Round round;
        private final String match;
        private final StringBuilder text = new StringBuilder();
        private final AtomicLong lastRound = new AtomicLong();

        Listener(Round round, String match) {
            this.round = round;
            this.match = match;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                // one arrival per socket and round
                if (text.indexOf(match) >= 0 && lastRound.getAndSet(round.startedAt) != round.startedAt) {
                    round.arrived();
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}
