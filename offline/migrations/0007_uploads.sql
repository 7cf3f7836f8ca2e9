-- Resumable uploads of captured pages in progress: the server's upload id and the last
-- offset it confirmed, kept across restarts so an interrupted upload goes on from where
-- it stopped instead of starting over. The row goes when the server has the page.
CREATE TABLE uploads (
    sha256 TEXT PRIMARY KEY REFERENCES attachments (sha256),
    upload_id TEXT NOT NULL,
    confirmed INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
