package io.rafflestars.backend.auth;

import io.rafflestars.backend.audit.Actor;
import java.util.Set;

/**
 * The console user behind a verified access token.
 *
 * @param id the user's row
 * @param username lower-case user name (the {@code sub} claim)
 * @param roles the roles the user holds now
 * @param sessionId the login (refresh-token family) the token belongs to
 */
public record ConsoleUser(long id, String username, Set<Role> roles, long sessionId) {
    public ConsoleUser {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** This user as the audit log names them, acting from {@code address}. */
    public Actor actor(String address) {
        return Actor.user(username, address);
    }
}
