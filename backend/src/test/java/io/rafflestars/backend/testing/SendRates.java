package io.rafflestars.backend.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.rafflestars.telegramfake.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Telegram's limits checked from what the fake Telegram recorded (when each call arrived there), never from our own
 * timing: at most 30 messages in any one second for the bot, and a second or more between two messages to one chat.
 */
public final class SendRates {
    /** Telegram's bulk limit: about 30 messages a second for a bot. */
    public static final int BOT_PER_SECOND = 30;
    /**
     * Between two messages to one chat at Telegram. The queue frees a chat a second after Telegram answered (by the
     * database's clock, on this machine the fake's clock too); a few milliseconds cover the two clocks' rounding.
     */
    public static final Duration CHAT_GAP = Duration.ofMillis(995);

    private SendRates() {}

    /** The most calls that arrived within any one second (a sliding window). */
    public static int busiestSecond(List<RecordedCall> calls) {
        List<Instant> at = calls.stream().map(RecordedCall::at).sorted().toList();
        int most = 0;
        int from = 0;
        for (int to = 0; to < at.size(); to++) {
            while (!at.get(from).plus(Duration.ofSeconds(1)).isAfter(at.get(to))) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }

    /** The shortest time between two calls to one chat, over all chats (null when no chat had two). */
    public static Duration shortestChatGap(List<RecordedCall> calls) {
        Map<Long, List<Instant>> byChat = calls.stream()
                .collect(Collectors.groupingBy(
                        c -> c.params().path("chat_id").asLong(),
                        Collectors.mapping(RecordedCall::at, Collectors.toList())));
        Duration shortest = null;
        for (List<Instant> times : byChat.values()) {
            times.sort(Comparator.naturalOrder());
            for (int i = 1; i < times.size(); i++) {
                Duration gap = Duration.between(times.get(i - 1), times.get(i));
                if (shortest == null || gap.compareTo(shortest) < 0) {
                    shortest = gap;
                }
            }
        }
        return shortest;
    }

    /** Both limits hold for {@code calls}. */
    public static void assertWithinTelegramLimits(List<RecordedCall> calls) {
        assertThat(busiestSecond(calls))
                .as("messages in the busiest second at Telegram")
                .isLessThanOrEqualTo(BOT_PER_SECOND);
        Duration gap = shortestChatGap(calls);
        if (gap != null) {
            assertThat(gap).as("shortest gap between two messages to one chat").isGreaterThanOrEqualTo(CHAT_GAP);
        }
    }
}
