-- The audit log (docs/audit.md): who did what, when, from where, with the state before and after. Append-only (the
-- database refuses UPDATE, DELETE and TRUNCATE) and hash-chained: each row carries the hash of the previous row, so
-- an edit made behind the database's back (triggers disabled, a tampered dump restored) is found by walking the
-- chain. Requires PostgreSQL 14 or newer (EXTRACT returns an exact numeric).
--
-- Rows join the chain at commit: the application stages an entry (audit_staged) inside its transaction, and a
-- deferred trigger seals it into audit_log when that transaction commits. So the chain head is locked only for the
-- commit itself, never while the audited work still takes other locks, and the chain order is the commit order.
-- Every ledger transfer is sealed the same way, with no application code involved.

CREATE TABLE audit_log (
    seq         BIGINT      PRIMARY KEY CHECK (seq >= 1),
    at          TIMESTAMPTZ NOT NULL,
    actor       TEXT        NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 200),
    source      TEXT        CHECK (char_length(source) <= 200),
    action      TEXT        NOT NULL CHECK (action ~ '^[a-z][a-z_]*(\.[a-z][a-z_]*)+$'),
    target_type TEXT        CHECK (char_length(target_type) <= 50),
    target_id   TEXT        CHECK (char_length(target_id) <= 200),
    -- the exact JSON texts that were hashed (jsonb would reorder keys)
    before_json TEXT,
    after_json  TEXT,
    prev_hash   TEXT        NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash        TEXT        NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id, seq);
CREATE INDEX audit_log_at ON audit_log (at);

-- The head of the chain: one row, locked while a row is sealed, so sequence numbers have no gaps.
CREATE TABLE audit_head (
    id   BOOLEAN PRIMARY KEY DEFAULT true CHECK (id),
    seq  BIGINT  NOT NULL CHECK (seq >= 0),
    hash TEXT    NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);
INSERT INTO audit_head (seq, hash) VALUES (0, repeat('0', 64));

-- Entries waiting for their transaction to commit; empty outside a transaction.
CREATE TABLE audit_staged (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor       TEXT NOT NULL,
    source      TEXT,
    action      TEXT NOT NULL,
    target_type TEXT,
    target_id   TEXT,
    before_json TEXT,
    after_json  TEXT
);

-- One field of the hashed text: its UTF-8 length, a colon and the text, or '-' for null.
CREATE FUNCTION audit_field(v TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v IS NULL THEN '-' ELSE octet_length(convert_to(v, 'UTF8'))::text || ':' || v END
$$;

-- Appends one row to the chain and announces it on the outbox; returns its sequence number.
CREATE FUNCTION audit_seal(p_actor TEXT, p_source TEXT, p_action TEXT, p_target_type TEXT, p_target_id TEXT,
                           p_before TEXT, p_after TEXT) RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    h        audit_head%ROWTYPE;
    v_at     TIMESTAMPTZ := date_trunc('microseconds', now());
    v_seq    BIGINT;
    v_hash   TEXT;
    v_outbox BIGINT;
BEGIN
    SELECT * INTO h FROM audit_head FOR UPDATE;
    v_seq := h.seq + 1;
    v_hash := encode(sha256(convert_to(concat_ws(E'\n',
        audit_field(h.hash),
        audit_field(v_seq::text),
        audit_field((EXTRACT(EPOCH FROM v_at) * 1000000)::bigint::text),
        audit_field(p_actor), audit_field(p_source), audit_field(p_action),
        audit_field(p_target_type), audit_field(p_target_id),
        audit_field(p_before), audit_field(p_after)), 'UTF8')), 'hex');
    INSERT INTO audit_log (seq, at, actor, source, action, target_type, target_id, before_json, after_json,
                           prev_hash, hash)
    VALUES (v_seq, v_at, p_actor, p_source, p_action, p_target_type, p_target_id, p_before, p_after, h.hash, v_hash);
    UPDATE audit_head SET seq = v_seq, hash = v_hash;
    INSERT INTO outbox_event (stream, type, payload)
    VALUES ('audit', 'AuditAppended', jsonb_build_object('seq', v_seq, 'actor', p_actor, 'action', p_action,
                                                        'targetType', p_target_type, 'targetId', p_target_id))
    RETURNING id INTO v_outbox;
    PERFORM pg_notify('outbox', v_outbox::text);
    RETURN v_seq;
END
$$;

CREATE FUNCTION audit_seal_staged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM audit_seal(NEW.actor, NEW.source, NEW.action, NEW.target_type, NEW.target_id, NEW.before_json,
                       NEW.after_json);
    DELETE FROM audit_staged WHERE id = NEW.id;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER audit_staged_seal AFTER INSERT ON audit_staged DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION audit_seal_staged();

-- Every money movement is audited: each ledger transfer is sealed into the chain at commit.
CREATE FUNCTION audit_seal_transfer() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d TEXT;
    c TEXT;
BEGIN
    SELECT code INTO d FROM ledger_account WHERE id = NEW.debit_account_id;
    SELECT code INTO c FROM ledger_account WHERE id = NEW.credit_account_id;
    PERFORM audit_seal(coalesce(nullif(current_setting('audit.actor', true), ''), 'system:ledger'),
                       nullif(current_setting('audit.source', true), ''),
                       'ledger.' || lower(NEW.kind), 'transfer', NEW.id, NULL,
                       json_build_object('debit', d, 'credit', c, 'amount', NEW.amount, 'phase', NEW.phase,
                                         'pendingId', NEW.pending_id, 'referenceType', NEW.reference_type,
                                         'referenceId', NEW.reference_id)::text);
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER ledger_transfer_audit AFTER INSERT ON ledger_transfer DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION audit_seal_transfer();

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The head only ever moves forward by one and is never removed.
CREATE FUNCTION audit_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' OR NEW.seq <> OLD.seq + 1 THEN
        RAISE EXCEPTION 'audit_head only advances by one' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_head_guard BEFORE UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_guard();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
