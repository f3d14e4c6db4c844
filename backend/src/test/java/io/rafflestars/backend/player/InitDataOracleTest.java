package io.rafflestars.backend.player;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rafflestars.backend.platform.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * initData validation against an independent implementation, run here with Node: the npm package
 * {@code @telegram-apps/init-data-node} (pinned by {@code src/test/node/initdata-oracle/package-lock.json}, installed
 * with {@code npm ci} into {@code target/}) signs the field sets Telegram's clients send (menu button, iOS, a direct
 * link with {@code startapp}, a group's attachment menu, awkward characters); our validator must accept every one and
 * refuse every tampered variant, which the package must refuse too. The third-party Ed25519 scheme is checked the same
 * way with a test key (see oracle.mjs).
 */
class InitDataOracleTest {
    private static final String TOKEN = "424242:test-token";
    private static final long BOT_ID = 424242;
    private static final long AUTH_DATE = 1_800_000_000L;
    private static final Path SOURCE = Path.of("src/test/node/initdata-oracle");
    private static final Path WORK = Path.of("target/initdata-oracle");

    private static final InitData CHECK = new InitData(
            TOKEN, Duration.ofHours(24), Clock.fixed(Instant.ofEpochSecond(AUTH_DATE + 60), ZoneOffset.UTC));

    @BeforeAll
    static void install() throws Exception {
        Files.createDirectories(WORK);
        boolean changed = false;
        for (String f : List.of("package.json", "package-lock.json", "oracle.mjs")) {
            Path to = WORK.resolve(f);
            changed |= !Files.exists(to) || Files.mismatch(SOURCE.resolve(f), to) != -1;
            Files.copy(SOURCE.resolve(f), to, StandardCopyOption.REPLACE_EXISTING);
        }
        if (changed || !Files.isDirectory(WORK.resolve("node_modules/@telegram-apps/init-data-node"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), "", 300);
        }
    }

