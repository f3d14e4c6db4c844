-- Bulk data for the query-plan check (bench/run.sh plans): :raffles raffles, :payments credited payments of
-- :quantity tickets each, and :transfers ledger transfers in all. Loaded with triggers off (session_replication_role
-- = replica) for speed, then made consistent in one pass: account counters recomputed from the transfers, raffle
-- counters from the tickets. Afterwards the ledger sums to zero, every counter equals its entries and every credited
-- payment has its tickets and its transfer. Not generated: audit rows for the bulk transfers (a hash chain is
-- sequential; the audit log is not on the hot paths measured here).
SET session_replication_role = replica;

INSERT INTO raffle (title, description, ticket_price, total_tickets, per_player_cap, starts_at, ends_at, draw_mode,
                    house_fee_bps, prize_channel, repeat_winner_policy, state, seed, commitment, created_by, opened_at)
SELECT 'Plan raffle ' || r, 'Generated for the plan check', 2, 10000000, 10000000, now() - interval '1 day',
       now() + interval '30 days', 'OPERATOR', 1000, 'PRIZE_CREDIT', 'ONE_PRIZE_PER_PLAYER', 'OPEN',
       decode(md5(r::text) || md5('x' || r), 'hex'), md5(r::text), 'bench', now() - interval '1 day'
FROM generate_series(1, :raffles) AS r;

INSERT INTO player (id, first_name, language_code)
SELECT p, 'Player ' || p, 'en' FROM generate_series(1, :players) AS p;

-- payment n: raffle 1 + n % raffles, player 1 + n % players (a fresh database: ids start at 1)
INSERT INTO purchase_intent (payload, raffle_id, player_id, quantity, amount, channel)
SELECT 'plan-intent-' || lpad(n::text, 12, '0'), 1 + n % :raffles, 1 + n % :players, :quantity, 2 * :quantity,
       'INVOICE_LINK'
FROM generate_series(0, :payments - 1) AS n;

INSERT INTO payment (telegram_payment_charge_id, provider_payment_charge_id, intent_id, raffle_id, player_id, amount,
                     quantity, state)
SELECT 'plan-charge-' || i.id, '', i.id, i.raffle_id, i.player_id, i.amount, i.quantity, 'CREDITED'
FROM purchase_intent i;

INSERT INTO ticket_hold (pre_checkout_query_id, intent_id, raffle_id, player_id, quantity, state, expires_at,
                         resolved_at)
SELECT 'plan-query-' || i.id, i.id, i.raffle_id, i.player_id, i.quantity, 'CONSUMED', i.created_at + interval '15 minutes',
       i.created_at
FROM purchase_intent i;

-- numbers 1..n per raffle in payment order
INSERT INTO ticket (raffle_id, number, player_id, payment_id)
SELECT p.raffle_id, (row_number() OVER (PARTITION BY p.raffle_id ORDER BY p.id, k))::int, p.player_id, p.id
FROM payment p CROSS JOIN generate_series(1, :quantity) AS k;

UPDATE raffle r SET tickets_sold = t.n FROM (SELECT raffle_id, count(*) AS n FROM ticket GROUP BY raffle_id) t
WHERE r.id = t.raffle_id;

INSERT INTO ledger_account (code, type, name, raffle_id, debits_must_not_exceed_credits, credits_must_not_exceed_debits)
SELECT 'raffle_pot:' || id, 'RAFFLE_POT', 'Pot of raffle ' || id, id, true, false FROM raffle;
INSERT INTO ledger_account (code, type, name, player_id, debits_must_not_exceed_credits, credits_must_not_exceed_debits)
SELECT 'player_credit:' || p, 'PLAYER_PRIZE_CREDIT', 'Prize credit of player ' || p, p, true, false
FROM generate_series(1, :credit_accounts) AS p;

-- every payment: telegram_clearing -> its raffle's pot
INSERT INTO ledger_transfer (id, debit_account_id, credit_account_id, amount, kind, phase, reference_type,
                             reference_id)
SELECT 'payment:' || p.telegram_payment_charge_id, c.id, pot.id, p.amount, 'PAYMENT', 'SINGLE', 'payment',
       p.telegram_payment_charge_id
FROM payment p JOIN ledger_account pot ON pot.code = 'raffle_pot:' || p.raffle_id
CROSS JOIN (SELECT id FROM ledger_account WHERE code = 'telegram_clearing') c
ORDER BY p.id;

-- the rest: prizes paid off-platform, credited to players' prize-credit accounts
INSERT INTO ledger_transfer (id, debit_account_id, credit_account_id, amount, kind, phase, reference_type,
                             reference_id)
SELECT 'plan-prize:' || n, o.id, pc.id, 1 + n % 50, 'PRIZE', 'SINGLE', 'raffle', (1 + n % :raffles)::text
FROM generate_series(1, greatest(0, :transfers - :payments)) AS n
CROSS JOIN (SELECT id FROM ledger_account WHERE code = 'payouts_off_platform') o
JOIN ledger_account pc ON pc.code = 'player_credit:' || (1 + n % :credit_accounts);

SET ledger.applying_transfer = 'on';
UPDATE ledger_account a SET debits_posted = s.d, credits_posted = s.c
FROM (SELECT acc, SUM(d) AS d, SUM(c) AS c FROM (
        SELECT debit_account_id AS acc, amount AS d, 0::bigint AS c FROM ledger_transfer
        UNION ALL SELECT credit_account_id, 0, amount FROM ledger_transfer) legs GROUP BY acc) s
WHERE a.id = s.acc;

-- what the webhook stored on the way: two updates per payment, handled
INSERT INTO telegram_update (update_id, kind, payload, state, attempts, handled_at)
SELECT 1000000 + n, CASE WHEN n % 2 = 0 THEN 'pre_checkout_query' ELSE 'message' END,
       jsonb_build_object('update_id', 1000000 + n), 'DONE', 1, now()
FROM generate_series(1, 2 * :payments) AS n;

INSERT INTO outgoing_message (chat_id, method, body, dedupe_key, state, attempts, sent_at)
SELECT player_id, 'sendMessage', jsonb_build_object('chat_id', player_id, 'text', 'Your tickets'),
       'tickets:' || telegram_payment_charge_id, 'SENT', 1, now()
FROM payment;

INSERT INTO outbox_event (stream, type, raffle_id, player_id, payload)
SELECT 'sales', 'TicketsSold', raffle_id, player_id, jsonb_build_object('paymentId', id) FROM payment;

SET session_replication_role = DEFAULT;
ANALYZE;
