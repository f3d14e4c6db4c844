package io.rafflestars.bench;

import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.audit.AuditLog;
import io.rafflestars.backend.platform.Database;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Statements;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.raffle.Prize;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleService;
import io.rafflestars.backend.raffle.RaffleSpec;
import io.rafflestars.telegramfake.DeliveryResult;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.FakeTelegram;
import io.rafflestars.telegramfake.Invoice;
import io.rafflestars.telegramfake.PreCheckout;
import io.rafflestars.telegramfake.PreCheckoutAnswer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The purchase pipeline under load, end to end: the backend jar in its own process against a PostgreSQL database of
 * its own, and the fake Telegram (in this process) playing Telegram. Each client is a stream of players; each player
 * pays one invoice exactly as Telegram runs a Stars payment: a {@code pre_checkout_query} update to the webhook (with
 * the secret header), the backend's {@code answerPreCheckoutQuery} call back to the Bot API, then the
 * {@code successful_payment} update. A purchase counts once its {@code successful_payment} was answered 200, i.e.
 * its payment, tickets, ledger transfer, audit row and outbox events are committed.
 *
 * <p>Invoices (purchase intents) are created in bulk before each run, as the Mini App's invoice links are: only the
 * two webhook steps are measured.
 *
 * <p>Writes one TSV line per client count to {@code --out}.
 */
public final class PurchaseBench {
    static final String TOKEN = "700000:bench-bot-token";
    private static final String SECRET = "bench-webhook-secret";
    private static final Duration TELEGRAM_LIMIT = Duration.ofSeconds(10);

    private PurchaseBench() {}

    public static void main(String[] args) throws Exception {
        Options o = new Options(args);
        DatabaseUrl db = DatabaseUrl.parse("--database", o.required("database"));
        Path jar = Path.of(o.required("backend-jar"));
        Path out = Path.of(o.required("out"));
        List<Integer> clients = o.integers("clients", "1,4,16,64");
        Duration run = o.seconds("seconds", 30);
        Duration warmup = o.seconds("warmup", 10);
        int raffles = o.integer("raffles", 4);
        List<String> jvm = o.words("backend-java-opts");
        Files.createDirectories(out.toAbsolutePath().getParent());

        try (FakeTelegram telegram = FakeTelegram.start(TOKEN)) {
            Map<String, String> env = backendEnv(o.required("database"), telegram);
            if (!o.string("pool-size", "").isBlank()) {
                env.put("DB_POOL_SIZE", o.string("pool-size", ""));
            }
            Path log = out.resolveSibling("backend-purchase.log");
            try (BackendProcess backend = BackendProcess.start(jar, jvm, env, log)) {
                telegram.webhook(backend.uri("/telegram/webhook"), SECRET);
                List<Long> raffleIds = openRaffles(db, raffles);
                System.out.printf(
                        Locale.ROOT, "backend pid %d on %s; raffles %s%n", backend.pid(), backend.uri("/"), raffleIds);

                Phase warm = new Phase(telegram, db, raffleIds, 4, warmup);
                warm.run(null);
                System.out.printf(Locale.ROOT, "warm-up: %d purchases%n", warm.purchases.get());

                List<String> lines = new ArrayList<>();
                lines.add(Result.HEADER);
                long expectedCredited = warm.purchases.get();
                for (int n : clients) {
                    Phase phase = new Phase(telegram, db, raffleIds, n, run);
                    double cpuBefore = Proc.cpuSeconds(backend.pid());
                    long commitsBefore = commits(db);
                    try (WaitSampler waits = new WaitSampler(db, Jdbc.databaseName(db))) {
                        phase.run(waits);
                        double cpu = Proc.cpuSeconds(backend.pid()) - cpuBefore;
                        Thread.sleep(1500); // sessions report their counters when idle, at most once a second
                        Result r = phase.result(waits, backend.residentMiB(), cpu, commits(db) - commitsBefore);
                        System.out.println(r.describe());
                        lines.add(r.tsv());
                    }
                    expectedCredited += phase.purchases.get();
                }
                checkBooks(db, expectedCredited);
                Files.write(out, lines);
            }
        }
    }

    /** The production jar's environment as on Railway, against this database and the fake Telegram. */
    static Map<String, String> backendEnv(String database, FakeTelegram telegram) {
        return new java.util.HashMap<>(Map.of(
                "DATABASE_URL",
                database,
                "TELEGRAM_BOT_TOKEN",
                TOKEN,
                "TELEGRAM_WEBHOOK_SECRET",
                SECRET,
                "TELEGRAM_API_URL",
                telegram.baseUrl().toString(),
                "SHUTDOWN_DRAIN_MILLIS",
                "0",
                "JWT_SECRET",
                "bench-jwt-secret-at-least-32-bytes-long"));
    }

