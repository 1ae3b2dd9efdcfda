/* tests/unit/state.c — lib/state.c: fetch fields, cursors, batching.
 */
#include "state.h"
#include "tap.h"

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

	/* A newer schema is refused. */
	st = state_open(path);
	state_close(st);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "sqlite3 %s 'PRAGMA user_version = 2'", path);
	if (system(cmd) == 0)
		ok(state_open(path) == NULL, "a newer schema version is refused");

	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
