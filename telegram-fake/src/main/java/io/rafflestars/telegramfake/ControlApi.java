package io.rafflestars.telegramfake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * HTTP endpoints for demos, where a browser plays the user: {@code POST /_fake/invoices/pay} with
 * {@code {"link": "...", "user_id": N, "first_name": "..."}} runs the same flow as {@link FakePlayer#pay(Invoice)}.
 * Without {@code link}, the newest invoice sent to the user's chat is paid.
 */
final class ControlApi {

    private final FakeTelegram fake;

    ControlApi(FakeTelegram fake) {
        this.fake = fake;
    }

    void handle(HttpExchange exchange) throws IOException {
        // The demo page may be served from another origin than the fake.
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "POST, OPTIONS");
        exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type");
        String verb = exchange.getRequestMethod();
        if (verb.equals("OPTIONS")) {
            exchange.sendResponseHeaders(204, -1);
            return;
        }
        if (!exchange.getRequestURI().getPath().equals("/_fake/invoices/pay")) {
            HttpFront.writeJson(exchange, 404, error("no such control endpoint"));
            return;
        }
        if (!verb.equals("POST")) {
            HttpFront.writeJson(exchange, 405, error("use POST"));
            return;
        }
        JsonNode request;
        try {
            request = TelegramObjects.MAPPER.readTree(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            HttpFront.writeJson(exchange, 400, error("body must be a JSON object"));
            return;
        }
        long userId = request == null ? 0 : request.path("user_id").asLong(0);
        if (userId <= 0) {
            HttpFront.writeJson(exchange, 400, error("user_id must be a positive number"));
            return;
        }
        String link = request.path("link").asText("");
        Optional<Invoice> invoice = link.isEmpty() ? fake.lastInvoiceFor(userId) : fake.invoiceByLink(link);
        if (invoice.isEmpty()) {
            HttpFront.writeJson(exchange, 404, error("no such invoice"));
            return;
        }
        FakePlayer player = fake.player(
                userId,
                request.path("first_name").asText("Player " + userId),
                request.hasNonNull("language_code")
                        ? request.get("language_code").asText()
                        : null);
        PaymentOutcome outcome;
        try {
            outcome = player.pay(invoice.get());
        } catch (IllegalStateException e) {
            HttpFront.writeJson(exchange, 409, error(e.getMessage()));
            return;
        }
        HttpFront.writeJson(exchange, 200, describe(outcome));
    }

    private static ObjectNode describe(PaymentOutcome outcome) {
        ObjectNode body = TelegramObjects.object();
        switch (outcome) {
            case PaymentOutcome.Paid paid -> {
                body.put("status", "paid");
                body.put("charge_id", paid.chargeId());
            }
            case PaymentOutcome.Declined declined -> {
                body.put("status", "declined");
                body.put("error_message", declined.errorMessage());
            }
            case PaymentOutcome.NoAnswer noAnswer -> body.put("status", "no_answer");
        }
        return body;
    }

    private static ObjectNode error(String message) {
        ObjectNode body = TelegramObjects.object();
        body.put("error", message);
        return body;
    }
}
