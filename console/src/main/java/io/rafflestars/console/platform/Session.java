package io.rafflestars.console.platform;

import java.time.Instant;
import java.util.Set;

/**
 * Who is logged in and with which tokens. Immutable: a refresh makes a new one.
 *
 * @param accessExpiresAt when the access token stops working (the client refreshes before)
 */
public record Session(
        String username, Set<String> roles, String accessToken, String refreshToken, Instant accessExpiresAt) {
    public Session {
        roles = Set.copyOf(roles);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    public boolean hasAny(String... wanted) {
        for (String r : wanted) {
            if (roles.contains(r)) {
                return true;
            }
        }
        return false;
    }
}
