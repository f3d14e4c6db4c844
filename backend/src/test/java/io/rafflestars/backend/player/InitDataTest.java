package io.rafflestars.backend.player;

import static org.assertj.core.api.Assertions.assertThat;

import io.rafflestars.backend.testing.TestInitData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InitDataTest {
    private static final String TOKEN = "424242:test-token";

    /**
     * Signed by an independent implementation (the npm package @telegram-apps/init-data-node 2.0.10) with the token
     * above and auth_date 1800000000. It carries fields beyond the classic ones (signature, start_param, chat_type):
     * a validator with a fixed field list would get its hash wrong.
     */
    private static final String SIGNED_ELSEWHERE = "query_id=AAHdF6IQAAAAAN0XohDhrOrc&user=%7B%22id%22%3A1001%2C"
            + "%22first_name%22%3A%22Ann%22%2C%22last_name%22%3A%22Lee%22%2C%22username%22%3A%22ann_l%22%2C"
            + "%22language_code%22%3A%22en%22%2C%22allows_write_to_pm%22%3Atrue%2C%22photo_url%22%3A%22https%3A%2F%2F"
            + "t.me%2Fi%2Fuserpic%2F320%2Fann.jpg%22%7D&chat_instance=-4563890145268212345&chat_type=private"
            + "&signature=c2lnbmF0dXJlLWZyb20tdGVsZWdyYW0&start_param=raffle_7&auth_date=1800000000"
            + "&hash=95ff71fb675ce947b9c654791d4bf55151480589d4103c0a134f6c80ec3dcea7";

    private static final Instant SIGNED_AT = Instant.ofEpochSecond(1_800_000_000L);

    private static InitData at(Instant now) {
        return new InitData(TOKEN, Duration.ofHours(24), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static InitData.Problem problem(InitData.Result r) {
        assertThat(r).isInstanceOf(InitData.Result.Invalid.class);
        return ((InitData.Result.Invalid) r).problem();
    }

    @Test
    void initDataSignedByAnIndependentImplementationIsValid() {
        InitData.Result r = at(SIGNED_AT.plusSeconds(60)).check(SIGNED_ELSEWHERE);
        assertThat(r).isInstanceOf(InitData.Result.Valid.class);
        InitData.Player p = ((InitData.Result.Valid) r).player();
        assertThat(p.id()).isEqualTo(1001);
        assertThat(p.firstName()).isEqualTo("Ann");
        assertThat(p.username()).isEqualTo("ann_l");
        assertThat(p.languageCode()).isEqualTo("en");
        assertThat(p.authDate()).isEqualTo(SIGNED_AT);
        assertThat(((InitData.Result.Valid) r).fields()).containsEntry("start_param", "raffle_7");
    }

    @Test
    void theTestSignerAgreesWithTheIndependentOne() {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String pair : SIGNED_ELSEWHERE.split("&")) {
            String[] kv = pair.split("=", 2);
            if (!kv[0].equals("hash")) {
                fields.put(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        assertThat(TestInitData.sign(TOKEN, fields))
                .endsWith(SIGNED_ELSEWHERE.substring(SIGNED_ELSEWHERE.indexOf("&hash=")));
    }

    @Test
    void anyChangeToTheSignedFieldsBreaksTheSignature() {
        InitData check = at(SIGNED_AT);
        // another user id
        assertThat(problem(check.check(SIGNED_ELSEWHERE.replace("%22id%22%3A1001", "%22id%22%3A1002"))))
                .isEqualTo(InitData.Problem.BAD_SIGNATURE);
        // a field dropped (one a fixed-list validator would not even look at)
        assertThat(problem(check.check(SIGNED_ELSEWHERE.replace("&start_param=raffle_7", ""))))
                .isEqualTo(InitData.Problem.BAD_SIGNATURE);
        // a field added
        assertThat(problem(check.check("admin=true&" + SIGNED_ELSEWHERE))).isEqualTo(InitData.Problem.BAD_SIGNATURE);
        // another bot's token
        assertThat(problem(new InitData("111:other", Duration.ofHours(24), Clock.fixed(SIGNED_AT, ZoneOffset.UTC))
                        .check(SIGNED_ELSEWHERE)))
                .isEqualTo(InitData.Problem.BAD_SIGNATURE);
        assertThat(problem(check.check(SIGNED_ELSEWHERE.replaceAll("&hash=[0-9a-f]+", "&hash=zz"))))
                .isEqualTo(InitData.Problem.BAD_SIGNATURE);
    }

    @Test
    void oldOrFutureInitDataIsRefused() {
        assertThat(problem(
                        at(SIGNED_AT.plus(Duration.ofHours(24)).plusSeconds(1)).check(SIGNED_ELSEWHERE)))
                .isEqualTo(InitData.Problem.EXPIRED);
        assertThat(at(SIGNED_AT.plus(Duration.ofHours(24)).minusSeconds(1)).check(SIGNED_ELSEWHERE))
                .isInstanceOf(InitData.Result.Valid.class);
        assertThat(problem(at(SIGNED_AT.minus(Duration.ofMinutes(5))).check(SIGNED_ELSEWHERE)))
                .isEqualTo(InitData.Problem.EXPIRED);
    }

    @Test
    void malformedUnsignedOrUserlessInitDataIsRefused() {
        InitData check = at(SIGNED_AT);
        assertThat(problem(check.check(""))).isEqualTo(InitData.Problem.MALFORMED);
        assertThat(problem(check.check(null))).isEqualTo(InitData.Problem.MALFORMED);
        assertThat(problem(check.check("x".repeat(InitData.MAX_LENGTH + 1)))).isEqualTo(InitData.Problem.MALFORMED);
        assertThat(problem(check.check("novalue&hash=00"))).isEqualTo(InitData.Problem.MALFORMED);
        assertThat(problem(check.check("a=1&a=2&hash=00"))).isEqualTo(InitData.Problem.MALFORMED);
        assertThat(problem(check.check(SIGNED_ELSEWHERE.replaceAll("&hash=[0-9a-f]+", ""))))
                .isEqualTo(InitData.Problem.NOT_SIGNED);
        String noUser = TestInitData.sign(TOKEN, Map.of("auth_date", "1800000000", "query_id", "q"));
        assertThat(problem(check.check(noUser))).isEqualTo(InitData.Problem.NO_USER);
        String noId = TestInitData.sign(TOKEN, Map.of("auth_date", "1800000000", "user", "{\"first_name\":\"X\"}"));
        assertThat(problem(check.check(noId))).isEqualTo(InitData.Problem.NO_USER);
        String noDate = TestInitData.sign(TOKEN, Map.of("user", "{\"id\":5}"));
        assertThat(problem(check.check(noDate))).isEqualTo(InitData.Problem.MALFORMED);
    }

    /** Signs as Telegram does for third parties: Ed25519 over "bot_id:WebAppData\n" and the sorted fields. */
    static String signThirdParty(java.security.PrivateKey key, long botId, Map<String, String> fields)
            throws Exception {
        java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>(fields);
        StringBuilder check = new StringBuilder(botId + ":WebAppData");
        sorted.forEach((k, v) -> check.append('\n').append(k).append('=').append(v));
        java.security.Signature ed = java.security.Signature.getInstance("Ed25519");
        ed.initSign(key);
        ed.update(check.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String signature = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(ed.sign());
        java.util.TreeMap<String, String> all = new java.util.TreeMap<>(sorted);
        all.put("signature", signature);
        // the hash Telegram adds is for the bot; a third party cannot check it, so any value will do here
        all.put("hash", "00");
        java.util.StringJoiner q = new java.util.StringJoiner("&");
        all.forEach((k, v) -> q.add(k + "=" + java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        return q.toString();
    }

    static byte[] raw(java.security.PublicKey key) {
        byte[] x509 = key.getEncoded();
        return java.util.Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    }

    @Test
    void theThirdPartyEd25519SignatureIsAcceptedWhereConfigured() throws Exception {
        java.security.KeyPair telegram =
                java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        java.security.KeyPair other =
                java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Map<String, String> fields = Map.of(
                "auth_date", "1800000000",
                "query_id", "AAH-third",
                "user", "{\"id\":2002,\"first_name\":\"Bo\",\"language_code\":\"ru\"}");
        String signed = signThirdParty(telegram.getPrivate(), 424242, fields);
        InitData.ThirdParty party = new InitData.ThirdParty(424242, raw(telegram.getPublic()));
        InitData check = new InitData(
                TOKEN, Duration.ofHours(24), Clock.fixed(SIGNED_AT, ZoneOffset.UTC), java.util.Optional.of(party));

        InitData.Result r = check.check(signed);
        assertThat(r).isInstanceOf(InitData.Result.Valid.class);
        assertThat(((InitData.Result.Valid) r).player().id()).isEqualTo(2002);
        assertThat(((InitData.Result.Valid) r).player().languageCode()).isEqualTo("ru");
        // without a hash at all, too
        assertThat(check.check(signed.replace("&hash=00", "").replace("hash=00&", "")))
                .isInstanceOf(InitData.Result.Valid.class);
        // not configured: the signature alone proves nothing
        assertThat(problem(at(SIGNED_AT).check(signed))).isEqualTo(InitData.Problem.BAD_SIGNATURE);
        // tampered, signed for another bot, or by another key
        assertThat(problem(check.check(signed.replace("%22id%22%3A2002", "%22id%22%3A2003"))))
                .isEqualTo(InitData.Problem.BAD_SIGNATURE);
        assertThat(problem(check.check(signThirdParty(telegram.getPrivate(), 424243, fields))))
                .isEqualTo(InitData.Problem.BAD_SIGNATURE);
        assertThat(problem(check.check(signThirdParty(other.getPrivate(), 424242, fields))))
                .isEqualTo(InitData.Problem.BAD_SIGNATURE);
        assertThat(problem(check.check(signed.replaceAll("signature=[^&]+", "signature=%2B%2B%2B"))))
                .isEqualTo(InitData.Problem.BAD_SIGNATURE);
        // freshness applies as to the bot-token scheme
        InitData later = new InitData(
                TOKEN,
                Duration.ofHours(24),
                Clock.fixed(SIGNED_AT.plus(Duration.ofDays(2)), ZoneOffset.UTC),
                java.util.Optional.of(party));
        assertThat(problem(later.check(signed))).isEqualTo(InitData.Problem.EXPIRED);
    }

    @Test
    void telegramsPublishedKeysAndTheBotIdComeFromConfiguration() {
        InitData.ThirdParty production = InitData.ThirdParty.of("production", "7342037359:AAH-secret");
        assertThat(production.botId()).isEqualTo(7342037359L);
        assertThat(java.util.HexFormat.of().formatHex(production.publicKey()))
                .isEqualTo(InitData.ThirdParty.TELEGRAM_PRODUCTION_KEY);
        assertThat(java.util.HexFormat.of()
                        .formatHex(InitData.ThirdParty.of("TEST", "1:x").publicKey()))
                .isEqualTo(InitData.ThirdParty.TELEGRAM_TEST_KEY);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InitData.ThirdParty.of("abc", "1:x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
