package io.rafflestars.backend.feed;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.websocket.WsSession;
import io.rafflestars.common.api.ErrorCode;
import io.rafflestars.common.api.FeedCloseCode;
import io.rafflestars.common.api.ResyncReason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket client. Everything it is sent goes through one bounded queue drained by one virtual thread, the
 * session's only writer: Helidon 4.1.2 corrupts frames when two threads send on a session at once, and a slow client
 * then only ever blocks its own writer. When the queue overflows, the client is told to resync and disconnected.
 */
final class FeedSession {
    private static final System.Logger LOG = System.getLogger(FeedSession.class.getName());

    /** Most events a reconnecting client is sent one by one; further behind, it reloads. */
    static final int MAX_CATCH_UP = 10_000;

    private static final int CATCH_UP_PAGE = 500;
    /** Room for replies (pongs, errors) beyond the event limit, so a full queue still gets its resync notice. */
    private static final int CONTROL_SLACK = 32;
    /** Close reasons must fit a control frame (125 bytes with the code). */
    private static final int MAX_REASON_CHARS = 100;

    enum Kind {
        CONSOLE,
        PLAYER
    }

    /** What the writer does next. */
    sealed interface Out {}

    /** An event; {@code publicRaffle} is set for a raffle's public frame, which a newer snapshot supersedes. */
    record Event(long seq, String text, Long publicRaffle) implements Out {}

    record Message(String text) implements Out {}

    /** Send the events in {@code (since, upTo]} from the instance's memory or the database, then "live". */
    record CatchUp(long since, long upTo) implements Out {}

    record Snapshot(long raffleId) implements Out {}

    /** Check the console token again: it may have expired or been revoked since. */
    record Recheck() implements Out {}

    record Ping() implements Out {}

    record Pong(byte[] data) implements Out {}

    record Close(int code, String reason) implements Out {}

    record Stop() implements Out {}

    final long id;
    final Kind kind;
    private final WsSession ws;
    private final FeedHub hub;
    private final LinkedBlockingDeque<Out> queue = new LinkedBlockingDeque<>();
    private final AtomicInteger queuedEvents = new AtomicInteger();
    private final long openedAt = System.nanoTime();
    private final AtomicLong closingSince = new AtomicLong();
    private final Thread writer;
    private volatile Audience audience;
    private volatile long lastHeard = openedAt;
    private volatile long sendingSince;
    private volatile boolean stopped;

    // Owned by the writer thread.
    private long position;
    private final Map<Long, Long> snapshotAsOf = new HashMap<>();

    FeedSession(long id, Kind kind, WsSession ws, FeedHub hub) {
        this.id = id;
        this.kind = kind;
        this.ws = ws;
        this.hub = hub;
        this.writer = Thread.ofVirtual().name("feed-writer-" + id).unstarted(this::drain);
    }

    void start() {
        writer.start();
    }

    Audience audience() {
        return audience;
    }

    /** Changed only under the hub's lock, so that no event slips between the old and the new audience. */
    void audience(Audience a) {
        this.audience = a;
    }

    boolean greeted() {
        return audience != null;
    }

    boolean closing() {
        return closingSince.get() != 0 || stopped;
    }

    int queuedEvents() {
        return queuedEvents.get();
    }

    /** Any frame from the client proves it alive. */
    void heard() {
        lastHeard = System.nanoTime();
    }

    /** Called by the hub (under its lock) for every published event. Never blocks. */
    void offer(FeedItem item) {
        Audience a = audience;
        if (a == null || closing()) {
            return;
        }
        Event e = a.eventFor(item);
        if (e == null) {
            return;
        }
        if (queuedEvents.incrementAndGet() > hub.maxQueuedEvents()) {
            FeedMetrics.overflow();
            queue.clear();
            queuedEvents.set(0);
            resync(ResyncReason.TOO_SLOW, "more than " + hub.maxQueuedEvents() + " events waited for this client");
            return;
        }
        queue.offer(e);
    }

    void enqueue(Out o) {
        if (!closing()) {
            queue.offer(o);
        }
    }

    void send(ServerMessage m) {
        if (!closing() && queue.size() < hub.maxQueuedEvents() + CONTROL_SLACK) {
            queue.offer(new Message(ServerMessage.json(m)));
        }
    }

    void error(ErrorCode code, String message) {
        send(new ServerMessage.Error(code, message));
    }

