-- A store written by version 1 of veille-store's schema (before the
-- filter indexes of version 2), with one item in it.
CREATE TABLE items ( rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, text_sha256 TEXT NOT NULL, fetched_at TEXT, stored_at TEXT NOT NULL, source TEXT COLLATE NOCASE, lang TEXT COLLATE NOCASE, sentiment TEXT COLLATE NOCASE, platform TEXT COLLATE NOCASE, duplicate_of TEXT, json TEXT NOT NULL);
CREATE TABLE item_tags ( tag TEXT NOT NULL COLLATE NOCASE, rid INTEGER NOT NULL, PRIMARY KEY (tag, rid)) WITHOUT ROWID;
CREATE TABLE history ( id TEXT NOT NULL, text_sha256 TEXT NOT NULL, fetched_at TEXT, stored_at TEXT NOT NULL, superseded_at TEXT NOT NULL, json TEXT NOT NULL, UNIQUE (id, text_sha256));
CREATE VIRTUAL TABLE items_fts USING fts5(title, body, content='', tokenize='unicode61 remove_diacritics 2');
INSERT INTO items_fts(items_fts, rank) VALUES('rank', 'bm25(2.0, 1.0)');
INSERT INTO items VALUES (1795000000 * 1048576, 'old', 'x', NULL, '2026-11-18T08:00:00Z', 'Archive', NULL, NULL, NULL, NULL, '{"id":"old","title":"Ancien","published":"2026-11-18T08:26:40Z","source":"Archive"}');
INSERT INTO items_fts(rowid, title, body) VALUES (1795000000 * 1048576, 'Ancien', '');
PRAGMA user_version = 1;
