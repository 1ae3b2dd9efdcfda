/* state.c — see state.h */
#include "state.h"
#include "util.h"

#include <err.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum op_kind { OP_PUT, OP_CURSOR };

struct op {
	enum op_kind kind;
	char *url;
	struct state_entry e;   /* OP_PUT */
	char *cursor;           /* OP_CURSOR: NULL clears */
};

struct state {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *get, *put, *cget, *cset;
	struct op *ops;
	size_t nops, cap;
	long long first_ms;     /* when the oldest queued op was queued */
	long long retry_ms;     /* after a failed commit, not before this */
	int opening;            /* in state_open: busy errors are retried, not reported */
};

/* Did the last call fail because another connection holds a lock? */
static int
busy(struct state *st)
{
	int rc = sqlite3_errcode(st->db) & 0xff;
	return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

static void
report(struct state *st, const char *what)
{
	warnx("%s: %s%s%s", st->path, what ? what : "", what ? ": " : "",
	    sqlite3_errmsg(st->db));
}

static int
exec(struct state *st, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (st->opening && busy(st)) {
			sqlite3_free(msg);
			return -1;
		}
		warnx("%s: %s", st->path, msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int
user_version(struct state *st, int *v)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK) {
		if (!(st->opening && busy(st)))
			report(st, NULL);
		return -1;
	}
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int(s, 0);
	else if (!(st->opening && busy(st)))
		report(st, NULL);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : -1;
}

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS fetch_state ("
    " url TEXT PRIMARY KEY NOT NULL,"
    " etag TEXT,"
    " last_modified TEXT,"
    " body_sha256 TEXT,"
    " status INTEGER,"
    " fetched_at TEXT,"
    " cursor TEXT"
    ") WITHOUT ROWID;"
    "PRAGMA user_version = 1;";

static int
prepare(struct state *st, sqlite3_stmt **s, const char *sql)
{
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, s, NULL)
	    != SQLITE_OK) {
		report(st, NULL);
		return -1;
	}
	return 0;
}

static void
close_db(struct state *st)
{
	sqlite3_finalize(st->get);
	sqlite3_finalize(st->put);
	sqlite3_finalize(st->cget);
	sqlite3_finalize(st->cset);
	sqlite3_close(st->db);
	free(st->path);
	free(st->ops);
	free(st);
}

struct state *
state_open(const char *path)
{
	struct state *st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	    NULL) != SQLITE_OK) {
		if (st->db)
			report(st, "cannot open");
		else
			warnx("%s: cannot open: out of memory", path);
		close_db(st);
		return NULL;
	}
	sqlite3_busy_timeout(st->db, STATE_BUSY_MS);
	sqlite3_extended_result_codes(st->db, 1);

	/* WAL: readers never block the writer; NORMAL sync is safe in WAL
	 * (a power cut may lose the last commits, never corrupt the file).
	 * Two runs creating the same file at once: switching to WAL takes
	 * a lock that SQLite does not wait for through the busy handler, so
	 * the set-up is retried until the busy timeout. */
	int v = 0;
	long long give_up = monotonic_ms() + STATE_BUSY_MS;
	st->opening = 1;
	for (;;) {
		int ok = exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;") == 0 &&
		    user_version(st, &v) == 0;
		if (ok && v == 0) {
			ok = exec(st, "BEGIN IMMEDIATE") == 0;
			/* Another process may have created it meanwhile. */
			if (ok && (user_version(st, &v) < 0 || (v == 0 && exec(st, schema) < 0))) {
				exec(st, "ROLLBACK");
				ok = 0;
			}
			if (ok && exec(st, "COMMIT") < 0) {
				exec(st, "ROLLBACK");
				ok = 0;
			}
			if (ok && v == 0)
				v = STATE_SCHEMA_VERSION;
		}
		if (ok)
			break;
		if (!busy(st) || monotonic_ms() > give_up) {
			if (busy(st))
				report(st, "still locked after the busy timeout");
			st->opening = 0;
			goto fail;
		}
		struct timespec nap = { 0, 20 * 1000 * 1000 };
		nanosleep(&nap, NULL);
	}
	st->opening = 0;
	if (v > STATE_SCHEMA_VERSION) {
		warnx("%s: state schema version %d is newer than this program's (%d)",
		    path, v, STATE_SCHEMA_VERSION);
		goto fail;
	}
	if (prepare(st, &st->get, "SELECT etag, last_modified, body_sha256, status, "
	    "fetched_at FROM fetch_state WHERE url = ?1 AND fetched_at IS NOT NULL") < 0 ||
	    prepare(st, &st->put, "INSERT INTO fetch_state (url, etag, last_modified, "
	    "body_sha256, status, fetched_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	    "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
	    "last_modified = excluded.last_modified, body_sha256 = excluded.body_sha256, "
	    "status = excluded.status, fetched_at = excluded.fetched_at") < 0 ||
	    prepare(st, &st->cget, "SELECT cursor FROM fetch_state WHERE url = ?1") < 0 ||
	    prepare(st, &st->cset, "INSERT INTO fetch_state (url, cursor) VALUES (?1, ?2) "
	    "ON CONFLICT (url) DO UPDATE SET cursor = excluded.cursor") < 0)
		goto fail;
	return st;
fail:
	close_db(st);
	return NULL;
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static char *
col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? xstrdup((const char *)t) : NULL;
}

static void
entry_copy(struct state_entry *dst, const struct state_entry *src)
{
	dst->etag = dup_or_null(src->etag);
	dst->last_modified = dup_or_null(src->last_modified);
	dst->body_sha256 = dup_or_null(src->body_sha256);
	dst->fetched_at = dup_or_null(src->fetched_at);
	dst->status = src->status;
}

