-- The certificate desk (统一出证).

-- Replica of the server's pending-certificates feed (/v1/certificates/pending), pulled by
-- desks only. The whole certificate (the applicant, and fields such as names and
-- addresses) is sealed in body_enc; the clear columns are numbers, codes, names of items
-- and departments, for filtering. The applicant's ID number is findable only by exact
-- entry, through its keyed hash (offline.crypto.FieldCipher.ref).
CREATE TABLE pending_certificates (
    certificate_id TEXT PRIMARY KEY,
    case_uuid TEXT NOT NULL,
    case_number TEXT NOT NULL,
    item_code TEXT NOT NULL,
    item_name TEXT NOT NULL,
    department TEXT NOT NULL,
    approved_at TEXT NOT NULL,  -- UTC
    template TEXT NOT NULL,
    status TEXT NOT NULL,
    applicant_ref TEXT NOT NULL,
    body_enc BLOB NOT NULL
);
CREATE INDEX pending_certificates_approved ON pending_certificates (approved_at);
CREATE INDEX pending_certificates_applicant_ref ON pending_certificates (applicant_ref);

-- Certificates issued at this desk: what was printed, kept (sealed) for reprints and the
-- hand-over after the certificate has left the pending feed.
CREATE TABLE desk_certificates (
    certificate_id TEXT PRIMARY KEY,
    case_number TEXT NOT NULL,
    item_code TEXT NOT NULL,
    item_name TEXT NOT NULL,
    department TEXT NOT NULL,
    template TEXT NOT NULL,
    applicant_ref TEXT NOT NULL,
    body_enc BLOB NOT NULL,
    issued_at TEXT NOT NULL,
    handed_over_at TEXT
);
CREATE INDEX desk_certificates_issued ON desk_certificates (issued_at);
CREATE INDEX desk_certificates_applicant_ref ON desk_certificates (applicant_ref);

-- A clerk's shift at the desk with the stock loaded for it. One shift is open at a time
-- (the stock is the desk's). The clerk's name is sealed like every other profile.
CREATE TABLE desk_shifts (
    id TEXT PRIMARY KEY,
    clerk TEXT NOT NULL,
    clerk_enc BLOB NOT NULL,  -- name and window, as the summary prints them
    started_at TEXT NOT NULL,
    ended_at TEXT,
    ended_by TEXT
);
CREATE UNIQUE INDEX desk_shifts_one_open ON desk_shifts ((ended_at IS NULL))
    WHERE ended_at IS NULL;
CREATE INDEX desk_shifts_started ON desk_shifts (started_at);

-- Per stock type, one or more ranges of serials (first–last, inclusive).
CREATE TABLE desk_shift_stock (
    shift_id TEXT NOT NULL REFERENCES desk_shifts (id),
    stock_type TEXT NOT NULL,
    first_serial TEXT NOT NULL,
    last_serial TEXT NOT NULL,
    PRIMARY KEY (shift_id, stock_type, first_serial)
);

-- Every sheet of pre-printed stock used here, once: issued with a certificate, or voided
-- (spoiled, or replaced by a reprint). A serial is never used twice. Reasons are the
-- clerk's free text: sealed.
CREATE TABLE stock_ledger (
    stock_type TEXT NOT NULL,
    serial TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('issued', 'voided')),
    certificate_id TEXT,
    printer TEXT NOT NULL DEFAULT '',
    clerk TEXT NOT NULL,
    shift_id TEXT REFERENCES desk_shifts (id),  -- the shift whose stock the sheet came from
    used_at TEXT NOT NULL,  -- printed, or spoiled
    issuance_uuid TEXT UNIQUE,
    reprint_of TEXT,  -- the serial this sheet replaced
    issue_reason_enc BLOB,  -- a reprint's reason
    issue_synced_at TEXT,
    voided_at TEXT,
    voided_by TEXT,
    void_shift_id TEXT REFERENCES desk_shifts (id),
    void_uuid TEXT UNIQUE,  -- NULL when a reprint voided it (its issuance carries that)
    void_reason_enc BLOB,
    void_synced_at TEXT,
    PRIMARY KEY (stock_type, serial)
);
CREATE INDEX stock_ledger_certificate ON stock_ledger (certificate_id);
CREATE INDEX stock_ledger_shift ON stock_ledger (shift_id);
CREATE INDEX stock_ledger_void_shift ON stock_ledger (void_shift_id);

CREATE TABLE certificate_handovers (
    handover_uuid TEXT PRIMARY KEY,
    certificate_id TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('in_person', 'post')),
    identity_checked INTEGER NOT NULL,
    receipt TEXT,
    at TEXT NOT NULL,
    clerk TEXT NOT NULL,
    shift_id TEXT REFERENCES desk_shifts (id),
    details_enc BLOB NOT NULL,  -- the recipient's name, the tracking number
    synced_at TEXT
);
CREATE INDEX certificate_handovers_certificate ON certificate_handovers (certificate_id);