    /** Raffles big enough never to sell out, each player capped at what one purchase buys, as in real raffles. */
    static List<Long> openRaffles(DatabaseUrl url, int count) {
        try (Database database = Database.open(url, 2, Statements.load())) {
            Transactions tx = new Transactions(database.client());
            RaffleService raffles = new RaffleService(tx, Clock.systemUTC(), (t, r, reason) -> {}, new AuditLog(tx));
            Actor actor = Actor.user("bench", "127.0.0.1");
            List<Long> ids = new ArrayList<>();
            Instant now = Instant.now();
            for (int i = 0; i < count; i++) {
                RaffleSpec spec = new RaffleSpec(
                        "Bench " + (i + 1),
                        "Purchase pipeline benchmark",
                        5,
                        10_000_000,
                        10,
                        null,
                        now.minusSeconds(1),
                        now.plus(Duration.ofDays(1)),
                        RaffleSpec.DrawMode.OPERATOR,
                        1000,
                        RaffleSpec.PrizeChannel.PRIZE_CREDIT,
                        RaffleSpec.RepeatPolicy.ONE_PRIZE_PER_PLAYER,
                        false,
                        null,
                        List.of(new Prize(1, 9000, null)));
                Raffle r = raffles.create(spec, actor);
                raffles.publish(r.id(), actor);
                try {
                    raffles.open(r.id(), actor);
                } catch (RuntimeException e) {
                    // the backend's scheduler opened it first: its start time has passed
                }
                ids.add(r.id());
            }
            return ids;
        }
    }

    /** Every measured purchase must have become a credited payment, and the books must balance. */
    private static void checkBooks(DatabaseUrl db, long expected) throws SQLException {
        try (Connection c = Jdbc.connect(db)) {
            long credited = Jdbc.single(c, "SELECT count(*) FROM payment WHERE state = 'CREDITED'");
            long sum = Jdbc.single(c, "SELECT COALESCE(SUM(credits_posted - debits_posted), 0) FROM ledger_account");
            if (credited != expected || sum != 0) {
                throw new IllegalStateException("After the run: " + credited + " credited payments for " + expected
                        + " purchases, ledger sum " + sum);
            }
            System.out.printf(Locale.ROOT, "checked: %d credited payments, ledger sums to zero%n", credited);
        }
    }

