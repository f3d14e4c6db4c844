package io.rafflestars.telegramfake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Routes HTTP: {@code /bot<token>/<method>} to the Bot API, {@code /_fake/...} to the control API. */
final class HttpFront implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(HttpFront.class.getName());

    private final String botToken;
    private final BotApi api;
    private final ControlApi control;

    HttpFront(String botToken, BotApi api, ControlApi control) {
        this.botToken = botToken;
        this.api = api;
        this.control = control;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/_fake/")) {
                control.handle(exchange);
            } else {
                writeEnvelope(exchange, botApi(exchange, path));
            }
        } catch (RuntimeException e) {
            // A bug in the fake must show up in the bot's test as Telegram's 500, not as a hung connection.
            LOG.log(Level.WARNING, "Fake Telegram failed on " + exchange.getRequestURI(), e);
            writeEnvelope(exchange, new BotApi.Answer.Failure(500, "Internal Server Error", null));
        }
    }

    private BotApi.Answer botApi(HttpExchange exchange, String path) throws IOException {
        if (!path.startsWith("/bot")) {
            return notFound();
        }
        String rest = path.substring("/bot".length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return notFound();
        }
        if (!rest.substring(0, slash).equals(botToken)) {
            return new BotApi.Answer.Failure(401, "Unauthorized", null);
        }
        String method = rest.substring(slash + 1);
        String verb = exchange.getRequestMethod();
        if (method.isEmpty() || method.contains("/") || !(verb.equals("GET") || verb.equals("POST"))) {
            return notFound();
        }
        ObjectNode params;
        try {
            params = Params.read(
                    exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestBody());
        } catch (BotApiException e) {
            return new BotApi.Answer.Failure(e.errorCode(), e.description(), null);
        } catch (IllegalArgumentException e) {
            return new BotApi.Answer.Failure(400, "Bad Request: can't decode parameters", null);
        }
        return api.invoke(method, params);
    }

    private static BotApi.Answer notFound() {
        return new BotApi.Answer.Failure(404, "Not Found", null);
    }

    /** Telegram's envelope: {@code {"ok":true,"result":...}} or {@code {"ok":false,"error_code":...}}. */
    static ObjectNode envelope(BotApi.Answer answer) {
        ObjectNode body = TelegramObjects.object();
        switch (answer) {
            case BotApi.Answer.Success s -> {
                body.put("ok", true);
                body.set("result", s.result());
                if (s.description() != null) {
                    body.put("description", s.description());
                }
            }
            case BotApi.Answer.Failure f -> {
                body.put("ok", false);
                body.put("error_code", f.errorCode());
                body.put("description", f.description());
                if (f.retryAfter() != null) {
                    body.putObject("parameters").put("retry_after", f.retryAfter());
                }
            }
        }
        return body;
    }

    private static void writeEnvelope(HttpExchange exchange, BotApi.Answer answer) throws IOException {
        int status = answer instanceof BotApi.Answer.Failure f ? f.errorCode() : 200;
        writeJson(exchange, status, envelope(answer));
    }

    static void writeJson(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