    private static String run(List<String> command, String stdin, int timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(WORK.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(timeoutSeconds, TimeUnit.SECONDS))
                .as(command + " finished")
                .isTrue();
        assertThat(p.exitValue()).as(command + " exit code").isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static JsonNode oracle(ObjectNode input) throws Exception {
        return Json.mapper().readTree(run(List.of("node", "oracle.mjs"), input.toString(), 60));
    }

    private static ObjectNode user(long id, String first, String last, String username, String language) {
        ObjectNode u = Json.mapper().createObjectNode();
        u.put("id", id);
        u.put("first_name", first);
        if (last != null) {
            u.put("last_name", last);
        }
        if (username != null) {
            u.put("username", username);
        }
        u.put("language_code", language);
        u.put("allows_write_to_pm", true);
        return u;
    }

    /** The launches worth telling apart: each client and entry point sends its own set of fields. */
    private static Map<String, ObjectNode> launches() {
        Map<String, ObjectNode> cases = new LinkedHashMap<>();
        ObjectNode menu = Json.mapper().createObjectNode();
        menu.put("query_id", "AAHdF6IQAAAAAN0XohDhrOrc");
        menu.set(
                "user", user(1001, "Ann", "Lee", "ann_l", "en").put("photo_url", "https://t.me/i/userpic/320/ann.jpg"));
        menu.put("signature", "c2lnbmF0dXJlLWZyb20tdGVsZWdyYW0");
        cases.put("menu button (Android, desktop)", menu);

        ObjectNode ios = Json.mapper().createObjectNode();
        ios.set(
                "user",
                user(1002, "Анна", "Ли 🎟", "anna", "ru")
                        .put("is_premium", true)
                        .put("photo_url", "https://t.me/i/userpic/320/anna.svg"));
        ios.put("chat_instance", "-4563890145268212345");
        ios.put("chat_type", "private");
        ios.put("signature", "aW9zLXNpZ25hdHVyZQ");
        cases.put("iOS keyboard button (no query_id)", ios);

        ObjectNode direct = Json.mapper().createObjectNode();
        direct.set("user", user(1003, "Bo", null, null, "en-GB"));
        direct.put("chat_instance", "8428209589180549439");
        direct.put("chat_type", "sender");
        direct.put("start_param", "raffle_7");
        direct.put("signature", "ZGlyZWN0LWxpbms");
        cases.put("direct link with startapp", direct);

        ObjectNode group = Json.mapper().createObjectNode();
        group.set("user", user(1004, "Cy", "Do", "cydo", "de"));
        ObjectNode chat = group.putObject("chat");
        chat.put("id", -1001234567890L);
        chat.put("type", "supergroup");
        chat.put("title", "Raffle fans & friends");
        group.put("chat_type", "supergroup");
        group.put("chat_instance", "-9132213413245");
        group.put("start_param", "raffle_12");
        cases.put("group attachment menu", group);

        ObjectNode odd = Json.mapper().createObjectNode();
        odd.put("query_id", "AAH+/=x");
        odd.set("user", user(1005, "A&B=C+D %41 ~ \"q\"", "new\nline", "x_y", "ru"));
        odd.put("start_param", "raffle_9");
        cases.put("awkward characters", odd);
        return cases;
    }

    @Test
    void everyLaunchSignedByThePackageIsValidAndEveryTamperedOneIsRefusedByBoth() throws Exception {
        Map<String, ObjectNode> launches = launches();
        ObjectNode input = Json.mapper().createObjectNode();
        ArrayNode cases = input.putArray("cases");
        launches.forEach((name, data) -> cases.addObject()
                .put("name", name)
                .put("token", TOKEN)
                .put("authDate", AUTH_DATE)
                .set("data", data));
        JsonNode signed = oracle(input).path("cases");
        assertThat(signed).hasSize(launches.size());

        ObjectNode checks = Json.mapper().createObjectNode();
        ArrayNode variants = checks.putArray("checks");
        checks.putArray("cases");
        List<String> hashes = new java.util.ArrayList<>();
        signed.forEach(s -> hashes.add(s.path("initData").asText().replaceAll(".*&hash=", "")));
        int i = 0;
        for (JsonNode s : signed) {
            String name = s.path("name").asText();
            String initData = s.path("initData").asText();
            assertThat(s.path("valid").asBoolean())
                    .as(name + ": the package accepts its own")
                    .isTrue();
            InitData.Result r = CHECK.check(initData);
            assertThat(r).as(name + ": " + initData).isInstanceOf(InitData.Result.Valid.class);
            InitData.Player p = ((InitData.Result.Valid) r).player();
            JsonNode u = launches.get(name).path("user");
            assertThat(p.id()).isEqualTo(u.path("id").asLong());
            assertThat(p.firstName()).isEqualTo(u.path("first_name").asText());
            assertThat(p.languageCode()).isEqualTo(u.path("language_code").asText());
            assertThat(PlayerApi.code(InitData.Problem.BAD_SIGNATURE).name()).isEqualTo("INIT_DATA_INVALID");

            Map<String, String> tampered = new LinkedHashMap<>();
            long id = u.path("id").asLong();
            tampered.put("another user id", initData.replace("%22id%22%3A" + id, "%22id%22%3A" + (id + 1)));
            tampered.put("a field added", "is_admin=true&" + initData);
            tampered.put("auth_date moved", initData.replace("auth_date=" + AUTH_DATE, "auth_date=" + (AUTH_DATE + 1)));
            tampered.put(
                    "another launch's hash",
                    initData.replaceAll("&hash=[0-9a-f]+$", "&hash=" + hashes.get((i + 1) % hashes.size())));
            String withoutSignature = initData.replaceAll("&signature=[^&]*", "");
            if (!withoutSignature.equals(initData)) {
                tampered.put("signature dropped", withoutSignature);
            }
            if (initData.contains("start_param=")) {
                tampered.put(
                        "start_param changed", initData.replaceAll("start_param=raffle_\\d+", "start_param=raffle_1"));
            }
            for (var t : tampered.entrySet()) {
                assertThat(t.getValue()).as(name + ", " + t.getKey()).isNotEqualTo(initData);
                InitData.Result bad = CHECK.check(t.getValue());
                assertThat(bad).as(name + ", " + t.getKey()).isInstanceOf(InitData.Result.Invalid.class);
                assertThat(((InitData.Result.Invalid) bad).problem())
                        .as(name + ", " + t.getKey())
                        .isEqualTo(InitData.Problem.BAD_SIGNATURE);
                variants.addObject()
                        .put("name", name + ", " + t.getKey())
                        .put("token", TOKEN)
                        .put("initData", t.getValue());
            }
            i++;
        }
        // the package agrees that none of the tampered ones is valid
        for (JsonNode c : oracle(checks).path("checks")) {
            assertThat(c.path("valid").asBoolean()).as(c.path("name").asText()).isFalse();
        }
    }

    @Test
    void thirdPartySignaturesOverThePackagesDataCheckStringAreValidAndTamperedOnesAreNot() throws Exception {
        ObjectNode input = Json.mapper().createObjectNode();
        input.putArray("cases");
        ArrayNode third = input.putArray("thirdParty");
        ObjectNode ios =
                third.addObject().put("name", "iOS").put("botId", BOT_ID).put("authDate", AUTH_DATE);
        ios.putObject("fields")
                .put("user", user(2001, "Анна", null, "anna", "ru").toString())
                .put("chat_instance", "-4563890145268212345")
                .put("chat_type", "private");
        ObjectNode direct = third.addObject()
                .put("name", "direct link")
                .put("botId", BOT_ID)
                .put("authDate", AUTH_DATE);
        direct.putObject("fields")
                .put("user", user(2002, "Bo", null, null, "en").toString())
                .put("chat_type", "sender")
                .put("chat_instance", "8428209589180549439")
                .put("start_param", "raffle_7");
        JsonNode out = oracle(input).path("thirdParty");
        byte[] key = HexFormat.of().parseHex(out.path("publicKey").asText());
        InitData check = new InitData(
                TOKEN,
                Duration.ofHours(24),
                Clock.fixed(Instant.ofEpochSecond(AUTH_DATE + 60), ZoneOffset.UTC),
                Optional.of(new InitData.ThirdParty(BOT_ID, key)));
        InitData otherBot = new InitData(
                TOKEN,
                Duration.ofHours(24),
                Clock.fixed(Instant.ofEpochSecond(AUTH_DATE + 60), ZoneOffset.UTC),
                Optional.of(new InitData.ThirdParty(BOT_ID + 1, key)));
        List<JsonNode> signed = new java.util.ArrayList<>();
        out.path("signed").forEach(signed::add);
        assertThat(signed).hasSize(2);
        for (JsonNode s : signed) {
            String name = s.path("name").asText();
            String initData = s.path("initData").asText();
            assertThat(s.path("checkString").asText()).startsWith(BOT_ID + ":WebAppData\nauth_date=");
            assertThat(check.check(initData)).as(name).isInstanceOf(InitData.Result.Valid.class);
            assertThat(otherBot.check(initData))
                    .as(name + " for another bot")
                    .isInstanceOf(InitData.Result.Invalid.class);
            // without the key configured, the hash (zeros: the bot token's HMAC is unknown to a third party) fails
            assertThat(CHECK.check(initData)).as(name + " without the key").isInstanceOf(InitData.Result.Invalid.class);
            assertThat(check.check(initData.replace("%22id%22%3A200", "%22id%22%3A300")))
                    .as(name + " another user")
                    .isInstanceOf(InitData.Result.Invalid.class);
            assertThat(check.check(initData.replaceAll("&chat_instance=[^&]*", "")))
                    .as(name + " a field dropped")
                    .isInstanceOf(InitData.Result.Invalid.class);
        }
        String swapped = signed.get(0)
                .path("initData")
                .asText()
                .replaceAll(
                        "signature=[^&]*",
                        "signature="
                                + signed.get(1).path("initData").asText().replaceAll(".*signature=([^&]*).*", "$1"));
        assertThat(check.check(swapped)).isInstanceOf(InitData.Result.Invalid.class);
    }

    @Test
    void theOracleIsPinned() throws IOException {
        String lock = Files.readString(SOURCE.resolve("package-lock.json"));
        assertThat(lock)
                .contains("\"node_modules/@telegram-apps/init-data-node\"")
                .contains("\"integrity\"");
        assertThat(Files.readString(SOURCE.resolve("package.json")))
                .contains("\"@telegram-apps/init-data-node\": \"2.0.10\"");
    }
}
