-- A rejected operation the clerk has looked at and let go (with an audit record): it
-- stays in the outbox as history, but no longer asks for attention or counts as refused.
ALTER TABLE outbox ADD COLUMN discarded_at TEXT;
