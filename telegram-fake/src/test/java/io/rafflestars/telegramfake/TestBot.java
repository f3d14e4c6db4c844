package io.rafflestars.telegramfake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A stand-in for the bot's webhook endpoint: a JDK HttpServer that records what Telegram (the fake) posts and answers
 * as the test tells it, possibly calling the fake back like a real bot.
 */
final class TestBot implements AutoCloseable {

    /** One POST as the bot received it. */
    record Received(ObjectNode update, String rawBody, String secretHeader, String contentType) {}

    /** What the webhook answers. */
    record Response(int status, String body) {
        static Response ok() {
            return new Response(200, "");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Function<ObjectNode, Response> behaviour = update -> Response.ok();

    private TestBot() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/webhook", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static TestBot start() {
        try {
            return new TestBot();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhook");
    }

    TestBot behaviour(Function<ObjectNode, Response> newBehaviour) {
        behaviour = newBehaviour;
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<ObjectNode> updates() {
        return received.stream().map(Received::update).toList();
    }

    /** The bot's pre-checkout logic: approve or decline inside the webhook request, as most bots do. */
    static Function<ObjectNode, Response> answeringPreCheckout(BotClient client, boolean ok, String errorMessage) {
        return update -> {
            if (update.has("pre_checkout_query")) {
                ObjectNode params = BotClient.params(
                        "pre_checkout_query_id",
                        update.at("/pre_checkout_query/id").asText(),
                        "ok",
                        ok);
                if (errorMessage != null) {
                    params.put("error_message", errorMessage);
                }
                BotClient.Reply reply = client.callJson("answerPreCheckoutQuery", params);
                if (!reply.ok()) {
                    return new Response(500, reply.body().toString());
                }
            }
            return Response.ok();
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            ObjectNode update;
            try {
                update = (ObjectNode) BotClient.JSON.readTree(body);
            } catch (IOException | ClassCastException e) {
                update = null;
            }
            received.add(new Received(
                    update,
                    body,
                    exchange.getRequestHeaders().getFirst("X-Telegram-Bot-Api-Secret-Token"),
                    exchange.getRequestHeaders().getFirst("Content-Type")));
            Response response = update == null ? new Response(400, "") : behaviour.apply(update);
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            if (!response.body().isEmpty()) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
            }
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
