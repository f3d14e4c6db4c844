package io.rafflestars.backend.platform;

import io.helidon.common.socket.PeerInfo;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The address of the client behind our proxies. Each trusted proxy (Railway's edge is one) appends the address it
 * received the request from to {@code X-Forwarded-For}; everything to the left of those entries was written by the
 * client and may be forged. So with {@code hops} trusted proxies the client is the {@code hops}-th entry from the
 * right, never the left-most one; with no trusted proxy it is the TCP peer.
 */
public final class ClientAddress {
    public static final HeaderName FORWARDED_FOR = HeaderNames.X_FORWARDED_FOR;

    private final int trustedHops;

    public ClientAddress(int trustedHops) {
        if (trustedHops < 0) {
            throw new IllegalArgumentException("trustedHops must not be negative");
        }
        this.trustedHops = trustedHops;
    }

    /** The resolved address, kept in the request's context so it is worked out once per request. */
    private record Resolved(InetAddress address) {}

    public InetAddress of(ServerRequest req) {
        Optional<Resolved> known = req.context().get(Resolved.class);
        if (known.isPresent()) {
            return known.get().address();
        }
        InetAddress address = of(req.headers().all(FORWARDED_FOR, List::of), req.remotePeer());
        req.context().register(new Resolved(address));
        return address;
    }

    /**
     * The client's address from the {@code X-Forwarded-For} header values and the TCP peer, where there is no request
     * to read them from (a WebSocket handshake, which Helidon upgrades before any route or filter runs).
     */
    public InetAddress of(List<String> forwardedFor, PeerInfo tcpPeer) {
        List<String> chain = new ArrayList<>();
        forwardedFor.forEach(v -> chain.addAll(List.of(v.split(","))));
        InetAddress peer = IpAddresses.parse(tcpPeer.host())
                .orElseGet(() -> tcpPeer.address() instanceof java.net.InetSocketAddress isa
                        ? isa.getAddress()
                        : InetAddress.getLoopbackAddress());
        return resolve(chain, peer, trustedHops);
    }

    /** The client's address given the {@code X-Forwarded-For} entries in order, the TCP peer and the trusted hops. */
    static InetAddress resolve(List<String> forwardedFor, InetAddress peer, int trustedHops) {
        if (trustedHops == 0 || forwardedFor.isEmpty()) {
            return peer;
        }
        // Fewer entries than trusted proxies: all of them were written by our proxies, the left-most is the client.
        int index = Math.max(0, forwardedFor.size() - trustedHops);
        return IpAddresses.parse(forwardedFor.get(index)).orElse(peer);
    }

    /**
     * The client address of a request as text, for the audit log and the login throttle: what {@link #of} resolved
     * for it (the edge resolves every request first), else the TCP peer.
     */
    public static String text(ServerRequest req) {
        return req.context()
                .get(Resolved.class)
                .map(r -> r.address().getHostAddress())
                .orElseGet(() -> req.remotePeer().host());
    }

    public int trustedHops() {
        return trustedHops;
    }
}
