package io.rafflestars.backend.player;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
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
 *
 * <p>Where configured ({@link ThirdParty}), the Ed25519 {@code signature} field is accepted too (Telegram's "validating
 * data for third-party use"): Telegram signs {@code <bot id>:WebAppData}, a newline, then every field except
 * {@code hash} and {@code signature}, sorted and joined as above, with its own key; the signature is base64url. Such
 * initData needs no bot token to check, only the bot's id and Telegram's published public key.
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
    private final Optional<ThirdParty> thirdParty;

    public InitData(String botToken, Duration maxAge, Clock clock) {
        this(botToken, maxAge, clock, Optional.empty());
    }

    public InitData(String botToken, Duration maxAge, Clock clock, Optional<ThirdParty> thirdParty) {
        this.secretKey = hmac("WebAppData".getBytes(StandardCharsets.UTF_8), botToken);
        this.maxAge = maxAge;
        this.clock = clock;
        this.thirdParty = thirdParty;
    }

    /**
     * The Ed25519 scheme: the bot whose id is signed and the public key that signs.
     *
     * @param botId the bot's numeric id (the digits before the colon of its token)
     * @param publicKey the raw 32-byte Ed25519 public key, e.g. {@link #TELEGRAM_PRODUCTION_KEY}
     */
    public record ThirdParty(long botId, byte[] publicKey) {
        /** Telegram's published key for initData of production bots (core.telegram.org, Mini Apps). */
        public static final String TELEGRAM_PRODUCTION_KEY =
                "e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d";
        /** Telegram's published key for the test environment. */
        public static final String TELEGRAM_TEST_KEY =
                "40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec";

        /** X.509 prefix of an Ed25519 SubjectPublicKeyInfo; the raw key follows. */
        private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

        public ThirdParty {
            if (botId <= 0) {
                throw new IllegalArgumentException("bot id must be positive");
            }
            if (publicKey == null || publicKey.length != 32) {
                throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
            }
            publicKey = publicKey.clone();
        }

        /** {@code production}, {@code test} or 64 hex digits of a raw key; the bot id from the bot token. */
        public static ThirdParty of(String key, String botToken) {
            String hex = switch (key.toLowerCase(java.util.Locale.ROOT)) {
                case "production" -> TELEGRAM_PRODUCTION_KEY;
                case "test" -> TELEGRAM_TEST_KEY;
                default -> key.toLowerCase(java.util.Locale.ROOT);
            };
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("the key must be 'production', 'test' or 64 hex digits");
            }
            return new ThirdParty(InitData.botId(botToken), HexFormat.of().parseHex(hex));
        }

        PublicKey key() throws GeneralSecurityException {
            byte[] encoded = new byte[X509_PREFIX.length + 32];
            System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
            System.arraycopy(publicKey, 0, encoded, X509_PREFIX.length, 32);
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        }
    }

    /** The bot's id: the digits before the colon of its token. */
    public static long botId(String botToken) {
        int colon = botToken.indexOf(':');
        try {
            return Long.parseLong(colon < 0 ? botToken : botToken.substring(0, colon));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a bot token starts with the bot's numeric id", e);
        }
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
        boolean thirdPartySigned = thirdParty.isPresent() && fields.containsKey("signature");
        if (hash == null && !thirdPartySigned) {
            return new Result.Invalid(Problem.NOT_SIGNED, "initData has no hash");
        }
        boolean valid = (hash != null && hashMatches(fields, hash)) || (thirdPartySigned && signatureMatches(fields));
        if (!valid) {
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

    /** The bot-token scheme: HMAC over every field but {@code hash} (so {@code signature} is included). */
    private boolean hashMatches(Map<String, String> fields, String hash) {
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(secretKey, checkString(fields, null)), given);
    }

    /** The third-party scheme: Ed25519 over {@code <bot id>:WebAppData\n} and every field but hash and signature. */
    private boolean signatureMatches(Map<String, String> fields) {
        ThirdParty party = thirdParty.orElseThrow();
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(padded(fields.get("signature")));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (signature.length != 64) {
            return false;
        }
        String message = party.botId() + ":WebAppData\n" + checkString(fields, "signature");
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initVerify(party.key());
            ed.update(message.getBytes(StandardCharsets.UTF_8));
            return ed.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    /** Telegram sends base64url without padding; the decoder wants it (and standard base64 letters are refused). */
    private static String padded(String b64) {
        return b64 + "=".repeat((4 - b64.length() % 4) % 4);
    }

    /** The sorted fields (without {@code hash}, and without {@code except}) as {@code key=value} lines. */
    private static String checkString(Map<String, String> sortedFields, String except) {
        StringBuilder check = new StringBuilder();
        sortedFields.forEach((k, v) -> {
            if (k.equals(except)) {
                return;
            }
            if (!check.isEmpty()) {
                check.append('\n');
            }
            check.append(k).append('=').append(v);
        });
        return check.toString();
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
