-- Replica of the server's case progress feed (办理进度): the back office's latest state of
-- each case. Numbers and codes only, nothing personal. Rows for cases taken in at other
-- workstations are kept too (the feed is the hall's); "my cases" joins on its own cases.
CREATE TABLE case_progress (
    uuid TEXT PRIMARY KEY,
    case_number TEXT NOT NULL,
    progress TEXT NOT NULL,
    note TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
