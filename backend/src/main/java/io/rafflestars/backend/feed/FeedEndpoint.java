package io.rafflestars.backend.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.rafflestars.backend.platform.ClientAddress;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.backend.platform.Meters;
import io.rafflestars.backend.player.InitData;
import io.rafflestars.common.api.ErrorCode;
import io.rafflestars.common.api.FeedCloseCode;
import io.rafflestars.common.api.FeedTopic;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One WebSocket connection of {@code /ws/console} or {@code /ws/player} (docs/feeds.md): reads the client's messages
 * on Helidon's connection thread and never sends itself; everything goes through the session's writer.
 */
final class FeedEndpoint implements WsListener {
    private static final System.Logger LOG = System.getLogger(FeedEndpoint.class.getName());
    /** Longest client message; a hello with initData is about 1 KiB. */
    static final int MAX_MESSAGE_CHARS = 16 * 1024;
    /** Most raffles one player session follows. */
    static final int MAX_RAFFLES = 50;

    private final FeedSession.Kind kind;
    private final FeedHub hub;
    private final InitData initData;
    private final Feeds.ConsoleAddresses consoleAddresses;
    private List<String> forwardedFor = List.of();
    private final StringBuilder partial = new StringBuilder();
    private FeedSession session;

    FeedEndpoint(FeedSession.Kind kind, FeedHub hub, InitData initData, Feeds.ConsoleAddresses consoleAddresses) {
        this.kind = kind;
        this.hub = hub;
        this.initData = initData;
        this.consoleAddresses = consoleAddresses;
    }

    /** A client message that is refused: the client gets an error message and nothing changes. */
    private static final class Refused extends RuntimeException {
        final ErrorCode code;

        Refused(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        forwardedFor = headers.all(ClientAddress.FORWARDED_FOR, List::of);
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession ws) {
        session = hub.open(kind, ws);
        if (kind == FeedSession.Kind.CONSOLE && consoleAddresses.allowFrom().isPresent()) {
            InetAddress client = consoleAddresses
                    .clients()
                    .of(forwardedFor, ws.socketContext().remotePeer());
            if (!consoleAddresses.allowFrom().get().contains(client)) {
                Meters.counter("http_address_refused", "list", "console").increment();
                LOG.log(
                        System.Logger.Level.INFO,
                        "Refused {0} from {1}: not in CONSOLE_ALLOW_FROM",
                        Feeds.CONSOLE_PATH,
                        client.getHostAddress());
                session.close(FeedCloseCode.FORBIDDEN, "this address may not use the console feed");
            }
        }
    }

