package io.rafflestars.console.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.console.platform.FeedMessage;
import io.rafflestars.console.platform.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

/** The streaming table's rules, without the JavaFX toolkit. */
class TransactionsViewModelTest {
    private long nextId = 1;

    private FeedMessage sale(long raffle, long player, long amount) {
        ObjectNode d = Json.mapper()
                .createObjectNode()
                .put("raffle", raffle)
                .put("player", player)
                .put("amount", amount);
        d.putArray("numbers").add(1).add(2);
        return new FeedMessage(nextId++, "sales", "TicketsSold", Instant.now(), d);
    }

    private FeedMessage refund(long raffle, long player, long amount) {
        ObjectNode d = Json.mapper()
                .createObjectNode()
                .put("raffle", raffle)
                .put("player", player)
                .put("amount", amount)
                .put("state", "CONFIRMED")
                .put("chargeId", "ch-" + nextId);
        return new FeedMessage(nextId++, "payments", "RefundChanged", Instant.now(), d);
    }

    @Test
    void aBatchIsOneChangeNewestFirstAndOtherEventsAreIgnored() {
        TransactionsViewModel vm = new TransactionsViewModel();
        AtomicInteger changes = new AtomicInteger();
        vm.rows().addListener((ListChangeListener<TransactionsViewModel.Txn>) c -> changes.incrementAndGet());
        FeedMessage audit = new FeedMessage(
                99, "audit", "AuditAppended", Instant.now(), Json.mapper().createObjectNode());
        vm.onEvents(List.of(sale(1, 10, 5), audit, sale(1, 11, 15), refund(1, 10, 5)));
        assertThat(changes).hasValue(1);
        assertThat(vm.rows())
                .extracting(TransactionsViewModel.Txn::kind)
                .containsExactly(
                        TransactionsViewModel.Kind.REFUND,
                        TransactionsViewModel.Kind.SALE,
                        TransactionsViewModel.Kind.SALE);
        assertThat(vm.rows().get(1).detail()).isEqualTo("tickets 1, 2");
        assertThat(vm.seenProperty().get()).isEqualTo(3);
    }

    @Test
    void memoryIsCappedHoweverManyEventsArrive() {
        TransactionsViewModel vm = new TransactionsViewModel();
        for (int batch = 0; batch < 30; batch++) {
            List<FeedMessage> events = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                events.add(sale(1, i, 1));
            }
            vm.onEvents(events);
        }
        assertThat(vm.rows()).hasSize(TransactionsViewModel.CAP);
        assertThat(vm.rows().getFirst().eventId()).isEqualTo(nextId - 1);
        assertThat(vm.seenProperty().get()).isEqualTo(30_000);
    }

    @Test
    void pausedHoldsEventsAndResumeShowsThemInOrder() {
        TransactionsViewModel vm = new TransactionsViewModel();
        vm.onEvents(List.of(sale(1, 1, 5)));
        vm.pausedProperty().set(true);
        vm.onEvents(List.of(sale(1, 2, 5), sale(1, 3, 5)));
        assertThat(vm.rows()).hasSize(1);
        assertThat(vm.heldCountProperty().get()).isEqualTo(2);
        vm.pausedProperty().set(false);
        assertThat(vm.rows()).extracting(TransactionsViewModel.Txn::playerId).containsExactly(3L, 2L, 1L);
        assertThat(vm.heldCountProperty().get()).isZero();
    }

    @Test
    void filterByKindAndSearchByRaffleOrPlayer() {
        TransactionsViewModel vm = new TransactionsViewModel();
        vm.onEvents(List.of(sale(1, 10, 5), sale(2, 11, 7), refund(2, 10, 7)));
        vm.kindProperty().set(TransactionsViewModel.Kind.SALE);
        assertThat(vm.visible()).hasSize(2);
        vm.searchProperty().set("raffle:2");
        assertThat(vm.visible()).extracting(TransactionsViewModel.Txn::playerId).containsExactly(11L);
        vm.kindProperty().set(null);
        vm.searchProperty().set("player:10");
        assertThat(vm.visible()).hasSize(2);
        vm.searchProperty().set("confirmed");
        assertThat(vm.visible())
                .extracting(TransactionsViewModel.Txn::kind)
                .containsExactly(TransactionsViewModel.Kind.REFUND);
        vm.searchProperty().set("");
        assertThat(vm.visible()).hasSize(3);
    }
}
