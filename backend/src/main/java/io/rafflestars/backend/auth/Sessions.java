package io.rafflestars.backend.auth;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.rafflestars.backend.audit.Actor;
import io.rafflestars.backend.audit.AuditEntry;
import io.rafflestars.backend.audit.AuditLog;
import io.rafflestars.backend.monitoring.BusinessMetrics;
import io.rafflestars.backend.platform.ApiException;
import io.rafflestars.backend.platform.Meters;
import io.rafflestars.backend.platform.Rows;
import io.rafflestars.backend.platform.Transactions;
import io.rafflestars.common.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Logins: a session per successful login, with a short-lived access token ({@link Tokens}) and an opaque refresh
 * token. A refresh token is used once: refreshing marks it used and hands out its successor; presenting a used one
 * again means it was stolen or copied, so the whole session (every token of that family) is revoked. Logout revokes
 * the session. Failed logins are throttled ({@link LoginThrottle}), counted ({@code auth_login_failures} metric) and
 * audited; the answer never says whether the user name or the password was wrong.
 */
public final class Sessions {
    private static final System.Logger LOG = System.getLogger(Sessions.class.getName());
    private static final String BAD_CREDENTIALS = "User name or password is wrong";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Transactions tx;
    private final Tokens tokens;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration refreshTtl;

    public Sessions(Transactions tx, Tokens tokens, AuditLog audit, Clock clock, Duration refreshTtl) {
        this.tx = tx;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.refreshTtl = refreshTtl;
    }

    /** What a login or a refresh hands out. */
    public record Issued(
            String accessToken,
            String tokenType,
            long expiresIn,
            String refreshToken,
            Instant refreshExpiresAt,
            String username,
            List<Role> roles) {}

    /** Refused because of too many failures; {@code retryAfter} says when to try again. */
    public static final class Throttled extends ApiException {
        private final Duration retryAfter;

        Throttled(Duration retryAfter) {
            super(ErrorCode.TOO_MANY_REQUESTS, "Too many failed logins; try again in " + seconds(retryAfter) + " s");
            this.retryAfter = retryAfter;
        }

        /** Whole seconds to wait, at least 1 (the {@code Retry-After} header). */
        public long retryAfterSeconds() {
            return seconds(retryAfter);
        }

        private static long seconds(Duration d) {
            return Math.max(1, (d.toMillis() + 999) / 1000);
        }
    }

    /**
     * Checks the password under the throttle and opens a session. Throws UNAUTHENTICATED for a wrong name or
     * password (the same answer for both, after the same work) or a disabled user, TOO_MANY_REQUESTS while the
     * user name or the address is blocked.
     */
    public Issued login(String username, String password, String address) {
        String name = Users.normalise(username);
        boolean plausibleName = name != null && Users.USERNAME.matcher(name).matches();
        List<LoginThrottle.Counter> keys = plausibleName
                ? List.of(
                        LoginThrottle.of(LoginThrottle.PER_USER, name),
                        LoginThrottle.of(LoginThrottle.PER_ADDRESS, address))
                : List.of(LoginThrottle.of(LoginThrottle.PER_ADDRESS, address));
        Outcome outcome = tx.run(t -> {
            Instant now = clock.instant();
            List<LoginThrottle.Counter> counters = LoginThrottle.lock(t, keys, now);
            Optional<Duration> blocked = LoginThrottle.blockedFor(counters, now);
            if (blocked.isPresent()) {
                return new Outcome.Blocked(blocked.get());
            }
            Optional<Users.Stored> user = plausibleName ? Users.find(t, name, false) : Optional.empty();
            boolean ok;
            if (user.isPresent()) {
                ok = Passwords.matches(password, user.get().passwordHash());
            } else {
                Passwords.burnOneCheck(password);
                ok = false;
            }
            if (!ok || !user.get().view().enabled()) {
                LoginThrottle.failed(t, counters, now);
                // Only a known name is recorded: an unknown one is often a password typed into the wrong field.
                Actor actor =
                        user.map(u -> Actor.user(u.view().username(), address)).orElse(new Actor("anonymous", address));
                String reason = ok ? "disabled" : "bad_credentials";
                audit.append(
                        t,
                        AuditEntry.of(
                                actor,
                                "auth.login_failed",
                                "user",
                                user.map(u -> u.view().username()).orElse(null),
                                null,
                                Map.of("reason", reason)));
                return new Outcome.Failed(reason);
            }
            LoginThrottle.succeeded(t, counters);
            Users.Stored u = user.get();
            Issued issued = open(t, u, address, now);
            audit.append(
                    t,
                    AuditEntry.of(
                            Actor.user(u.view().username(), address),
                            "auth.login",
                            "user",
                            u.view().username(),
                            null,
                            Map.of("roles", u.view().roles())));
            return new Outcome.Success(issued);
        });
        return switch (outcome) {
            case Outcome.Success s -> s.issued();
            case Outcome.Blocked b -> {
                countFailure("throttled");
                throw new Throttled(b.retryAfter());
            }
            case Outcome.Failed f -> {
                countFailure(f.reason());
                throw new ApiException(ErrorCode.UNAUTHENTICATED, BAD_CREDENTIALS);
            }
        };
    }

