package io.rafflestars.telegramfake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fault injection: each kind answers like Telegram does, in the queued order, for the queued number of calls. */
class FaultsTest {

    private FakeTelegram fake;
    private BotClient client;

    @BeforeEach
    void start() {
        fake = FakeTelegram.start("1:faults");
        client = new BotClient(fake);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() {
        fake.faults().next("sendMessage", new Fault.TooManyRequests(3));

        BotClient.Reply throttled = client.call("sendMessage", "chat_id", 1, "text", "x");

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.body().toString())
                .isEqualTo("{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 3\","
                        + "\"parameters\":{\"retry_after\":3}}");
        assertThat(fake.messagesTo(1)).isEmpty();
        assertThat(client.call("sendMessage", "chat_id", 1, "text", "x").ok()).isTrue();
        // Both attempts are recorded, so tests can assert that the client retried.
        assertThat(fake.calls("sendMessage")).hasSize(2);
    }

    @Test
    void serverErrorsUseTheirStatus() {
        fake.faults().next("getMe", new Fault.ServerError(500)).next("getMe", new Fault.ServerError(502));

        BotClient.Reply first = client.call("getMe");
        BotClient.Reply second = client.call("getMe");

        assertThat(first.status()).isEqualTo(500);
        assertThat(first.body().toString())
                .isEqualTo("{\"ok\":false,\"error_code\":500,\"description\":\"Internal Server Error\"}");
        assertThat(second.status()).isEqualTo(502);
        assertThat(second.body().path("error_code").asInt()).isEqualTo(502);
        assertThat(second.description()).isEqualTo("Bad Gateway");
        assertThat(client.call("getMe").ok()).isTrue();
    }

    @Test
    void timeoutDelaysTheAnswerButTheCallStillTakesEffect() {
        fake.faults().next("sendMessage", new Fault.Timeout(Duration.ofMillis(1500)));

        assertThatThrownBy(() -> client.callJson(
                        "sendMessage", BotClient.params("chat_id", 3, "text", "late"), Duration.ofMillis(300)))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(HttpTimeoutException.class);

        // The client gave up, yet Telegram delivers the message: the classic duplicate-on-retry trap.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (fake.messagesTo(3).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(fake.messagesTo(3)).extracting(m -> m.path("text").asText()).containsExactly("late");
    }

    @Test
    void badRequestAndForbiddenGetTheirPrefixes() {
        fake.faults()
                .next("sendMessage", new Fault.BadRequest("chat not found"))
                .next("sendMessage", new Fault.BadRequest("Bad Request: message is too long"))
                .next("sendMessage", new Fault.Forbidden("bot was blocked by the user"));

        BotClient.Reply first = client.call("sendMessage", "chat_id", 1, "text", "x");
        BotClient.Reply second = client.call("sendMessage", "chat_id", 1, "text", "x");
        BotClient.Reply third = client.call("sendMessage", "chat_id", 1, "text", "x");

        assertThat(first.status()).isEqualTo(400);
        assertThat(first.description()).isEqualTo("Bad Request: chat not found");
        assertThat(second.description()).isEqualTo("Bad Request: message is too long");
        assertThat(third.status()).isEqualTo(403);
        assertThat(third.description()).isEqualTo("Forbidden: bot was blocked by the user");
        assertThat(fake.messagesTo(1)).isEmpty();
    }

    @Test
    void faultsRepeatTheGivenNumberOfTimesPerMethodCaseInsensitively() {
        fake.faults().next("GETME", 2, new Fault.ServerError(503));

        assertThat(fake.faults().remaining("getMe")).isEqualTo(2);
        assertThat(client.call("sendMessage", "chat_id", 1, "text", "x").ok()).isTrue();
        assertThat(client.call("getme").status()).isEqualTo(503);
        assertThat(client.call("getMe").status()).isEqualTo(503);
        assertThat(client.call("getMe").status()).isEqualTo(200);
        assertThat(fake.faults().remaining("getMe")).isZero();
    }

    @Test
    void clearForgetsQueuedFaults() {
        fake.faults().next("getMe", 5, new Fault.TooManyRequests(1));
        fake.faults().clear();

        assertThat(client.call("getMe").ok()).isTrue();
    }
}