    @Override
    public void onMessage(WsSession ws, String text, boolean last) {
        session.heard();
        if (partial.length() + text.length() > MAX_MESSAGE_CHARS) {
            partial.setLength(0);
            session.close(FeedCloseCode.BAD_MESSAGE, "message longer than " + MAX_MESSAGE_CHARS + " characters");
            return;
        }
        partial.append(text);
        if (!last) {
            return;
        }
        String message = partial.toString();
        partial.setLength(0);
        try {
            handle(message);
        } catch (Refused r) {
            session.error(r.code, r.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Feed message failed on " + session, e);
            session.close(FeedCloseCode.SERVER_ERROR, "server error; reconnect");
        }
    }

    @Override
    public void onMessage(WsSession ws, BufferData buffer, boolean last) {
        session.heard();
        session.close(FeedCloseCode.BAD_MESSAGE, "the feed speaks JSON text frames only");
    }

    @Override
    public void onPing(WsSession ws, BufferData buffer) {
        session.heard();
        session.pong(FeedSession.bytes(buffer));
    }

    @Override
    public void onPong(WsSession ws, BufferData buffer) {
        session.heard();
    }

    @Override
    public void onClose(WsSession ws, int status, String reason) {
        session.peerClosed();
    }

    @Override
    public void onError(WsSession ws, Throwable t) {
        LOG.log(System.Logger.Level.DEBUG, "Feed connection error on " + session, t);
        session.terminate("connection error: " + t.getMessage());
    }

    private void handle(String text) {
        ClientMessage m;
        try {
            m = Json.mapper().readValue(text, ClientMessage.class);
        } catch (JsonProcessingException e) {
            session.close(FeedCloseCode.BAD_MESSAGE, "not a feed message: " + e.getOriginalMessage());
            return;
        }
        if (m instanceof ClientMessage.Ping) {
            session.send(new ServerMessage.Pong());
            return;
        }
        if (!session.greeted() && !(m instanceof ClientMessage.Hello)) {
            session.close(FeedCloseCode.BAD_MESSAGE, "the first message must be hello");
            return;
        }
        switch (m) {
            case ClientMessage.Hello h -> hello(h);
            case ClientMessage.Auth a -> auth(a);
            case ClientMessage.Subscribe s -> subscribe(s.topics(), s.raffles(), true);
            case ClientMessage.Unsubscribe u -> subscribe(u.topics(), u.raffles(), false);
            case ClientMessage.Ping p -> session.send(new ServerMessage.Pong());
        }
    }

    private void hello(ClientMessage.Hello h) {
        if (session.greeted()) {
            throw new Refused(ErrorCode.BAD_REQUEST, "hello was already received");
        }
        if (h.since() != null && h.since() < 0) {
            throw new Refused(ErrorCode.VALIDATION_FAILED, "since must be an event id (0 or more)");
        }
        switch (kind) {
            case CONSOLE -> consoleHello(h);
            case PLAYER -> playerHello(h);
        }
    }

    private void consoleHello(ClientMessage.Hello h) {
        if (h.initData() != null || h.raffles() != null) {
            throw new Refused(ErrorCode.VALIDATION_FAILED, "initData and raffles belong to the player feed");
        }
        Optional<ConsolePrincipal> principal = authenticate(h.token());
        if (principal.isEmpty()) {
            return;
        }
        Set<FeedTopic> topics =
                h.topics() == null ? FeedAccess.readable(principal.get().roles()) : topics(h.topics(), principal.get());
        hub.greet(
                session,
                new Audience.Console(principal.get(), h.token(), topics),
                h.since(),
                List.of(),
                position -> new ServerMessage.Welcome(
                        hub.instance(),
                        position,
                        names(topics),
                        null,
                        null,
                        hub.heartbeat().toMillis()));
    }

    private void playerHello(ClientMessage.Hello h) {
        if (h.token() != null || h.topics() != null) {
            throw new Refused(ErrorCode.VALIDATION_FAILED, "token and topics belong to the console feed");
        }
        Long player = null;
        if (h.initData() != null) {
            switch (initData.check(h.initData())) {
                case InitData.Result.Valid v -> player = v.player().id();
                case InitData.Result.Invalid i -> {
                    session.close(FeedCloseCode.UNAUTHORIZED, "initData " + i.problem() + ": " + i.message());
                    return;
                }
            }
        }
        Set<Long> raffles = raffles(h.raffles() == null ? List.of() : h.raffles(), Set.of());
        Long me = player;
        hub.greet(
                session,
                new Audience.Player(raffles, player),
                h.since(),
                raffles,
                position -> new ServerMessage.Welcome(
                        hub.instance(),
                        position,
                        null,
                        List.copyOf(raffles),
                        me,
                        hub.heartbeat().toMillis()));
    }

    private void auth(ClientMessage.Auth a) {
        if (!(session.audience() instanceof Audience.Console current)) {
            throw new Refused(ErrorCode.BAD_REQUEST, "auth is for the console feed");
        }
        Optional<ConsolePrincipal> principal = authenticate(a.token());
        if (principal.isEmpty()) {
            return;
        }
        if (!principal.get().username().equals(current.principal().username())) {
            session.close(FeedCloseCode.UNAUTHORIZED, "the token is for another user");
            return;
        }
        hub.reauthorize(session, principal.get(), a.token());
    }

    /** The token's holder; otherwise the socket is closed as unauthorized and empty is returned. */
    private Optional<ConsolePrincipal> authenticate(String token) {
        Optional<ConsolePrincipal> p = token == null || token.isBlank()
                ? Optional.empty()
                : hub.consoleAuthenticator().authenticate(token);
        if (p.isEmpty()) {
            session.close(FeedCloseCode.UNAUTHORIZED, "access token missing, invalid or expired");
        }
        return p;
    }

    private void subscribe(List<String> topicNames, List<Long> raffleIds, boolean add) {
        switch (session.audience()) {
            case Audience.Console c -> {
                if (raffleIds != null || topicNames == null || topicNames.isEmpty()) {
                    throw new Refused(ErrorCode.VALIDATION_FAILED, "the console feed subscribes to topics");
                }
                Set<FeedTopic> changed = topics(topicNames, c.principal());
                Set<FeedTopic> topics = EnumSet.noneOf(FeedTopic.class);
                topics.addAll(c.topics());
                if (add) {
                    topics.addAll(changed);
                } else {
                    topics.removeAll(changed);
                }
                hub.change(
                        session,
                        new Audience.Console(c.principal(), c.token(), topics),
                        List.of(),
                        new ServerMessage.Subscribed(names(topics), null));
            }
            case Audience.Player p -> {
                if (topicNames != null || raffleIds == null || raffleIds.isEmpty()) {
                    throw new Refused(ErrorCode.VALIDATION_FAILED, "the player feed subscribes to raffles");
                }
                Set<Long> changed = raffles(raffleIds, add ? p.raffles() : Set.of());
                Set<Long> raffles = new LinkedHashSet<>(p.raffles());
                List<Long> fresh = new ArrayList<>();
                for (Long r : changed) {
                    if (add && raffles.add(r)) {
                        fresh.add(r);
                    } else if (!add) {
                        raffles.remove(r);
                    }
                }
                hub.change(
                        session,
                        new Audience.Player(raffles, p.player()),
                        fresh,
                        new ServerMessage.Subscribed(null, List.copyOf(raffles)));
            }
        }
    }

    /** Topic names to topics: all known and all readable by the principal, or the whole request is refused. */
    private static Set<FeedTopic> topics(List<String> names, ConsolePrincipal principal) {
        Set<FeedTopic> topics = EnumSet.noneOf(FeedTopic.class);
        for (String name : names) {
            FeedTopic t = FeedTopic.of(name)
                    .orElseThrow(() -> new Refused(ErrorCode.VALIDATION_FAILED, "unknown topic '" + name + "'"));
            if (!FeedAccess.mayRead(principal.roles(), t)) {
                throw new Refused(ErrorCode.FORBIDDEN, "topic '" + name + "' is not for roles " + principal.roles());
            }
            topics.add(t);
        }
        return topics;
    }

    /** Raffle ids, checked; with {@code already}, the total stays within {@link #MAX_RAFFLES}. */
    private static Set<Long> raffles(List<Long> ids, Collection<Long> already) {
        Set<Long> raffles = new LinkedHashSet<>(already);
        for (Long id : ids) {
            if (id == null || id <= 0) {
                throw new Refused(ErrorCode.VALIDATION_FAILED, "raffle ids are positive numbers");
            }
            raffles.add(id);
        }
        if (raffles.size() > MAX_RAFFLES) {
            throw new Refused(ErrorCode.VALIDATION_FAILED, "at most " + MAX_RAFFLES + " raffles per connection");
        }
        raffles.removeAll(already);
        return raffles;
    }

    private static List<String> names(Set<FeedTopic> topics) {
        return topics.stream().map(FeedTopic::stream).toList();
    }
}
