package io.rafflestars.telegramfake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** sendInvoice and createInvoiceLink: Stars-only validation, the returned objects, and invoice capture. */
class InvoicesTest {

    private FakeTelegram fake;
    private BotClient client;

    @BeforeEach
    void start() {
        fake = FakeTelegram.start("2:invoices");
        client = new BotClient(fake);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private static ObjectNode stars(int... amounts) {
        List<Map<String, Object>> prices = java.util.Arrays.stream(amounts)
                .mapToObj(a -> Map.<String, Object>of("label", "Ticket", "amount", a))
                .toList();
        return BotClient.params(
                "title",
                "Raffle ticket",
                "description",
                "One ticket for Friday's draw",
                "payload",
                "raffle:9:ticket",
                "currency",
                "XTR",
                "prices",
                prices);
    }

    @Test
    void sendInvoiceReturnsAnInvoiceMessageAndCapturesTheInvoice() {
        BotClient.Reply reply = client.callJson(
                "sendInvoice",
                stars(25).put("chat_id", 77).put("provider_token", "").put("start_parameter", "r9"));

        assertThat(reply.ok()).as(reply.body().toString()).isTrue();
        assertThat(reply.result().at("/chat/id").asLong()).isEqualTo(77);
        assertThat(reply.result().at("/from/id").asLong()).isEqualTo(fake.botId());
        assertThat(reply.result().path("invoice").toString())
                .isEqualTo("{\"title\":\"Raffle ticket\",\"description\":\"One ticket for Friday's draw\","
                        + "\"start_parameter\":\"r9\",\"currency\":\"XTR\",\"total_amount\":25}");

        Invoice invoice = fake.lastInvoiceFor(77).orElseThrow();
        assertThat(invoice.payload()).isEqualTo("raffle:9:ticket");
        assertThat(invoice.amount()).isEqualTo(25);
        assertThat(invoice.currency()).isEqualTo("XTR");
        assertThat(invoice.chatId()).isEqualTo(77);
        assertThat(invoice.messageId())
                .isEqualTo(reply.result().path("message_id").asLong());
        assertThat(invoice.isLink()).isFalse();
        assertThat(fake.messagesTo(77)).hasSize(1);
        assertThat(fake.player(77, "Cy", null).lastInvoice()).contains(invoice);
    }

    @Test
    void createInvoiceLinkReturnsATelegramLinkFindableByUrlOrSlug() {
        String first = client.callJson("createInvoiceLink", stars(10)).result().asText();
        String second = client.callJson("createInvoiceLink", stars(20)).result().asText();

        assertThat(first).matches("https://t\\.me/\\$[A-Za-z0-9_-]{20,}");
        assertThat(second).isNotEqualTo(first);
        assertThat(fake.invoiceByLink(first).orElseThrow().amount()).isEqualTo(10);
        assertThat(fake.invoiceByLink(second.substring(second.indexOf('$')))
                        .orElseThrow()
                        .amount())
                .isEqualTo(20);
        assertThat(fake.invoiceByLink("https://t.me/$nope")).isEmpty();
        assertThat(fake.invoices()).extracting(Invoice::link).containsExactly(first, second);
        assertThat(fake.invoices()).allSatisfy(i -> assertThat(i.chatId()).isNull());
    }

    @Test
    void anotherCurrencyThanStarsIsRefusedWithoutAProvider() {
        BotClient.Reply reply =
                client.callJson("sendInvoice", stars(25).put("chat_id", 77).put("currency", "USD"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.description()).isEqualTo("Bad Request: PAYMENT_PROVIDER_INVALID");
        assertThat(fake.invoices()).isEmpty();
        assertThat(fake.messagesTo(77)).isEmpty();
    }

    @Test
    void aProviderTokenIsRefused() {
        BotClient.Reply reply =
                client.callJson("createInvoiceLink", stars(25).put("provider_token", "284685063:TEST:x"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.description()).isEqualTo("Bad Request: PAYMENT_PROVIDER_INVALID");
    }

    @Test
    void starsInvoicesTakeExactlyOnePriceAndNoTips() {
        BotClient.Reply twoPrices = client.callJson("sendInvoice", stars(20, 5).put("chat_id", 77));
        BotClient.Reply tips = client.callJson("createInvoiceLink", stars(20).put("max_tip_amount", 5));

        assertThat(twoPrices.status()).isEqualTo(400);
        assertThat(twoPrices.description()).isEqualTo("Bad Request: STARS_INVOICE_INVALID");
        assertThat(tips.description()).isEqualTo("Bad Request: STARS_INVOICE_INVALID");
        assertThat(fake.invoices()).isEmpty();
    }

    @Test
    void malformedPricesAreRejectedLikeTelegramDoes() {
        assertThat(client.callJson("createInvoiceLink", stars().put("prices", "[]"))
                        .description())
                .isEqualTo("Bad Request: there must be at least one price");
        assertThat(client.callJson("createInvoiceLink", stars().put("prices", "{\"amount\":1}"))
                        .description())
                .isEqualTo("Bad Request: expected an Array of labeled prices");
        assertThat(client.callJson("createInvoiceLink", stars().put("prices", "[{"))
                        .description())
                .isEqualTo("Bad Request: can't parse prices JSON object");
        assertThat(client.callJson("createInvoiceLink", stars(0)).description())
                .isEqualTo("Bad Request: CURRENCY_TOTAL_AMOUNT_INVALID");
        assertThat(client.callJson("createInvoiceLink", stars(1).put("payload", "p".repeat(129)))
                        .status())
                .isEqualTo(400);
    }
}
