package io.rafflestars.backend.feed;

import java.util.Optional;

/**
 * Refuses every token: what the console feed uses until console sign-in (package {@code auth}) is wired in as its
 * {@link ConsoleAuthenticator}. Every console socket is then closed as unauthorized, never opened by mistake.
 */
public final class RefusingConsoleAuthenticator implements ConsoleAuthenticator {
    @Override
    public Optional<ConsolePrincipal> authenticate(String accessToken) {
        return Optional.empty();
    }
}
