package io.rafflestars.backend.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rafflestars.backend.feed.ConsoleAuthenticator;
import io.rafflestars.backend.feed.ConsolePrincipal;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Console access tokens as console sign-in issues them: HS256 JWTs keyed by JWT_SECRET, with the user in {@code sub},
 * the roles in {@code groups} and an expiry. {@link #authenticator()} verifies them the same way, for the console
 * feed in tests.
 */
public final class TestTokens {
    public static final String JWT_SECRET = "test-jwt-secret-that-is-at-least-256-bits-long";

    private TestTokens() {}

    public static String token(String user, Set<String> roles, Duration validFor) {
        return token(user, roles, Instant.now().plus(validFor), JWT_SECRET);
    }

    public static String token(String user, Set<String> roles, Instant expiresAt, String secret) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(user)
                .claim("groups", List.copyOf(roles))
                .issueTime(new Date())
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** Accepts only HS256 tokens signed with {@link #JWT_SECRET} that name a user and have not expired. */
    public static ConsoleAuthenticator authenticator() {
        return token -> {
            try {
                SignedJWT jwt = SignedJWT.parse(token);
                if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
                        || !jwt.verify(new MACVerifier(JWT_SECRET.getBytes(StandardCharsets.UTF_8)))) {
                    return Optional.empty();
                }
                JWTClaimsSet claims = jwt.getJWTClaimsSet();
                Date exp = claims.getExpirationTime();
                List<String> groups = claims.getStringListClaim("groups");
                if (claims.getSubject() == null
                        || exp == null
                        || !exp.toInstant().isAfter(Instant.now())) {
                    return Optional.empty();
                }
                return Optional.of(
                        new ConsolePrincipal(claims.getSubject(), groups == null ? Set.of() : Set.copyOf(groups)));
            } catch (ParseException | JOSEException e) {
                return Optional.empty();
            }
        };
    }
}