void
state_entry_free(struct state_entry *e)
{
	free(e->etag);
	free(e->last_modified);
	free(e->body_sha256);
	free(e->fetched_at);
	memset(e, 0, sizeof *e);
}

int
state_get(struct state *st, const char *url, struct state_entry *e)
{
	memset(e, 0, sizeof *e);
	for (size_t i = st->nops; i-- > 0;) {
		if (st->ops[i].kind == OP_PUT && !strcmp(st->ops[i].url, url)) {
			entry_copy(e, &st->ops[i].e);
			return 1;
		}
	}
	sqlite3_bind_text(st->get, 1, url, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st->get), found = 0;
	if (rc == SQLITE_ROW) {
		e->etag = col_dup(st->get, 0);
		e->last_modified = col_dup(st->get, 1);
		e->body_sha256 = col_dup(st->get, 2);
		e->status = sqlite3_column_int(st->get, 3);
		e->fetched_at = col_dup(st->get, 4);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		report(st, "lookup");
		found = -1;
	}
	sqlite3_reset(st->get);
	sqlite3_clear_bindings(st->get);
	return found;
}

static struct op *
new_op(struct state *st, enum op_kind kind, const char *url)
{
	if (st->nops == st->cap) {
		st->cap = st->cap ? st->cap * 2 : STATE_BATCH;
		st->ops = xrealloc(st->ops, st->cap * sizeof *st->ops);
	}
	if (st->nops == 0)
		st->first_ms = monotonic_ms();
	struct op *o = &st->ops[st->nops++];
	memset(o, 0, sizeof *o);
	o->kind = kind;
	o->url = xstrdup(url);
	return o;
}

int
state_put(struct state *st, const char *url, const struct state_entry *e)
{
	struct op *o = new_op(st, OP_PUT, url);
	entry_copy(&o->e, e);
	return state_tick(st);
}

int
state_get_cursor(struct state *st, const char *url, char **val)
{
	*val = NULL;
	for (size_t i = st->nops; i-- > 0;) {
		if (st->ops[i].kind == OP_CURSOR && !strcmp(st->ops[i].url, url)) {
			*val = dup_or_null(st->ops[i].cursor);
			return 0;
		}
	}
	sqlite3_bind_text(st->cget, 1, url, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st->cget), ret = 0;
	if (rc == SQLITE_ROW)
		*val = col_dup(st->cget, 0);
	else if (rc != SQLITE_DONE) {
		report(st, "lookup");
		ret = -1;
	}
	sqlite3_reset(st->cget);
	sqlite3_clear_bindings(st->cget);
	return ret;
}

int
state_set_cursor(struct state *st, const char *url, const char *val)
{
	struct op *o = new_op(st, OP_CURSOR, url);
	o->cursor = dup_or_null(val);
	return state_tick(st);
}

static void
bind_opt(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static int
run_op(struct state *st, const struct op *o)
{
	sqlite3_stmt *s = o->kind == OP_PUT ? st->put : st->cset;
	sqlite3_bind_text(s, 1, o->url, -1, SQLITE_STATIC);
	if (o->kind == OP_PUT) {
		bind_opt(s, 2, o->e.etag);
		bind_opt(s, 3, o->e.last_modified);
		bind_opt(s, 4, o->e.body_sha256);
		if (o->e.status)
			sqlite3_bind_int(s, 5, (int)o->e.status);
		else
			sqlite3_bind_null(s, 5);
		bind_opt(s, 6, o->e.fetched_at);
	} else {
		bind_opt(s, 2, o->cursor);
	}
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void
free_ops(struct state *st)
{
	for (size_t i = 0; i < st->nops; i++) {
		free(st->ops[i].url);
		state_entry_free(&st->ops[i].e);
		free(st->ops[i].cursor);
	}
	st->nops = 0;
}

int
state_flush(struct state *st)
{
	if (st->nops == 0)
		return 0;
	/* IMMEDIATE takes the write lock up front (waiting up to the busy
	 * timeout for another process), so the batch cannot deadlock. */
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		report(st, "cannot save state");
		st->retry_ms = monotonic_ms() + STATE_BATCH_MS;
		return -1;
	}
	for (size_t i = 0; i < st->nops; i++) {
		if (run_op(st, &st->ops[i]) < 0) {
			report(st, "cannot save state");
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			st->retry_ms = monotonic_ms() + STATE_BATCH_MS;
			return -1;
		}
	}
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		report(st, "cannot save state");
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		st->retry_ms = monotonic_ms() + STATE_BATCH_MS;
		return -1;
	}
	free_ops(st);
	st->retry_ms = 0;
	return 0;
}

long
state_due_in_ms(const struct state *st)
{
	if (st->nops == 0)
		return -1;
	long long now = monotonic_ms();
	long long due = st->nops >= STATE_BATCH ? now : st->first_ms + STATE_BATCH_MS;
	if (due < st->retry_ms)
		due = st->retry_ms;
	return due > now ? (long)(due - now) : 0;
}

int
state_tick(struct state *st)
{
	if (state_due_in_ms(st) != 0)
		return 0;
	return state_flush(st);
}

int
state_close(struct state *st)
{
	if (!st)
		return 0;
	int rc = state_flush(st);
	if (rc < 0) {
		warnx("%s: %zu result%s not saved", st->path, st->nops,
		    st->nops == 1 ? "" : "s");
		free_ops(st);
	}
	close_db(st);
	return rc;
}
