package io.rafflestars.backend.feed;

import java.util.Objects;
import java.util.Set;

/**
 * A console user as the feed sees them.
 *
 * @param username who (the token's subject)
 * @param roles ADMIN, OPERATOR, FINANCE, AUDITOR (the token's groups)
 */
public record ConsolePrincipal(String username, Set<String> roles) {
    public ConsolePrincipal {
        Objects.requireNonNull(username, "username");
        roles = Set.copyOf(roles);
    }
}
