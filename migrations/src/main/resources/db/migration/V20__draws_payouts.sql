-- Draws, prize payouts with four eyes, and tickets bought with prize credit (docs/fairness.md, docs/payouts.md).
-- What must never happen is refused here, whatever the Java code does: a revealed seed that does not match its
-- commitment, a draw or decision rewritten, a payout approved by whoever drew the raffle or asked for the payout, the
-- same user approving twice, a payout moving on without its approvals, a payout going back to an earlier state.

-- Prize money nobody receives (a rejected payout, a place left without an eligible ticket) goes back to the house.
ALTER TABLE ledger_transfer DROP CONSTRAINT ledger_transfer_kind_check;
ALTER TABLE ledger_transfer ADD CONSTRAINT ledger_transfer_kind_check
    CHECK (kind IN ('PAYMENT', 'REFUND', 'HOUSE_FEE', 'PRIZE', 'PAYOUT', 'CORRECTION', 'FORFEIT'));

-- Set when an automatic draw was refused (e.g. PRIZES_EXCEED_POT), so the scheduler stops retrying it; an operator
-- decides (cancel and refund).
ALTER TABLE raffle ADD COLUMN draw_blocked_reason TEXT CHECK (char_length(draw_blocked_reason) <= 500);

-- The published record of a draw. Written once, never changed.
CREATE TABLE raffle_draw (
    raffle_id       BIGINT      PRIMARY KEY REFERENCES raffle (id),
    algorithm       TEXT        NOT NULL CHECK (algorithm = 'raffle-stars/draw/v1'),
    -- revealed at the draw; must be the seed the commitment published at the raffle's publication stands for
    seed            BYTEA       NOT NULL CHECK (octet_length(seed) = 32),
    commitment      TEXT        NOT NULL CHECK (commitment ~ '^[0-9a-f]{64}$'),
    tickets_hash    TEXT        NOT NULL CHECK (tickets_hash ~ '^[0-9a-f]{64}$'),
    ticket_count    INTEGER     NOT NULL CHECK (ticket_count >= 0),
    places          INTEGER     NOT NULL CHECK (places >= 1),
    policy          TEXT        NOT NULL CHECK (policy IN ('ALLOW_REPEAT', 'ONE_PRIZE_PER_PLAYER')),
    beacon_source   TEXT,
    beacon_round    BIGINT,
    beacon_value    BYTEA,
    -- the pot as split in the drawing transaction: fee (basis points) and what the prize table leaves to the house
    pot             BIGINT      NOT NULL CHECK (pot >= 0),
    house_fee       BIGINT      NOT NULL CHECK (house_fee >= 0),
    house_remainder BIGINT      NOT NULL CHECK (house_remainder >= 0),
    drawn_by        TEXT        NOT NULL CHECK (char_length(drawn_by) BETWEEN 1 AND 200),
    drawn_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT raffle_draw_seed_matches_commitment CHECK (encode(sha256(seed), 'hex') = commitment),
    CONSTRAINT raffle_draw_beacon_whole CHECK ((beacon_source IS NULL) = (beacon_value IS NULL)
                                               AND (beacon_source IS NULL) = (beacon_round IS NULL)),
    CONSTRAINT raffle_draw_split CHECK (house_fee + house_remainder <= pot)
);

