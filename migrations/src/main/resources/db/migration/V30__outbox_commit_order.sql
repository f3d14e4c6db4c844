-- The live feeds read the outbox in commit order (docs/adr/0007-outbox-commit-order.md).
--
-- Outbox ids come from a sequence, and transactions can commit out of id order: a reader that moved its cursor past
-- an id whose transaction had not committed yet would skip that event forever. So every event also gets a position
-- (seq) when its transaction commits: a deferred trigger numbers it under a lock held until the commit ends. The
-- next committing transaction waits for that lock, so positions follow commit order and have no gaps, and a reader
-- that has seen position n has seen every position below n.

ALTER TABLE outbox_event ADD COLUMN seq BIGINT;
ALTER TABLE outbox_event ADD COLUMN committed_at TIMESTAMPTZ;

-- The last position handed out: one row, locked while a transaction's events are numbered.
CREATE TABLE outbox_head (
    id  BOOLEAN PRIMARY KEY DEFAULT true CHECK (id),
    seq BIGINT  NOT NULL CHECK (seq >= 0)
);

-- Events written before this migration have all committed: number them in id order.
WITH numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM outbox_event)
UPDATE outbox_event e SET seq = numbered.n, committed_at = e.created_at FROM numbered WHERE numbered.id = e.id;
INSERT INTO outbox_head (seq) SELECT count(*) FROM outbox_event;

CREATE UNIQUE INDEX outbox_event_seq ON outbox_event (seq);
ALTER TABLE outbox_event ADD CONSTRAINT outbox_event_numbered_at_commit CHECK ((seq IS NULL) = (committed_at IS NULL));
-- Pruning goes by position (oldest first), never by creation time.
DROP INDEX outbox_event_created;

CREATE FUNCTION outbox_number() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_seq BIGINT;
BEGIN
    -- Lock order: the audit chain's head first, then ours. A transaction that seals audit rows (which announce
    -- themselves here) and writes events of its own fires the two deferred triggers in either order; taking the
    -- locks always in this order means two such transactions queue instead of deadlocking.
    PERFORM 1 FROM audit_head FOR UPDATE;
    SELECT seq + 1 INTO v_seq FROM outbox_head FOR UPDATE;
    UPDATE outbox_event SET seq = v_seq, committed_at = clock_timestamp() WHERE id = NEW.id AND seq IS NULL;
    IF FOUND THEN
        UPDATE outbox_head SET seq = v_seq;
        -- Only a wake-up for the feed listeners; one per transaction (PostgreSQL folds equal payloads).
        PERFORM pg_notify('outbox', '');
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER outbox_event_number AFTER INSERT ON outbox_event DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION outbox_number();

-- Committed events are never changed: the feeds and reconnecting clients rely on reading the same row twice.
CREATE FUNCTION outbox_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.seq IS NOT NULL THEN
        RAISE EXCEPTION 'outbox_event % is committed and cannot change', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER outbox_event_no_update BEFORE UPDATE ON outbox_event
    FOR EACH ROW EXECUTE FUNCTION outbox_refuse_update();
