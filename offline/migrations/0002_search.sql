-- Knowledge-base search: an index of catalogue items only (never personal data),
-- and per-clerk usage and favourites that float items up in the results.

-- One row per indexed item. id is the FTS rowid; a rebuild numbers items shortest name
-- first, so an FTS scan in rowid order meets the most specific names first.
CREATE TABLE search_items (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    code_norm TEXT NOT NULL,
    name TEXT NOT NULL,
    name_norm TEXT NOT NULL,
    name_len INTEGER NOT NULL,
    initials TEXT NOT NULL,
    department TEXT NOT NULL,
    item_type TEXT NOT NULL
);
CREATE INDEX search_items_name ON search_items (name_norm);
CREATE INDEX search_items_code ON search_items (code_norm);
CREATE INDEX search_items_initials ON search_items (initials);

-- Short names and colloquial keywords, for exact and prefix matches.
CREATE TABLE search_aliases (
    alias_norm TEXT NOT NULL,
    id INTEGER NOT NULL,
    PRIMARY KEY (alias_norm, id)
) WITHOUT ROWID;
CREATE INDEX search_aliases_id ON search_aliases (id);

-- Departments, matched in Python (a few hundred names at most).
CREATE TABLE search_departments (
    name TEXT PRIMARY KEY,
    name_norm TEXT NOT NULL
);
CREATE INDEX search_items_department ON search_items (department);

-- Grams: each *_bi column holds the bigrams of its text in order, so a phrase of the
-- query's bigrams is an exact substring match; *_uni columns hold single characters.
-- Three tables, so that a phrase reads only the postings of what it searches: names,
-- keywords and pinyin (small and hot); material names; the rest of the guide text.
-- Contentless: the text is never read back (offline/search.py recomputes it to delete).
-- Full pinyin is indexed as trigrams (*_tri): letter bigrams are too few to be selective.
CREATE VIRTUAL TABLE search_fts USING fts5(
    name_bi, name_uni, alias_bi, alias_uni, pinyin_tri, initials_bi, alias_pinyin_tri,
    alias_initials_bi, content = '', tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE search_fts_material USING fts5(
    material_bi, content = '', tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE search_fts_text USING fts5(
    text_bi, content = '', tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TABLE kb_usage (
    username TEXT NOT NULL,
    code TEXT NOT NULL,
    opened INTEGER NOT NULL,
    last_opened_at TEXT NOT NULL,
    PRIMARY KEY (username, code)
) WITHOUT ROWID;

CREATE TABLE kb_favourites (
    username TEXT NOT NULL,
    code TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (username, code)
) WITHOUT ROWID;
