package io.rafflestars.backend.player;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Validates a Telegram Mini App's {@code initData} before any user id in it is trusted.
 *
 * <p>Telegram signs it with HMAC-SHA256 under the key HMAC_SHA256(key = "WebAppData", message = bot token), over the
 * data-check string: every field except {@code hash}, sorted by key, as {@code key=value} joined by newlines. Every
 * field counts, including ones added after this was written (e.g. {@code signature}), so the list is never fixed
 * here. {@code auth_date} must be recent: a captured initData replays only until it ages out.
 */
public final class InitData {
    /** Longest initData accepted; Telegram's are well under 4 KiB. */
    static final int MAX_LENGTH = 8 * 1024;

    private static final int MAX_FIELDS = 64;
    /** How far {@code auth_date} may be ahead of our clock (clocks differ a little). */
    private static final Duration FUTURE_SKEW = Duration.ofMinutes(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] secretKey;
    private final Duration maxAge;
    private final Clock clock;

    public InitData(String botToken, Duration maxAge, Clock clock) {
        this.secretKey = hmac("WebAppData".getBytes(StandardCharsets.UTF_8), botToken);
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** The Telegram user the initData vouches for. */
    public record Player(long id, String firstName, String username, String languageCode, Instant authDate) {}

    /** Why initData was refused; the names are stable (clients and logs see them). */
    public enum Problem {
        MALFORMED,
        NOT_SIGNED,
        BAD_SIGNATURE,
        EXPIRED,
        NO_USER
    }

    public sealed interface Result {
        record Valid(Player player, Map<String, String> fields) implements Result {}

        record Invalid(Problem problem, String message) implements Result {}
    }

    public Result check(String initData) {
        if (initData == null || initData.isEmpty() || initData.length() > MAX_LENGTH) {
            return new Result.Invalid(Problem.MALFORMED, "initData is empty or longer than " + MAX_LENGTH);
        }
        Map<String, String> fields = new TreeMap<>();
        String[] pairs = initData.split("&", -1);
        if (pairs.length > MAX_FIELDS) {
            return new Result.Invalid(Problem.MALFORMED, "initData has more than " + MAX_FIELDS + " fields");
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return new Result.Invalid(Problem.MALFORMED, "initData field without a name or '='");
            }
            String key;
            String value;
            try {
                key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return new Result.Invalid(Problem.MALFORMED, "initData is not URL-encoded properly");
            }
            if (fields.put(key, value) != null) {
                return new Result.Invalid(Problem.MALFORMED, "initData repeats the field " + key);
            }
        }
        String hash = fields.remove("hash");
        if (hash == null) {
            return new Result.Invalid(Problem.NOT_SIGNED, "initData has no hash");
        }
        StringBuilder check = new StringBuilder();
        fields.forEach((k, v) -> {
            if (!check.isEmpty()) {
                check.append('\n');
            }
            check.append(k).append('=').append(v);
        });
        byte[] expected = hmac(secretKey, check.toString());
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hash);
        } catch (IllegalArgumentException e) {
            return new Result.Invalid(Problem.BAD_SIGNATURE, "initData hash is not hexadecimal");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            return new Result.Invalid(Problem.BAD_SIGNATURE, "initData signature does not match");
        }
        // Only signed data from here on.
        Instant authDate;
        try {
            authDate = Instant.ofEpochSecond(Long.parseLong(fields.getOrDefault("auth_date", "")));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return new Result.Invalid(Problem.MALFORMED, "initData has no valid auth_date");
        }
        Instant now = clock.instant();
        if (authDate.isBefore(now.minus(maxAge)) || authDate.isAfter(now.plus(FUTURE_SKEW))) {
            return new Result.Invalid(Problem.EXPIRED, "initData is from " + authDate + "; open the app again");
        }
        String user = fields.get("user");
        if (user == null) {
            return new Result.Invalid(Problem.NO_USER, "initData names no user");
        }
        try {
            JsonNode u = JSON.readTree(user);
            if (u == null
                    || !u.path("id").canConvertToExactIntegral()
                    || u.path("id").asLong() <= 0) {
                return new Result.Invalid(Problem.NO_USER, "initData user has no id");
            }
            return new Result.Valid(
                    new Player(
                            u.path("id").asLong(),
                            text(u, "first_name"),
                            text(u, "username"),
                            text(u, "language_code"),
                            authDate),
                    Map.copyOf(fields));
        } catch (java.io.IOException e) {
            return new Result.Invalid(Problem.NO_USER, "initData user is not JSON");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
