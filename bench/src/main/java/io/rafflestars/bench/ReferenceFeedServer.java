package io.rafflestars.bench;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal Helidon 4.1.2 WebSocket broadcaster, built the way the player feed must be (one writer per session, a
 * bounded queue, see STACK.md): the yardstick for {@link FeedBench} until {@code /ws/player} is on main, and a check
 * that the harness itself measures sensibly. {@code POST /broadcast?n=K} sends {@code {"type":"counter","n":K}} to
 * every open socket. Run in its own process so its resident memory is its own.
 */
public final class ReferenceFeedServer {
    private static final Map<WsSession, BlockingQueue<String>> SESSIONS = new ConcurrentHashMap<>();

    private ReferenceFeedServer() {}

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .routing(r -> r.post("/broadcast", (req, res) -> {
                    String n = req.query().first("n").orElse("0");
                    String message = "{\"type\":\"counter\",\"n\":" + Long.parseLong(n) + "}";
                    SESSIONS.values().forEach(q -> q.offer(message)); // a full queue drops: a slow client misses one
                    res.send("{\"sockets\":" + SESSIONS.size() + "}");
                }))
                .addRouting(WsRouting.builder().endpoint("/ws/player", new Listener()))
                .build()
                .start();
        System.out.println("reference feed listening on " + server.port());
    }

    private static final class Listener implements WsListener {
        @Override
        public void onOpen(WsSession session) {
            BlockingQueue<String> queue = new ArrayBlockingQueue<>(64);
            SESSIONS.put(session, queue);
            Thread.ofVirtual().start(() -> {
                try {
                    while (SESSIONS.containsKey(session)) {
                        session.send(queue.take(), true);
                    }
                } catch (InterruptedException | RuntimeException e) {
                    SESSIONS.remove(session);
                }
            });
        }

        @Override
        public void onClose(WsSession session, int status, String reason) {
            BlockingQueue<String> queue = SESSIONS.remove(session);
            if (queue != null) {
                queue.offer("{}"); // wakes the writer so it sees the session is gone
            }
        }
    }
}
