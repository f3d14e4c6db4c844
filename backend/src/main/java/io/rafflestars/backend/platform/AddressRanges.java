package io.rafflestars.backend.platform;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of CIDR ranges (IPv4 and IPv6), e.g. an office network for the console API or Telegram's published webhook
 * sources. An IPv4-mapped IPv6 address ({@code ::ffff:1.2.3.4}) matches the IPv4 ranges.
 */
public final class AddressRanges {
    /** Telegram's published webhook source ranges (core.telegram.org/bots/webhooks). */
    public static final String TELEGRAM = "149.154.160.0/20,91.108.4.0/22";

    private final List<Range> ranges;
    private final String text;

    private AddressRanges(List<Range> ranges, String text) {
        this.ranges = List.copyOf(ranges);
        this.text = text;
    }

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    /**
     * Parses a comma-separated list of CIDR ranges or single addresses; {@code telegram} stands for Telegram's ranges.
     *
     * @param variable the environment variable, named in the error
     */
    public static AddressRanges parse(String variable, String value) {
        List<Range> ranges = new ArrayList<>();
        for (String raw : value.split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) {
                continue;
            }
            if (item.equalsIgnoreCase("telegram")) {
                ranges.addAll(parse(variable, TELEGRAM).ranges);
                continue;
            }
            int slash = item.indexOf('/');
            String addressText = slash < 0 ? item : item.substring(0, slash);
            InetAddress address = IpAddresses.literal(addressText)
                    .orElseThrow(() -> new StartupException(
                            variable + " has '" + item + "', which is not an address or CIDR range"));
            byte[] bytes = normalize(address);
            int bits = bytes.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(item.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new StartupException(
                            variable + " has '" + item + "', whose prefix length is not between 0 and " + bits);
                }
            }
            ranges.add(new Range(bytes, prefix));
        }
        if (ranges.isEmpty()) {
            throw new StartupException(variable + " names no address range");
        }
        return new AddressRanges(ranges, value.strip());
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = normalize(address);
        return ranges.stream().anyMatch(r -> r.contains(bytes));
    }

    /** IPv4-mapped IPv6 addresses compare as IPv4. */
    private static byte[] normalize(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 16 && !(address instanceof Inet4Address)) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            if (mapped) {
                return new byte[] {b[12], b[13], b[14], b[15]};
            }
        }
        return b;
    }

    @Override
    public String toString() {
        return text;
    }
}
