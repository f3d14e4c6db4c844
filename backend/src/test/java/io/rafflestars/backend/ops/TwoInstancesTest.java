package io.rafflestars.backend.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.rafflestars.backend.Backend;
import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.platform.Settings;
import io.rafflestars.backend.raffle.Raffle;
import io.rafflestars.backend.raffle.RaffleSpec;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.Invariants;
import io.rafflestars.backend.testing.Scenarios;
import io.rafflestars.backend.testing.TestBackend;
import io.rafflestars.backend.testing.TestDatabases;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.FakeTelegram;
import io.rafflestars.telegramfake.PaymentOutcome;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two backend instances on one database, as two Railway replicas behind one load balancer: both run the scheduler,
 * Telegram's deliveries alternate between them, and every delivery is then replayed to both at once. Each due raffle
 * is opened and closed exactly once, each update handled exactly once, each payment credited once.
 */
@ExtendWith(FreshDatabase.class)
class TwoInstancesTest {

    @Test
    void schedulerAndWebhookOnTwoInstancesDoEverythingOnce(DatabaseUrl url) throws Exception {
        try (FakeTelegram telegram = FakeTelegram.start(TestBackend.BOT_TOKEN);
                Backend a = start(url, telegram);
                Backend b = start(url, telegram);
                Balancer lb = new Balancer(List.of(a.port(), b.port()))) {
            telegram.webhook(lb.uri(), TestBackend.WEBHOOK_SECRET);

            // raffles the schedulers of both instances must open and then close, each once
            Instant now = Instant.now();
            List<Raffle> raffles = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                RaffleSpec spec =
                        timed(Scenarios.spec("Twin " + i, 5, 100, 10), now.plusSeconds(2), now.plusSeconds(12 + i));
                Raffle r = a.services().raffles().create(spec, Scenarios.OPERATOR);
                raffles.add(b.services().raffles().publish(r.id(), Scenarios.OPERATOR));
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> raffles.stream()
                            .allMatch(r -> a.services()
                                    .raffles()
                                    .get(r.id())
                                    .state()
                                    .name()
                                    .equals("OPEN")));

            // players buy while the raffles are open; the balancer spreads Telegram's deliveries over both
            List<FakePlayer> players = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                players.add(telegram.player(660000 + i, "Twin" + i, "en"));
            }
            List<CompletableFuture<PaymentOutcome>> paid = new ArrayList<>();
            for (FakePlayer p : players) {
                paid.add(CompletableFuture.supplyAsync(() -> p.pay(Scenarios.invoiceViaBot(
                        p, raffles.get((int) (p.userId() % 4)).id(), 1))));
            }
            for (var f : paid) {
                assertThat(f.get()).isInstanceOf(PaymentOutcome.Paid.class);
            }
            assertThat(lb.served(0)).as("deliveries to instance a").isPositive();
            assertThat(lb.served(1)).as("deliveries to instance b").isPositive();

