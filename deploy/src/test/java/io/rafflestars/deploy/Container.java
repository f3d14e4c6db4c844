package io.rafflestars.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image, as far as this machine can build it without a Docker engine: the jlink'ed runtime made by the same
 * script, the same /app layout, the environment the Dockerfile sets, and the start and pre-deploy commands from
 * railway.json, with /app and /opt/jre mapped to folders under target/.
 */
final class Container {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path root;
    final Path app;
    final Path jre;

    private Container(Path root) {
        this.root = root;
        this.app = root.resolve("app");
        this.jre = root.resolve("opt/jre");
    }

    /** Builds the layout once per test JVM (jlink takes a while). */
    static synchronized Container build() {
        Container c = new Container(Repo.buildDir().resolve("container"));
        try {
            if (!Files.isExecutable(c.jre.resolve("bin/java"))) {
                run(List.of(Repo.file("deploy/bin/build-runtime").toString(), c.jre.toString()), Map.of(), 300);
            }
            Path libs = c.app.resolve("libs");
            Files.createDirectories(libs);
            Files.copy(
                    Repo.backendJar(), c.app.resolve("raffle-stars-backend.jar"), StandardCopyOption.REPLACE_EXISTING);
            try (var jars = Files.list(Repo.backendJar().resolveSibling("libs"))) {
                for (Path jar : jars.toList()) {
                    Files.copy(jar, libs.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.createDirectories(c.app.resolve("bin"));
            for (String script : List.of("start", "healthcheck")) {
                Path to = c.app.resolve("bin").resolve(script);
                Files.copy(Repo.file("deploy/bin/" + script), to, StandardCopyOption.REPLACE_EXISTING);
                to.toFile().setExecutable(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return c;
    }

    /** The ENV lines of the Dockerfile's last stage, with the image's paths mapped to this layout. */
    Map<String, String> imageEnvironment() {
        String dockerfile = read(Repo.file("deploy/Dockerfile"));
        String lastStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^ENV ((?:.*\\\\\\n)*.*)$").matcher(lastStage);
        while (m.find()) {
            for (String pair : m.group(1).replace("\\\n", " ").trim().split("\\s+")) {
                int eq = pair.indexOf('=');
                env.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        env.replaceAll((k, v) -> map(v.replace("$PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"))));
        return env;
    }

    /** A command of railway.json's deploy section (startCommand, or the first preDeployCommand), split in words. */
    List<String> railwayCommand(String field) {
        JsonNode deploy = railway().path("deploy");
        JsonNode value = deploy.path(field);
        String command = value.isArray() ? value.get(0).asText() : value.asText();
        if (command.isBlank()) {
            throw new IllegalStateException("railway.json has no deploy." + field);
        }
        List<String> words = new ArrayList<>();
        for (String w : command.trim().split("\\s+")) {
            words.add(map(w));
        }
        return words;
    }

    static JsonNode railway() {
        try {
            return JSON.readTree(Repo.file("deploy/railway.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The image's absolute paths, moved under this layout. */
    String map(String value) {
        return value.replace("/opt/jre", jre.toString()).replaceAll("(^|:)/app(?=/|$)", "$1" + app);
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command to its end; fails with its output when it does not exit 0 in time. */
    static String run(List<String> command, Map<String, String> env, int seconds) {
        try {
            Path log = Files.createTempFile("run", ".log");
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in " + seconds + " s: " + read(log));
            }
            String output = read(log);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " exited " + p.exitValue() + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
