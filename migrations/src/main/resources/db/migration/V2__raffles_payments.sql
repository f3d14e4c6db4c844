-- Raffles, purchases, tickets, payments and refunds; Telegram updates in and messages out; the outbox.
-- Constraints here enforce what must never happen, whatever the Java code does.

CREATE TABLE raffle (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title                TEXT        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 32),
    description          TEXT        NOT NULL CHECK (char_length(description) BETWEEN 1 AND 255),
    ticket_price         BIGINT      NOT NULL CHECK (ticket_price >= 1),
    total_tickets        INTEGER     NOT NULL CHECK (total_tickets BETWEEN 1 AND 10000000),
    per_player_cap       INTEGER     NOT NULL CHECK (per_player_cap >= 1),
    min_tickets          INTEGER     CHECK (min_tickets >= 1),
    starts_at            TIMESTAMPTZ NOT NULL,
    ends_at              TIMESTAMPTZ NOT NULL,
    draw_mode            TEXT        NOT NULL CHECK (draw_mode IN ('AUTOMATIC', 'OPERATOR')),
    house_fee_bps        INTEGER     NOT NULL CHECK (house_fee_bps BETWEEN 0 AND 10000),
    prize_channel        TEXT        NOT NULL CHECK (prize_channel IN ('PRIZE_CREDIT', 'TELEGRAM_GIFT', 'OFF_PLATFORM')),
    repeat_winner_policy TEXT        NOT NULL CHECK (repeat_winner_policy IN ('ALLOW_REPEAT', 'ONE_PRIZE_PER_PLAYER')),
    sweepstakes          BOOLEAN     NOT NULL DEFAULT false,
    jurisdiction_note    TEXT        CHECK (char_length(jurisdiction_note) <= 1000),
    state                TEXT        NOT NULL CHECK (state IN ('DRAFT', 'SCHEDULED', 'OPEN', 'PAUSED', 'CLOSED',
                                                               'DRAWN', 'SETTLED', 'CANCELLED')),
    -- fairness: the seed stays secret until the draw; only its SHA-256 (commitment) is shown before
    seed                 BYTEA       CHECK (seed IS NULL OR octet_length(seed) = 32),
    commitment           TEXT,
    tickets_hash         TEXT,
    tickets_sold         INTEGER     NOT NULL DEFAULT 0 CHECK (tickets_sold >= 0),
    tickets_held         INTEGER     NOT NULL DEFAULT 0 CHECK (tickets_held >= 0),
    version              BIGINT      NOT NULL DEFAULT 0,
    created_by           TEXT        NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at         TIMESTAMPTZ,
    opened_at            TIMESTAMPTZ,
    closed_at            TIMESTAMPTZ,
    drawn_at             TIMESTAMPTZ,
    cancelled_at         TIMESTAMPTZ,
    cancel_reason        TEXT,
    CONSTRAINT raffle_schedule CHECK (ends_at > starts_at),
    CONSTRAINT raffle_min_tickets CHECK (min_tickets IS NULL OR min_tickets <= total_tickets),
    CONSTRAINT raffle_cap CHECK (per_player_cap <= total_tickets),
    -- never oversold: sold and held together never exceed what exists
    CONSTRAINT raffle_not_oversold CHECK (tickets_sold + tickets_held <= total_tickets),
    CONSTRAINT raffle_commitment_when_published CHECK (state = 'DRAFT' OR (seed IS NOT NULL AND commitment IS NOT NULL))
);
CREATE INDEX raffle_state_starts ON raffle (state, starts_at);
CREATE INDEX raffle_state_ends ON raffle (state, ends_at);

CREATE TABLE raffle_prize (
    raffle_id    BIGINT  NOT NULL REFERENCES raffle (id),
    place        INTEGER NOT NULL CHECK (place >= 1),
    share_bps    INTEGER CHECK (share_bps BETWEEN 1 AND 10000),
    fixed_amount BIGINT  CHECK (fixed_amount >= 1),
    PRIMARY KEY (raffle_id, place),
    CONSTRAINT prize_share_or_fixed CHECK ((share_bps IS NULL) <> (fixed_amount IS NULL))
);

