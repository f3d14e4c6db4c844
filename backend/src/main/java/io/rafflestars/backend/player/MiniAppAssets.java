package io.rafflestars.backend.player;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rafflestars.backend.platform.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Mini App's static files under {@code /app/}, read once from the classpath ({@code app/}), no build step.
 *
 * <p>Caching, so a CDN in front can cache and a deploy never serves a mixed version: {@code index.html} names every
 * other file with its content hash ({@code js/app.js?v=1a2b...}; an import map does the same for the modules' own
 * imports) and is answered {@code no-cache} with an ETag, so a client or CDN revalidates it on every load and gets
 * 304 while nothing changed. A file asked for with its current hash is immutable for a year: a new deploy changes the
 * hash, hence the URL. Asked for without the hash or with another one (an old page after a deploy), the file is
 * answered {@code no-cache} with its ETag, never stored for long under a URL that names another version. Every answer
 * carries a strong ETag and honours {@code If-None-Match}.
 */
public final class MiniAppAssets implements HttpService {
    public static final String PATH = "/app";

    /** Every file of the Mini App besides index.html; {@code MiniAppAssetsTest} checks the folder holds no other. */
    static final List<String> FILES =
            List.of("css/app.css", "js/app.js", "js/api.js", "js/feed.js", "js/i18n.js", "js/fairness.js", "icon.svg");

    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";

    /** {@code {{asset:js/app.js}}} in index.html: the file's versioned URL. */
    private static final Pattern ASSET = Pattern.compile("\\{\\{asset:([a-z0-9/._-]+)}}");

    private final Map<String, Asset> assets;
    private final Asset index;

    record Asset(String name, byte[] body, String hash, HttpMediaType type) {
        String etag() {
            return "\"" + hash + "\"";
        }
    }

    public MiniAppAssets() {
        Map<String, Asset> files = new LinkedHashMap<>();
        for (String f : FILES) {
            files.put(f, asset(f, read(f)));
        }
        this.assets = Map.copyOf(files);
        String template = new String(read("index.html"), StandardCharsets.UTF_8);
        Matcher m = ASSET.matcher(template);
        StringBuilder html = new StringBuilder();
        while (m.find()) {
            Asset a = files.get(m.group(1));
            if (a == null) {
                throw new IllegalStateException("index.html names " + m.group(1) + ", which is not in FILES");
            }
            m.appendReplacement(html, Matcher.quoteReplacement(a.name() + "?v=" + a.hash()));
        }
        m.appendTail(html);
        this.index = asset("index.html", html.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The versioned URL of a file, relative to {@code /app/} (for tests and the docs). */
    public String versioned(String file) {
        Asset a = assets.get(file);
        return a.name() + "?v=" + a.hash();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::index).get("/{+path}", this::file);
    }

    private void index(ServerRequest req, ServerResponse res) {
        if (!req.path().absolute().path().endsWith("/")) {
            // relative URLs in the page resolve against /app/, not /
            res.status(Status.MOVED_PERMANENTLY_301);
            res.header(HeaderNames.LOCATION, PATH + "/");
            res.send();
            return;
        }
        send(req, res, index, REVALIDATE);
    }

    private void file(ServerRequest req, ServerResponse res) {
        String path = req.path().pathParameters().get("path");
        if (path.equals("index.html")) {
            send(req, res, index, REVALIDATE);
            return;
        }
        Asset a = assets.get(path);
        if (a == null) {
            throw ApiException.notFound("No file " + path + " in the Mini App");
        }
        Optional<String> version = req.query().first("v").asOptional();
        send(req, res, a, version.filter(a.hash()::equals).isPresent() ? IMMUTABLE : REVALIDATE);
    }

    private static void send(ServerRequest req, ServerResponse res, Asset a, String cacheControl) {
        res.header(HeaderNames.CACHE_CONTROL, cacheControl);
        res.header(HeaderNames.ETAG, a.etag());
        res.headers().contentType(a.type());
        boolean fresh = req.headers()
                .first(HeaderNames.IF_NONE_MATCH)
                .map(v -> matches(v, a.etag()))
                .orElse(false);
        if (fresh) {
            res.status(Status.NOT_MODIFIED_304);
            res.send();
        } else {
            res.send(a.body());
        }
    }

    /** {@code If-None-Match} is a list of ETags, or {@code *}; weak ones compare by their tag. */
    static boolean matches(String ifNoneMatch, String etag) {
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static Asset asset(String name, byte[] body) {
        return new Asset(name, body, hash(body), type(name));
    }

    /** The first 16 bytes of SHA-256, hex: enough to tell versions apart, short enough for URLs. */
    static String hash(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static HttpMediaType type(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        String type = switch (ext) {
            case "html" -> "text/html; charset=UTF-8";
            case "js" -> "text/javascript; charset=UTF-8";
            case "css" -> "text/css; charset=UTF-8";
            case "svg" -> "image/svg+xml";
            default -> throw new IllegalStateException("no media type for " + name);
        };
        return HttpMediaType.create(type);
    }

    private static byte[] read(String file) {
        try (InputStream in = MiniAppAssets.class.getClassLoader().getResourceAsStream("app/" + file)) {
            if (in == null) {
                throw new IllegalStateException("The Mini App file app/" + file + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
