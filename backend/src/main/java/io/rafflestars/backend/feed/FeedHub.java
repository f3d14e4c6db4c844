package io.rafflestars.backend.feed;

import io.helidon.websocket.WsSession;
import io.rafflestars.common.api.FeedCloseCode;
import io.rafflestars.common.api.FeedTopic;
import io.rafflestars.common.api.ResyncReason;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * This instance's clients and its place in the outbox. The listener publishes every committed event here exactly
 * once, in commit order; the hub hands it to each session's queue without ever blocking. Greeting a session and
 * publishing take the same lock, so a session's catch-up ends exactly where its live events begin.
 */
final class FeedHub implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FeedHub.class.getName());

    /** Recent events kept in memory, so that most reconnects are served without the database. */
    static final int RECENT = 2_048;
    /** Most sessions one instance accepts; more are asked to try again later (elsewhere). */
    static final int MAX_SESSIONS = 50_000;

    private final OutboxStore store;
    private final String instance;
    private final Duration heartbeat;
    private final int maxQueuedEvents;
    private final ConsoleAuthenticator consoleAuthenticator;
    /** Catch-ups and snapshots read the database through the shared pool: a few at a time, payments come first. */
    private final Semaphore databasePermits;

    private final ReentrantLock lock = new ReentrantLock();
    private final Set<FeedSession> sessions = new LinkedHashSet<>();
    private final ArrayDeque<FeedItem> recent = new ArrayDeque<>();
    private long position;
    /** Per raffle: the last published event players see, and a snapshot that no published event has outdated. */
    private final Map<Long, Long> lastPublicEvent = new HashMap<>();

    private final Map<Long, ServerMessage.RaffleSnapshot> snapshots = new HashMap<>();

    private volatile long publishedPosition;
    private volatile boolean stopping;
    private final AtomicLong ids = new AtomicLong();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("feed-heartbeat").factory());

    FeedHub(
            OutboxStore store,
            String instance,
            Duration heartbeat,
            int maxQueuedEvents,
            int databasePermits,
            ConsoleAuthenticator consoleAuthenticator) {
        this.store = store;
        this.instance = instance;
        this.heartbeat = heartbeat;
        this.maxQueuedEvents = maxQueuedEvents;
        this.consoleAuthenticator = consoleAuthenticator;
        this.databasePermits = new Semaphore(databasePermits);
    }

    /** Starts at {@code head}: clients that connect later and say an older id are caught up from the outbox. */
    void start(long head) {
        lock.lock();
        try {
            position = head;
            publishedPosition = head;
        } finally {
            lock.unlock();
        }
        long every = heartbeat.toMillis();
        heartbeats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    String instance() {
        return instance;
    }

    Duration heartbeat() {
        return heartbeat;
    }

    int maxQueuedEvents() {
        return maxQueuedEvents;
    }

    ConsoleAuthenticator consoleAuthenticator() {
        return consoleAuthenticator;
    }

    long position() {
        return publishedPosition;
    }

    FeedSession open(FeedSession.Kind kind, WsSession ws) {
        FeedSession s = new FeedSession(ids.incrementAndGet(), kind, ws, this);
        boolean full;
        lock.lock();
        try {
            full = sessions.size() >= MAX_SESSIONS;
            sessions.add(s); // even when full: the heartbeat drops it if it ignores the close
        } finally {
            lock.unlock();
        }
        s.start();
        if (stopping) {
            s.close(FeedCloseCode.SERVICE_RESTART, "server restarting: reconnect");
        } else if (full) {
            s.close(FeedCloseCode.TRY_AGAIN_LATER, "too many connections here: reconnect later");
        }
        return s;
    }

    void unregister(FeedSession s) {
        lock.lock();
        try {
            sessions.remove(s);
        } finally {
            lock.unlock();
        }
    }

    /**
     * After a valid hello: the session starts receiving live events after the current position; before them in its
     * queue go the welcome, then either the catch-up from {@code since} or the raffle snapshots and "live".
     */
    void greet(
            FeedSession s,
            Audience audience,
            Long since,
            Collection<Long> snapshots,
            LongFunction<ServerMessage> welcome) {
        lock.lock();
        try {
            if (!sessions.contains(s)) {
                return; // dropped meanwhile
            }
            s.audience(audience);
            s.send(welcome.apply(position));
            if (since != null) {
                s.enqueue(new FeedSession.CatchUp(since, position));
            } else {
                snapshots.forEach(r -> s.enqueue(new FeedSession.Snapshot(r)));
                s.send(new ServerMessage.Live(position));
            }
        } finally {
            lock.unlock();
        }
    }

    /** A subscription change: new raffles get a snapshot first, then their live events. */
    void change(FeedSession s, Audience audience, Collection<Long> snapshots, ServerMessage ack) {
        lock.lock();
        try {
            snapshots.forEach(r -> s.enqueue(new FeedSession.Snapshot(r)));
            s.audience(audience);
            s.send(ack);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A console user's token now carries other roles (or is a fresh token): the session keeps the topics those roles
     * may still read, and is told what it now receives.
     */
    void reauthorize(FeedSession s, ConsolePrincipal principal, String token) {
        lock.lock();
        try {
            if (s.audience() instanceof Audience.Console c) {
                Set<FeedTopic> topics = EnumSet.noneOf(FeedTopic.class);
                c.topics().stream()
                        .filter(t -> FeedAccess.mayRead(principal.roles(), t))
                        .forEach(topics::add);
                s.audience(new Audience.Console(principal, token, topics));
                s.send(new ServerMessage.Subscribed(
                        topics.stream().map(FeedTopic::stream).toList(), null));
            }
        } finally {
            lock.unlock();
        }
    }

    /** A raffle a player asked for that players may not see: it leaves the subscription. */
    void forgetRaffle(FeedSession s, long raffleId) {
        lock.lock();
        try {
            if (s.audience() instanceof Audience.Player p) {
                Set<Long> raffles = new HashSet<>(p.raffles());
                raffles.remove(raffleId);
                s.audience(new Audience.Player(raffles, p.player()));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Fans committed events out, in order, each exactly once; called by the listener only. */
    void publish(List<OutboxRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<FeedItem> items = rows.stream().map(FeedItem::of).toList();
        lock.lock();
        try {
            for (FeedItem item : items) {
                if (item.seq() <= position) {
                    continue;
                }
                if (item.seq() != position + 1) {
                    // Positions have no gaps; a jump means events were pruned before this instance read them.
                    LOG.log(
                            System.Logger.Level.ERROR,
                            "Feed jumped from event {0} to {1}: its clients must reload",
                            position,
                            item.seq());
                    sessions.forEach(s -> s.resync(ResyncReason.HISTORY_PRUNED, "this server missed events; reload"));
                    recent.clear();
                }
                position = item.seq();
                if (item.publicFrame() != null) {
                    lastPublicEvent.put(item.raffleId(), item.seq());
                    snapshots.remove(item.raffleId());
                }
                recent.addLast(item);
                if (recent.size() > RECENT) {
                    recent.removeFirst();
                }
                for (FeedSession s : sessions) {
                    s.offer(item);
                }
            }
            publishedPosition = position;
        } finally {
            lock.unlock();
        }
        FeedMetrics.published(items.size());
    }

    /** The events in {@code (since, upTo]} if memory still holds all of them. */
    Optional<List<FeedItem>> recent(long since, long upTo) {
        lock.lock();
        try {
            if (recent.isEmpty() || recent.getFirst().seq() > since + 1) {
                return Optional.empty();
            }
            List<FeedItem> out = new ArrayList<>();
            for (FeedItem item : recent) {
                if (item.seq() > since && item.seq() <= upTo) {
                    out.add(item);
                }
            }
            return Optional.of(out);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The raffle as players see it, with the outbox position it reflects. Many players subscribe to the same raffle
     * at once (a reconnect wave after an instance went down): one read serves them all until the raffle changes.
     */
    Optional<ServerMessage.RaffleSnapshot> snapshot(long raffleId) throws InterruptedException {
        lock.lock();
        try {
            ServerMessage.RaffleSnapshot cached = snapshots.get(raffleId);
            if (cached != null) {
                return Optional.of(cached);
            }
        } finally {
            lock.unlock();
        }
        Optional<ServerMessage.RaffleSnapshot> read = withDatabase(s -> s.raffle(raffleId));
        read.ifPresent(s -> {
            lock.lock();
            try {
                // Kept only if no event of the raffle after it has been published meanwhile.
                if (lastPublicEvent.getOrDefault(raffleId, 0L) <= s.asOf()) {
                    snapshots.put(raffleId, s);
                }
            } finally {
                lock.unlock();
            }
        });
        return read;
    }

    <T> T withDatabase(Function<OutboxStore, T> read) throws InterruptedException {
        databasePermits.acquire();
        try {
            return read.apply(store);
        } finally {
            databasePermits.release();
        }
    }

    private List<FeedSession> sessions() {
        lock.lock();
        try {
            return List.copyOf(sessions);
        } finally {
            lock.unlock();
        }
    }

    private void beat() {
        try {
            long now = System.nanoTime();
            long nanos = heartbeat.toNanos();
            sessions().forEach(s -> s.tick(now, nanos));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Feed heartbeat failed; will beat again", e);
        }
    }

    /**
     * Shutdown: every client is told to reconnect elsewhere (1012) once what is queued for it has been sent; those
     * still connected after {@code grace} are dropped.
     */
    void disconnectAll(Duration grace) {
        stopping = true;
        sessions().forEach(s -> s.close(FeedCloseCode.SERVICE_RESTART, "server restarting: reconnect"));
        long deadline = System.nanoTime() + grace.toNanos();
        while (!sessions().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        sessions().forEach(s -> s.terminate("shutdown"));
    }

    @Override
    public void close() {
        stopping = true;
        heartbeats.shutdownNow();
        sessions().forEach(s -> s.terminate("closed"));
    }

    // Metrics

    long connections(FeedSession.Kind kind) {
        return sessions().stream().filter(s -> s.kind == kind).count();
    }

    long queuedEvents() {
        return sessions().stream().mapToLong(FeedSession::queuedEvents).sum();
    }

    long deepestQueue() {
        return sessions().stream().mapToLong(FeedSession::queuedEvents).max().orElse(0);
    }
}