-- Who holds each place: one row per place at the draw (round 0) and one more per redraw of that place (round n after
-- the raffle's n-th disqualification). The current holder of a place is its row with the highest round.
CREATE TABLE draw_winner (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    raffle_id     BIGINT  NOT NULL REFERENCES raffle_draw (raffle_id),
    place         INTEGER NOT NULL CHECK (place >= 1),
    round         INTEGER NOT NULL CHECK (round >= 0),
    -- both null: no eligible ticket was left for the place
    ticket_number INTEGER,
    player_id     BIGINT,
    prize         BIGINT  NOT NULL CHECK (prize >= 0),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (raffle_id, place, round),
    CONSTRAINT draw_winner_ticket_and_player CHECK ((ticket_number IS NULL) = (player_id IS NULL)),
    CONSTRAINT draw_winner_ticket FOREIGN KEY (raffle_id, ticket_number) REFERENCES ticket (raffle_id, number)
);

-- Disqualifications in the order they happened: the order is part of the verifiable result.
CREATE TABLE draw_disqualification (
    raffle_id       BIGINT      NOT NULL REFERENCES raffle_draw (raffle_id),
    seq             INTEGER     NOT NULL CHECK (seq >= 1),
    place           INTEGER     NOT NULL CHECK (place >= 1),
    winner_id       BIGINT      NOT NULL UNIQUE REFERENCES draw_winner (id),
    reason          TEXT        NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
    disqualified_by TEXT        NOT NULL,
    at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (raffle_id, seq)
);

CREATE TRIGGER raffle_draw_no_update BEFORE UPDATE OR DELETE ON raffle_draw
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER draw_winner_no_update BEFORE UPDATE OR DELETE ON draw_winner
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER draw_disqualification_no_update BEFORE UPDATE OR DELETE ON draw_disqualification
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();

-- One payout per prize won. Its money is held by the pending ledger transfer 'payout:<id>:hold' from
-- prize_liability:<raffle> to where the channel pays it (player credit, Telegram clearing, off platform); the ledger
-- transfer expires a week after hold_expires_at, so the payout's own expiry always acts first.
CREATE TABLE payout (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    raffle_id          BIGINT      NOT NULL REFERENCES raffle (id),
    winner_id          BIGINT      NOT NULL REFERENCES draw_winner (id),
    place              INTEGER     NOT NULL CHECK (place >= 1),
    player_id          BIGINT      NOT NULL,
    amount             BIGINT      NOT NULL CHECK (amount >= 1),
    channel            TEXT        NOT NULL CHECK (channel IN ('PRIZE_CREDIT', 'TELEGRAM_GIFT', 'OFF_PLATFORM')),
    state              TEXT        NOT NULL CHECK (state IN ('PENDING_APPROVAL', 'APPROVED', 'EXECUTING', 'FAILED',
                                                             'EXECUTED', 'REJECTED', 'VOIDED', 'EXPIRED',
                                                             'REISSUED')),
    approvals_required INTEGER     NOT NULL CHECK (approvals_required BETWEEN 1 AND 2),
    drawn_by           TEXT        NOT NULL,
    requested_by       TEXT        NOT NULL,
    hold_expires_at    TIMESTAMPTZ NOT NULL,
    replaces_payout_id BIGINT      UNIQUE REFERENCES payout (id),
    -- TELEGRAM_GIFT: what was chosen to buy (before the Bot API call, so a confirmation knows what it confirms)
    gift_kind          TEXT        CHECK (gift_kind IN ('GIFT', 'PREMIUM')),
    gift_id            TEXT,
    gift_cost          BIGINT,
    external_reference TEXT        CHECK (char_length(external_reference) BETWEEN 1 AND 200),
    attempts           INTEGER     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at    TIMESTAMPTZ,
    last_error         TEXT,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolved_at        TIMESTAMPTZ,
    CONSTRAINT payout_gift_whole CHECK ((gift_kind IS NULL) = (gift_cost IS NULL)
                                        AND (gift_cost IS NULL OR gift_cost BETWEEN 1 AND amount)),
    CONSTRAINT payout_gift_only_for_gifts CHECK (gift_kind IS NULL OR channel = 'TELEGRAM_GIFT'),
    CONSTRAINT payout_off_platform_reference CHECK (state <> 'EXECUTED' OR channel <> 'OFF_PLATFORM'
                                                    OR external_reference IS NOT NULL),
    CONSTRAINT payout_resolved CHECK ((resolved_at IS NULL) = (state NOT IN ('EXECUTED', 'REJECTED', 'VOIDED',
                                                                               'REISSUED')))
);
-- One payout in force per place: a redraw (VOIDED) or a reissue (REISSUED) replaces it with a new row.
CREATE UNIQUE INDEX payout_one_per_place ON payout (raffle_id, place) WHERE state NOT IN ('VOIDED', 'REISSUED');
CREATE INDEX payout_queue ON payout (state, created_at);
CREATE INDEX payout_due ON payout (next_attempt_at) WHERE state = 'APPROVED' AND channel = 'TELEGRAM_GIFT';
CREATE INDEX payout_expiry ON payout (hold_expires_at)
    WHERE state IN ('PENDING_APPROVAL', 'APPROVED', 'EXECUTING', 'FAILED');

-- Every finance decision on a payout, one row each, never changed.
CREATE TABLE payout_decision (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payout_id BIGINT      NOT NULL REFERENCES payout (id),
    decision  TEXT        NOT NULL CHECK (decision IN ('APPROVE', 'REJECT', 'RECORD_EXECUTION', 'RETRY', 'REISSUE')),
    actor     TEXT        NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 200),
    source    TEXT,
    reason    TEXT        CHECK (char_length(reason) BETWEEN 1 AND 500),
    at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT payout_decision_reject_reason CHECK (decision <> 'REJECT' OR reason IS NOT NULL)
);
-- the same user never approves a payout twice
CREATE UNIQUE INDEX payout_decision_one_approval_each ON payout_decision (payout_id, actor) WHERE decision = 'APPROVE';
CREATE INDEX payout_decision_payout ON payout_decision (payout_id, id);

