package io.rafflestars.telegramfake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The bot's side in tests: a plain HTTP client calling the fake like any Telegram client library would. */
final class BotClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One HTTP answer from the fake. */
    record Reply(int status, JsonNode body) {
        boolean ok() {
            return body.path("ok").asBoolean(false);
        }

        JsonNode result() {
            return body.path("result");
        }

        String description() {
            return body.path("description").asText(null);
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final String token;

    BotClient(FakeTelegram fake) {
        this(fake.baseUrl(), fake.botToken());
    }

    BotClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    BotClient withToken(String otherToken) {
        return new BotClient(base, otherToken);
    }

    /** Calls with a JSON body built from alternating names and values. */
    Reply call(String method, Object... namesAndValues) {
        return callJson(method, params(namesAndValues));
    }

    Reply callJson(String method, ObjectNode params) {
        return send(method, "application/json", params.toString(), "", Duration.ofSeconds(30));
    }

    Reply callJson(String method, ObjectNode params, Duration timeout) {
        return send(method, "application/json", params.toString(), "", timeout);
    }

    Reply callForm(String method, Map<String, String> form) {
        return send(method, "application/x-www-form-urlencoded", encode(form), "", Duration.ofSeconds(30));
    }

    Reply callQuery(String method, Map<String, String> query) {
        return send(method, null, null, "?" + encode(query), Duration.ofSeconds(30));
    }

    Reply callMultipart(String method, Map<String, String> fields) {
        String boundary = "----fake-test-boundary-7MA4YWxkTrZu0gW";
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append("--")
                .append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"")
                .append(name)
                .append("\"\r\n\r\n")
                .append(value)
                .append("\r\n"));
        body.append("--").append(boundary).append("--\r\n");
        return send(method, "multipart/form-data; boundary=" + boundary, body.toString(), "", Duration.ofSeconds(30));
    }

    static ObjectNode params(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        ObjectNode params = JSON.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.set((String) namesAndValues[i], JSON.valueToTree(namesAndValues[i + 1]));
        }
        return params;
    }

    static Map<String, String> form(String... namesAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    private Reply send(String method, String contentType, String body, String query, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/bot" + token + "/" + method + query))
                .timeout(timeout);
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