    /** How a login attempt ended; the transaction commits in every case, so failures are counted and audited. */
    private sealed interface Outcome {
        record Success(Issued issued) implements Outcome {}

        record Blocked(Duration retryAfter) implements Outcome {}

        record Failed(String reason) implements Outcome {}
    }

    private static void countFailure(String reason) {
        Meters.counter(BusinessMetrics.LOGIN_FAILURES, "reason", reason).increment();
    }

    /** A new session for the user with its first pair of tokens. */
    private Issued open(DbTransaction t, Users.Stored u, String address, Instant now) {
        Instant expires = now.plus(refreshTtl);
        long sessionId = t.namedGet("session-insert", u.id(), address, Rows.ts(expires))
                .map(r -> Rows.getLong(r, "id"))
                .orElseThrow();
        return issue(t, sessionId, u.view().username(), u.roles(), u.tokenVersion(), expires);
    }

    private Issued issue(
            DbTransaction t, long sessionId, String username, Set<Role> roles, long tokenVersion, Instant expires) {
        String refresh = newRefreshToken();
        t.namedInsert("refresh-insert", sha256(refresh), sessionId);
        return new Issued(
                tokens.issue(username, roles, sessionId, tokenVersion),
                "Bearer",
                tokens.accessTtl().toSeconds(),
                refresh,
                expires,
                username,
                roles.stream().sorted().toList());
    }

    /**
     * Trades a refresh token for a new access token and the next refresh token. UNAUTHENTICATED when the token is
     * unknown, expired, revoked, its user disabled, or it was used before (which also revokes its session).
     */
    public Issued refresh(String refreshToken, String address) {
        if (refreshToken == null || refreshToken.isBlank() || refreshToken.length() > 200) {
            throw invalidRefresh();
        }
        String hash = sha256(refreshToken);
        Optional<Issued> issued = tx.run(t -> {
            Optional<DbRow> found = t.namedGet("refresh-lock", hash);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            DbRow r = found.get();
            long sessionId = Rows.getLong(r, "session_id");
            String username = Rows.string(r, "username");
            if (Rows.instant(r, "revoked_at") != null
                    || !Rows.instant(r, "expires_at").isAfter(clock.instant())
                    || !Rows.bool(r, "enabled")) {
                return Optional.empty();
            }
            if (Rows.instant(r, "used_at") != null) {
                // A rotated token came back: whoever holds the family now may be a thief. End it.
                t.namedUpdate("session-revoke", "REFRESH_REUSED", sessionId);
                audit.append(
                        t,
                        AuditEntry.of(
                                Actor.user(username, address),
                                "auth.refresh_reused",
                                "session",
                                sessionId,
                                null,
                                Map.of("revoked", true)));
                LOG.log(
                        System.Logger.Level.WARNING,
                        "A used refresh token of {0} came back from {1}: session {2} revoked",
                        username,
                        address,
                        Long.toString(sessionId));
                return Optional.empty();
            }
            t.namedUpdate("refresh-use", hash);
            return Optional.of(issue(
                    t,
                    sessionId,
                    username,
                    Users.roles(r),
                    Rows.getLong(r, "token_version"),
                    Rows.instant(r, "expires_at")));
        });
        return issued.orElseThrow(Sessions::invalidRefresh);
    }

    private static ApiException invalidRefresh() {
        return new ApiException(ErrorCode.UNAUTHENTICATED, "Refresh token is not valid; log in again");
    }

    /** Ends the user's current session: its refresh token and every access token issued under it. */
    public void logout(ConsoleUser user, String address) {
        tx.execute(t -> {
            t.namedUpdate("session-revoke", "LOGOUT", user.sessionId());
            audit.append(t, AuditEntry.of(user.actor(address), "auth.logout", "session", user.sessionId(), null, null));
        });
    }

    /** Forgets sessions (with their refresh tokens) that expired a day ago, and throttle counters long over. */
    public void prune() {
        Instant now = clock.instant();
        tx.execute(t -> {
            t.namedDelete("session-prune", Rows.ts(now.minus(Duration.ofDays(1))));
            LoginThrottle.prune(t, now);
        });
    }

    private static String newRefreshToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