CREATE TRIGGER payout_decision_no_update BEFORE UPDATE OR DELETE ON payout_decision
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER payout_decision_no_truncate BEFORE TRUNCATE ON payout_decision
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Four eyes: whoever drew the raffle or asked for the payout never decides on it; approvals only while pending.
CREATE FUNCTION payout_decision_four_eyes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    p payout%ROWTYPE;
BEGIN
    SELECT * INTO p FROM payout WHERE id = NEW.payout_id;
    IF NEW.actor = p.drawn_by OR NEW.actor = p.requested_by THEN
        RAISE EXCEPTION 'four eyes: % drew the raffle or requested payout % and cannot decide on it', NEW.actor, p.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.decision = 'APPROVE' AND p.state <> 'PENDING_APPROVAL' THEN
        RAISE EXCEPTION 'payout % is %, not waiting for approval', p.id, p.state
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER payout_decision_four_eyes BEFORE INSERT ON payout_decision
    FOR EACH ROW EXECUTE FUNCTION payout_decision_four_eyes();

-- A payout's terms never change; its state only moves forward, and never past approval without its approvals.
CREATE FUNCTION payout_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    approvals INTEGER;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'payouts are never deleted' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.raffle_id <> OLD.raffle_id OR NEW.winner_id <> OLD.winner_id OR NEW.place <> OLD.place
       OR NEW.player_id <> OLD.player_id OR NEW.amount <> OLD.amount OR NEW.channel <> OLD.channel
       OR NEW.approvals_required <> OLD.approvals_required OR NEW.drawn_by <> OLD.drawn_by
       OR NEW.requested_by <> OLD.requested_by OR NEW.hold_expires_at <> OLD.hold_expires_at
       OR NEW.replaces_payout_id IS DISTINCT FROM OLD.replaces_payout_id OR NEW.created_at <> OLD.created_at THEN
        RAISE EXCEPTION 'payout % cannot change its terms', OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (OLD.gift_kind IS NOT NULL AND NEW.gift_kind IS DISTINCT FROM OLD.gift_kind)
       OR (OLD.gift_cost IS NOT NULL AND NEW.gift_cost IS DISTINCT FROM OLD.gift_cost)
       OR (OLD.external_reference IS NOT NULL AND NEW.external_reference IS DISTINCT FROM OLD.external_reference) THEN
        RAISE EXCEPTION 'payout % cannot change what it paid with', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.state <> OLD.state AND NOT (
           (OLD.state = 'PENDING_APPROVAL' AND NEW.state IN ('APPROVED', 'REJECTED', 'VOIDED', 'EXPIRED'))
        OR (OLD.state = 'APPROVED' AND NEW.state IN ('EXECUTING', 'EXECUTED', 'FAILED', 'REJECTED', 'VOIDED',
                                                     'EXPIRED'))
        OR (OLD.state = 'EXECUTING' AND NEW.state IN ('EXECUTED', 'APPROVED', 'FAILED'))
        OR (OLD.state = 'FAILED' AND NEW.state IN ('APPROVED', 'EXECUTED', 'REJECTED', 'VOIDED', 'EXPIRED'))
        OR (OLD.state = 'EXPIRED' AND NEW.state IN ('REJECTED', 'VOIDED', 'REISSUED'))) THEN
        RAISE EXCEPTION 'payout % cannot go from % to %', OLD.id, OLD.state, NEW.state
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.state IN ('APPROVED', 'EXECUTING', 'EXECUTED', 'FAILED') AND NEW.state <> OLD.state THEN
        SELECT count(*) INTO approvals FROM payout_decision WHERE payout_id = NEW.id AND decision = 'APPROVE';
        IF approvals < NEW.approvals_required THEN
            RAISE EXCEPTION 'payout % has % of % approvals and cannot be %', NEW.id, approvals,
                NEW.approvals_required, NEW.state USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER payout_guard BEFORE UPDATE OR DELETE ON payout
    FOR EACH ROW EXECUTE FUNCTION payout_guard();
