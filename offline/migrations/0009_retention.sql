-- Which captured pages each case refers to (by hash), kept with the case, so retention
-- can tell which pages the server has confirmed for good without opening every sealed
-- case body; and when a page's local copy was purged after the retention period.
CREATE TABLE case_pages (
    case_uuid TEXT NOT NULL REFERENCES cases (uuid),
    sha256 TEXT NOT NULL REFERENCES attachments (sha256),
    PRIMARY KEY (case_uuid, sha256)
);
CREATE INDEX case_pages_sha256 ON case_pages (sha256);
ALTER TABLE attachments ADD COLUMN purged_at TEXT;
