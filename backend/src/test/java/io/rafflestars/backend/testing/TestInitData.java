package io.rafflestars.backend.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs Mini App initData as Telegram does, for tests (checked against an independent signer in InitDataTest). */
public final class TestInitData {
    private TestInitData() {}

    /** initData for a player, signed with the bot token. */
    public static String forPlayer(String botToken, long userId, String firstName, Instant authDate) {
        return sign(
                botToken,
                Map.of(
                        "query_id", "AAH" + userId,
                        "user", "{\"id\":" + userId + ",\"first_name\":\"" + firstName + "\",\"language_code\":\"en\"}",
                        "auth_date", Long.toString(authDate.getEpochSecond())));
    }

    public static String sign(String botToken, Map<String, String> fields) {
        Map<String, String> sorted = new TreeMap<>(fields);
        StringJoiner check = new StringJoiner("\n");
        StringJoiner query = new StringJoiner("&");
        sorted.forEach((k, v) -> {
            check.add(k + "=" + v);
            query.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        byte[] key = hmac("WebAppData".getBytes(StandardCharsets.UTF_8), botToken);
        query.add("hash=" + HexFormat.of().formatHex(hmac(key, check.toString())));
        return query.toString();
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
