-- Replica of the server's forms feed: blank forms and filled-in samples as data
-- (server.contract.forms.FormSpec); body is the validated FormSpec JSON.
CREATE TABLE forms (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL
);
