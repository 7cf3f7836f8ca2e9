-- Captured pages: the attachments table of the first migration (sealed files named by
-- the SHA-256 of their plaintext) gains each page's pixel size and resolution, which the
-- case sends with the page and the PDF export sizes it by. Nothing used it before.
ALTER TABLE attachments ADD COLUMN width INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attachments ADD COLUMN height INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attachments ADD COLUMN dpi INTEGER NOT NULL DEFAULT 0;
