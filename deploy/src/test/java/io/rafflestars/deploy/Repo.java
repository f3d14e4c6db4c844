package io.rafflestars.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where things are: the repository, the packaged backend, this module's build folder. */
final class Repo {
    private Repo() {}

    static Path root() {
        return Path.of(System.getProperty("raffle.repo", "..")).toAbsolutePath().normalize();
    }

    static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing " + relative);
        }
        return p;
    }

    /** The packaged backend jar ({@code ./mvnw verify} packages the backend before this module's tests run). */
    static Path backendJar() {
        Path target = Path.of(System.getProperty("raffle.backend.target", "../backend/target"));
        Path jar = target.resolve("raffle-stars-backend.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "no backend jar in " + target + ": run ./mvnw verify (it packages the backend first)");
        }
        return jar;
    }

    static Path buildDir() {
        return Path.of(System.getProperty("raffle.deploy.target", "target")).toAbsolutePath();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
