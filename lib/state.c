/* state.c — see state.h */
#include "state.h"
#include "db.h"
#include "msg.h"
#include "util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum op_kind { OP_PUT, OP_CURSOR, OP_WATCH };

struct op {
	enum op_kind kind;
	char *url;
	struct state_entry e;   /* OP_PUT */
	char *cursor;           /* OP_CURSOR: NULL clears */
	struct state_watch w;   /* OP_WATCH (text kept for lookups) */
	unsigned char *z;       /* OP_WATCH: the text compressed */
	size_t zlen;
};

struct state {
	struct db *d;
	sqlite3 *db;            /* db_sqlite(d) */
	const char *path;       /* db_path(d) */
	sqlite3_stmt *get, *put, *cget, *cset, *wget, *wput;
	struct op *ops;
	size_t nops, cap;
	long long first_ms;     /* when the oldest queued op was queued */
	long long retry_ms;     /* after a failed commit, not before this */
};

static void
report(struct state *st, const char *what)
{
	db_report(st->d, what);
}

/* Version 1: one row a URL. */
static const char *const migrations[] = {
	"CREATE TABLE IF NOT EXISTS fetch_state ("
	" url TEXT PRIMARY KEY NOT NULL,"
	" etag TEXT,"
	" last_modified TEXT,"
	" body_sha256 TEXT,"
	" status INTEGER,"
	" fetched_at TEXT,"
	" cursor TEXT"
	") WITHOUT ROWID",
	/* Version 2: one row a watched page (veille-parse --state). */
	"CREATE TABLE IF NOT EXISTS watch_state ("
	" url TEXT PRIMARY KEY NOT NULL,"
	" body_sha256 TEXT,"
	" text_len INTEGER NOT NULL,"
	" text_z BLOB,"
	" versions TEXT,"
	" changed_at TEXT"
	") WITHOUT ROWID",
};
static const struct db_schema schema = { "state", migrations, STATE_SCHEMA_VERSION };

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
	sqlite3_finalize(st->wget);
	sqlite3_finalize(st->wput);
	db_close(st->d);
	free(st->ops);
	free(st);
}

