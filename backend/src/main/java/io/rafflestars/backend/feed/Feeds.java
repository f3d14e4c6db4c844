package io.rafflestars.backend.feed;

import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import io.rafflestars.backend.platform.AddressRanges;
import io.rafflestars.backend.platform.ClientAddress;
import io.rafflestars.backend.platform.Database;
import io.rafflestars.backend.platform.Settings;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.backend.player.InitData;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The live feeds of one instance (docs/architecture.md, docs/feeds.md): the outbox listener, the hub of connected
 * clients, the two WebSocket endpoints, and the outbox's pruning.
 */
public final class Feeds implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Feeds.class.getName());

    public static final String CONSOLE_PATH = "/ws/console";
    public static final String PLAYER_PATH = "/ws/player";
    /** Largest frame a client may send (hello with initData is about 1 KiB); a bigger one ends the connection. */
    static final int MAX_FRAME_BYTES = 64 * 1024;
    /** How often the listener reads the outbox even without a notification. */
    private static final Duration POLL = Duration.ofSeconds(1);
    /** How long clients get to take their 1012 close at shutdown. */
    private static final Duration DISCONNECT_GRACE = Duration.ofSeconds(2);

    private static final int PRUNE_BATCH = 5_000;
    private static final int PRUNE_MAX_BATCHES = 100;

    private final OutboxStore store;
    private final FeedHub hub;
    private final OutboxListener listener;
    private final InitData initData;
    private final ConsoleAddresses consoleAddresses;
    private final Duration retention;

    /**
     * Who may open the console feed: Helidon upgrades a WebSocket before any HTTP filter runs, so the edge's
     * {@code CONSOLE_ALLOW_FROM} is applied here again, to the client address resolved the same way.
     */
    public record ConsoleAddresses(ClientAddress clients, Optional<AddressRanges> allowFrom) {}

    private Feeds(
            OutboxStore store,
            FeedHub hub,
            OutboxListener listener,
            InitData initData,
            ConsoleAddresses consoleAddresses,
            Duration retention) {
        this.store = store;
        this.hub = hub;
        this.listener = listener;
        this.initData = initData;
        this.consoleAddresses = consoleAddresses;
        this.retention = retention;
    }

    /**
     * Starts listening at the outbox's current head. {@code poolSize} bounds how many catch-ups read the database at
     * once (a quarter of the pool).
     */
    public static Feeds start(
            Database database,
            Transactions tx,
            Settings.Feed settings,
            int poolSize,
            ConsoleAuthenticator consoleAuth,
            InitData initData,
            ConsoleAddresses consoleAddresses,
            String instance) {
        OutboxStore store = new OutboxStore(tx);
        FeedHub hub = new FeedHub(
                store, instance, settings.heartbeat(), settings.clientQueue(), Math.max(1, poolSize / 4), consoleAuth);
        hub.start(store.bounds().head());
        OutboxListener listener = new OutboxListener(database::dedicatedConnection, store, hub, POLL);
        listener.start();
        FeedMetrics.add(hub, listener);
        return new Feeds(store, hub, listener, initData, consoleAddresses, settings.retention());
    }

    /** The two endpoints; each connection gets its own listener object. */
    public WsRouting.Builder routing() {
        return WsRouting.builder()
                .endpoint(
                        CONSOLE_PATH, () -> new FeedEndpoint(FeedSession.Kind.CONSOLE, hub, initData, consoleAddresses))
                .endpoint(
                        PLAYER_PATH, () -> new FeedEndpoint(FeedSession.Kind.PLAYER, hub, initData, consoleAddresses));
    }

    /** The server's WebSocket settings: the frame size limit is deliberate, not Helidon's 1 MiB default. */
    public static WsConfig protocol() {
        return WsConfig.builder().maxFrameLength(MAX_FRAME_BYTES).build();
    }

    /** Deletes outbox events older than the retention; a background job on every instance (safe concurrently). */
    public void prune() {
        long n = store.prune(Instant.now().minus(retention), PRUNE_BATCH, PRUNE_MAX_BATCHES);
        if (n > 0) {
            LOG.log(System.Logger.Level.INFO, "Pruned {0} outbox events older than {1}", n, retention);
        }
    }

    /** The last event this instance has fanned out. */
    public long position() {
        return hub.position();
    }

    /** Shutdown, before the server stops: clients are told to reconnect elsewhere (1012 service restart). */
    public void disconnectAll() {
        hub.disconnectAll(DISCONNECT_GRACE);
    }

    @Override
    public void close() {
        listener.close();
        hub.close();
        FeedMetrics.remove(hub, listener);
    }
}