CREATE TRIGGER payout_no_truncate BEFORE TRUNCATE ON payout
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Tickets bought with prize credit: the ledger moves player_credit:<player> -> raffle_pot:<raffle>. request_key makes
-- a retried request buy once. REFUNDED: the raffle was cancelled and the credit went back.
CREATE TABLE credit_purchase (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_key TEXT        NOT NULL UNIQUE CHECK (char_length(request_key) BETWEEN 1 AND 100),
    raffle_id   BIGINT      NOT NULL REFERENCES raffle (id),
    player_id   BIGINT      NOT NULL,
    quantity    INTEGER     NOT NULL CHECK (quantity >= 1),
    amount      BIGINT      NOT NULL CHECK (amount >= 1),
    state       TEXT        NOT NULL CHECK (state IN ('CREDITED', 'REFUNDED')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    refunded_at TIMESTAMPTZ
);
CREATE INDEX credit_purchase_raffle ON credit_purchase (raffle_id, state);

ALTER TABLE ticket ADD COLUMN credit_purchase_id BIGINT REFERENCES credit_purchase (id);
ALTER TABLE ticket ADD CONSTRAINT ticket_one_source CHECK (payment_id IS NULL OR credit_purchase_id IS NULL);
CREATE INDEX ticket_credit_purchase ON ticket (credit_purchase_id) WHERE credit_purchase_id IS NOT NULL;

-- A reconciliation mismatch is resolved once, by someone, with a note, and stays resolved.
ALTER TABLE reconciliation_mismatch ADD CONSTRAINT reconciliation_resolution_whole
    CHECK ((resolved_at IS NULL) = (resolved_by IS NULL) AND (resolved_at IS NULL) = (resolution IS NULL));
CREATE FUNCTION reconciliation_resolution_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.resolved_at IS NOT NULL THEN
        RAISE EXCEPTION 'reconciliation mismatch % is resolved and cannot change', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER reconciliation_resolution_guard BEFORE UPDATE OR DELETE ON reconciliation_mismatch
    FOR EACH ROW EXECUTE FUNCTION reconciliation_resolution_guard();
