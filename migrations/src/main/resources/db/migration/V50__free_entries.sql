-- Free entries for sweepstakes raffles (docs/miniapp.md, docs/ledger.md): a raffle may let each player claim up to
-- free_entries_per_player entries without paying. A free entry is a ticket like any other (numbered, in the draw,
-- counted in tickets_sold), and a zero-value FREE_ENTRY transfer in the ledger. Expand only: nothing older writes
-- these columns, and the defaults keep every existing raffle as it was.

ALTER TABLE raffle ADD COLUMN free_entries_per_player INTEGER NOT NULL DEFAULT 0
    CHECK (free_entries_per_player BETWEEN 0 AND 100);
ALTER TABLE raffle ADD CONSTRAINT raffle_free_entries_need_sweepstakes
    CHECK (free_entries_per_player = 0 OR sweepstakes);

ALTER TABLE ticket ADD COLUMN free_entry BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE ticket ADD CONSTRAINT ticket_free_entry_unpaid
    CHECK (NOT free_entry OR (payment_id IS NULL AND credit_purchase_id IS NULL));

-- One row per claim; entry_no is the player's 1st, 2nd, ... free entry in the raffle. The unique key stops a double
-- claim, the trigger below the raffle's limit.
CREATE TABLE free_entry (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    raffle_id     BIGINT      NOT NULL REFERENCES raffle (id),
    player_id     BIGINT      NOT NULL,
    entry_no      INTEGER     NOT NULL CHECK (entry_no >= 1),
    ticket_number INTEGER     NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT free_entry_once UNIQUE (raffle_id, player_id, entry_no),
    CONSTRAINT free_entry_ticket UNIQUE (raffle_id, ticket_number),
    CONSTRAINT free_entry_ticket_exists FOREIGN KEY (raffle_id, ticket_number) REFERENCES ticket (raffle_id, number)
);

CREATE FUNCTION free_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    allowed INTEGER;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'free entries are append-only' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    SELECT free_entries_per_player INTO allowed FROM raffle WHERE id = NEW.raffle_id;
    IF NEW.entry_no > allowed THEN
        RAISE EXCEPTION 'raffle % allows % free entries per player; this would be entry %',
            NEW.raffle_id, allowed, NEW.entry_no USING ERRCODE = 'check_violation';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM ticket t WHERE t.raffle_id = NEW.raffle_id AND t.number = NEW.ticket_number
                   AND t.player_id = NEW.player_id AND t.free_entry) THEN
        RAISE EXCEPTION 'free entry % of raffle % must be the player''s own free ticket', NEW.ticket_number,
            NEW.raffle_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER free_entry_guard BEFORE INSERT OR UPDATE OR DELETE ON free_entry
    FOR EACH ROW EXECUTE FUNCTION free_entry_guard();
CREATE TRIGGER free_entry_no_truncate BEFORE TRUNCATE ON free_entry
    FOR EACH STATEMENT EXECUTE FUNCTION free_entry_guard();

-- The ledger shows each free entry as a zero-value transfer (house → the raffle's pot), so the pot's statement lists
-- every ticket; only FREE_ENTRY may be zero, and it is always zero.
ALTER TABLE ledger_transfer DROP CONSTRAINT ledger_transfer_kind_check;
ALTER TABLE ledger_transfer ADD CONSTRAINT ledger_transfer_kind_check
    CHECK (kind IN ('PAYMENT', 'REFUND', 'HOUSE_FEE', 'PRIZE', 'PAYOUT', 'CORRECTION', 'FORFEIT', 'FREE_ENTRY'));
ALTER TABLE ledger_transfer DROP CONSTRAINT ledger_transfer_amount_check;
ALTER TABLE ledger_transfer ADD CONSTRAINT ledger_transfer_amount_check
    CHECK (CASE WHEN kind = 'FREE_ENTRY' THEN amount = 0 AND phase = 'SINGLE' ELSE amount > 0 END);
