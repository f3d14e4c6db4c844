package io.rafflestars.backend.auth;

import io.helidon.dbclient.DbRow;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.JwkKeys;
import io.helidon.security.jwt.jwk.JwkOctet;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and verifies console access tokens: HS256 JWTs signed with {@code JWT_SECRET} (ADR 6). The one place where
 * a token is judged; the HTTP security provider and the WebSocket feeds both call {@link #verify} or {@link #check}.
 *
 * <p>Claims: {@code iss} {@value #ISSUER}, {@code aud} {@value #AUDIENCE}, {@code sub} the user name, {@code groups}
 * the roles, {@code iat}/{@code exp}, {@code jti} a random id, {@code sid} the session (login) and {@code ver} the
 * user's token version. A signed, unexpired token is accepted only while, in the database, its session is neither
 * revoked nor expired and its user is enabled with the same token version: so logout, password change, disabling
 * and role changes end it at once. That lookup runs on every call (one primary-key read), with no cache.
 */
public final class Tokens {
    public static final String ISSUER = "raffle-stars";
    public static final String AUDIENCE = "raffle-stars-console";
    /** Tolerated clock difference between instances, for {@code exp}. */
    static final Duration SKEW = Duration.ofSeconds(5);
    /** Longer than any token we issue; longer input is not even parsed. */
    private static final int MAX_TOKEN_LENGTH = 4096;

    private static final JwkKeys NO_KEYS = JwkKeys.builder().build();

    private final JwkOctet key;
    private final Duration accessTtl;
    private final Transactions tx;
    private final Clock clock;

    /** {@code secret} must be at least 32 bytes (HS256 wants a key as long as its hash). */
    public Tokens(byte[] secret, Duration accessTtl, Transactions tx, Clock clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the signing secret must be at least 32 bytes");
        }
        this.key = JwkOctet.create(jakarta.json.Json.createObjectBuilder()
                .add("kty", "oct")
                .add("kid", "console")
                .add("alg", JwkOctet.ALG_HS256)
                .add("k", Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
                .build());
        this.accessTtl = accessTtl;
        this.tx = tx;
        this.clock = clock;
    }

    /** How long an access token is valid after it is issued. */
    public Duration accessTtl() {
        return accessTtl;
    }

    /** A signed access token for the user's session. */
    String issue(String username, java.util.Set<Role> roles, long sessionId, long tokenVersion) {
        Instant now = clock.instant();
        Jwt.Builder jwt = Jwt.builder()
                .algorithm(JwkOctet.ALG_HS256)
                .type("JWT")
                .issuer(ISSUER)
                .addAudience(AUDIENCE)
                .subject(username)
                .issueTime(now)
                .expirationTime(now.plus(accessTtl))
                .jwtId(UUID.randomUUID().toString())
                .addPayloadClaim("sid", sessionId)
                .addPayloadClaim("ver", tokenVersion);
        roles.stream().map(Role::name).sorted().forEach(jwt::addUserGroup);
        return SignedJwt.sign(jwt.build(), key).tokenContent();
    }

    /** The outcome of checking a token. */
    public sealed interface Check {
        /** The token is good; {@code user} is who presented it, with the roles they hold now. */
        record Valid(ConsoleUser user) implements Check {}

        /** The token is missing, malformed, forged, expired or revoked; {@code reason} says which, for the client. */
        record Rejected(String reason) implements Check {}
    }

    /** The user behind a valid access token, or empty. Usable anywhere (HTTP, WebSocket handshake, tests). */
    public Optional<ConsoleUser> verify(String token) {
        return check(token) instanceof Check.Valid(ConsoleUser user) ? Optional.of(user) : Optional.empty();
    }

    /** Like {@link #verify}, saying why a token is refused. */
    public Check check(String token) {
        if (token == null || token.isBlank()) {
            return new Check.Rejected("no access token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            return new Check.Rejected("malformed access token");
        }
        SignedJwt signed;
        Jwt jwt;
        try {
            signed = SignedJwt.parseToken(token);
            jwt = signed.getJwt();
        } catch (RuntimeException e) {
            return new Check.Rejected("malformed access token");
        }
        // Only our algorithm: never "none", never a key chosen by the token.
        if (!jwt.algorithm().orElse("").equals(JwkOctet.ALG_HS256)
                || jwt.keyId().isPresent()
                || !signed.verifySignature(NO_KEYS, key).isValid()) {
            return new Check.Rejected("access token signature is not valid");
        }
        Optional<Long> sid = longClaim(jwt, "sid");
        Optional<Long> ver = longClaim(jwt, "ver");
        if (!jwt.issuer().orElse("").equals(ISSUER)
                || !jwt.audience().orElse(java.util.List.of()).contains(AUDIENCE)
                || jwt.subject().isEmpty()
                || jwt.expirationTime().isEmpty()
                || sid.isEmpty()
                || ver.isEmpty()) {
            return new Check.Rejected("access token is not a console token");
        }
        if (!clock.instant().isBefore(jwt.expirationTime().get().plus(SKEW))) {
            return new Check.Rejected("access token expired; refresh it or log in again");
        }
        return current(sid.get(), jwt.subject().get(), ver.get());
    }

    /** Whether the session and user behind a well-signed token still stand. */
    private Check current(long sessionId, String username, long tokenVersion) {
        Optional<DbRow> row = tx.run(t -> t.namedGet("auth-session-check", sessionId));
        if (row.isEmpty()) {
            return new Check.Rejected("access token revoked");
        }
        DbRow r = row.get();
        if (!Rows.string(r, "username").equals(username)
                || !Rows.bool(r, "enabled")
                || Rows.getLong(r, "token_version") != tokenVersion
                || Rows.instant(r, "revoked_at") != null
                || !Rows.instant(r, "expires_at").isAfter(clock.instant())) {
            return new Check.Rejected("access token revoked; refresh it or log in again");
        }
        return new Check.Valid(new ConsoleUser(Rows.getLong(r, "user_id"), username, Users.roles(r), sessionId));
    }

    private static Optional<Long> longClaim(Jwt jwt, String name) {
        return jwt.payloadClaim(name)
                .filter(v -> v.getValueType() == JsonValue.ValueType.NUMBER)
                .map(v -> ((JsonNumber) v).longValue());
    }
}
