package io.rafflestars.backend.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP address literals, parsed without ever asking DNS: the text comes from headers a client may have written, and a
 * host name there must never make the server resolve it.
 */
public final class IpAddresses {
    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpAddresses() {}

    /**
     * The address in {@code text}: IPv4 ({@code 1.2.3.4}, optionally {@code :port}), IPv6 ({@code ::1}, optionally
     * bracketed with a port: {@code [::1]:443}). Anything else, host names included, is empty.
     */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            s = s.substring(1, close);
        } else if (s.indexOf(':') == s.lastIndexOf(':') && s.indexOf(':') > 0) {
            s = s.substring(0, s.indexOf(':')); // IPv4 with a port
        }
        return literal(s);
    }

    /** A bare address literal, IPv4 or IPv6, without port or brackets. */
    public static Optional<InetAddress> literal(String text) {
        String s = text.strip();
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (V4.matcher(s).matches()) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        } else if (!V6.matcher(s).matches() || s.length() > 45) {
            return Optional.empty();
        }
        try {
            // A literal (checked above) never triggers a lookup.
            return Optional.of(InetAddress.getByName(s));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
