package io.rafflestars.telegramfake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of one Bot API call. Telegram takes them from the query string and from a JSON, urlencoded or
 * multipart body alike, and treats an empty value as absent; this class does the same.
 */
final class Params {

    private final ObjectNode values;

    Params(ObjectNode values) {
        this.values = values;
    }

    ObjectNode values() {
        return values;
    }

    /** Merges the query string and the body (body wins) into one object of raw values. */
    static ObjectNode read(String rawQuery, String contentType, InputStream bodyStream) throws IOException {
        ObjectNode params = TelegramObjects.object();
        putUrlEncoded(params, rawQuery);
        byte[] body = bodyStream.readAllBytes();
        if (body.length == 0 || contentType == null) {
            return params;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json")) {
            JsonNode json = parseOrNull(new String(body, StandardCharsets.UTF_8));
            if (!(json instanceof ObjectNode object)) {
                throw BotApiException.badRequest("can't parse JSON object");
            }
            params.setAll(object);
        } else if (type.startsWith("application/x-www-form-urlencoded")) {
            putUrlEncoded(params, new String(body, StandardCharsets.US_ASCII));
        } else if (type.startsWith("multipart/form-data")) {
            String boundary = Multipart.boundary(contentType);
            if (boundary == null) {
                throw BotApiException.badRequest("can't parse multipart/form-data: no boundary");
            }
            try {
                for (Multipart.Part part : Multipart.parse(body, boundary)) {
                    if (part.filename() == null) {
                        params.put(part.name(), part.text());
                    } else {
                        // Files are not kept, only described, so recorded calls stay small and printable.
                        ObjectNode file = params.putObject(part.name());
                        file.put("file_name", part.filename());
                        file.put("mime_type", part.contentType());
                        file.put("file_size", part.content().length);
                    }
                }
            } catch (IllegalArgumentException e) {
                throw BotApiException.badRequest("can't parse multipart/form-data: " + e.getMessage());
            }
        }
        return params;
    }

    /**
     * Converts string values to what the parameter's kind says (numbers, booleans, parsed JSON), so a call reads the
     * same however the client encoded it. Values that do not convert stay strings for the method to reject.
     */
    static ObjectNode normalize(BotMethod method, ObjectNode raw) {
        ObjectNode result = TelegramObjects.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = raw.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            Optional<BotMethod.Param> param = method.param(field.getKey());
            if (param.isPresent() && value.isTextual()) {
                value = convert(param.get().kind(), value);
            }
            result.set(field.getKey(), value);
        }
        return result;
    }

    private static JsonNode convert(BotMethod.Kind kind, JsonNode text) {
        String s = text.asText().trim();
        return switch (kind) {
            case INTEGER, CHAT_ID -> s.matches("-?\\d{1,18}") ? values(Long.parseLong(s)) : text;
            case BOOLEAN ->
                switch (s.toLowerCase(Locale.ROOT)) {
                    case "true", "1" -> TelegramObjects.MAPPER.getNodeFactory().booleanNode(true);
                    case "false", "0" -> TelegramObjects.MAPPER.getNodeFactory().booleanNode(false);
                    default -> text;
                };
            case JSON -> {
                JsonNode parsed = parseOrNull(s);
                yield parsed != null && parsed.isContainerNode() ? parsed : text;
            }
            case STRING, FILE -> text;
        };
    }

    private static JsonNode values(long number) {
        return TelegramObjects.MAPPER.getNodeFactory().numberNode(number);
    }

    /** Absent, null and empty string all count as "not given", as in Telegram. */
    boolean missing(String name) {
        JsonNode value = values.get(name);
        return value == null
                || value.isNull()
                || (value.isTextual() && value.asText().isEmpty());
    }

    /** The value as text (numbers and booleans too; JSON as its serialization), or null when missing. */
    String text(String name) {
        if (missing(name)) {
            return null;
        }
        JsonNode value = values.get(name);
        return value.isValueNode() ? value.asText() : value.toString();
    }

    String text(String name, String fallback) {
        String value = text(name);
        return value == null ? fallback : value;
    }

    /**
     * The value as a number: {@code fallback} when missing, 0 when it is not a number (Telegram's parser does the
     * same, so garbage then fails the method's own range check).
     */
    long integer(String name, long fallback) {
        if (missing(name)) {
            return fallback;
        }
        JsonNode value = values.get(name);
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        try {
            return Long.parseLong(value.asText().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    boolean bool(String name) {
        if (missing(name)) {
            return false;
        }
        JsonNode value = values.get(name);
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        return switch (value.asText().trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            default -> false;
        };
    }

    /** The parsed JSON value, or null when missing; text that is not JSON fails with {@code cantParse}. */
    JsonNode json(String name, String cantParse) {
        if (missing(name)) {
            return null;
        }
        JsonNode value = values.get(name);
        if (value.isContainerNode()) {
            return value;
        }
        JsonNode parsed = parseOrNull(value.asText());
        if (parsed == null) {
            throw BotApiException.badRequest(cantParse);
        }
        return parsed;
    }

    private static JsonNode parseOrNull(String text) {
        try {
            JsonNode node = TelegramObjects.MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static void putUrlEncoded(ObjectNode params, String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.put(key, value);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
