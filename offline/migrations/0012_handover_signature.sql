-- The recipient's signature captured on the customer-facing screen at an in-person
-- hand-over (a PNG, sealed like every piece of personal data), kept so the hand-over
-- receipt can be printed again. NULL: posted, or signed on a paper receipt.
ALTER TABLE certificate_handovers ADD COLUMN signature_enc BLOB;
