package io.rafflestars.backend.testing;

import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.JwkOctet;
import io.rafflestars.backend.auth.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Console access tokens that console sign-in would never hand out, shaped exactly like its own (issuer, audience,
 * subject, session, version, groups): one that has expired, one signed with another secret. Valid tokens come from
 * a real login ({@link ConsoleClient}).
 */
public final class TestTokens {
    private TestTokens() {}

    /** A token for {@code user} that expired a minute ago, signed with the test backend's secret. */
    public static String expired(String user) {
        return sign(TestBackend.JWT_SECRET, user, Instant.now().minusSeconds(60));
    }

    /** A token for {@code user}, valid for five minutes, signed with a secret the backend does not have. */
    public static String foreign(String user) {
        return sign(
                "another-secret-of-at-least-32-bytes-long", user, Instant.now().plusSeconds(300));
    }

    private static String sign(String secret, String user, Instant expiresAt) {
        JwkOctet key = JwkOctet.create(jakarta.json.Json.createObjectBuilder()
                .add("kty", "oct")
                .add("kid", "test")
                .add("alg", JwkOctet.ALG_HS256)
                .add(
                        "k",
                        Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8)))
                .build());
        Jwt jwt = Jwt.builder()
                .algorithm(JwkOctet.ALG_HS256)
                .type("JWT")
                .issuer(Tokens.ISSUER)
                .addAudience(Tokens.AUDIENCE)
                .subject(user)
                .issueTime(expiresAt.minusSeconds(900))
                .expirationTime(expiresAt)
                .jwtId(UUID.randomUUID().toString())
                .addPayloadClaim("sid", 1L)
                .addPayloadClaim("ver", 0L)
                .addUserGroup("ADMIN")
                .build();
        return SignedJwt.sign(jwt, key).tokenContent();
    }
}
