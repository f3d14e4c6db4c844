package io.rafflestars.backend.platform;

/**
 * A start-up problem an operator can fix, such as a bad environment variable. {@link io.rafflestars.backend.Main}
 * prints its message as one line and exits, instead of a stack trace.
 */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
