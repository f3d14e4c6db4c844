package io.rafflestars.common.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TicketListTest {

    @Test
    void sortsByTicketNumberWithoutTouchingCallerArrays() {
        long[] numbers = {3, 1, 2};
        long[] players = {30, 10, 20};
        TicketList t = TicketList.of(numbers, players);
        assertThat(t.asList()).containsExactly(new Ticket(1, 10), new Ticket(2, 20), new Ticket(3, 30));
        assertThat(numbers).containsExactly(3, 1, 2);
        assertThat(players).containsExactly(30, 10, 20);
        numbers[0] = 99;
        assertThat(t.number(2)).isEqualTo(3);
    }

    @Test
    void rejectsDuplicatesNonPositiveNumbersAndLengthMismatch() {
        assertThatThrownBy(() -> TicketList.of(new long[] {5, 2, 5}, new long[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate ticket number 5");
        assertThatThrownBy(() -> TicketList.of(new long[] {0, 1}, new long[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TicketList.of(new long[] {1}, new long[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ticket(-1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TicketList.of(new Ticket(1, 1), new Ticket(1, 2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mergeSortAgreesWithTheJdkOnManySizes() {
        Random random = new Random(7);
        for (int size : new int[] {0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 100, 1023, 1025, 10_000}) {
            List<Ticket> tickets = new ArrayList<>();
            for (int i = 1; i <= size; i++) {
                tickets.add(new Ticket(i * 3L + random.nextInt(3), random.nextLong()));
            }
            Collections.shuffle(tickets, random);
            TicketList list = TicketList.of(tickets);
            List<Ticket> expected = new ArrayList<>(tickets);
            expected.sort(Comparator.comparingLong(Ticket::number));
            assertThat(list.asList()).isEqualTo(expected);
            assertThat(list.size()).isEqualTo(size);
        }
    }

    @Test
    void hashDoesNotDependOnInputOrderButOnEverythingElse() {
        TicketList a = TicketList.of(new long[] {1, 2, 3}, new long[] {7, 8, 9});
        TicketList b = TicketList.of(new long[] {3, 1, 2}, new long[] {9, 7, 8});
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(ProvableDraw.ticketsHashHex(1, a)).isEqualTo(ProvableDraw.ticketsHashHex(1, b));
        assertThat(ProvableDraw.ticketsHashHex(2, a)).isNotEqualTo(ProvableDraw.ticketsHashHex(1, a));
        TicketList owner = TicketList.of(new long[] {1, 2, 3}, new long[] {7, 8, 8});
        assertThat(ProvableDraw.ticketsHashHex(1, owner)).isNotEqualTo(ProvableDraw.ticketsHashHex(1, a));
    }

    @Test
    void hashOfLargeListStreamsThroughTheBufferCorrectly() throws Exception {
        // 5000 tickets is 80,000 bytes: several refills of the 16 KiB buffer.
        int n = 5000;
        long[] numbers = new long[n];
        long[] players = new long[n];
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.write("raffle-stars/tickets/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeLong(-9);
        out.writeLong(n);
        for (int i = 0; i < n; i++) {
            numbers[i] = i + 1;
            players[i] = -i * 31L;
            out.writeLong(numbers[i]);
            out.writeLong(players[i]);
        }
        byte[] expected = java.security.MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
        assertThat(ProvableDraw.ticketsHash(-9, TicketList.of(numbers, players)))
                .isEqualTo(expected);
    }
}
