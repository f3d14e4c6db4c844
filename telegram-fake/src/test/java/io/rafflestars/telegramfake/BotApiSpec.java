package io.rafflestars.telegramfake;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Bot API reference as data (version 10.1, from the public telegram-bot-api-spec project, on the test classpath),
 * and a validator that checks JSON values against its types.
 */
final class BotApiSpec {

    /** A copy of the workplace's shared/telegram/bot-api-10.1.json, kept in the repository so a clone tests alone. */
    private static final String RESOURCE = "/bot-api/bot-api-10.1.json";

    private final JsonNode root;

    private BotApiSpec(JsonNode root) {
        this.root = root;
    }

    static BotApiSpec load() {
        try (InputStream in = BotApiSpec.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new AssertionError("Bot API reference " + RESOURCE + " is not on the test classpath");
            }
            return new BotApiSpec(BotClient.JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode method(String name) {
        return root.path("methods").path(name);
    }

    JsonNode type(String name) {
        return root.path("types").path(name);
    }

    List<String> returns(String method) {
        List<String> types = new ArrayList<>();
        method(method).path("returns").forEach(t -> types.add(t.asText()));
        return types;
    }

    /**
     * Checks {@code value} against one of {@code alternatives} (spec type expressions such as "Message", "Array of
     * String"). Returns the problems of the best-fitting alternative, empty if one fits; {@code seen} collects the
     * object types that were validated successfully.
     */
    List<String> validate(JsonNode value, List<String> alternatives, String path, Set<String> seen) {
        List<String> best = null;
        Set<String> bestSeen = Set.of();
        for (String alternative : alternatives) {
            Set<String> attemptSeen = new HashSet<>();
            List<String> problems = validate(value, alternative, path, attemptSeen);
            if (best == null || problems.size() < best.size()) {
                best = problems;
                bestSeen = attemptSeen;
            }
            if (problems.isEmpty()) {
                break;
            }
        }
        if (best == null) {
            return List.of(path + ": no type to check against");
        }
        if (best.isEmpty()) {
            seen.addAll(bestSeen);
        }
        return best;
    }

    private List<String> validate(JsonNode value, String type, String path, Set<String> seen) {
        if (type.startsWith("Array of ")) {
            if (!value.isArray()) {
                return List.of(path + ": expected " + type + ", got " + value.getNodeType());
            }
            List<String> problems = new ArrayList<>();
            String element = type.substring("Array of ".length());
            for (int i = 0; i < value.size(); i++) {
                problems.addAll(validate(value.get(i), List.of(element), path + "[" + i + "]", seen));
            }
            return problems;
        }
        boolean fits = switch (type) {
            case "Integer" -> value.isIntegralNumber();
            case "Float" -> value.isNumber();
            case "String" -> value.isTextual();
            case "Boolean", "True" -> value.isBoolean();
            default -> true;
        };
        if (!fits) {
            return List.of(path + ": expected " + type + ", got " + value);
        }
        JsonNode spec = type(type);
        if (spec.isMissingNode()) {
            return List.of();
        }
        if (spec.has("subtypes")) {
            List<String> subtypes = new ArrayList<>();
            spec.path("subtypes").forEach(s -> subtypes.add(s.asText()));
            return validate(value, subtypes, path, seen);
        }
        if (!value.isObject()) {
            return List.of(path + ": expected a " + type + " object, got " + value.getNodeType());
        }
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> fields = new java.util.LinkedHashMap<>();
        spec.path("fields").forEach(f -> fields.put(f.path("name").asText(), f));
        fields.forEach((name, field) -> {
            if (field.path("required").asBoolean() && !value.has(name)) {
                problems.add(path + ": " + type + " lacks required field '" + name + "'");
            }
        });
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode field = fields.get(entry.getKey());
            if (field == null) {
                problems.add(path + ": " + type + " has no field '" + entry.getKey() + "'");
                continue;
            }
            List<String> fieldTypes = new ArrayList<>();
            field.path("types").forEach(t -> fieldTypes.add(t.asText()));
            problems.addAll(validate(entry.getValue(), fieldTypes, path + "." + entry.getKey(), seen));
        }
        if (problems.isEmpty()) {
            seen.add(type);
        }
        return problems;
    }
}
