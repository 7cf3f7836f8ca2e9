-- Intake at the counter.
-- Drafts are saved (sealed) as the clerk types, so a crash or a closed window loses
-- nothing; a decided case takes its draft's place in the same transaction.
CREATE TABLE intake_drafts (
    id TEXT PRIMARY KEY,
    clerk TEXT NOT NULL,
    item_code TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body_enc BLOB NOT NULL
);
CREATE INDEX intake_drafts_clerk ON intake_drafts (clerk, updated_at);

-- A case goes up a revision when it changes (a notified case accepted later); the whole
-- body sent to the server is kept sealed for reprints and reopening, with the catalogue
-- item as it was when the case was taken in (not personal, so in clear).
ALTER TABLE cases ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN item_name TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN decided_at TEXT;
ALTER TABLE cases ADD COLUMN submission_enc BLOB;
ALTER TABLE cases ADD COLUMN item_snapshot TEXT;
CREATE INDEX cases_status ON cases (status, created_at);
