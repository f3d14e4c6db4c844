package io.rafflestars.backend.platform;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rafflestars.common.api.ErrorCode;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every request meets before its route: security headers on every answer, the optional address allow-lists
 * (console API, Telegram webhook, metrics) and rate limits answered 429 with {@code Retry-After}.
 *
 * <p>Per-address limits apply here, as a filter. Limits per console user and per player need the authenticated
 * identity, which is known only inside the route (after authentication): {@link #perConsoleUser} and
 * {@link #perPlayer} return a handler to put on those routes right after authentication, keyed by a function of the
 * request.
 */
public final class Edge {
    private static final System.Logger LOG = System.getLogger(Edge.class.getName());
    public static final HeaderName RETRY_AFTER = HeaderNames.RETRY_AFTER;

    /** Telegram's web clients embed the Mini App in a frame; nothing else of ours may be framed. */
    static final String MINI_APP_FRAME_ANCESTORS = "frame-ancestors 'self' https://web.telegram.org";

    private final ClientAddress clients;
    private final Optional<RateLimiter> perAddress;
    private final Optional<RateLimiter> perConsoleUser;
    private final Optional<RateLimiter> perPlayer;
    private final List<Guarded> guarded;

    public Edge(Settings.Edge settings) {
        this.clients = new ClientAddress(settings.trustedProxyHops());
        this.perAddress = settings.perAddress().map(r -> new RateLimiter("address", r));
        this.perConsoleUser = settings.perConsoleUser().map(r -> new RateLimiter("console_user", r));
        this.perPlayer = settings.perPlayer().map(r -> new RateLimiter("player", r));
        this.guarded = List.of(
                // The Mini App's API lives under /api/player and is used from anywhere: never office-only.
                new Guarded(
                        "console",
                        "CONSOLE_ALLOW_FROM",
                        settings.consoleAllowFrom(),
                        List.of("/api", "/ws/console"),
                        List.of("/api/player")),
                new Guarded(
                        "webhook",
                        "TELEGRAM_WEBHOOK_ALLOW_FROM",
                        settings.webhookAllowFrom(),
                        List.of("/telegram/webhook"),
                        List.of()),
                new Guarded(
                        "metrics", "METRICS_ALLOW_FROM", settings.metricsAllowFrom(), List.of("/metrics"), List.of()));
        List.of("address", "console_user", "player").forEach(l -> Meters.counter("http_rate_limited", "limit", l));
        guarded.forEach(g -> Meters.counter("http_address_refused", "list", g.name()));
    }

    public ClientAddress clients() {
        return clients;
    }

    /** Registers the filters; call right after the request-id filter, so refusals carry a request id too. */
    public void install(HttpRouting.Builder routing) {
        // Every request's client address is worked out once, first: allow-lists, limits and the audit log use it.
        routing.addFilter((chain, req, res) -> {
            clients.of(req);
            chain.proceed();
        });
        routing.addFilter(Edge::securityHeaders);
        routing.addFilter(this::allowLists);
        perAddress.ifPresent(limiter -> routing.addFilter(filter(limiter, req -> {
            if (!limitedByAddress(req.path().path())) {
                return Optional.empty();
            }
            // Loopback is the machine itself (local tools, tests); behind a proxy it never is the client.
            InetAddress address = clients.of(req);
            return address.isLoopbackAddress() ? Optional.empty() : Optional.of(address.getHostAddress());
        })));
    }

    /**
     * A handler limiting per console user, for the console API routes after authentication, e.g.
     * {@code rules.any("/api/raffles/*", authenticate, edge.perConsoleUser(req -> user(req)))}. Requests the key
     * function has no user for pass.
     */
    public Handler perConsoleUser(Function<ServerRequest, Optional<String>> user) {
        return handler(perConsoleUser, user);
    }

    /** A handler limiting per Telegram player, for the Mini App API after initData is validated. */
    public Handler perPlayer(Function<ServerRequest, Optional<Long>> player) {
        return handler(perPlayer, req -> player.apply(req).map(String::valueOf));
    }

    /**
     * The webhook is never limited by address (Telegram delivers from a few addresses, and a refused delivery is
     * retried and slows every later one); health checks and scrapes come from the platform.
     */
    static boolean limitedByAddress(String path) {
        return !(path.equals("/telegram/webhook")
                || path.startsWith("/telegram/webhook/")
                || path.startsWith("/health")
                || path.equals("/metrics")
                || path.startsWith("/metrics/"));
    }

    private static Filter filter(RateLimiter limiter, Function<RoutingRequest, Optional<String>> key) {
        return (chain, req, res) -> {
            Optional<String> k = key.apply(req);
            if (k.isEmpty() || allowed(limiter, k.get(), res)) {
                chain.proceed();
            }
        };
    }

    private static Handler handler(Optional<RateLimiter> limiter, Function<ServerRequest, Optional<String>> key) {
        return (req, res) -> {
            Optional<String> k = limiter.isPresent() ? key.apply(req) : Optional.empty();
            if (k.isEmpty() || allowed(limiter.get(), k.get(), res)) {
                res.next();
            }
        };
    }

    /** Takes a token, or answers 429 with {@code Retry-After} in whole seconds (at least 1) and returns false. */
    private static boolean allowed(RateLimiter limiter, String key, ServerResponse res) {
        return switch (limiter.take(key)) {
            case RateLimiter.Decision.Allowed a -> true;
            case RateLimiter.Decision.Limited l -> {
                long seconds = Math.max(1, (l.retryAfter().toMillis() + 999) / 1000);
                Meters.counter("http_rate_limited", "limit", limiter.name()).increment();
                res.header(RETRY_AFTER, Long.toString(seconds));
                Errors.send(
                        res,
                        ErrorCode.TOO_MANY_REQUESTS,
                        "Too many requests (limit " + limiter.rate() + " per "
                                + limiter.name().replace('_', ' ') + "); retry after " + seconds + " s",
                        null);
                yield false;
            }
        };
    }

    private static void securityHeaders(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        securityHeaders(res, miniApp(req.path().path()));
        chain.proceed();
    }

    static boolean miniApp(String path) {
        return path.equals("/app") || path.startsWith("/app/");
    }

    /** The headers every answer carries; {@code miniApp} pages may be framed by Telegram's web clients. */
    static void securityHeaders(ServerResponse res, boolean miniApp) {
        res.header(HeaderNames.STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        if (miniApp) {
            // No X-Frame-Options here: it cannot name Telegram, and DENY would stop the web clients embedding it.
            res.header(HeaderNames.create("Content-Security-Policy"), MINI_APP_FRAME_ANCESTORS);
        } else {
            res.header(HeaderNames.create("X-Frame-Options"), "DENY");
            res.header(HeaderNames.create("Content-Security-Policy"), "frame-ancestors 'none'");
        }
    }

    private void allowLists(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        for (Guarded g : guarded) {
            if (g.ranges().isPresent() && g.applies(path)) {
                InetAddress address = clients.of(req);
                if (!g.ranges().get().contains(address)) {
                    Meters.counter("http_address_refused", "list", g.name()).increment();
                    LOG.log(
                            g.name().equals("webhook") ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                            "Refused {0} from {1}: not in {2}",
                            path,
                            address.getHostAddress(),
                            g.variable());
                    Errors.send(res, ErrorCode.ADDRESS_NOT_ALLOWED, "Your address is not allowed to use " + path, null);
                    return;
                }
            }
        }
        chain.proceed();
    }

    /** One allow-list and the paths it guards. */
    private record Guarded(
            String name,
            String variable,
            Optional<AddressRanges> ranges,
            List<String> prefixes,
            List<String> exceptPrefixes) {
        boolean applies(String path) {
            return prefixes.stream().anyMatch(p -> under(path, p))
                    && exceptPrefixes.stream().noneMatch(p -> under(path, p));
        }

        private static boolean under(String path, String prefix) {
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
    }
}
