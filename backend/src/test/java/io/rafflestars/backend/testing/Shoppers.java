package io.rafflestars.backend.testing;

import io.rafflestars.backend.payment.PurchaseService;
import io.rafflestars.telegramfake.FakePlayer;
import io.rafflestars.telegramfake.FakeTelegram;
import io.rafflestars.telegramfake.Invoice;
import io.rafflestars.telegramfake.PaymentOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady load for fault scenarios: threads of players, each asking for an invoice and paying it, one after the
 * other, until closed. Failures (backend or database down) are counted, not thrown: they are the point.
 */
public final class Shoppers implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong nextPlayer;
    private final AtomicLong paid = new AtomicLong();
    private final AtomicLong unpaid = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    public Shoppers(FakeTelegram telegram, PurchaseService purchases, long raffleId, int threads, long firstPlayer) {
        this.nextPlayer = new AtomicLong(firstPlayer);
        for (int i = 0; i < threads; i++) {
            this.threads.add(Thread.ofVirtual().name("shopper-" + i).start(() -> {
                while (!stop.get()) {
                    long id = nextPlayer.getAndIncrement();
                    FakePlayer player = telegram.player(id, "S" + id, id % 2 == 0 ? "en" : "ru");
                    try {
                        Invoice invoice = Scenarios.invoiceDirect(purchases, player, raffleId, 1 + (int) (id % 3));
                        if (player.pay(invoice) instanceof PaymentOutcome.Paid) {
                            paid.incrementAndGet();
                        } else {
                            unpaid.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        sleep(100);
                    }
                }
            }));
        }
    }

    /** Payments Telegram took (whether or not the webhook got them). */
    public long paid() {
        return paid.get();
    }

    public long failures() {
        return failures.get();
    }

    public long unpaid() {
        return unpaid.get();
    }

    @Override
    public void close() {
        stop.set(true);
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
