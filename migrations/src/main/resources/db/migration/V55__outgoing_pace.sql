-- The bot's outgoing queue is paced in the database, so that every instance together stays within Telegram's limits
-- (docs/bot.md): about 30 messages a second for the whole bot, one a second per chat, and a 429's retry_after.

-- The bot's one pace: the next free send slot and the end of a pause Telegram asked for. Every claim of messages
-- locks this row, so claims by different instances take slots one after another.
CREATE TABLE outgoing_pace (
    id           BOOLEAN     PRIMARY KEY DEFAULT true CHECK (id),
    next_slot_at TIMESTAMPTZ NOT NULL,
    paused_until TIMESTAMPTZ NOT NULL
);
INSERT INTO outgoing_pace (next_slot_at, paused_until) VALUES ('1970-01-01Z', '1970-01-01Z');

-- When each chat may take its next message: a second after Telegram accepted the last one, later while a message to
-- it is in flight (the claim's lease), after a 429, or while its head message backs off.
CREATE TABLE outgoing_chat (
    chat_id BIGINT      PRIMARY KEY,
    free_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX outgoing_chat_free ON outgoing_chat (free_at);

-- Bulk messages (announcements) yield to everything else the bot says: answers, invoices, tickets, prizes, refunds.
-- 0 = as it happens, 1 = bulk. Queue order is (priority, id), in the whole queue and within a chat; a chat's
-- messages go one at a time.
ALTER TABLE outgoing_message ADD COLUMN priority SMALLINT NOT NULL DEFAULT 0 CHECK (priority IN (0, 1));
CREATE INDEX outgoing_message_order ON outgoing_message (priority, id) WHERE state = 'QUEUED';
CREATE INDEX outgoing_message_chat_order ON outgoing_message (chat_id, priority, id) WHERE state = 'QUEUED';
