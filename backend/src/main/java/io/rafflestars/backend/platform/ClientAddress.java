package io.rafflestars.backend.platform;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;

/**
 * The address a request came from, as the audit log, the login throttle and rate limits see it. Behind a load
 * balancer (Railway) the TCP peer is the proxy, so with {@code TRUSTED_PROXY_HOPS=n} the address is the n-th entry
 * from the right of {@code X-Forwarded-For}: each trusted proxy appends the address it saw, so entries further left
 * were written by the client and can be forged. With 0 (the default) the header is ignored.
 */
public final class ClientAddress {
    static final HeaderName FORWARDED_FOR = HeaderNames.X_FORWARDED_FOR;
    private static final String CONTEXT_KEY = ClientAddress.class.getName();

    private ClientAddress() {}

    /** A filter that works the address out once per request. */
    public static Filter filter(int trustedProxyHops) {
        return (chain, req, res) -> {
            req.context()
                    .register(
                            CONTEXT_KEY,
                            resolve(
                                    req.remotePeer().host(),
                                    req.headers().all(FORWARDED_FOR, List::of),
                                    trustedProxyHops));
            chain.proceed();
        };
    }

    /** The request's client address (the TCP peer when the filter did not run). */
    public static String of(ServerRequest req) {
        return req.context()
                .get(CONTEXT_KEY, String.class)
                .orElseGet(() -> req.remotePeer().host());
    }

    /** The n-th address from the right of the {@code X-Forwarded-For} values, or the peer when there are fewer. */
    static String resolve(String peer, List<String> forwardedFor, int hops) {
        if (hops <= 0) {
            return peer;
        }
        List<String> chain = forwardedFor.stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        if (chain.size() < hops) {
            return peer;
        }
        String address = chain.get(chain.size() - hops);
        // an address, not whatever text a misconfigured proxy passes on
        return address.length() <= 64 && address.matches("[0-9A-Fa-f:.\\[\\]]+") ? address : peer;
    }
}
