package io.rafflestars.backend.platform;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.logging.common.HelidonMdc;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is sane, else a fresh one. The id is echoed in
 * the response and put in the logging context, so one request can be followed through the logs. Also writes the
 * access log (logger {@code access}), one line per request with its id, status and duration.
 */
public final class RequestIds {
    public static final HeaderName HEADER = HeaderNames.create("X-Request-Id");
    public static final String MDC_KEY = "requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final System.Logger ACCESS = System.getLogger("access");

    private RequestIds() {}

    public static void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String id = req.headers()
                .first(HEADER)
                .filter(v -> SANE.matcher(v).matches())
                .orElseGet(() -> UUID.randomUUID().toString());
        res.header(HEADER, id);
        HelidonMdc.set(MDC_KEY, id);
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            if (ACCESS.isLoggable(System.Logger.Level.INFO)) {
                ACCESS.log(
                        System.Logger.Level.INFO,
                        "{0} {1} {2} {3}ms {4}",
                        req.prologue().method().text(),
                        req.prologue().uriPath().rawPath(),
                        res.status().code(),
                        (System.nanoTime() - start) / 1_000_000,
                        req.remotePeer().host());
            }
            HelidonMdc.remove(MDC_KEY);
        }
    }
}
