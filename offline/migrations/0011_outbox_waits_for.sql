-- An operation that must not go before another one queued after it: a certificate's
-- reprint or hand-over waits for the issuance that corrected a refused serial (the
-- issuance it depends on is queued later than itself). Not due while the operation it
-- waits for is still on its way (pending or in flight); NULL: waits for nothing.
ALTER TABLE outbox ADD COLUMN waits_for INTEGER REFERENCES outbox (id);
