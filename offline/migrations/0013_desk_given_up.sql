-- A certificate this desk printed that another desk had issued first (the server refused
-- the issuance as `already_issued`): the desk gave its issuance up, its sheets voided.
-- It leaves the "issued here" list; its sheets stay in the stock ledger.
ALTER TABLE desk_certificates ADD COLUMN given_up_at TEXT;
