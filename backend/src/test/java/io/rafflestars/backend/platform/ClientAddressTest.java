package io.rafflestars.backend.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private static final InetAddress PEER = IpAddresses.literal("10.250.0.3").orElseThrow();

    @Test
    void theClientIsTheEntryTheLastTrustedProxyAdded() {
        // client forged "1.1.1.1"; Railway's edge appended the real address
        assertThat(resolve(List.of("1.1.1.1", " 203.0.113.7"), 1)).isEqualTo("203.0.113.7");
        assertThat(resolve(List.of("1.1.1.1", "203.0.113.7", "10.0.0.5"), 2)).isEqualTo("203.0.113.7");
        // fewer entries than proxies: all were written by proxies, the left-most is the client
        assertThat(resolve(List.of("203.0.113.7"), 2)).isEqualTo("203.0.113.7");
        // no trusted proxy: the header is ignored whatever it says
        assertThat(resolve(List.of("1.1.1.1"), 0)).isEqualTo("10.250.0.3");
        assertThat(resolve(List.of(), 1)).isEqualTo("10.250.0.3");
        // garbage where the proxy's entry should be: the peer, never a DNS lookup
        assertThat(resolve(List.of("evil.example.com"), 1)).isEqualTo("10.250.0.3");
        assertThat(resolve(List.of("[2001:db8::7]:4711"), 1)).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(resolve(List.of("203.0.113.7:4711"), 1)).isEqualTo("203.0.113.7");
    }

    @Test
    void rangesMatchIpv4Ipv6AndMappedAddresses() {
        AddressRanges r = AddressRanges.parse("X", "telegram, 2001:db8::/32, 192.0.2.1");
        assertThat(r.contains(ip("149.154.160.1"))).isTrue();
        assertThat(r.contains(ip("149.154.175.255"))).isTrue();
        assertThat(r.contains(ip("149.154.176.0"))).isFalse();
        assertThat(r.contains(ip("91.108.7.255"))).isTrue();
        assertThat(r.contains(ip("91.108.8.0"))).isFalse();
        assertThat(r.contains(ip("::ffff:149.154.161.2"))).isTrue();
        assertThat(r.contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(r.contains(ip("2001:db9::1"))).isFalse();
        assertThat(r.contains(ip("192.0.2.1"))).isTrue();
        assertThat(r.contains(ip("192.0.2.2"))).isFalse();
        assertThatThrownBy(() -> AddressRanges.parse("CONSOLE_ALLOW_FROM", "10.0.0.0/33"))
                .hasMessage("CONSOLE_ALLOW_FROM has '10.0.0.0/33', whose prefix length is not between 0 and 32");
        assertThatThrownBy(() -> AddressRanges.parse("CONSOLE_ALLOW_FROM", "office.example.com"))
                .hasMessage("CONSOLE_ALLOW_FROM has 'office.example.com', which is not an address or CIDR range");
    }

    @Test
    void tokenBucketsBurstThenRefillEvenly() {
        long[] now = {0};
        RateLimiter limiter =
                new RateLimiter("t", new RateLimiter.Rate(2, java.time.Duration.ofSeconds(10)), () -> now[0]);
        assertThat(limiter.take("a")).isInstanceOf(RateLimiter.Decision.Allowed.class);
        assertThat(limiter.take("a")).isInstanceOf(RateLimiter.Decision.Allowed.class);
        assertThat(limiter.take("a")).isEqualTo(new RateLimiter.Decision.Limited(java.time.Duration.ofSeconds(5)));
        assertThat(limiter.take("b")).isInstanceOf(RateLimiter.Decision.Allowed.class);
        now[0] = java.time.Duration.ofSeconds(5).toNanos();
        assertThat(limiter.take("a")).isInstanceOf(RateLimiter.Decision.Allowed.class);
        assertThat(limiter.take("a")).isInstanceOf(RateLimiter.Decision.Limited.class);
        assertThatThrownBy(() -> RateLimiter.Rate.parse("RATE_LIMIT_ADDRESS", "lots"))
                .hasMessage("RATE_LIMIT_ADDRESS must look like 600/60s (requests per seconds) or off, got 'lots'");
        assertThat(RateLimiter.Rate.parse("X", "off")).isEmpty();
    }

    private static String resolve(List<String> chain, int hops) {
        return ClientAddress.resolve(chain, PEER, hops).getHostAddress();
    }

    private static InetAddress ip(String s) {
        return IpAddresses.literal(s).orElseThrow();
    }
}