struct state *
state_open(const char *path)
{
	/* lib/db: WAL, busy timeout, the schema and its version. The
	 * batch is this file's own: writes queue in memory, so that no
	 * transaction (and no write lock) stays open between two fetches. */
	struct db *d = db_open(path, &schema, 0);
	if (!d)
		return NULL;
	struct state *st = xcalloc(1, sizeof *st);
	st->d = d;
	st->db = db_sqlite(d);
	st->path = db_path(d);
	if (prepare(st, &st->get, "SELECT etag, last_modified, body_sha256, status, "
	    "fetched_at FROM fetch_state WHERE url = ?1 AND fetched_at IS NOT NULL") < 0 ||
	    prepare(st, &st->put, "INSERT INTO fetch_state (url, etag, last_modified, "
	    "body_sha256, status, fetched_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	    "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
	    "last_modified = excluded.last_modified, body_sha256 = excluded.body_sha256, "
	    "status = excluded.status, fetched_at = excluded.fetched_at") < 0 ||
	    prepare(st, &st->cget, "SELECT cursor FROM fetch_state WHERE url = ?1") < 0 ||
	    prepare(st, &st->cset, "INSERT INTO fetch_state (url, cursor) VALUES (?1, ?2) "
	    "ON CONFLICT (url) DO UPDATE SET cursor = excluded.cursor") < 0 ||
	    prepare(st, &st->wget, "SELECT body_sha256, text_len, text_z, versions, "
	    "changed_at FROM watch_state WHERE url = ?1") < 0 ||
	    prepare(st, &st->wput, "INSERT OR REPLACE INTO watch_state (url, body_sha256, "
	    "text_len, text_z, versions, changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)") < 0)
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

static void
watch_copy(struct state_watch *dst, const struct state_watch *src)
{
	dst->body_sha256 = dup_or_null(src->body_sha256);
	dst->text_len = src->text ? src->text_len : 0;
	if (src->text) {
		dst->text = xmalloc(src->text_len + 1);
		memcpy(dst->text, src->text, src->text_len);
		dst->text[src->text_len] = '\0';
	} else {
		dst->text = NULL;
	}
	dst->versions = dup_or_null(src->versions);
	dst->changed_at = dup_or_null(src->changed_at);
}

void
state_watch_free(struct state_watch *w)
{
	free(w->body_sha256);
	free(w->text);
	free(w->versions);
	free(w->changed_at);
	memset(w, 0, sizeof *w);
}

int
state_watch_get(struct state *st, const char *url, struct state_watch *w)
{
	memset(w, 0, sizeof *w);
	for (size_t i = st->nops; i-- > 0;) {
		if (st->ops[i].kind == OP_WATCH && !strcmp(st->ops[i].url, url)) {
			watch_copy(w, &st->ops[i].w);
			return 1;
		}
	}
	sqlite3_bind_text(st->wget, 1, url, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st->wget), found = 0;
	if (rc == SQLITE_ROW) {
		sqlite3_int64 len = sqlite3_column_int64(st->wget, 1);
		const void *z = sqlite3_column_blob(st->wget, 2);
		uLongf zn = (uLongf)sqlite3_column_bytes(st->wget, 2);
		found = 1;
		if (len < 0 || len > STATE_WATCH_MAX_TEXT) {
			found = 0;
		} else if (z) {
			uLongf out = (uLongf)len;
			w->text = xmalloc((size_t)len + 1);
			if (uncompress((Bytef *)w->text, &out, z, zn) != Z_OK || out != (uLongf)len)
				found = 0;
			else {
				w->text[len] = '\0';
				w->text_len = (size_t)len;
			}
		}
		if (found) {
			w->body_sha256 = col_dup(st->wget, 0);
			w->versions = col_dup(st->wget, 3);
			w->changed_at = col_dup(st->wget, 4);
		} else {
			state_watch_free(w);
			msg_warn(st->path, "%s: unreadable watch state, started afresh",
			    msg_quote(url, 200));
		}
	} else if (rc != SQLITE_DONE) {
		report(st, "lookup");
		found = -1;
	}
	sqlite3_reset(st->wget);
	sqlite3_clear_bindings(st->wget);
	return found;
}

int
state_watch_put(struct state *st, const char *url, const struct state_watch *w)
{
	if (w->text && w->text_len > STATE_WATCH_MAX_TEXT)
		return -1;
	unsigned char *z = NULL;
	uLongf zn = 0;
	if (w->text) {
		zn = compressBound((uLong)w->text_len);
		z = xmalloc(zn);
		if (compress2(z, &zn, (const Bytef *)w->text, (uLong)w->text_len, 6) != Z_OK) {
			free(z);
			return -1;
		}
	}
	struct op *o = new_op(st, OP_WATCH, url);
	watch_copy(&o->w, w);
	o->z = z;
	o->zlen = zn;
	return state_tick(st);
}

int
state_watch_synced(struct state *st, const char *url, const char *body_sha256)
{
	struct state_watch w;
	int rc = state_watch_get(st, url, &w);
	if (rc <= 0)
		return rc;
	rc = body_sha256 && w.body_sha256 && !strcmp(w.body_sha256, body_sha256);
	state_watch_free(&w);
	return rc;
}

static int
run_op(struct state *st, const struct op *o)
{
	if (o->kind == OP_WATCH) {
		sqlite3_stmt *s = st->wput;
		sqlite3_bind_text(s, 1, o->url, -1, SQLITE_STATIC);
		bind_opt(s, 2, o->w.body_sha256);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)o->w.text_len);
		if (o->z)
			sqlite3_bind_blob(s, 4, o->z, (int)o->zlen, SQLITE_STATIC);
		else
			sqlite3_bind_null(s, 4);
		bind_opt(s, 5, o->w.versions);
		bind_opt(s, 6, o->w.changed_at);
		int rc = sqlite3_step(s);
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		return rc == SQLITE_DONE ? 0 : -1;
	}
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
		state_watch_free(&st->ops[i].w);
		free(st->ops[i].z);
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
		msg_warn(st->path, "%zu result%s not saved", st->nops,
		    st->nops == 1 ? "" : "s");
		free_ops(st);
	}
	close_db(st);
	return rc;
}
