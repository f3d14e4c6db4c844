package io.rafflestars.backend.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A live-feed client over a real WebSocket (the JDK's), recording every message it receives. It can stop reading
 * ({@link #pause()}), which is what a slow client looks like to the server: the JDK client then reads nothing more
 * from the socket, so TCP pushes back.
 */
public final class FeedClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** How the connection ended: the close code and reason, or -1 and the error when it broke. */
    public record Closed(int code, String reason) {}

    private final List<JsonNode> messages = new ArrayList<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean paused;
    private volatile WebSocket ws;

    private FeedClient() {}

    public static FeedClient connect(URI uri) {
        return connectAsync(uri).join();
    }

    public static CompletableFuture<FeedClient> connectAsync(URI uri) {
        return connectAsync(uri, Map.of());
    }

    /** Connects with extra handshake headers (e.g. the X-Forwarded-For a proxy adds). */
    public static CompletableFuture<FeedClient> connectAsync(URI uri, Map<String, String> headers) {
        FeedClient client = new FeedClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        return builder.buildAsync(uri, client.listener()).thenApply(w -> {
            client.ws = w;
            return client;
        });
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket w) {
                w.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        JsonNode m = JSON.readTree(partial.toString());
                        synchronized (messages) {
                            messages.add(m);
                        }
                    } catch (java.io.IOException e) {
                        closed.completeExceptionally(e);
                    }
                    partial.setLength(0);
                }
                more(w);
                return null;
            }

            @Override
            public CompletionStage<?> onPing(WebSocket w, ByteBuffer message) {
                more(w); // the JDK answers with a pong by itself
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                closed.complete(new Closed(code, reason));
                return null;
            }

            @Override
            public void onError(WebSocket w, Throwable error) {
                closed.complete(new Closed(-1, String.valueOf(error)));
            }
        };
    }

    private void more(WebSocket w) {
        if (!paused) {
            w.request(1);
        }
    }

    public FeedClient send(String json) {
        ws.sendText(json, true).join();
        return this;
    }

    public FeedClient send(ObjectNode message) {
        return send(message.toString());
    }

    public static ObjectNode message(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    /** The console's hello. */
    public FeedClient helloConsole(String token, Long since, String... topics) {
        ObjectNode m = message("hello").put("token", token);
        if (since != null) {
            m.put("since", since);
        }
        if (topics.length > 0) {
            var array = m.putArray("topics");
            for (String t : topics) {
                array.add(t);
            }
        }
        return send(m);
    }

    /** A player's hello: public channels of {@code raffles}, own events when {@code initData} is given. */
    public FeedClient helloPlayer(String initData, Long since, long... raffles) {
        ObjectNode m = message("hello");
        if (initData != null) {
            m.put("initData", initData);
        }
        if (since != null) {
            m.put("since", since);
        }
        var array = m.putArray("raffles");
        for (long r : raffles) {
            array.add(r);
        }
        return send(m);
    }

    public List<JsonNode> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    public List<JsonNode> messages(String type) {
        return messages().stream()
                .filter(m -> type.equals(m.path("type").asText()))
                .toList();
    }

    public List<JsonNode> events() {
        return messages("event");
    }

    public List<Long> eventIds() {
        return events().stream().map(e -> e.path("id").asLong()).toList();
    }

    /** The last event id received, or null before any. */
    public Long lastEventId() {
        List<Long> ids = eventIds();
        return ids.isEmpty() ? null : ids.getLast();
    }

    public JsonNode await(Predicate<JsonNode> wanted) {
        return await(wanted, Duration.ofSeconds(20));
    }

    public JsonNode await(Predicate<JsonNode> wanted, Duration within) {
        JsonNode[] found = new JsonNode[1];
        Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(10)).until(() -> {
            for (JsonNode m : messages()) {
                if (wanted.test(m)) {
                    found[0] = m;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    public JsonNode awaitType(String type) {
        return await(m -> type.equals(m.path("type").asText()));
    }

    /** Waits until {@code n} events have arrived. */
    public List<JsonNode> awaitEvents(int n) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> events().size() >= n);
        return events();
    }

    public Closed awaitClose() {
        return awaitClose(Duration.ofSeconds(20));
    }

    public Closed awaitClose(Duration within) {
        try {
            return closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not close the connection within " + within, e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Stops reading from the socket, like a client that cannot keep up. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        ws.request(1);
    }

    /** Drops the connection without a close handshake. */
    public void abort() {
        ws.abort();
    }

    @Override
    public void close() {
        if (!closed.isDone() && !ws.isOutputClosed()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                ws.abort();
            }
        }
    }
}
