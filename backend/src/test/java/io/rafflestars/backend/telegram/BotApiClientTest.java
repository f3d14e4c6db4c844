package io.rafflestars.backend.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.telegramfake.FakeTelegram;
import io.rafflestars.telegramfake.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Bot API client against the fake Telegram over real HTTP: envelopes, retries, retry_after, no leaked token. */
class BotApiClientTest {
    private static final String TOKEN = "4242:client-test-token";

    private FakeTelegram fake;
    private final List<Duration> slept = new ArrayList<>();
    private BotApiClient client;

    @BeforeEach
    void start() {
        fake = FakeTelegram.start(TOKEN);
        client = new BotApiClient(fake.baseUrl(), TOKEN, slept::add);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void getMeReturnsTheResult() {
        assertThat(client.getMe().path("id").asLong()).isEqualTo(fake.botId());
    }

    @Test
    void tooManyRequestsWaitsRetryAfterThenSucceeds() {
        fake.faults().next("sendMessage", new Fault.TooManyRequests(2));
        client.call("sendMessage", message(77, "hello"));
        assertThat(slept).containsExactly(Duration.ofSeconds(2));
        assertThat(fake.calls("sendMessage")).hasSize(2);
        assertThat(fake.messagesTo(77)).hasSize(1);
    }

    @Test
    void serverErrorsBackOffExponentially() {
        fake.faults().next("sendMessage", 2, new Fault.ServerError(502));
        client.call("sendMessage", message(78, "hi"));
        assertThat(slept).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(fake.messagesTo(78)).hasSize(1);
    }

    @Test
    void aBadRequestFailsAtOnceWithTelegramsDescription() {
        fake.faults().next("sendMessage", new Fault.BadRequest("chat not found"));
        assertThatThrownBy(() -> client.call("sendMessage", message(79, "x")))
                .isInstanceOfSatisfying(BotApiException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(400);
                    assertThat(e.description()).isEqualTo("Bad Request: chat not found");
                    assertThat(e.transientFailure()).isFalse();
                });
        assertThat(slept).isEmpty();
        assertThat(fake.calls("sendMessage")).hasSize(1);
    }

    @Test
    void aRetryAfterBeyondTheDeadlineIsLeftToTheCaller() {
        fake.faults().next("sendMessage", new Fault.TooManyRequests(120));
        assertThatThrownBy(() -> client.call("sendMessage", message(80, "x")))
                .isInstanceOfSatisfying(
                        BotApiException.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(120));
        assertThat(slept).isEmpty();
    }

    @Test
    void aTimeoutIsTransientAndTheMessageNeverHoldsTheToken() {
        fake.faults().next("answerPreCheckoutQuery", 3, new Fault.Timeout(Duration.ofSeconds(3)));
        assertThatThrownBy(() -> client.answerPreCheckoutQuery("q-1", true, null))
                .isInstanceOfSatisfying(BotApiException.class, e -> {
                    assertThat(e.errorCode()).isZero();
                    assertThat(e.transientFailure()).isTrue();
                    assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain("client-test-token");
                });
    }

    @Test
    void giftsAndPremiumAreBoughtWithTheBotsStarsAndNeverRetriedBlindly() {
        fake.topUpStars(1100);
        String gift = client.getAvailableGifts().path("gifts").get(0).path("id").asText();
        client.sendGift(77, gift, "Your prize");
        client.giftPremiumSubscription(77, 3, 1000, null);
        assertThat(fake.sentGifts()).hasSize(2);
        assertThat(fake.starBalance()).isLessThan(100);
        // a 502 may hide a purchase that happened: the client does not call again, the caller decides
        fake.faults().next("sendGift", new Fault.ServerError(502));
        assertThatThrownBy(() -> client.sendGift(77, gift, null))
                .isInstanceOfSatisfying(
                        BotApiException.class, e -> assertThat(e.errorCode()).isEqualTo(502));
        assertThat(fake.calls("sendGift")).hasSize(2);
        assertThat(slept).isEmpty();
    }

    @Test
    void refundOfAnUnknownChargeIsARefusalNotARetry() {
        assertThatThrownBy(() -> client.refundStarPayment(5, "no-such-charge"))
                .isInstanceOfSatisfying(BotApiException.class, e -> {
                    assertThat(e.says("CHARGE_NOT_FOUND")).isTrue();
                    assertThat(e.transientFailure()).isFalse();
                });
    }

    @Test
    void invoiceLinksAreInStarsWithOnePriceAndNoProviderToken() {
        String link = client.createInvoiceLink("Moon", "3 tickets", "payload-0123456789abcdef", "3 × ticket", 15);
        assertThat(link).startsWith("https://t.me/$");
        ObjectNode sent = fake.calls("createInvoiceLink").getFirst().params();
        assertThat(sent.path("currency").asText()).isEqualTo("XTR");
        assertThat(sent.path("provider_token").asText()).isEmpty();
        assertThat(sent.path("prices")).hasSize(1);
        assertThat(fake.invoiceByLink(link)).isPresent();
    }

    private static ObjectNode message(long chat, String text) {
        ObjectNode m = Json.mapper().createObjectNode();
        m.put("chat_id", chat);
        m.put("text", text);
        return m;
    }
}