            // Telegram delivers everything again, to both instances at the same moment
            long updates = TestDatabases.count(url, "SELECT count(*) FROM telegram_update");
            long messages = TestDatabases.count(url, "SELECT count(*) FROM outgoing_message");
            List<ObjectNode> delivered = telegram.deliveredUpdates();
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Integer>> replays = new ArrayList<>();
            for (ObjectNode update : delivered) {
                for (Backend target : List.of(a, b)) {
                    replays.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return post(target, update.toString());
                    }));
                }
            }
            go.countDown();
            for (var r : replays) {
                assertThat(r.get()).isEqualTo(200);
            }
            assertThat(TestDatabases.count(url, "SELECT count(*) FROM telegram_update"))
                    .isEqualTo(updates);
            assertThat(TestDatabases.count(url, "SELECT count(*) FROM outgoing_message"))
                    .isEqualTo(messages);
            assertThat(TestDatabases.count(url, "SELECT count(*) FROM payment")).isEqualTo(players.size());
            assertThat(TestDatabases.count(url, "SELECT count(*) FROM ticket")).isEqualTo(players.size());

            await().atMost(Duration.ofSeconds(40))
                    .until(() -> raffles.stream()
                            .allMatch(r -> a.services()
                                    .raffles()
                                    .get(r.id())
                                    .state()
                                    .name()
                                    .equals("CLOSED")));
            for (Raffle r : raffles) {
                for (String action : List.of("raffle.open", "raffle.close")) {
                    assertThat(TestDatabases.count(
                                    url,
                                    "SELECT count(*) FROM audit_log WHERE target_type = 'raffle' AND target_id = '"
                                            + r.id() + "' AND action = '" + action + "'"))
                            .as(action + " of raffle " + r.id())
                            .isEqualTo(1);
                }
            }
            // every bot message of the run went out once, though both instances send from one queue
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> TestDatabases.count(url, "SELECT count(*) FROM outgoing_message WHERE state <> 'SENT'")
                            == 0);
            assertThat(telegram.calls("sendMessage").size()
                            + telegram.calls("sendInvoice").size())
                    .isEqualTo((int) TestDatabases.count(url, "SELECT count(*) FROM outgoing_message"));
        }
        Invariants.assertHold(url);
    }

    private static Backend start(DatabaseUrl url, FakeTelegram telegram) {
        Map<String, String> env = new HashMap<>();
        env.put("HOST", "127.0.0.1");
        env.put("PORT", "0");
        env.put("SHUTDOWN_DRAIN_MILLIS", "0");
        env.put("DB_POOL_SIZE", "4");
        env.put("WORKER_POLL_MILLIS", "50");
        env.put("TELEGRAM_BOT_TOKEN", TestBackend.BOT_TOKEN);
        env.put("TELEGRAM_WEBHOOK_SECRET", TestBackend.WEBHOOK_SECRET);
        env.put("TELEGRAM_API_URL", telegram.baseUrl().toString());
        env.put("JWT_SECRET", TestBackend.JWT_SECRET);
        return Backend.start(Settings.from(env), url);
    }

    private static RaffleSpec timed(RaffleSpec s, Instant starts, Instant ends) {
        return new RaffleSpec(
                s.title(),
                s.description(),
                s.ticketPrice(),
                s.totalTickets(),
                s.perPlayerCap(),
                s.minTickets(),
                starts,
                ends,
                s.drawMode(),
                s.houseFeeBps(),
                s.prizeChannel(),
                s.repeatWinnerPolicy(),
                s.sweepstakes(),
                s.jurisdictionNote(),
                s.prizes());
    }

    private static int post(Backend target, String body) {
        return TestBackend.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + "/telegram/webhook"))
                                .header("X-Telegram-Bot-Api-Secret-Token", TestBackend.WEBHOOK_SECRET)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build())
                .statusCode();
    }

    /** A round-robin load balancer in front of the instances, as Railway's edge spreads requests over replicas. */
    private static final class Balancer implements AutoCloseable {
        private final HttpServer server;
        private final List<Integer> ports;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger[] served;

        Balancer(List<Integer> ports) throws IOException {
            this.ports = ports;
            this.served = new AtomicInteger[ports.size()];
            for (int i = 0; i < served.length; i++) {
                served[i] = new AtomicInteger();
            }
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                int i = Math.floorMod(next.getAndIncrement(), ports.size());
                served[i].incrementAndGet();
                HttpRequest.Builder forward = HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + ports.get(i) + exchange.getRequestURI()))
                        .method(
                                exchange.getRequestMethod(),
                                HttpRequest.BodyPublishers.ofByteArray(
                                        exchange.getRequestBody().readAllBytes()));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (name.equalsIgnoreCase("Content-Type") || name.startsWith("X-")) {
                        values.forEach(v -> forward.header(name, v));
                    }
                });
                var res = TestBackend.send(forward.build());
                byte[] out = res.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(res.statusCode(), out.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            });
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/telegram/webhook");
        }

        int served(int instance) {
            return served[instance].get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
