package io.rafflestars.console.platform;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Number and time formatting: Stars are whole numbers with thousands separators. */
public final class Fmt {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private Fmt() {}

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String stars(long n) {
        return String.format(Locale.ROOT, "%,d ★", n);
    }

    public static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    public static String clock(Instant t) {
        return t == null ? "—" : CLOCK.format(t);
    }

    public static String bps(int bps) {
        return String.format(Locale.ROOT, "%d.%02d %%", bps / 100, bps % 100);
    }
}
