-- The double-entry ledger (docs/ledger.md). Transfers are append-only: the database refuses UPDATE, DELETE and
-- TRUNCATE on them. Account balances are running totals kept by a trigger on every transfer insert, so they cannot
-- drift from the entries whatever the Java code does; flagged accounts can never go negative (check constraints).
-- Balances follow TigerBeetle's four counters: posted and pending, debits and credits.

CREATE TABLE ledger_account (
    id                             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code                           TEXT        NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z_]*(:[0-9]+)?$'),
    type                           TEXT        NOT NULL CHECK (type IN ('TELEGRAM_CLEARING', 'REFUNDS_PENDING',
                                                                        'RAFFLE_POT', 'HOUSE_REVENUE',
                                                                        'PRIZE_LIABILITY', 'PLAYER_PRIZE_CREDIT',
                                                                        'PAYOUTS_OFF_PLATFORM')),
    name                           TEXT        NOT NULL,
    raffle_id                      BIGINT      REFERENCES raffle (id),
    player_id                      BIGINT,
    debits_must_not_exceed_credits BOOLEAN     NOT NULL,
    credits_must_not_exceed_debits BOOLEAN     NOT NULL,
    debits_pending                 BIGINT      NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
    debits_posted                  BIGINT      NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
    credits_pending                BIGINT      NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
    credits_posted                 BIGINT      NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
    created_at                     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT ledger_account_one_flag CHECK (NOT (debits_must_not_exceed_credits AND credits_must_not_exceed_debits)),
    -- pending debits count against the limit, so money held for a payout cannot be spent twice
    CONSTRAINT ledger_account_debits_within_credits
        CHECK (NOT debits_must_not_exceed_credits OR debits_pending + debits_posted <= credits_posted),
    CONSTRAINT ledger_account_credits_within_debits
        CHECK (NOT credits_must_not_exceed_debits OR credits_pending + credits_posted <= debits_posted)
);
CREATE INDEX ledger_account_raffle ON ledger_account (raffle_id) WHERE raffle_id IS NOT NULL;
CREATE INDEX ledger_account_player ON ledger_account (player_id) WHERE player_id IS NOT NULL;

CREATE TABLE ledger_transfer (
    -- commit-independent order of insertion, for paging and statements
    seq               BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    -- the idempotency key: a replay of the same id changes nothing
    id                TEXT        PRIMARY KEY CHECK (char_length(id) BETWEEN 1 AND 200),
    debit_account_id  BIGINT      NOT NULL REFERENCES ledger_account (id),
    credit_account_id BIGINT      NOT NULL REFERENCES ledger_account (id),
    amount            BIGINT      NOT NULL CHECK (amount > 0),
    kind              TEXT        NOT NULL CHECK (kind IN ('PAYMENT', 'REFUND', 'HOUSE_FEE', 'PRIZE', 'PAYOUT',
                                                           'CORRECTION')),
    -- SINGLE posts at once; PENDING holds money until a POST_PENDING or VOID_PENDING names it in pending_id
    phase             TEXT        NOT NULL CHECK (phase IN ('SINGLE', 'PENDING', 'POST_PENDING', 'VOID_PENDING')),
    pending_id        TEXT        UNIQUE REFERENCES ledger_transfer (id),
    expires_at        TIMESTAMPTZ,
    reference_type    TEXT        NOT NULL CHECK (char_length(reference_type) BETWEEN 1 AND 40),
    reference_id      TEXT        NOT NULL CHECK (char_length(reference_id) BETWEEN 1 AND 200),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT ledger_transfer_two_accounts CHECK (debit_account_id <> credit_account_id),
    CONSTRAINT ledger_transfer_resolves_pending CHECK ((phase IN ('POST_PENDING', 'VOID_PENDING')) = (pending_id IS NOT NULL)),
    CONSTRAINT ledger_transfer_expiry_when_pending CHECK (expires_at IS NULL OR phase = 'PENDING')
);
CREATE INDEX ledger_transfer_debit ON ledger_transfer (debit_account_id, seq);
CREATE INDEX ledger_transfer_credit ON ledger_transfer (credit_account_id, seq);
CREATE INDEX ledger_transfer_reference ON ledger_transfer (reference_type, reference_id);
CREATE INDEX ledger_transfer_pending_expiry ON ledger_transfer (expires_at) WHERE phase = 'PENDING';

CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_transfer is append-only: % refused (post a reversing transfer instead)', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER ledger_transfer_no_update BEFORE UPDATE OR DELETE ON ledger_transfer
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_transfer_no_truncate BEFORE TRUNCATE ON ledger_transfer
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- What an account is never changes once opened; only its four counters move, and only through transfers.
CREATE FUNCTION ledger_account_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.debits_pending <> 0 OR NEW.debits_posted <> 0 OR NEW.credits_pending <> 0 OR NEW.credits_posted <> 0 THEN
            RAISE EXCEPTION 'ledger account % must open with zero balances', NEW.code
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'ledger accounts are never deleted' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.code IS DISTINCT FROM OLD.code OR NEW.type IS DISTINCT FROM OLD.type
       OR NEW.raffle_id IS DISTINCT FROM OLD.raffle_id OR NEW.player_id IS DISTINCT FROM OLD.player_id
       OR NEW.debits_must_not_exceed_credits IS DISTINCT FROM OLD.debits_must_not_exceed_credits
       OR NEW.credits_must_not_exceed_debits IS DISTINCT FROM OLD.credits_must_not_exceed_debits THEN
        RAISE EXCEPTION 'ledger account % cannot change what it is', OLD.code
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF current_setting('ledger.applying_transfer', true) IS DISTINCT FROM 'on' THEN
        RAISE EXCEPTION 'ledger account % balances move only through transfers', OLD.code
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER ledger_account_guard BEFORE INSERT OR UPDATE OR DELETE ON ledger_account
    FOR EACH ROW EXECUTE FUNCTION ledger_account_guard();

-- Applies a new transfer to the running balances of its two accounts. The Java ledger locks the accounts (in id
-- order, to avoid deadlocks) before inserting, so these updates find the rows already locked.
CREATE FUNCTION ledger_apply_transfer() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    p ledger_transfer%ROWTYPE;
BEGIN
    PERFORM set_config('ledger.applying_transfer', 'on', true);
    IF NEW.phase = 'SINGLE' THEN
        UPDATE ledger_account SET debits_posted = debits_posted + NEW.amount WHERE id = NEW.debit_account_id;
        UPDATE ledger_account SET credits_posted = credits_posted + NEW.amount WHERE id = NEW.credit_account_id;
    ELSIF NEW.phase = 'PENDING' THEN
        UPDATE ledger_account SET debits_pending = debits_pending + NEW.amount WHERE id = NEW.debit_account_id;
        UPDATE ledger_account SET credits_pending = credits_pending + NEW.amount WHERE id = NEW.credit_account_id;
    ELSE
        SELECT * INTO p FROM ledger_transfer WHERE id = NEW.pending_id;
        IF p.phase IS DISTINCT FROM 'PENDING' THEN
            RAISE EXCEPTION 'transfer % resolves %, which is not a pending transfer', NEW.id, NEW.pending_id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF p.debit_account_id <> NEW.debit_account_id OR p.credit_account_id <> NEW.credit_account_id
           OR NEW.amount > p.amount OR (NEW.phase = 'VOID_PENDING' AND NEW.amount <> p.amount) THEN
            RAISE EXCEPTION 'transfer % does not match its pending transfer %', NEW.id, NEW.pending_id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        -- the whole pending amount is released; a post may move less than was held
        UPDATE ledger_account SET debits_pending = debits_pending - p.amount,
            debits_posted = debits_posted + CASE WHEN NEW.phase = 'POST_PENDING' THEN NEW.amount ELSE 0 END
            WHERE id = NEW.debit_account_id;
        UPDATE ledger_account SET credits_pending = credits_pending - p.amount,
            credits_posted = credits_posted + CASE WHEN NEW.phase = 'POST_PENDING' THEN NEW.amount ELSE 0 END
            WHERE id = NEW.credit_account_id;
    END IF;
    PERFORM set_config('ledger.applying_transfer', 'off', true);
    RETURN NULL;
END
$$;
CREATE TRIGGER ledger_transfer_apply AFTER INSERT ON ledger_transfer
    FOR EACH ROW EXECUTE FUNCTION ledger_apply_transfer();

-- The system accounts. Per-raffle and per-player accounts are opened on first use (ledger.Chart names them all).
INSERT INTO ledger_account (code, type, name, debits_must_not_exceed_credits, credits_must_not_exceed_debits) VALUES
    ('telegram_clearing', 'TELEGRAM_CLEARING', 'Stars Telegram holds for the bot', false, true),
    ('refunds_pending', 'REFUNDS_PENDING', 'Payments waiting for their refund', true, false),
    ('house_revenue', 'HOUSE_REVENUE', 'House fees earned', true, false),
    ('payouts_off_platform', 'PAYOUTS_OFF_PLATFORM', 'Prizes paid outside Telegram', false, false);
