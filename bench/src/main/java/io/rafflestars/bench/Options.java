package io.rafflestars.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} command-line options, each with a default, so the script can pass only what it changes. */
final class Options {
    private final Map<String, String> values = new HashMap<>();

    Options(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Expected --name value pairs, got " + Arrays.toString(args));
            }
            values.put(args[i].substring(2), args[++i]);
        }
    }

    /** A space-separated list (e.g. JVM options); empty when absent. */
    java.util.List<String> words(String name) {
        String v = string(name, "").trim();
        return v.isEmpty() ? java.util.List.of() : java.util.List.of(v.split("\\s+"));
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(string(name, Integer.toString(fallback)));
    }

    Duration seconds(String name, int fallback) {
        return Duration.ofSeconds(integer(name, fallback));
    }

    List<Integer> integers(String name, String fallback) {
        return Arrays.stream(string(name, fallback).split("[, ]+"))
                .filter(s -> !s.isBlank())
                .map(Integer::parseInt)
                .toList();
    }
}
