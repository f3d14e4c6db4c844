package io.rafflestars.backend.feed;

import java.util.Optional;

/**
 * Checks a console access token for the console feed. The console's sign-in (package {@code auth}) issues the tokens;
 * the feed only needs to know who holds one and until when.
 */
@FunctionalInterface
public interface ConsoleAuthenticator {
    /** The holder of a valid, unexpired token; empty for anything else (malformed, tampered, expired, revoked). */
    Optional<ConsolePrincipal> authenticate(String accessToken);
}
