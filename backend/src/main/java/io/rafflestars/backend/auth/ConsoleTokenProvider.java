package io.rafflestars.backend.auth;

import io.helidon.security.AuthenticationResponse;
import io.helidon.security.Principal;
import io.helidon.security.ProviderRequest;
import io.helidon.security.SecurityContext;
import io.helidon.security.SecurityResponse;
import io.helidon.security.Subject;
import io.helidon.security.spi.AuthenticationProvider;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Helidon Security's authentication provider for console access tokens: takes the bearer token from the
 * {@code Authorization} header and asks {@link Tokens#check} (signature, claims, revocation). The subject it makes
 * carries the user name as principal, the roles as Helidon role grants (so {@code rolesAllowed} works) and the
 * {@link ConsoleUser} as a private credential (for {@link Access#user}).
 *
 * <p>Helidon's own JWT provider is not used: revocation needs a database check on every request, and the WebSocket
 * feeds must judge a token exactly the same way outside Helidon Security (ADR 6).
 */
final class ConsoleTokenProvider implements AuthenticationProvider {
    static final String NAME = "console-token";
    private static final String BEARER = "Bearer ";

    private final Tokens tokens;

    ConsoleTokenProvider(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public AuthenticationResponse authenticate(ProviderRequest request) {
        // A route guarded twice (the /api gate, then its roles) checks the token once.
        SecurityContext context = request.securityContext();
        if (context.isAuthenticated() && context.user().isPresent()) {
            return AuthenticationResponse.success(context.user().get());
        }
        Optional<String> token = bearer(request.env().headers());
        if (token.isEmpty()) {
            return rejected("no access token: send Authorization: Bearer <token> from POST /api/auth/login");
        }
        return switch (tokens.check(token.get())) {
            case Tokens.Check.Valid(ConsoleUser user) -> AuthenticationResponse.success(subject(user));
            case Tokens.Check.Rejected(String reason) -> rejected(reason);
        };
    }

    private static Subject subject(ConsoleUser user) {
        Subject.Builder subject = Subject.builder()
                .principal(Principal.builder()
                        .name(user.username())
                        .id(Long.toString(user.id()))
                        .build())
                .addPrivateCredential(ConsoleUser.class, user);
        user.roles().forEach(r -> subject.addGrant(io.helidon.security.Role.create(r.name())));
        return subject.build();
    }

    /**
     * A refusal with the RFC 6750 challenge; {@link Access} copies {@code error_description} into the JSON error
     * body, since Helidon Security answers with an empty one.
     */
    private static AuthenticationResponse rejected(String reason) {
        return AuthenticationResponse.builder()
                .status(SecurityResponse.SecurityStatus.FAILURE)
                .description(reason)
                .responseHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"raffle-stars\", error=\"invalid_token\", error_description=\"" + reason + "\"")
                .build();
    }

    private static Optional<String> bearer(Map<String, List<String>> headers) {
        // Helidon hands the headers in a case-insensitive map.
        List<String> values = headers.getOrDefault("Authorization", List.of());
        if (values.size() != 1) {
            return Optional.empty();
        }
        String v = values.getFirst();
        if (v.length() <= BEARER.length() || !v.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return Optional.of(v.substring(BEARER.length()).strip());
    }
}
