package io.rafflestars.telegramfake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Open pre-checkout queries and their deadline: Telegram only accepts an answer within 10 seconds. */
final class PreCheckoutDesk {

    record Open(
            String id, Invoice invoice, Account payer, Instant deadline, CompletableFuture<PreCheckoutAnswer> answer) {}

    private final Clock clock;
    private final Map<String, Open> open = new ConcurrentHashMap<>();

    PreCheckoutDesk(Clock clock) {
        this.clock = clock;
    }

    Open open(Invoice invoice, Account payer, Duration timeout) {
        Open query = new Open(Ids.queryId(), invoice, payer, clock.instant().plus(timeout), new CompletableFuture<>());
        open.put(query.id(), query);
        return query;
    }

    /** Takes the bot's answer; unknown, late and repeated answers get the error Telegram gives. */
    void answer(String id, boolean ok, String errorMessage) {
        Open query = open.remove(id);
        if (query == null) {
            throw new BotApiException(400, BotApiException.QUERY_ID_INVALID);
        }
        Instant now = clock.instant();
        if (now.isAfter(query.deadline())) {
            throw new BotApiException(400, BotApiException.QUERY_ID_INVALID);
        }
        query.answer().complete(new PreCheckoutAnswer(ok, ok ? null : errorMessage, now));
    }

    /** Forgets a query whose deadline passed, so a late answer is refused even with a skewed clock. */
    void expire(String id) {
        open.remove(id);
    }
}