    void pong(byte[] data) {
        if (!closing() && queue.size() < hub.maxQueuedEvents() + CONTROL_SLACK) {
            queue.offer(new Pong(data));
        }
    }

    /** Tells the client to reload, then closes with RESYNC. */
    void resync(ResyncReason reason, String message) {
        if (beginClosing()) {
            queue.offer(new Message(ServerMessage.json(new ServerMessage.Resync(reason, message))));
            queue.offer(new Close(FeedCloseCode.RESYNC.code(), reason.name()));
        }
    }

    /** Closes after what is already queued has been sent. */
    void close(FeedCloseCode code, String reason) {
        if (beginClosing()) {
            String r = reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason;
            queue.offer(new Close(code.code(), r));
        }
    }

    private boolean beginClosing() {
        return !stopped && closingSince.compareAndSet(0, System.nanoTime());
    }

    /**
     * The client sent its close frame (reader thread). Helidon answers it once this returns; the writer must be done
     * by then, or the two would write at once.
     */
    void peerClosed() {
        stopped = true;
        hub.unregister(this);
        queue.offerFirst(new Stop());
        awaitWriter(2_000);
        if (writer.isAlive()) {
            writer.interrupt(); // blocked on a socket that does not drain: the interrupt closes it
            awaitWriter(1_000);
        }
    }

    /**
     * Drops the connection without a close handshake: for a client that went silent, stopped reading, or never
     * answered our close. Interrupting a virtual thread blocked on a socket closes that socket, which ends both the
     * writer and Helidon's reader (an abandoned connection would otherwise never reach onClose).
     */
    void terminate(String why) {
        if (stopped && !writer.isAlive()) {
            hub.unregister(this);
            return;
        }
        stopped = true;
        hub.unregister(this);
        LOG.log(System.Logger.Level.DEBUG, "Feed session {0} dropped: {1}", id, why);
        if (Thread.currentThread() != writer) {
            writer.interrupt();
        }
        if (ws instanceof ServerConnection connection) {
            connection.close(true);
        }
    }

    /** The heartbeat: pings the client and drops it when it is dead, stuck, or overdue on its hello or token. */
    void tick(long now, long heartbeatNanos) {
        if (stopped) {
            return;
        }
        long closing = closingSince.get();
        long sending = sendingSince;
        if (closing != 0 && now - closing > heartbeatNanos) {
            terminate("no close handshake");
        } else if (sending != 0 && now - sending > 2 * heartbeatNanos) {
            terminate("a send has been blocked for two heartbeats");
        } else if (now - lastHeard > 3 * heartbeatNanos) {
            FeedMetrics.silent();
            terminate("silent for three heartbeats");
        } else if (audience == null && now - openedAt > heartbeatNanos) {
            close(
                    FeedCloseCode.HELLO_TIMEOUT,
                    "no hello within " + TimeUnit.NANOSECONDS.toMillis(heartbeatNanos) + " ms");
        } else if (closing == 0 && queue.size() < hub.maxQueuedEvents() + CONTROL_SLACK) {
            queue.offer(new Ping());
            if (audience instanceof Audience.Console) {
                queue.offer(new Recheck());
            }
        }
    }

