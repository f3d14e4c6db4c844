package io.rafflestars.backend.player;

import static org.assertj.core.api.Assertions.assertThat;

import io.rafflestars.backend.platform.DatabaseUrl;
import io.rafflestars.backend.testing.FreshDatabase;
import io.rafflestars.backend.testing.TestBackend;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Mini App's files over HTTP: content-hashed URLs, ETags, Cache-Control, 304s, and nothing else served. */
@ExtendWith(FreshDatabase.class)
class MiniAppAssetsTest {
    private static TestBackend app;

    @BeforeAll
    static void start(DatabaseUrl url) {
        app = TestBackend.start(url);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static HttpResponse<String> get(String path, String ifNoneMatch) {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.uri(path)).GET();
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return TestBackend.send(b.build());
    }

    private static String header(HttpResponse<?> res, String name) {
        return res.headers().firstValue(name).orElse(null);
    }

    private static byte[] resource(String file) throws IOException {
        try (InputStream in = MiniAppAssets.class.getClassLoader().getResourceAsStream("app/" + file)) {
            return in.readAllBytes();
        }
    }

    @Test
    void theIndexIsRevalidatedAndNamesEveryFileByItsContentHash() throws IOException {
        HttpResponse<String> redirect = get("/app", null);
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(header(redirect, "Location")).isEqualTo("/app/");

        HttpResponse<String> index = get("/app/", null);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(header(index, "Content-Type")).startsWith("text/html");
        assertThat(header(index, "Cache-Control")).isEqualTo("no-cache");
        String etag = header(index, "ETag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        // Telegram's web clients may frame it; the Telegram script comes first
        assertThat(header(index, "Content-Security-Policy"))
                .contains("frame-ancestors")
                .contains("web.telegram.org");
        assertThat(index.body()).contains("https://telegram.org/js/telegram-web-app.js");
        assertThat(index.body()).doesNotContain("{{asset:");
        for (String file : MiniAppAssets.FILES) {
            String hash = MiniAppAssets.hash(resource(file));
            assertThat(index.body()).as(file).contains(file + "?v=" + hash);
        }

        HttpResponse<String> again = get("/app/", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(header(again, "ETag")).isEqualTo(etag);
        assertThat(get("/app/", "\"something-else\"").statusCode()).isEqualTo(200);
        assertThat(get("/app/index.html", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void aFileUnderItsCurrentHashIsImmutableAndUnderAnyOtherURLRevalidated() throws IOException {
        Pattern versioned = Pattern.compile("(?:src|href)=\"(?:\\./)?([a-z0-9/._-]+)\\?v=([0-9a-f]{32})\"");
        Matcher m = versioned.matcher(get("/app/", null).body());
        int seen = 0;
        while (m.find()) {
            seen++;
            String file = m.group(1);
            HttpResponse<String> res = get("/app/" + file + "?v=" + m.group(2), null);
            assertThat(res.statusCode()).as(file).isEqualTo(200);
            assertThat(header(res, "Cache-Control")).isEqualTo(MiniAppAssets.IMMUTABLE);
            assertThat(header(res, "ETag")).isEqualTo("\"" + m.group(2) + "\"");
            assertThat(res.body()).isEqualTo(new String(resource(file), java.nio.charset.StandardCharsets.UTF_8));
            String type = header(res, "Content-Type");
            assertThat(type)
                    .startsWith(
                            file.endsWith(".js")
                                    ? "text/javascript"
                                    : file.endsWith(".css") ? "text/css" : "image/svg+xml");

            HttpResponse<String> bare = get("/app/" + file, null);
            assertThat(header(bare, "Cache-Control")).isEqualTo("no-cache");
            HttpResponse<String> stale = get("/app/" + file + "?v=0123456789abcdef0123456789abcdef", null);
            assertThat(header(stale, "Cache-Control"))
                    .as("an old page's URL is never cached for long")
                    .isEqualTo("no-cache");
            assertThat(get("/app/" + file + "?v=" + m.group(2), header(res, "ETag"))
                            .statusCode())
                    .isEqualTo(304);
        }
        assertThat(seen).as("script, style and icon links in index.html").isGreaterThanOrEqualTo(3);
    }

    @Test
    void theImportMapPinsEveryModuleTheScriptsImport() throws IOException {
        String index = get("/app/", null).body();
        for (String file : MiniAppAssets.FILES) {
            if (file.startsWith("js/") && !file.equals("js/app.js")) {
                assertThat(index)
                        .as("import map entry for " + file)
                        .contains(
                                "\"./" + file + "\": \"./" + file + "?v=" + MiniAppAssets.hash(resource(file)) + "\"");
            }
        }
        // every relative import in the modules is one of those
        Pattern imports = Pattern.compile("from \"\\./([a-z0-9._-]+)\"");
        for (String file : MiniAppAssets.FILES) {
            if (file.endsWith(".js")) {
                Matcher m = imports.matcher(new String(resource(file), java.nio.charset.StandardCharsets.UTF_8));
                while (m.find()) {
                    assertThat(index).as(file + " imports " + m.group(1)).contains("\"./js/" + m.group(1) + "\":");
                }
            }
        }
    }

    @Test
    void nothingElseIsServedAndTheListNamesEveryFile() throws IOException, URISyntaxException {
        HttpResponse<String> missing = get("/app/js/nope.js", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("NOT_FOUND");
        assertThat(get("/app/%2e%2e/openapi", null).statusCode()).isEqualTo(404);
        assertThat(get("/app/icon.svg/x", null).statusCode()).isEqualTo(404);
        Path root = Path.of(MiniAppAssets.class
                        .getClassLoader()
                        .getResource("app/index.html")
                        .toURI())
                .getParent();
        List<String> onDisk;
        try (Stream<Path> files = Files.walk(root)) {
            onDisk = files.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(f -> !f.equals("index.html"))
                    .sorted()
                    .toList();
        }
        assertThat(onDisk).containsExactlyInAnyOrderElementsOf(MiniAppAssets.FILES);
    }
}
