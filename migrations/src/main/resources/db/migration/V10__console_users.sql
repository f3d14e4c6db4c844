-- Console users, their sessions and refresh tokens, and the failed-login throttle (docs/api.md, ADR 6).

CREATE TABLE console_user (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- lower case, so "Admin" and "admin" cannot be two people; no ':' (reserved for system:/telegram: actors)
    username            TEXT        NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    -- bcrypt ($2a$/$2b$/$2y$) or Argon2id PHC string; never a plain password
    password_hash       TEXT        NOT NULL CHECK (password_hash ~ '^\$(2[aby]\$|argon2id\$)'),
    roles               TEXT[]      NOT NULL CHECK (cardinality(roles) >= 1
                                                    AND roles <@ ARRAY['ADMIN', 'OPERATOR', 'FINANCE', 'AUDITOR']),
    enabled             BOOLEAN     NOT NULL DEFAULT true,
    -- access tokens carry this number; bumping it (password change, disable, role change) revokes them all
    token_version       BIGINT      NOT NULL DEFAULT 0 CHECK (token_version >= 0),
    created_by          TEXT        NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    password_changed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One login: the refresh-token family. Revoking it (logout, reuse of a rotated refresh token, password change,
-- disable) ends the refresh tokens and the access tokens issued under it.
CREATE TABLE console_session (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id        BIGINT      NOT NULL REFERENCES console_user (id),
    source         TEXT        CHECK (char_length(source) <= 200),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at     TIMESTAMPTZ NOT NULL,
    revoked_at     TIMESTAMPTZ,
    revoked_reason TEXT        CHECK (revoked_reason IN ('LOGOUT', 'REFRESH_REUSED', 'PASSWORD_CHANGED',
                                                         'USER_DISABLED', 'ROLES_CHANGED')),
    CONSTRAINT console_session_expiry CHECK (expires_at > created_at),
    CONSTRAINT console_session_revocation CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
CREATE INDEX console_session_user_live ON console_session (user_id) WHERE revoked_at IS NULL;
CREATE INDEX console_session_expires ON console_session (expires_at);

-- Refresh tokens are stored as SHA-256 of the opaque token (it is random, so no salt is needed). Each is used once:
-- using it marks it used and issues the next one of the same session.
CREATE TABLE console_refresh_token (
    token_hash TEXT        PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    session_id BIGINT      NOT NULL REFERENCES console_session (id) ON DELETE CASCADE,
    issued_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    used_at    TIMESTAMPTZ
);
-- rotation never forks a session: at most one unused refresh token per session
CREATE UNIQUE INDEX console_refresh_token_live ON console_refresh_token (session_id) WHERE used_at IS NULL;

-- Failed logins per key ('user:<name>' or 'address:<ip>') within the current window; shared by every instance.
CREATE TABLE login_throttle (
    key           TEXT        PRIMARY KEY CHECK (char_length(key) <= 300),
    failures      INTEGER     NOT NULL CHECK (failures >= 0),
    window_start  TIMESTAMPTZ NOT NULL,
    blocked_until TIMESTAMPTZ
);
