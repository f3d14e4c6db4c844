package io.rafflestars.backend.feed;

import java.util.Optional;

/**
 * Checks a console access token for the console feed. The console's sign-in (package {@code auth}) issues the tokens;
 * the feed only needs to know who holds one. It asks at the hello, at every fresh token the client sends, and again
 * at every heartbeat, so a token that expires or is revoked ends the session within one heartbeat.
 */
@FunctionalInterface
public interface ConsoleAuthenticator {
    /** The holder of a valid, unexpired token; empty for anything else (malformed, tampered, expired, revoked). */
    Optional<ConsolePrincipal> authenticate(String accessToken);
}
