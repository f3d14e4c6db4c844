-- Operators' announcements to a raffle's participants (docs/bot.md, docs/api.md): one row per announcement, one queued
-- message per participant, all written in one transaction.
CREATE TABLE announcement (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    raffle_id       BIGINT      NOT NULL REFERENCES raffle (id),
    -- the client's Idempotency-Key: the same key again returns this announcement and sends nothing more
    idempotency_key TEXT        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 100),
    -- SHA-256 of the request's texts: the same key with other texts is refused, not mistaken for a retry
    request_hash    TEXT        NOT NULL,
    text            TEXT        NOT NULL CHECK (length(text) BETWEEN 1 AND 4096),
    text_ru         TEXT        CHECK (length(text_ru) BETWEEN 1 AND 4096),
    recipients      INTEGER     NOT NULL CHECK (recipients >= 0),
    created_by      TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (raffle_id, idempotency_key)
);
CREATE INDEX announcement_raffle ON announcement (raffle_id, id);

ALTER TABLE outgoing_message ADD COLUMN announcement_id BIGINT REFERENCES announcement (id);
CREATE INDEX outgoing_message_announcement ON outgoing_message (announcement_id, state)
    WHERE announcement_id IS NOT NULL;
