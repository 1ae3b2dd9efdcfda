/* tests/unit/state.c — lib/state.c: fetch fields, cursors, batching.
 */
#include "state.h"
#include "tap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main(void)
{
	char dir[] = "/tmp/veille-state-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	char path[64];
	snprintf(path, sizeof path, "%s/st.db", dir);

	char cmd[512];
	struct state *st = state_open(path);
	ok(st != NULL, "a new state file opens");
	struct state_entry e = { 0 }, got;
	ok(state_get(st, "http://a/", &got) == 0, "an unknown URL is not found");

	e.etag = "\"v1\"";
	e.body_sha256 = "ab";
	e.fetched_at = "2026-11-23T10:00:00Z";
	e.status = 200;
	ok(state_put(st, "http://a/", &e) == 0, "put is queued");
	ok(state_get(st, "http://a/", &got) == 1, "the queued entry is seen before commit");
	is_str(got.etag, "\"v1\"", "with its etag");
	ok(got.last_modified == NULL, "and no last_modified");
	state_entry_free(&got);
	ok(state_due_in_ms(st) > 0, "a fresh batch is not yet due");

	char *c = NULL;
	ok(state_get_cursor(st, "http://a/", &c) == 0 && c == NULL, "no cursor yet");
	ok(state_set_cursor(st, "http://a/", "1234") == 0, "set a cursor");
	ok(state_get_cursor(st, "http://a/", &c) == 0 && c && !strcmp(c, "1234"),
	    "the queued cursor is seen");
	free(c);
	ok(state_set_cursor(st, "http://social/", "99") == 0, "a cursor-only URL");
	ok(state_flush(st) == 0, "flush commits");
	ok(state_due_in_ms(st) == -1, "nothing left to commit");
	ok(state_get(st, "http://social/", &got) == 0,
	    "a cursor-only row is not a fetch state");
	ok(state_close(st) == 0, "close");

	st = state_open(path);
	ok(st != NULL, "reopen");
	ok(state_get(st, "http://a/", &got) == 1 && !strcmp(got.etag, "\"v1\"") &&
	    got.status == 200, "fetch fields survive a reopen");
	state_entry_free(&got);
	ok(state_get_cursor(st, "http://a/", &c) == 0 && c && !strcmp(c, "1234"),
	    "the cursor survives, and a put did not clobber it");
	free(c);
	e.etag = NULL;
	e.status = 304;
	state_put(st, "http://a/", &e);
	state_flush(st);
	ok(state_get_cursor(st, "http://a/", &c) == 0 && c && !strcmp(c, "1234"),
	    "a later put leaves the cursor alone");
	free(c);
	state_set_cursor(st, "http://a/", NULL);
	ok(state_get(st, "http://a/", &got) == 1 && got.status == 304 && !got.etag,
	    "setting a cursor leaves the fetch fields alone");
	state_entry_free(&got);
	ok(state_get_cursor(st, "http://a/", &c) == 0 && c == NULL, "a NULL cursor clears it");
	ok(state_flush(st) == 0, "flush");
	for (int i = 0; i < STATE_BATCH; i++) {
		char u[32];
		snprintf(u, sizeof u, "http://b/%d", i);
		state_set_cursor(st, u, "x");
	}
	ok(state_due_in_ms(st) == -1, "a full batch commits by itself");
	ok(state_close(st) == 0, "close again");

	/* Watch rows: queued, committed, compressed, synced with a body. */
	st = state_open(path);
	struct state_watch w = { 0 }, wg;
	ok(state_watch_get(st, "http://w/", &wg) == 0, "a page never watched has no watch row");
	ok(state_watch_synced(st, "http://w/", "ab") == 0, "and is not synced with any body");
	struct buf big;
	buf_init(&big);
	for (int i = 0; i < 4000; i++)
		buf_printf(&big, "Prix du jour %d\n", i % 10);
	w.body_sha256 = "b1";
	w.text = big.data;
	w.text_len = big.len;
	w.versions = "h1 h0";
	w.changed_at = "2026-11-23T10:00:00Z";
	ok(state_watch_put(st, "http://w/", &w) == 0, "a watch row is queued");
	ok(state_watch_get(st, "http://w/", &wg) == 1 && wg.text_len == big.len &&
	    !memcmp(wg.text, big.data, big.len), "and seen before commit");
	state_watch_free(&wg);
	ok(state_close(st) == 0, "and committed on close");
	st = state_open(path);
	ok(state_watch_get(st, "http://w/", &wg) == 1, "the watch row is read back");
	ok(wg.text_len == big.len && !memcmp(wg.text, big.data, big.len) && !wg.text[wg.text_len],
	    "its text whole and NUL-terminated");
	is_str(wg.versions, "h1 h0", "its versions");
	is_str(wg.changed_at, "2026-11-23T10:00:00Z", "its changed_at");
	state_watch_free(&wg);
	ok(state_watch_synced(st, "http://w/", "b1") == 1, "synced with the body it was read from");
	ok(state_watch_synced(st, "http://w/", "b2") == 0, "not with another one");
	state_close(st);
	snprintf(cmd, sizeof cmd, "test $(sqlite3 %s 'SELECT length(text_z) < 2000 FROM watch_state') = 1", path);
	ok(system(cmd) == 0, "the text is stored compressed (%zu bytes of text)", big.len);
	w.text_len = STATE_WATCH_MAX_TEXT + 1;
	st = state_open(path);
	ok(state_watch_put(st, "http://w/", &w) < 0, "a text over STATE_WATCH_MAX_TEXT is refused");
	state_close(st);
	buf_free(&big);

	/* A version-1 file (before watch rows) is migrated. */
	char old[80];
	snprintf(old, sizeof old, "%s/v1.db", dir);
	snprintf(cmd, sizeof cmd, "sqlite3 %s 'CREATE TABLE fetch_state (url TEXT PRIMARY KEY NOT NULL, "
	    "etag TEXT, last_modified TEXT, body_sha256 TEXT, status INTEGER, fetched_at TEXT, "
	    "cursor TEXT) WITHOUT ROWID; INSERT INTO fetch_state (url, etag, fetched_at) VALUES "
	    "(\"http://old/\", \"e\", \"t\"); PRAGMA user_version = 1'", old);
	if (system(cmd) == 0) {
		st = state_open(old);
		ok(st != NULL, "a version-1 state file opens");
		ok(st && state_get(st, "http://old/", &got) == 1 && got.etag && !strcmp(got.etag, "e"),
		    "its fetch rows kept");
		if (st)
			state_entry_free(&got);
		struct state_watch small = { .text = "x", .text_len = 1, .versions = "h" };
		ok(st && state_watch_put(st, "http://old/", &small) == 0 && state_flush(st) == 0,
		    "and takes watch rows");
		state_close(st);
		snprintf(cmd, sizeof cmd, "test $(sqlite3 %s 'PRAGMA user_version') = 2", old);
		ok(system(cmd) == 0, "and migrated to version 2");
	}

	/* A newer schema is refused. */
	st = state_open(path);
	state_close(st);
	snprintf(cmd, sizeof cmd, "sqlite3 %s 'PRAGMA user_version = 3'", path);
	if (system(cmd) == 0)
		ok(state_open(path) == NULL, "a newer schema version is refused");

	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
