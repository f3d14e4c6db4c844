package io.rafflestars.telegramfake;

import java.security.SecureRandom;
import java.util.Base64;

/** Random identifiers shaped like Telegram's, so code that parses or stores them meets realistic values. */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Ids() {}

    /** Query ids (pre-checkout, callback) are 64-bit numbers sent as decimal strings. */
    static String queryId() {
        return Long.toString(1_000_000_000_000_000_000L + (RANDOM.nextLong() >>> 1) % 8_000_000_000_000_000_000L);
    }

    /** chat_instance is a signed 64-bit number as a string. */
    static String chatInstance() {
        return Long.toString(RANDOM.nextLong());
    }

    /** Star payment charge ids start with "stx" followed by a long base64url tail. */
    static String chargeId() {
        return "stx" + randomBase64(66);
    }

    /** Ids of the bot's own Star transactions (purchases, top-ups). */
    static String transactionId() {
        return "stx" + randomBase64(30);
    }

    /** The part after {@code https://t.me/$} in an invoice link. */
    static String invoiceSlug() {
        return randomBase64(21);
    }

    private static String randomBase64(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return BASE64URL.encodeToString(buffer);
    }
}