    /** The writer: the only thread that ever sends on this session. */
    private void drain() {
        try {
            while (!stopped) {
                Out o = queue.take();
                switch (o) {
                    case Event e -> {
                        queuedEvents.decrementAndGet();
                        deliver(e);
                    }
                    case Message m -> write(m.text());
                    case CatchUp c -> catchUp(c.since(), c.upTo());
                    case Snapshot s -> snapshot(s.raffleId());
                    case Recheck r -> recheck();
                    case Ping p -> sending(() -> ws.ping(BufferData.empty()));
                    case Pong p -> sending(() -> ws.pong(BufferData.create(p.data())));
                    case Close c -> {
                        sending(() -> ws.close(c.code(), c.reason()));
                        return;
                    }
                    case Stop s -> {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            // terminated
        } catch (RuntimeException e) {
            // The socket is gone (reset, closed under us) or the database failed during a catch-up.
            LOG.log(System.Logger.Level.DEBUG, "Feed session " + id + " ends: " + e);
            terminate("writer failed: " + e.getMessage());
        }
    }

    private void deliver(Event e) {
        if (e.seq() <= position) {
            return; // sent during the catch-up, or the client had it from another instance
        }
        position = e.seq();
        if (e.publicRaffle() != null) {
            Long asOf = snapshotAsOf.get(e.publicRaffle());
            if (asOf != null && e.seq() <= asOf) {
                return; // already part of the snapshot the client got
            }
        }
        write(e.text());
    }

    private void write(String text) {
        sending(() -> ws.send(text, true));
    }

    private void sending(Runnable send) {
        if (stopped) {
            return;
        }
        sendingSince = System.nanoTime();
        try {
            send.run();
        } finally {
            sendingSince = 0;
        }
    }

    /**
     * Brings a reconnecting client up to {@code upTo}, the instance's position when it said hello; live events
     * after that are already queued behind. Recent events come from the instance's memory, older ones from the
     * outbox; beyond what is kept, or too far behind, the client is told to reload instead.
     */
    private void catchUp(long since, long upTo) throws InterruptedException {
        if (since < upTo) {
            Optional<List<FeedItem>> recent = hub.recent(since, upTo);
            if (recent.isPresent()) {
                recent.get().forEach(this::deliverItem);
            } else if (!catchUpFromOutbox(since, upTo)) {
                return;
            }
        } else if (since > upTo && since > hub.withDatabase(OutboxStore::bounds).head()) {
            resync(ResyncReason.UNKNOWN_POSITION, "event " + since + " does not exist here; reload");
            return;
        }
        position = Math.max(position, Math.max(since, upTo));
        write(ServerMessage.json(new ServerMessage.Live(position)));
    }

    private boolean catchUpFromOutbox(long since, long upTo) throws InterruptedException {
        OutboxStore.Bounds bounds = hub.withDatabase(OutboxStore::bounds);
        if (since + 1 < bounds.oldest()) {
            resync(ResyncReason.HISTORY_PRUNED, "events after " + since + " are no longer kept; reload");
            return false;
        }
        if (upTo - since > MAX_CATCH_UP) {
            resync(ResyncReason.TOO_FAR_BEHIND, (upTo - since) + " events missed; reload");
            return false;
        }
        long cursor = since;
        while (cursor < upTo && !stopped) {
            long from = cursor;
            List<OutboxRow> rows = hub.withDatabase(s -> s.after(from, upTo, CATCH_UP_PAGE));
            if (rows.isEmpty() || rows.getFirst().seq() != cursor + 1) {
                break; // pruned meanwhile: positions have no gaps otherwise
            }
            for (OutboxRow row : rows) {
                deliverItem(FeedItem.of(row));
            }
            cursor = rows.getLast().seq();
        }
        if (cursor < upTo && !stopped) {
            resync(ResyncReason.HISTORY_PRUNED, "events after " + cursor + " were pruned meanwhile; reload");
            return false;
        }
        return true;
    }

    private void deliverItem(FeedItem item) {
        Event e = audience.eventFor(item);
        if (e != null) {
            deliver(e);
        }
    }

    private void snapshot(long raffleId) throws InterruptedException {
        Optional<ServerMessage.RaffleSnapshot> s = hub.snapshot(raffleId);
        if (s.isEmpty()) {
            hub.forgetRaffle(this, raffleId);
            write(ServerMessage.json(
                    new ServerMessage.Error(ErrorCode.NOT_FOUND, "No raffle " + raffleId + " is open to players")));
            return;
        }
        snapshotAsOf.put(raffleId, s.get().asOf());
        write(ServerMessage.json(s.get().sentNow()));
    }

    /**
     * On the writer, not the heartbeat thread: the check may read the database, and a slow one must hold up only this
     * session. Roles may have changed meanwhile: topics no longer readable are dropped.
     */
    private void recheck() {
        if (!(audience instanceof Audience.Console c)) {
            return;
        }
        Optional<ConsolePrincipal> now = hub.consoleAuthenticator().authenticate(c.token());
        if (now.isEmpty() || !now.get().username().equals(c.principal().username())) {
            close(FeedCloseCode.UNAUTHORIZED, "access token expired or revoked");
        } else if (!now.get().roles().equals(c.principal().roles())) {
            hub.reauthorize(this, now.get(), c.token());
        }
    }

    private void awaitWriter(long millis) {
        if (Thread.currentThread() == writer) {
            return;
        }
        try {
            writer.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static byte[] bytes(BufferData data) {
        byte[] b = new byte[data.available()];
        data.read(b);
        return b;
    }

    @Override
    public String toString() {
        return "FeedSession[" + id + ", " + kind + "]";
    }
}
