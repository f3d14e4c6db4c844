package io.rafflestars.console.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The console's live feed over java.net.http's WebSocket (docs/feeds.md). Says hello with the access token and the
 * id of the last event it saw, so a reconnect gets exactly what it missed; reconnects with exponential back-off and
 * jitter; pings at the heartbeat interval and treats three unanswered pings as a dead connection; re-authenticates
 * after a token refresh. Calls its {@link Listener} on its own threads: the listener hands over to the UI.
 */
public final class FeedClient {
    private static final Logger LOG = Logger.getLogger(FeedClient.class.getName());
    static final long MIN_BACKOFF_MILLIS = 250;
    static final long MAX_BACKOFF_MILLIS = 15_000;

    public enum State {
        OFFLINE,
        CONNECTING,
        CATCHING_UP,
        LIVE,
        RECONNECTING
    }

    public interface Listener {
        void state(State state, String detail);

        void event(FeedMessage event);

        /** The server could not replay what was missed: reload from REST (the feed restarts from now). */
        void resync(String reason);

        /** A reconnect replayed {@code missed} events and is live again. */
        default void caughtUp(long missed) {}

        /** The server refused the token (4401): refresh it; the client reconnects with {@link #token}. */
        default void tokenRefused() {}
    }

    private final HttpClient http;
    private final Supplier<URI> uri;
    private final Supplier<String> token;
    private final Listener listener;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "feed-timer");
        t.setDaemon(true);
        return t;
    });

    private final Object lock = new Object();
    private WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private boolean running;
    private int attempts;
    private long lastEventId;
    private long replayed;
    private int unansweredPings;
    private ScheduledFuture<?> pinger;
    private long generation;

    public FeedClient(HttpClient http, Supplier<URI> uri, Supplier<String> token, Listener listener) {
        this.http = Objects.requireNonNull(http);
        this.uri = Objects.requireNonNull(uri);
        this.token = Objects.requireNonNull(token);
        this.listener = Objects.requireNonNull(listener);
    }

    /** Connects (or reconnects now), resuming after the last event seen. */
    public void start() {
        synchronized (lock) {
            running = true;
            attempts = 0;
            connect(++generation);
        }
    }

    /** Disconnects and forgets the position (a new login starts from now). */
    public void stop() {
        synchronized (lock) {
            running = false;
            generation++;
            lastEventId = 0;
            closeSocket(WebSocket.NORMAL_CLOSURE, "bye");
        }
        listener.state(State.OFFLINE, "signed out");
    }

    /**
     * Disconnects but keeps the position: the next {@link #start} says {@code since} and gets exactly what was
     * missed meanwhile (what a network drop does, on purpose).
     */
    public void suspend() {
        synchronized (lock) {
            running = false;
            generation++;
            closeSocket(WebSocket.NORMAL_CLOSURE, "suspended");
        }
        listener.state(State.OFFLINE, "suspended");
    }

    public long lastEventId() {
        synchronized (lock) {
            return lastEventId;
        }
    }

    /** Sends a fresh token on the open socket, as the server asks before the old one expires. */
    public void reauthenticate(String accessToken) {
        ObjectNode m = Json.mapper().createObjectNode().put("type", "auth").put("token", accessToken);
        synchronized (lock) {
            if (socket != null) {
                sendLocked(m.toString());
            }
        }
    }

    /** Back-off before reconnect attempt {@code attempt} (1-based): doubling from 250 ms to 15 s, with jitter. */
    static long backoffMillis(int attempt, double jitter) {
        long base = MIN_BACKOFF_MILLIS << Math.min(attempt - 1, 10);
        long capped = Math.min(MAX_BACKOFF_MILLIS, base);
        return (long) (capped * (0.5 + jitter / 2));
    }

    private void connect(long gen) {
        listener.state(
                attempts == 0 ? State.CONNECTING : State.RECONNECTING, uri.get().toString());
        URI target;
        try {
            target = uri.get();
        } catch (RuntimeException e) {
            listener.state(State.OFFLINE, e.getMessage());
            return;
        }
        http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(target, new Handler(gen))
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        lost(gen, "cannot connect: " + rootMessage(error));
                    }
                });
    }

    private void lost(long gen, String why) {
        synchronized (lock) {
            if (gen != generation || !running) {
                return;
            }
            generation++;
            closeSocket(WebSocket.NORMAL_CLOSURE, "reconnecting");
            attempts++;
            long delay = backoffMillis(attempts, ThreadLocalRandom.current().nextDouble());
            long next = generation;
            listener.state(
                    State.RECONNECTING, why + "; retrying in " + (delay < 1000 ? delay + " ms" : delay / 1000 + " s"));
            timer.schedule(
                    () -> {
                        synchronized (lock) {
                            if (next == generation && running) {
                                connect(next);
                            }
                        }
                    },
                    delay,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void closeSocket(int code, String reason) {
        if (pinger != null) {
            pinger.cancel(false);
            pinger = null;
        }
        WebSocket ws = socket;
        socket = null;
        if (ws != null) {
            try {
                ws.sendClose(code, reason);
            } catch (RuntimeException ignored) {
                // already closing
            }
            ws.abort();
        }
    }

    private void sendLocked(String text) {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        // WebSocket allows one outstanding send: chain them
        sending = sending.handle((x, e) -> null).thenCompose(x -> ws.sendText(text, true));
    }

    private void handle(long gen, WebSocket ws, JsonNode m) {
        String type = m.path("type").asText();
        switch (type) {
            case "welcome" -> {
                long heartbeat = Math.max(1000, m.path("heartbeatMillis").asLong(20_000));
                synchronized (lock) {
                    if (gen != generation) {
                        return;
                    }
                    replayed = 0;
                    unansweredPings = 0;
                    if (pinger != null) {
                        pinger.cancel(false);
                    }
                    pinger = timer.scheduleAtFixedRate(() -> ping(gen), heartbeat, heartbeat, TimeUnit.MILLISECONDS);
                }
                listener.state(
                        State.CATCHING_UP, "instance " + m.path("instance").asText());
            }
            case "live" -> {
                long missed;
                synchronized (lock) {
                    if (gen != generation) {
                        return;
                    }
                    missed = replayed;
                    attempts = 0;
                }
                listener.state(State.LIVE, "");
                if (missed > 0) {
                    listener.caughtUp(missed);
                }
            }
            case "event" -> {
                FeedMessage e = new FeedMessage(
                        m.path("id").asLong(),
                        m.path("stream").asText(),
                        m.path("event").asText(),
                        m.hasNonNull("at") ? Instant.parse(m.path("at").asText()) : Instant.now(),
                        m.path("data"));
                synchronized (lock) {
                    if (gen != generation) {
                        return;
                    }
                    lastEventId = Math.max(lastEventId, e.id());
                    replayed++;
                }
                listener.event(e);
            }
            case "pong" -> {
                synchronized (lock) {
                    unansweredPings = 0;
                }
            }
            case "resync" -> {
                synchronized (lock) {
                    lastEventId = 0;
                }
                listener.resync(
                        m.path("reason").asText() + ": " + m.path("message").asText());
            }
            case "error" -> LOG.warning("feed error: " + m);
            default -> {
                // subscribed and future message types: nothing to do
            }
        }
    }

    private void ping(long gen) {
        synchronized (lock) {
            if (gen != generation) {
                return;
            }
            if (unansweredPings >= 3) {
                timer.execute(() -> lost(gen, "no answer to three pings"));
                return;
            }
            unansweredPings++;
            sendLocked("{\"type\":\"ping\"}");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private final class Handler implements WebSocket.Listener {
        private final long gen;
        private final StringBuilder text = new StringBuilder();

        Handler(long gen) {
            this.gen = gen;
        }

        @Override
        public void onOpen(WebSocket ws) {
            ObjectNode hello = Json.mapper().createObjectNode().put("type", "hello");
            synchronized (lock) {
                if (gen != generation) {
                    ws.abort();
                    return;
                }
                socket = ws;
                sending = CompletableFuture.completedFuture(null);
                hello.put("token", token.get());
                if (lastEventId > 0) {
                    hello.put("since", lastEventId);
                }
                sendLocked(hello.toString());
            }
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String frame = text.toString();
                text.setLength(0);
                try {
                    handle(gen, ws, Json.mapper().readTree(frame));
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "unreadable feed message", e);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            switch (code) {
                case 4401 -> {
                    listener.tokenRefused();
                    lost(gen, "token refused");
                }
                case 4403 -> {
                    synchronized (lock) {
                        running = false;
                    }
                    listener.state(State.OFFLINE, "the feed is not open to this address (" + reason + ")");
                }
                case 4409 -> {
                    synchronized (lock) {
                        lastEventId = 0;
                    }
                    lost(gen, "resync");
                }
                default -> lost(gen, "closed " + code + (reason.isBlank() ? "" : " " + reason));
            }
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            lost(gen, rootMessage(error));
        }
    }
}