    /** Committed transactions in the database so far (pg_stat_database). */
    private static long commits(DatabaseUrl db) throws SQLException {
        try (Connection c = Jdbc.connect(db)) {
            return Jdbc.single(c, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
        }
    }

    /** A stored purchase intent, i.e. an invoice a player can pay. */
    private record Intent(String payload, long playerId, long amount) {}

    /** One run at a fixed number of concurrent clients. */
    private static final class Phase {
        private static final AtomicLong NEXT_PLAYER = new AtomicLong(1_000_000);

        private final FakeTelegram telegram;
        private final int clients;
        private final Duration length;
        private final ConcurrentLinkedQueue<Intent> intents;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong purchases = new AtomicLong();
        private final AtomicLong declined = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final List<Latencies> preCheckout = new ArrayList<>();
        private final List<Latencies> payment = new ArrayList<>();
        private volatile boolean exhausted;
        private double elapsedSeconds;

        Phase(FakeTelegram telegram, DatabaseUrl db, List<Long> raffles, int clients, Duration length)
                throws SQLException {
            this.telegram = telegram;
            this.clients = clients;
            this.length = length;
            // generous: more than a backend could sell in the time, so the queue never runs dry
            this.intents = createIntents(db, raffles, (int) Math.max(2_000, length.toSeconds() * 3_000L));
        }

        private static ConcurrentLinkedQueue<Intent> createIntents(DatabaseUrl db, List<Long> raffles, int count)
                throws SQLException {
            ConcurrentLinkedQueue<Intent> queue = new ConcurrentLinkedQueue<>();
            long firstPlayer = NEXT_PLAYER.getAndAdd(count);
            try (Connection c = Jdbc.connect(db);
                    PreparedStatement s = c.prepareStatement("INSERT INTO purchase_intent"
                            + " (payload, raffle_id, player_id, quantity, amount, channel)"
                            + " SELECT 'bench-' || md5(random()::text || clock_timestamp()::text || n),"
                            + " (?::bigint[])[1 + n % ?], ? + n, 1, 5, 'INVOICE_LINK'"
                            + " FROM generate_series(0, ? - 1) AS n RETURNING payload, player_id, amount")) {
                s.setArray(1, c.createArrayOf("bigint", raffles.toArray()));
                s.setInt(2, raffles.size());
                s.setLong(3, firstPlayer);
                s.setInt(4, count);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        queue.add(new Intent(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                    }
                }
            }
            return queue;
        }

        void run(WaitSampler waits) throws InterruptedException {
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                Latencies pre = new Latencies();
                Latencies pay = new Latencies();
                preCheckout.add(pre);
                payment.add(pay);
                threads.add(Thread.ofPlatform().name("client-" + i).start(() -> client(pre, pay)));
            }
            Thread.sleep(length);
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            elapsedSeconds = (System.nanoTime() - start) / 1e9;
        }

        private void client(Latencies pre, Latencies pay) {
            while (!stop.get()) {
                Intent i = intents.poll();
                if (i == null) {
                    exhausted = true;
                    return;
                }
                FakePlayer player = telegram.player(i.playerId(), "Player" + i.playerId(), "en");
                Invoice invoice =
                        new Invoice("Bench", "1 ticket", i.payload(), "XTR", i.amount(), null, null, null, null, null);
                Instant sent = Instant.now();
                PreCheckout query = player.preCheckout(invoice);
                Optional<PreCheckoutAnswer> answer = query.awaitAnswer(TELEGRAM_LIMIT);
                if (answer.isEmpty()) {
                    failed.incrementAndGet();
                    continue;
                }
                if (!answer.get().ok()) {
                    declined.incrementAndGet();
                    continue;
                }
                pre.add(Duration.between(sent, answer.get().at()).toNanos());
                long paying = System.nanoTime();
                DeliveryResult paid = player.successfulPayment(invoice, telegram.newChargeId());
                if (paid.ok()) {
                    pay.add(System.nanoTime() - paying);
                    purchases.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            }
        }

        Result result(WaitSampler waits, double rssMiB, double cpuSeconds, long commits) {
            Latencies pre = Latencies.merge(preCheckout);
            Latencies pay = Latencies.merge(payment);
            return new Result(
                    clients,
                    elapsedSeconds,
                    purchases.get(),
                    declined.get(),
                    failed.get(),
                    exhausted,
                    pre.millis(0.5),
                    pre.millis(0.99),
                    pay.millis(0.5),
                    pay.millis(0.99),
                    rssMiB,
                    cpuSeconds,
                    purchases.get() == 0 ? Double.NaN : (double) commits / purchases.get(),
                    waits.averageBusy(),
                    waits.top(4));
        }
    }

    /** One line of results. */
    record Result(
            int clients,
            double seconds,
            long purchases,
            long declined,
            long failed,
            boolean exhausted,
            double preP50,
            double preP99,
            double payP50,
            double payP99,
            double rssMiB,
            double backendCpuSeconds,
            double commitsPerPurchase,
            double dbBusySessions,
            String topWaits) {
        static final String HEADER = "clients\tseconds\tpurchases\tpurchases_per_s\tprecheckout_p50_ms"
                + "\tprecheckout_p99_ms\tpayment_p50_ms\tpayment_p99_ms\tdeclined\tfailed\tbackend_rss_mib"
                + "\tbackend_cpu_s\tcommits_per_purchase\tdb_busy_sessions\tran_out_of_invoices\ttop_waits";

        double perSecond() {
            return purchases / seconds;
        }

        String tsv() {
            return String.format(
                    Locale.ROOT,
                    "%d\t%.1f\t%d\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%d\t%.0f\t%.1f\t%.1f\t%.2f\t%s\t%s",
                    clients,
                    seconds,
                    purchases,
                    perSecond(),
                    preP50,
                    preP99,
                    payP50,
                    payP99,
                    declined,
                    failed,
                    rssMiB,
                    backendCpuSeconds,
                    commitsPerPurchase,
                    dbBusySessions,
                    exhausted,
                    topWaits);
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%3d clients: %7.1f purchases/s (%d in %.1f s), pre-checkout p50 %.2f ms p99 %.2f ms,"
                            + " payment p50 %.2f ms p99 %.2f ms, declined %d, failed %d%s; backend RSS %.0f MiB,"
                            + " CPU %.1f s; %.1f commits/purchase; db busy %.2f: %s",
                    clients,
                    perSecond(),
                    purchases,
                    seconds,
                    preP50,
                    preP99,
                    payP50,
                    payP99,
                    declined,
                    failed,
                    exhausted ? " (ran out of invoices)" : "",
                    rssMiB,
                    backendCpuSeconds,
                    commitsPerPurchase,
                    dbBusySessions,
                    topWaits);
        }
    }
}
