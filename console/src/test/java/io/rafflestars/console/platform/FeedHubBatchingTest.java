package io.rafflestars.console.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.console.transactions.TransactionsViewModel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * The real UI hand-off (FxUi on the JavaFX toolkit, headless under Monocle): a burst of feed events from a socket
 * thread reaches the screens in order, on the FX thread, in far fewer batches than events.
 */
class FeedHubBatchingTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void aBurstArrivesInOrderOnTheFxThreadInBatches() {
        FxUi ui = new FxUi();
        FeedHub hub = new FeedHub(ui, new StatusModel());
        TransactionsViewModel tx = new TransactionsViewModel();
        List<Long> ids = new CopyOnWriteArrayList<>();
        AtomicInteger batches = new AtomicInteger();
        AtomicBoolean offThread = new AtomicBoolean();
        hub.subscribe(batch -> {
            if (!Platform.isFxApplicationThread()) {
                offThread.set(true);
            }
            batches.incrementAndGet();
            batch.forEach(e -> ids.add(e.id()));
        });
        hub.subscribe(tx::onEvents);
        int events = 20_000;
        Thread socket = Thread.ofPlatform().start(() -> {
            for (int i = 1; i <= events; i++) {
                ObjectNode d = Json.mapper()
                        .createObjectNode()
                        .put("raffle", 1)
                        .put("player", i)
                        .put("amount", 5);
                d.putArray("numbers").add(i);
                hub.event(new FeedMessage(i, "sales", "TicketsSold", Instant.now(), d));
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.size() == events);
        assertThat(socket.isAlive()).isFalse();
        assertThat(offThread).isFalse();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(batches.get()).isLessThan(events);
        System.out.println(events + " events reached the screens in " + batches.get() + " batches");
        await().atMost(Duration.ofSeconds(10)).until(() -> tx.seenProperty().get() == events);
        assertThat(tx.rows()).hasSize(TransactionsViewModel.CAP);
        ui.shutdown();
    }
}
