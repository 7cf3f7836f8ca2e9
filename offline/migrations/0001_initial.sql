-- Offline store, first schema.
-- Columns ending in _enc hold AES-GCM ciphertext (offline.crypto); they are the only
-- place personal data lives. Nothing personal is stored in clear or indexed.

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Replica of the server's catalogue (办事指南); body is the validated ServiceItem JSON.
CREATE TABLE catalogue_items (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    department TEXT NOT NULL,
    department_code TEXT NOT NULL,
    item_type TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX catalogue_items_department ON catalogue_items (department, name);

CREATE TABLE calendar_days (
    date TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name TEXT NOT NULL
);

-- Per pulled feed: the server's opaque cursor, saved with the page it belongs to.
-- shadow_cursor is set while a rebuild (after 410 Gone) fills the shadow tables.
CREATE TABLE sync_feeds (
    feed TEXT PRIMARY KEY,
    cursor TEXT,
    shadow_cursor TEXT,
    rows INTEGER NOT NULL DEFAULT 0
);

-- Last outcome of the sync engine, for the status bar and the sync panel.
CREATE TABLE sync_status (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_attempt_at TEXT,
    last_success_at TEXT,
    last_error_code TEXT,
    last_error_detail TEXT
);
INSERT INTO sync_status (id) VALUES (1);

-- Clerks who logged in online here: a slow salted verifier allows offline login.
CREATE TABLE clerks (
    username TEXT PRIMARY KEY,
    kdf TEXT NOT NULL,
    salt BLOB NOT NULL,
    verifier BLOB NOT NULL,
    profile_enc BLOB NOT NULL,
    last_online_login_at TEXT NOT NULL
);

CREATE TABLE cases (
    uuid TEXT PRIMARY KEY,
    case_number TEXT NOT NULL UNIQUE,
    item_code TEXT NOT NULL,
    item_version INTEGER NOT NULL,
    status TEXT NOT NULL,
    applicant_kind TEXT NOT NULL,
    applicant_enc BLOB NOT NULL,
    -- keyed hash of the ID number: exact-entry lookup without storing the number
    applicant_ref TEXT NOT NULL,
    details_enc BLOB NOT NULL,
    clerk TEXT NOT NULL,
    window TEXT NOT NULL,
    created_at TEXT NOT NULL,
    due_date TEXT,
    server_id TEXT,
    synced_at TEXT
);
CREATE INDEX cases_created ON cases (created_at);
CREATE INDEX cases_applicant_ref ON cases (applicant_ref);

-- Counter work waiting to reach the server. Written in the same transaction as the
-- domain row. device_seq is this device's operation sequence, de-duplicated by the
-- server forever; idempotency_key is the second guard.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device_seq INTEGER NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    op TEXT NOT NULL,
    target TEXT NOT NULL,
    payload_enc BLOB NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'in_flight', 'done', 'rejected')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL DEFAULT 0,
    last_error_code TEXT,
    last_error_detail TEXT,
    created_at TEXT NOT NULL,
    done_at TEXT
);
CREATE INDEX outbox_state ON outbox (state, next_attempt_at);

-- Scans and other files: content-addressed by SHA-256 of the plaintext, stored encrypted.
CREATE TABLE attachments (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    created_at TEXT NOT NULL,
    uploaded_at TEXT
);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail_enc BLOB
);
CREATE INDEX audit_events_at ON audit_events (at);
