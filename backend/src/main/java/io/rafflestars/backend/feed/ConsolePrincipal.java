package io.rafflestars.backend.feed;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A console user as the feed sees them.
 *
 * @param username who (the token's subject)
 * @param roles ADMIN, OPERATOR, FINANCE, AUDITOR (the token's groups)
 * @param expiresAt when the token expires: the feed closes the socket then unless the client sent a fresh token
 */
public record ConsolePrincipal(String username, Set<String> roles, Instant expiresAt) {
    public ConsolePrincipal {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(expiresAt, "expiresAt");
        roles = Set.copyOf(roles);
    }
}