-- A player's wish to buy: the invoice payload points here. Not a de-duplication key: a forwarded invoice can be
-- paid more than once; the Telegram charge id is what makes a payment unique.
CREATE TABLE purchase_intent (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payload    TEXT        NOT NULL UNIQUE CHECK (octet_length(payload) BETWEEN 16 AND 128),
    raffle_id  BIGINT      NOT NULL REFERENCES raffle (id),
    player_id  BIGINT      NOT NULL,
    quantity   INTEGER     NOT NULL CHECK (quantity >= 1),
    amount     BIGINT      NOT NULL CHECK (amount >= 1),
    channel    TEXT        NOT NULL CHECK (channel IN ('CHAT_INVOICE', 'INVOICE_LINK')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX purchase_intent_raffle_player ON purchase_intent (raffle_id, player_id);

-- Tickets reserved while Telegram takes the money, between pre_checkout_query and successful_payment.
CREATE TABLE ticket_hold (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pre_checkout_query_id TEXT        NOT NULL UNIQUE,
    intent_id             BIGINT      NOT NULL REFERENCES purchase_intent (id),
    raffle_id             BIGINT      NOT NULL REFERENCES raffle (id),
    player_id             BIGINT      NOT NULL,
    quantity              INTEGER     NOT NULL CHECK (quantity >= 1),
    state                 TEXT        NOT NULL CHECK (state IN ('HELD', 'CONSUMED', 'RELEASED')),
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at            TIMESTAMPTZ NOT NULL,
    resolved_at           TIMESTAMPTZ
);
CREATE INDEX ticket_hold_active ON ticket_hold (raffle_id, expires_at) WHERE state = 'HELD';
CREATE INDEX ticket_hold_intent ON ticket_hold (intent_id, player_id) WHERE state = 'HELD';
CREATE INDEX ticket_hold_player ON ticket_hold (raffle_id, player_id) WHERE state = 'HELD';

-- Every Stars payment Telegram reported, exactly once per charge id.
CREATE TABLE payment (
    id                          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    telegram_payment_charge_id  TEXT        NOT NULL UNIQUE,
    provider_payment_charge_id  TEXT,
    intent_id                   BIGINT      REFERENCES purchase_intent (id),
    raffle_id                   BIGINT      REFERENCES raffle (id),
    player_id                   BIGINT      NOT NULL,
    amount                      BIGINT      NOT NULL CHECK (amount >= 1),
    quantity                    INTEGER     NOT NULL CHECK (quantity >= 0),
    -- CREDITED: tickets issued. REFUND_DUE: cannot be honoured, refund not yet confirmed. REFUNDED: money returned.
    state                       TEXT        NOT NULL CHECK (state IN ('CREDITED', 'REFUND_DUE', 'REFUNDED')),
    refund_reason               TEXT,
    refund_attempts             INTEGER     NOT NULL DEFAULT 0,
    refund_next_attempt_at      TIMESTAMPTZ,
    refund_last_error           TEXT,
    received_at                 TIMESTAMPTZ NOT NULL DEFAULT now(),
    refunded_at                 TIMESTAMPTZ
);
CREATE INDEX payment_raffle ON payment (raffle_id, state);
CREATE INDEX payment_player ON payment (player_id);
CREATE INDEX payment_refund_due ON payment (refund_next_attempt_at) WHERE state = 'REFUND_DUE';

-- Numbered tickets: numbers run 1..n per raffle without gaps, in sale order.
CREATE TABLE ticket (
    raffle_id  BIGINT      NOT NULL REFERENCES raffle (id),
    number     INTEGER     NOT NULL CHECK (number >= 1),
    player_id  BIGINT      NOT NULL,
    payment_id BIGINT      REFERENCES payment (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- set when Telegram refunded the payment behind the ticket outside our flow (e.g. a dispute): the number stays,
    -- the ticket no longer takes part in the draw
    voided_at  TIMESTAMPTZ,
    PRIMARY KEY (raffle_id, number)
);
CREATE INDEX ticket_player ON ticket (raffle_id, player_id);
CREATE INDEX ticket_payment ON ticket (payment_id);

-- Players as Telegram last described them: the language we answer in, the name we greet.
CREATE TABLE player (
    id            BIGINT PRIMARY KEY,
    first_name    TEXT,
    username      TEXT,
    language_code TEXT,
    first_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Webhook updates, stored before we answer Telegram; update_id de-duplicates deliveries.
CREATE TABLE telegram_update (
    update_id       BIGINT PRIMARY KEY,
    kind            TEXT        NOT NULL,
    payload         JSONB       NOT NULL,
    state           TEXT        NOT NULL CHECK (state IN ('RECEIVED', 'DONE', 'FAILED', 'DEAD')),
    attempts        INTEGER     NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at TIMESTAMPTZ,
    received_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    handled_at      TIMESTAMPTZ
);
CREATE INDEX telegram_update_retry ON telegram_update (next_attempt_at) WHERE state IN ('RECEIVED', 'FAILED');
CREATE INDEX telegram_update_received ON telegram_update (received_at);

-- Messages the bot must send, queued in the same transaction as the change they announce.
CREATE TABLE outgoing_message (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chat_id         BIGINT      NOT NULL,
    method          TEXT        NOT NULL,
    body            JSONB       NOT NULL,
    dedupe_key      TEXT        UNIQUE,
    state           TEXT        NOT NULL CHECK (state IN ('QUEUED', 'SENT', 'FAILED')),
    attempts        INTEGER     NOT NULL DEFAULT 0,
    last_error      TEXT,
    not_before      TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at         TIMESTAMPTZ
);
CREATE INDEX outgoing_message_queue ON outgoing_message (not_before, id) WHERE state = 'QUEUED';

-- Transactional outbox: written in the same transaction as the change, read by id by the live feeds.
CREATE TABLE outbox_event (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream     TEXT        NOT NULL,
    type       TEXT        NOT NULL,
    raffle_id  BIGINT,
    player_id  BIGINT,
    payload    JSONB       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX outbox_event_raffle ON outbox_event (raffle_id, id);
CREATE INDEX outbox_event_created ON outbox_event (created_at);

-- Differences between our payments/refunds and Telegram's star transactions, for finance.
CREATE TABLE reconciliation_mismatch (
    id                         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id                     BIGINT      NOT NULL,
    kind                       TEXT        NOT NULL CHECK (kind IN ('MISSING_AT_TELEGRAM', 'MISSING_HERE',
                                                                    'AMOUNT_DIFFERS', 'REFUND_MISSING_AT_TELEGRAM',
                                                                    'REFUND_MISSING_HERE')),
    telegram_payment_charge_id TEXT        NOT NULL,
    our_amount                 BIGINT,
    telegram_amount            BIGINT,
    detail                     TEXT,
    found_at                   TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolved_at                TIMESTAMPTZ,
    resolved_by                TEXT,
    resolution                 TEXT,
    UNIQUE (kind, telegram_payment_charge_id, run_id)
);
CREATE INDEX reconciliation_open ON reconciliation_mismatch (found_at) WHERE resolved_at IS NULL;

CREATE TABLE reconciliation_run (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at       TIMESTAMPTZ,
    telegram_rows     INTEGER,
    mismatches        INTEGER
);
