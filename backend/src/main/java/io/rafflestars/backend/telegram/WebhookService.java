package io.rafflestars.backend.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Json;
import io.rafflestars.common.api.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * {@code POST /telegram/webhook}: Telegram's updates. The secret header is compared in constant time; a wrong or
 * missing one gets 401 and nothing is stored. A genuine update is stored, then answered 200.
 */
public final class WebhookService implements HttpService {
    public static final String PATH = "/telegram/webhook";
    static final HeaderName SECRET_HEADER = HeaderNames.create("X-Telegram-Bot-Api-Secret-Token");

    private final byte[] secretDigest;
    private final UpdateInbox inbox;

    public WebhookService(String secret, UpdateInbox inbox) {
        this.secretDigest = sha256(secret);
        this.inbox = inbox;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::receive);
    }

    private void receive(ServerRequest req, ServerResponse res) {
        String given = req.headers().first(SECRET_HEADER).orElse("");
        // Digests have one length, so the comparison time says nothing about the secret, not even its length.
        if (!MessageDigest.isEqual(secretDigest, sha256(given))) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "Missing or wrong " + SECRET_HEADER.defaultCase());
        }
        JsonNode update;
        try {
            update = req.content().hasEntity()
                    ? Json.mapper().readTree(req.content().as(byte[].class))
                    : null;
        } catch (IOException e) {
            throw new ApiException(ErrorCode.MALFORMED_JSON, "The update is not valid JSON");
        }
        if (update == null || !update.isObject() || Updates.updateId(update).isEmpty()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "An update must be a JSON object with an integer update_id");
        }
        inbox.receive(update);
        res.header(HeaderNames.CONTENT_TYPE, "application/json").send("{}");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
