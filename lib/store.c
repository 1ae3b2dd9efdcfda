/* store.c — see store.h. The shape of the file, and why:
 *
 * items: one row per id, the current version. Its INTEGER PRIMARY KEY
 * (rid) is the item's time (published, else fetched_at, else when it
 * was stored) in seconds, shifted left by 20 bits, plus a slot picked
 * from the id: rowid order is time order. "Newest first" is then a
 * walk of the table (or of the full-text index, whose rowids are the
 * same) backwards, which stops after --limit rows however common the
 * searched word, and --since/--until are rowid ranges. The record is
 * kept whole as JSON; the columns filters use are copied out of it and
 * indexed (partial indexes: an item without a platform costs nothing).
 * item_tags: (tag, rid), a join table rather than an index on the JSON:
 * SQLite's expression indexes index one value per row, not each member
 * of an array. items_fts: contentless FTS5 over the title and the
 * text (summary and content); a replaced version's words are deleted
 * with the values it was indexed with, taken again from its JSON.
 * history: the earlier versions, one per (id, text SHA-256). */
#include "store.h"
#include "db.h"
#include "fields.h"
#include "msg.h"
#include "record.h"
#include "rules.h"
#include "sha256.h"
#include "util.h"
#include "when.h"

#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char migration1[] =
    "CREATE TABLE items ("
    " rid INTEGER PRIMARY KEY,"
    " id TEXT NOT NULL UNIQUE,"
    " text_sha256 TEXT NOT NULL,"
    " fetched_at TEXT,"
    " stored_at TEXT NOT NULL,"
    " source TEXT COLLATE NOCASE,"
    " lang TEXT COLLATE NOCASE,"
    " sentiment TEXT COLLATE NOCASE,"
    " platform TEXT COLLATE NOCASE,"
    " duplicate_of TEXT,"
    " json TEXT NOT NULL);"
    "CREATE TABLE item_tags ("
    " tag TEXT NOT NULL COLLATE NOCASE,"
    " rid INTEGER NOT NULL,"
    " PRIMARY KEY (tag, rid)) WITHOUT ROWID;"
    "CREATE TABLE history ("
    " id TEXT NOT NULL,"
    " text_sha256 TEXT NOT NULL,"
    " fetched_at TEXT,"
    " stored_at TEXT NOT NULL,"
    " superseded_at TEXT NOT NULL,"
    " json TEXT NOT NULL,"
    " UNIQUE (id, text_sha256));"
    "CREATE VIRTUAL TABLE items_fts USING fts5(title, body, content='',"
    " tokenize='unicode61 remove_diacritics 2');"
    "INSERT INTO items_fts(items_fts, rank) VALUES('rank', 'bm25(2.0, 1.0)');";

/* Version 2: the indexes of the filters of `query` and `stats`. */
static const char migration2[] =
    "CREATE INDEX items_source ON items(source) WHERE source IS NOT NULL;"
    "CREATE INDEX items_lang ON items(lang) WHERE lang IS NOT NULL;"
    "CREATE INDEX items_sentiment ON items(sentiment) WHERE sentiment IS NOT NULL;"
    "CREATE INDEX items_platform ON items(platform) WHERE platform IS NOT NULL;"
    "CREATE INDEX items_duplicate_of ON items(duplicate_of) WHERE duplicate_of IS NOT NULL;";

static const char *const migrations[] = { migration1, migration2 };
static const struct db_schema schema = { "store", migrations, 2 };

/* The full-text index's writes of a batch, made in rowid order when
 * it commits: FTS5 writes what it holds as a new segment each time a
 * rowid comes lower than the one before, and items come in about, not
 * exactly, time order. Ops on one rowid keep their order (seq). */
struct fts_op {
	long long rid;
	size_t seq;
	int del;
	char *title, *body;
};

struct store {
	struct db *db;
	struct fts_op *ops;
	size_t nops, cap;
	long nitems;             /* items written in this batch */
	long long batch_ms;      /* when its first write came */
};

enum { BATCH_ITEMS = 1000, BATCH_MS = 1000 };

#define SLOT_BITS 20
#define SLOTS (1LL << SLOT_BITS)
#define TIME_MAX (1LL << 42)

char *
store_path(const char *path)
{
	if (path && *path)
		return xstrdup(path);
	const char *e = getenv("VEILLE_DB");
	if (e && *e)
		return xstrdup(e);
	e = getenv("XDG_DATA_HOME");
	if (e && *e == '/')
		return xasprintf("%s/veille/veille.db", e);
	const char *home = getenv("HOME");
	return xasprintf("%s/.local/share/veille/veille.db", home && *home ? home : ".");
}

/* mkdir -p of the directory part of path. */
static int
make_parent(const char *path)
{
	char *d = xstrdup(path);
	char *slash = strrchr(d, '/');
	int r = 0;
	if (slash && slash != d) {
		*slash = 0;
		for (char *p = d + 1; ; p++) {
			if (*p == '/' || !*p) {
				char c = *p;
				*p = 0;
				if (mkdir(d, 0777) < 0 && errno != EEXIST) {
					msg_warn(d, "cannot create directory: %s", strerror(errno));
					r = -1;
					break;
				}
				*p = c;
				if (!c)
					break;
			}
		}
	}
	free(d);
	return r;
}

/* SQLite's "unable to open database file" does not say why: check
 * first what can be checked. */
static int
check_access(const char *path, int ro)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		if (errno != ENOENT || ro) {
			msg_warn(path, "%s", strerror(errno));
			return -1;
		}
	} else if (S_ISDIR(st.st_mode)) {
		msg_warn(path, "is a directory");
		return -1;
	} else if (!ro && access(path, W_OK) < 0) {
		msg_warn(path, "cannot write: %s", strerror(errno));
		return -1;
	}
	if (ro)
		return 0;
	/* the journal files go beside the database */
	char *d = xstrdup(path);
	char *slash = strrchr(d, '/');
	const char *dir = ".";
	if (slash) {
		slash[slash == d] = 0;
		dir = d;
	}
	int r = 0;
	if (access(dir, W_OK | X_OK) < 0) {
		msg_warn(path, "cannot write in %s: %s", dir, strerror(errno));
		r = -1;
	}
	free(d);
	return r;
}

struct store *
store_open(const char *path, int flags)
{
	int ro = flags & STORE_READONLY;
	if (!ro && make_parent(path) < 0)
		return NULL;
	if (check_access(path, ro) < 0)
		return NULL;
	struct db *db = db_open(path, &schema, ro ? DB_READONLY : 0);
	if (!db)
		return NULL;
	struct store *s = xcalloc(1, sizeof *s);
	s->db = db;
	if (ro)
		db_exec(db, "PRAGMA query_only = 1");
	else
		db_exec(db, "PRAGMA cache_size = -65536");
	return s;
}

static int fts_flush(struct store *s);

/* Commit the batch: its index writes first. */
static int
commit(struct store *s)
{
	int r = fts_flush(s);
	if (r == 0)
		r = db_commit(s->db);
	s->nitems = 0;
	return r;
}

int
store_close(struct store *s)
{
	if (!s)
		return 0;
	int r = commit(s);
	if (db_close(s->db) < 0)
		r = -1;
	free(s->ops);
	free(s);
	return r;
}

int
store_tick(struct store *s)
{
	if (s->nitems && (s->nitems >= BATCH_ITEMS || monotonic_ms() - s->batch_ms >= BATCH_MS))
		return commit(s);
	return 0;
}

/* ---- what an item is made of ---- */

struct fields {
	const char *id, *fetched_at, *source, *lang, *sentiment, *platform, *dup;
	const cJSON *tags;
	char *title, *body;        /* as indexed */
	char sha[65];
	long long time;            /* seconds */
	int has_time;
};

static const char *
str_of(const cJSON *o, const char *key)
{
	const char *s = rec_str(o, key);
	return s && *s ? s : NULL;
}

static void
fields_get(struct fields *f, const cJSON *rec)
{
	memset(f, 0, sizeof *f);
	f->id = str_of(rec, F_ID);
	f->fetched_at = str_of(rec, F_FETCHED_AT);
	f->lang = str_of(rec, F_LANG);
	f->platform = str_of(rec, F_PLATFORM);
	f->dup = str_of(rec, F_DUPLICATE_OF);
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(rec, F_SOURCE);
	if (cJSON_IsString(src) && *src->valuestring)
		f->source = src->valuestring;
	else if (cJSON_IsObject(src))
		f->source = str_of(src, F_SOURCE_TITLE) ? str_of(src, F_SOURCE_TITLE)
		    : str_of(src, F_SOURCE_URL);
	const cJSON *sen = cJSON_GetObjectItemCaseSensitive(rec, F_SENTIMENT);
	if (cJSON_IsObject(sen))
		f->sentiment = str_of(sen, "label");
	else if (cJSON_IsString(sen) && *sen->valuestring)
		f->sentiment = sen->valuestring;
	const cJSON *tags = cJSON_GetObjectItemCaseSensitive(rec, F_TAGS);
	f->tags = cJSON_IsArray(tags) ? tags : NULL;

	const char *title = rec_str(rec, F_TITLE), *sum = rec_str(rec, F_SUMMARY),
	    *con = rec_str(rec, F_CONTENT);
	/* indexed: the title, and the summary and content together (a
	 * search, and --query's narrowing, must find a word of either) */
	f->title = xstrdup(title ? title : "");
	if (sum && con)
		f->body = xasprintf("%s\n\n%s", sum, con);
	else
		f->body = xstrdup(sum ? sum : con ? con : "");
	/* the text's hash: title, summary and content, one a line */
	struct sha256 c;
	unsigned char d[32];
	sha256_init(&c);
	sha256_update(&c, f->title, strlen(f->title));
	sha256_update(&c, "\n", 1);
	if (sum)
		sha256_update(&c, sum, strlen(sum));
	sha256_update(&c, "\n", 1);
	if (con)
		sha256_update(&c, con, strlen(con));
	sha256_final(&c, d);
	hex_encode(f->sha, d, 32);

	const char *pub = str_of(rec, F_PUBLISHED);
	if (pub && when_parse(pub, &f->time) == 0)
		f->has_time = 1;
	else if (f->fetched_at && when_parse(f->fetched_at, &f->time) == 0)
		f->has_time = 1;
	if (f->has_time && (f->time < -TIME_MAX || f->time > TIME_MAX))
		f->has_time = 0;
}

static void
fields_free(struct fields *f)
{
	free(f->title);
	free(f->body);
}

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static int
step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	db_report(s->db, what);
	return -1;
}

static const char sql_fts_add[] =
    "INSERT INTO items_fts(rowid, title, body) VALUES (?, ?, ?)";
static const char sql_fts_del[] =
    "INSERT INTO items_fts(items_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)";
static const char sql_tag_add[] = "INSERT OR IGNORE INTO item_tags(tag, rid) VALUES (?, ?)";
static const char sql_tag_del[] = "DELETE FROM item_tags WHERE tag = ? AND rid = ?";

/* Queue an index write (taking over f's title and body). */
static int
fts(struct store *s, const char *sql, long long rid, struct fields *f)
{
	if (s->nops == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->ops = xrealloc(s->ops, s->cap * sizeof *s->ops);
	}
	struct fts_op *o = &s->ops[s->nops];
	o->rid = rid;
	o->seq = s->nops++;
	o->del = sql == sql_fts_del;
	o->title = f->title;
	o->body = f->body;
	f->title = f->body = NULL;
	return 0;
}

static int
op_cmp(const void *a, const void *b)
{
	const struct fts_op *x = a, *y = b;
	if (x->rid != y->rid)
		return x->rid < y->rid ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
fts_flush(struct store *s)
{
	int r = 0;
	if (!s->nops)
		return 0;
	qsort(s->ops, s->nops, sizeof *s->ops, op_cmp);
	for (size_t i = 0; i < s->nops; i++) {
		struct fts_op *o = &s->ops[i];
		sqlite3_stmt *st = r ? NULL : db_stmt(s->db, o->del ? sql_fts_del : sql_fts_add);
		if (st) {
			sqlite3_bind_int64(st, 1, o->rid);
			sqlite3_bind_text(st, 2, o->title, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, o->body, -1, SQLITE_STATIC);
			r = step_done(s, st, "full-text index");
		} else {
			r = -1;
		}
		free(o->title);
		free(o->body);
	}
	s->nops = 0;
	return r;
}

static int
tags(struct store *s, const char *sql, long long rid, const cJSON *arr)
{
	const cJSON *t;
	cJSON_ArrayForEach(t, arr) {
		if (!cJSON_IsString(t) || !*t->valuestring)
			continue;
		sqlite3_stmt *st = db_stmt(s->db, sql);
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, t->valuestring, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, rid);
		if (step_done(s, st, "tags") < 0)
			return -1;
	}
	return 0;
}

static const char sql_insert[] =
    "INSERT INTO items(rid, id, text_sha256, fetched_at, stored_at, source, lang,"
    " sentiment, platform, duplicate_of, json) VALUES (?,?,?,?,?,?,?,?,?,?,?)";

/* Insert the row under a free rid of its time; *rid gets it. */
static int
insert_row(struct store *s, const struct fields *f, long long t, const char *stored_at,
    const char *json, size_t len, long long *rid)
{
	long long slot = (long long)(mem_hash(f->id, strlen(f->id)) & (SLOTS - 1));
	for (long long k = 0; k < SLOTS; k++) {
		sqlite3_stmt *st = db_stmt(s->db, sql_insert);
		if (!st)
			return -1;
		*rid = t * SLOTS + ((slot + k) & (SLOTS - 1));
		sqlite3_bind_int64(st, 1, *rid);
		bind_text(st, 2, f->id);
		bind_text(st, 3, f->sha);
		bind_text(st, 4, f->fetched_at);
		bind_text(st, 5, stored_at);
		bind_text(st, 6, f->source);
		bind_text(st, 7, f->lang);
		bind_text(st, 8, f->sentiment);
		bind_text(st, 9, f->platform);
		bind_text(st, 10, f->dup);
		sqlite3_bind_text(st, 11, json, (int)len, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		int ext = sqlite3_extended_errcode(db_sqlite(s->db));
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return 0;
		if (ext != SQLITE_CONSTRAINT_PRIMARYKEY) {
			db_report(s->db, "items");
			return -1;
		}
	}
	msg_warn(db_path(s->db), "no free slot for an item in its second");
	return -1;
}

static const char sql_find[] =
    "SELECT rid, json, text_sha256, fetched_at, stored_at FROM items WHERE id = ?";
static const char sql_del_row[] = "DELETE FROM items WHERE rid = ?";
static const char sql_hist_add[] =
    "INSERT OR IGNORE INTO history(id, text_sha256, fetched_at, stored_at, superseded_at, json)"
    " VALUES (?, ?, ?, ?, ?, ?)";

/* Remove the current row at rid (its JSON parsed as old): index, tags. */
static int
remove_current(struct store *s, long long rid, const cJSON *old, struct fields *of)
{
	(void)old;
	if (fts(s, sql_fts_del, rid, of) < 0 || tags(s, sql_tag_del, rid, of->tags) < 0)
		return -1;
	sqlite3_stmt *st = db_stmt(s->db, sql_del_row);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, rid);
	return step_done(s, st, "items");
}

static int
add_current(struct store *s, struct fields *f, const char *json, size_t len,
    const char *stored_at)
{
	long long rid, t = f->has_time ? f->time : when_now();
	if (insert_row(s, f, t, stored_at, json, len, &rid) < 0)
		return -1;
	if (fts(s, sql_fts_add, rid, f) < 0 || tags(s, sql_tag_add, rid, f->tags) < 0)
		return -1;
	return 0;
}

static int
add_history(struct store *s, const char *id, const char *sha, const char *fetched_at,
    const char *stored_at, const char *superseded_at, const char *json, int len)
{
	sqlite3_stmt *st = db_stmt(s->db, sql_hist_add);
	if (!st)
		return -1;
	bind_text(st, 1, id);
	bind_text(st, 2, sha);
	bind_text(st, 3, fetched_at);
	bind_text(st, 4, stored_at);
	bind_text(st, 5, superseded_at);
	sqlite3_bind_text(st, 6, json, len, SQLITE_TRANSIENT);
	if (step_done(s, st, "history") < 0)
		return -1;
	return sqlite3_changes(db_sqlite(s->db)) > 0;
}

enum store_put_result
store_put(struct store *s, const cJSON *rec, const char *json, size_t len)
{
	struct fields f;
	fields_get(&f, rec);
	enum store_put_result res = STORE_FAILED;
	char now[32];
	when_format(when_now(), now);
	if (!f.id || db_write(s->db) < 0)
		goto out;
	if (!s->nitems++)
		s->batch_ms = monotonic_ms();
	sqlite3_stmt *st = db_stmt(s->db, sql_find);
	if (!st)
		goto out;
	sqlite3_bind_text(st, 1, f.id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		res = add_current(s, &f, json, len, now) < 0 ? STORE_FAILED : STORE_ADDED;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		db_report(s->db, "items");
		sqlite3_reset(st);
		goto out;
	}
	/* copies: the statement is reused below */
	long long rid = sqlite3_column_int64(st, 0);
	int olen = sqlite3_column_bytes(st, 1);
	char *ojson = xstrndup((const char *)sqlite3_column_text(st, 1), (size_t)olen);
	char osha[65], ofetched[40] = "", ostored[40] = "";
	snprintf(osha, sizeof osha, "%s", (const char *)sqlite3_column_text(st, 2));
	if (sqlite3_column_type(st, 3) != SQLITE_NULL)
		snprintf(ofetched, sizeof ofetched, "%s", (const char *)sqlite3_column_text(st, 3));
	snprintf(ostored, sizeof ostored, "%s", (const char *)sqlite3_column_text(st, 4));
	sqlite3_reset(st);

	if ((size_t)olen == len && !memcmp(ojson, json, len)) {
		res = STORE_SAME;
		free(ojson);
		goto out;
	}
	/* an earlier version than the current one, by fetched_at */
	int older = f.fetched_at && *ofetched && strcmp(f.fetched_at, ofetched) < 0;
	int same_text = !strcmp(osha, f.sha);
	if (older) {
		if (same_text) {
			res = STORE_SAME;
		} else {
			int r = add_history(s, f.id, f.sha, f.fetched_at, now, now, json, (int)len);
			res = r < 0 ? STORE_FAILED : r ? STORE_OLD_VERSION : STORE_SAME;
		}
		free(ojson);
		goto out;
	}
	cJSON *old = cJSON_ParseWithLength(ojson, (size_t)olen);
	struct fields of;
	fields_get(&of, old ? old : rec);
	if (!old) {
		msg_warn(db_path(s->db), "item %s: stored JSON unreadable", msg_quote(f.id, 64));
		res = STORE_FAILED;
	} else if (!same_text && add_history(s, f.id, osha, *ofetched ? ofetched : NULL,
	    ostored, now, ojson, olen) < 0) {
		res = STORE_FAILED;
	} else if (remove_current(s, rid, old, &of) < 0 ||
	    add_current(s, &f, json, len, same_text ? ostored : now) < 0) {
		res = STORE_FAILED;
	} else {
		res = same_text ? STORE_UPDATED : STORE_NEW_VERSION;
	}
	fields_free(&of);
	cJSON_Delete(old);
	free(ojson);
out:
	fields_free(&f);
	return res;
}

/* ---- reading ---- */

/* Values bound to a statement built piece by piece. */
struct binds {
	int n;
	struct { int is_int; long long i; const char *s; char *own; } v[128];
};

static void
bint(struct binds *b, long long i)
{
	if (b->n < 128) {
		b->v[b->n].is_int = 1;
		b->v[b->n++].i = i;
	}
}

static void
bstr(struct binds *b, const char *s, char *own)
{
	if (b->n < 128) {
		b->v[b->n].is_int = 0;
		b->v[b->n].own = own;
		b->v[b->n++].s = s;
	} else {
		free(own);
	}
}

static void
binds_apply(struct binds *b, sqlite3_stmt *st)
{
	for (int i = 0; i < b->n; i++) {
		if (b->v[i].is_int)
			sqlite3_bind_int64(st, i + 1, b->v[i].i);
		else
			sqlite3_bind_text(st, i + 1, b->v[i].s, -1, SQLITE_STATIC);
	}
}

static void
binds_free(struct binds *b)
{
	for (int i = 0; i < b->n; i++)
		if (!b->v[i].is_int)
			free(b->v[i].own);
	b->n = 0;
}

static long long
rid_of_time(long long t)
{
	if (t < -TIME_MAX)
		t = -TIME_MAX;
	if (t > TIME_MAX)
		t = TIME_MAX;
	return t * SLOTS;
}

static void
in_list(struct buf *q, struct binds *b, const char *col, const char *const *v, int n)
{
	if (!n)
		return;
	buf_printf(q, " AND %s IN (", col);
	for (int i = 0; i < n; i++) {
		buf_adds(q, i ? ",?" : "?");
		bstr(b, v[i], NULL);
	}
	buf_adds(q, ")");
}

/* The conditions of f on items i (and, with fts, on the index's rowid). */
static void
where(struct buf *q, struct binds *b, const struct store_filter *f, int fts)
{
	if (f->has_since) {
		buf_adds(q, " AND i.rid >= ?");
		bint(b, rid_of_time(f->since));
		if (fts) {
			buf_adds(q, " AND items_fts.rowid >= ?");
			bint(b, rid_of_time(f->since));
		}
	}
	if (f->has_until) {
		buf_adds(q, " AND i.rid < ?");
		bint(b, rid_of_time(f->until));
		if (fts) {
			buf_adds(q, " AND items_fts.rowid < ?");
			bint(b, rid_of_time(f->until));
		}
	}
	in_list(q, b, "i.source", f->source, f->nsource);
	in_list(q, b, "i.sentiment", f->sentiment, f->nsentiment);
	in_list(q, b, "i.platform", f->platform, f->nplatform);
	if (f->nlang) {
		/* "fr" is fr, fr-FR, fr-CA... */
		buf_adds(q, " AND (");
		for (int i = 0; i < f->nlang; i++) {
			buf_adds(q, i ? " OR " : "");
			buf_adds(q, "i.lang = ? OR (i.lang > ? AND i.lang < ?)");
			bstr(b, f->lang[i], NULL);
			char *lo = xasprintf("%s-", f->lang[i]), *hi = xasprintf("%s.", f->lang[i]);
			bstr(b, lo, lo);
			bstr(b, hi, hi);
		}
		buf_adds(q, ")");
	}
	if (f->ntag) {
		buf_adds(q, " AND i.rid IN (SELECT rid FROM item_tags WHERE tag IN (");
		for (int i = 0; i < f->ntag; i++) {
			buf_adds(q, i ? ",?" : "?");
			bstr(b, f->tag[i], NULL);
		}
		buf_adds(q, "))");
	}
}

static int
is_bare(const char *p, size_t n)
{
	/* FTS5 barewords: ASCII letters, digits, '_', and anything above 0x7f */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (!(c >= 0x80 || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z')))
			return 0;
	}
	return n > 0;
}

char *
store_fts_query(const char *text)
{
	struct buf q;
	buf_init(&q);
	const char *p = text;
	while (*p) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
			continue;
		}
		if (q.len)
			buf_addc(&q, ' ');
		if (*p == '(' || *p == ')') {
			buf_addc(&q, *p++);
			continue;
		}
		if (*p == '"') {
			/* a phrase, to the closing quote ("" inside stands for ") */
			buf_addc(&q, '"');
			p++;
			for (; *p; p++) {
				if (*p == '"' && p[1] == '"') {
					buf_adds(&q, "\"\"");
					p++;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					buf_addc(&q, *p);
				}
			}
			buf_addc(&q, '"');
			if (*p == '*')
				buf_addc(&q, *p++);
			continue;
		}
		size_t n = strcspn(p, " \t\r\n()\"");
		size_t w = n;
		int star = w > 1 && p[w - 1] == '*';
		if (star)
			w--;
		if (is_bare(p, w)) {
			buf_add(&q, p, n);
		} else {
			buf_addc(&q, '"');
			for (size_t i = 0; i < w; i++) {
				if (p[i] == '"')
					buf_addc(&q, '"');
				buf_addc(&q, p[i]);
			}
			buf_addc(&q, '"');
			if (star)
				buf_addc(&q, '*');
		}
		p += n;
	}
	return buf_steal(&q);
}

/* A word FTS5 tokenizes as text_fold and text_next_word cut it: ASCII
 * letters and digits (and the apostrophe of aujourd'hui). */
static int
plain_word(const char *w)
{
	for (; *w; w++)
		if (!((*w >= 'a' && *w <= 'z') || (*w >= '0' && *w <= '9') || *w == '\''))
			return 0;
	return 1;
}

static int
rule_fts(const struct rnode *nd, struct buf *q)
{
	switch (nd->kind) {
	case RN_TERM: {
		if (nd->fields & ~RF_TEXT)
			return 0;
		for (int i = 0; i < nd->nwords; i++)
			if (nd->words[i].kind == RW_GLOB || !plain_word(nd->words[i].pat) ||
			    (nd->words[i].kind == RW_PREFIX && i != nd->nwords - 1))
				return 0;
		if (nd->fields == RF_TITLE)
			buf_adds(q, "title : ");
		else if (!(nd->fields & RF_TITLE))
			buf_adds(q, "body : ");
		buf_addc(q, '"');
		for (int i = 0; i < nd->nwords; i++)
			buf_printf(q, "%s%s", i ? " " : "", nd->words[i].pat);
		buf_addc(q, '"');
		if (nd->words[nd->nwords - 1].kind == RW_PREFIX)
			buf_addc(q, '*');
		return 1;
	}
	case RN_AND:
	case RN_NEAR: {
		/* the kids that can narrow, together: still a superset */
		int n = 0;
		size_t start = q->len;
		for (int i = 0; i < nd->nkids; i++) {
			size_t at = q->len;
			buf_adds(q, n ? " AND (" : "(");
			if (rule_fts(nd->kids[i], q)) {
				buf_addc(q, ')');
				n++;
			} else {
				q->len = at;
				q->data[at] = 0;
			}
		}
		if (!n) {
			q->len = start;
			q->data[start] = 0;
		}
		return n > 0;
	}
	case RN_OR:
		for (int i = 0; i < nd->nkids; i++) {
			buf_adds(q, i ? " OR (" : "(");
			if (!rule_fts(nd->kids[i], q))
				return 0;
			buf_addc(q, ')');
		}
		return 1;
	default:
		return 0;   /* NOT, predicates: any item may match */
	}
}

char *
store_rule_fts(const struct rnode *nd)
{
	struct buf q;
	buf_init(&q);
	buf_grow(&q, 64);
	if (!nd || !rule_fts(nd, &q)) {
		buf_free(&q);
		return NULL;
	}
	return buf_steal(&q);
}

static int
run_items(struct store *s, const char *sql, struct binds *b, store_item_fn fn, void *arg)
{
	sqlite3_stmt *st;
	sqlite3 *h = db_sqlite(s->db);
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		db_report(s->db, "query");
		return -1;
	}
	binds_apply(b, st);
	int rc, r = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r = fn(arg, (const char *)sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0), (const char *)sqlite3_column_text(st, 1));
		if (r)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		const char *m = sqlite3_errmsg(h);
		if (strstr(m, "fts5") || strstr(m, "syntax"))
			msg_warn(NULL, "invalid search: %s", m);
		else
			db_report(s->db, "query");
		r = -1;
	}
	sqlite3_finalize(st);
	return r < 0 ? -1 : 0;
}

int
store_query(struct store *s, const struct store_filter *f, store_item_fn fn, void *arg)
{
	struct buf q;
	struct binds b = { 0 };
	buf_init(&q);
	int fts = f->search || f->fts;
	if (fts) {
		char *m = f->search ? store_fts_query(f->search) : NULL;
		if (f->fts) {
			char *both = m ? xasprintf("(%s) AND (%s)", m, f->fts) : xstrdup(f->fts);
			free(m);
			m = both;
		}
		/* the index is the outer loop: its rowids are the items' */
		buf_adds(&q, "SELECT i.json, i.stored_at FROM items_fts CROSS JOIN items i"
		    " ON i.rid = items_fts.rowid WHERE items_fts MATCH ?");
		bstr(&b, m, m);
	} else {
		buf_adds(&q, "SELECT i.json, i.stored_at FROM items i WHERE 1");
	}
	where(&q, &b, f, fts);
	if (fts && f->order_rank)
		buf_adds(&q, " ORDER BY items_fts.rank");
	else if (fts)
		buf_adds(&q, " ORDER BY items_fts.rowid DESC");
	else
		buf_adds(&q, " ORDER BY i.rid DESC");
	if (f->limit > 0) {
		buf_adds(&q, " LIMIT ?");
		bint(&b, f->limit);
	}
	int r = run_items(s, q.data, &b, fn, arg);
	binds_free(&b);
	buf_free(&q);
	return r;
}

/* A record from stored JSON with fields added; NULL if unreadable. */
static cJSON *
version(const char *json, const char *sha, const char *stored, const char *superseded)
{
	cJSON *r = cJSON_Parse(json);
	if (!r)
		return NULL;
	cJSON_DeleteItemFromObjectCaseSensitive(r, F_STORED_AT);
	rec_set_str(r, F_TEXT_SHA256, sha);
	rec_set_str(r, F_STORED_AT, stored);
	rec_set_str(r, F_SUPERSEDED_AT, superseded);
	return r;
}

int
store_history(struct store *s, const char *id, store_rec_fn fn, void *arg)
{
	static const char sql[] =
	    "SELECT json, text_sha256, stored_at, superseded_at, 0 AS cur, fetched_at"
	    " FROM history WHERE id = ?1"
	    " UNION ALL SELECT json, text_sha256, stored_at, NULL, 1, fetched_at"
	    " FROM items WHERE id = ?1"
	    " ORDER BY cur, fetched_at, stored_at";
	sqlite3_stmt *st = db_stmt(s->db, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc, r = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON *v = version((const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1), (const char *)sqlite3_column_text(st, 2),
		    (const char *)sqlite3_column_text(st, 3));
		if (!v) {
			msg_warn(db_path(s->db), "item %s: stored JSON unreadable", msg_quote(id, 64));
			r = -1;
			continue;
		}
		int k = fn(arg, v);
		cJSON_Delete(v);
		if (k) {
			r = k < 0 ? -1 : r;
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_report(s->db, "history");
		r = -1;
	}
	sqlite3_reset(st);
	return r;
}

/* Each row of st made a record by row(), given to fn; st finalized.
 * 0, or -1 (a database error reported as what, or fn's). */
typedef cJSON *(*row_fn)(sqlite3_stmt *st, const void *ctx);

static int
each_row(struct store *s, sqlite3_stmt *st, const char *what, row_fn row, const void *ctx,
    store_rec_fn fn, void *arg)
{
	int rc, r = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON *o = row(st, ctx);
		int k = fn(arg, o);
		cJSON_Delete(o);
		if (k) {
			r = k < 0 ? -1 : 0;
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_report(s->db, what);
		r = -1;
	}
	sqlite3_finalize(st);
	return r;
}

/* (key, count) or, for stories, (key, echoes, sources, title). */
static cJSON *
stat_row(sqlite3_stmt *st, const void *ctx)
{
	const char *stat = ctx;
	cJSON *o = cJSON_CreateObject();
	rec_set_str(o, F_STAT, stat);
	rec_set_str(o, F_KEY, (const char *)sqlite3_column_text(st, 0));
	if (!strcmp(stat, "story")) {
		rec_set_str(o, F_TITLE, (const char *)sqlite3_column_text(st, 3));
		rec_set_num(o, F_ECHOES, (double)sqlite3_column_int64(st, 1));
		rec_set_num(o, F_SOURCES, (double)sqlite3_column_int64(st, 2));
	} else {
		rec_set_num(o, F_COUNT, (double)sqlite3_column_int64(st, 1));
	}
	return o;
}

static int
stat_rows(struct store *s, const char *stat, const char *sql, struct binds *b,
    store_rec_fn fn, void *arg)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(s->db), sql, -1, &st, NULL) != SQLITE_OK) {
		db_report(s->db, "stats");
		return -1;
	}
	binds_apply(b, st);
	return each_row(s, st, "stats", stat_row, stat, fn, arg);
}

int
store_stats(struct store *s, const struct store_filter *f, store_rec_fn fn, void *arg)
{
	static const struct { const char *stat, *select, *from, *group; } q[] = {
		{ "day", "strftime('%Y-%m-%d', i.rid >> 20, 'unixepoch') AS k, count(*)",
		  "items i", "k ORDER BY k" },
		{ "hour", "strftime('%Y-%m-%dT%H:00:00Z', i.rid >> 20, 'unixepoch') AS k, count(*)",
		  "items i", "k ORDER BY k" },
		{ "source", "i.source AS k, count(*) AS n", "items i", "k ORDER BY n DESC, k" },
		{ "tag", "t.tag AS k, count(*) AS n",
		  "item_tags t CROSS JOIN items i ON i.rid = t.rid", "k ORDER BY n DESC, k" },
		{ "lang", "lower(i.lang) AS k, count(*) AS n", "items i", "k ORDER BY n DESC, k" },
		{ "sentiment", "lower(i.sentiment) AS k, count(*) AS n", "items i",
		  "k ORDER BY n DESC, k" },
		{ "platform", "lower(i.platform) AS k, count(*) AS n", "items i",
		  "k ORDER BY n DESC, k" },
		{ "story", "i.duplicate_of AS k, count(*) AS n, count(DISTINCT i.source),"
		  " (SELECT json_extract(o.json, '$.title') FROM items o WHERE o.id = i.duplicate_of)",
		  "items i", "k ORDER BY n DESC, k" },
	};
	for (size_t j = 0; j < sizeof q / sizeof q[0]; j++) {
		struct buf sql;
		struct binds b = { 0 };
		buf_init(&sql);
		buf_printf(&sql, "SELECT %s FROM %s WHERE k IS NOT NULL", q[j].select, q[j].from);
		where(&sql, &b, f, 0);
		buf_printf(&sql, " GROUP BY %s", q[j].group);
		int r = stat_rows(s, q[j].stat, sql.data, &b, fn, arg);
		binds_free(&b);
		buf_free(&sql);
		if (r < 0)
			return -1;
	}
	return 0;
}

/* A row of any statement as an object of its columns. */
static cJSON *
sql_row(sqlite3_stmt *st, const void *ctx)
{
	(void)ctx;
	cJSON *o = cJSON_CreateObject();
	int n = sqlite3_column_count(st);
	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_INTEGER: {
			long long v = sqlite3_column_int64(st, i);
			if (v > (1LL << 53) || v < -(1LL << 53)) {
				char t[32];
				snprintf(t, sizeof t, "%lld", v);
				cJSON_AddStringToObject(o, name, t);
			} else {
				cJSON_AddNumberToObject(o, name, (double)v);
			}
			break;
		}
		case SQLITE_FLOAT:
			cJSON_AddNumberToObject(o, name, sqlite3_column_double(st, i));
			break;
		case SQLITE_TEXT:
			cJSON_AddStringToObject(o, name, (const char *)sqlite3_column_text(st, i));
			break;
		case SQLITE_BLOB: {
			int len = sqlite3_column_bytes(st, i);
			char *hex = xmalloc((size_t)len * 2 + 1);
			hex_encode(hex, sqlite3_column_blob(st, i), (size_t)len);
			cJSON_AddStringToObject(o, name, hex);
			free(hex);
			break;
		}
		default:
			break;  /* NULL: left out */
		}
	}
	return o;
}

int
store_sql(struct store *s, const char *sql, store_rec_fn fn, void *arg)
{
	sqlite3 *h = db_sqlite(s->db);
	sqlite3_stmt *st;
	const char *tail;
	if (sqlite3_prepare_v2(h, sql, -1, &st, &tail) != SQLITE_OK) {
		db_report(s->db, "sql");
		return -1;
	}
	if (!st) {
		msg_warn(NULL, "sql: no statement");
		return -1;
	}
	while (*tail == ' ' || *tail == '\t' || *tail == '\n' || *tail == '\r' || *tail == ';')
		tail++;
	if (*tail || !sqlite3_stmt_readonly(st)) {
		msg_warn(NULL, "sql: %s", *tail ? "one statement only" :
		    "the connection is read-only: SELECT statements only");
		sqlite3_finalize(st);
		return -1;
	}
	return each_row(s, st, "sql", sql_row, NULL, fn, arg);
}

long
store_prune(struct store *s, long long before)
{
	static const char sql_old[] =
	    "SELECT rid, json FROM items WHERE rid < ? ORDER BY rid LIMIT 1000";
	static const char sql_hist_item[] = "DELETE FROM history WHERE id = ?";
	static const char sql_hist_old[] = "DELETE FROM history WHERE superseded_at < ?";
	long n = 0;
	char cut[32];
	when_format(before, cut);
	for (;;) {
		/* a thousand at a time, each batch its own transaction */
		if (db_write(s->db) < 0)
			return -1;
		sqlite3_stmt *st = db_stmt(s->db, sql_old);
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, rid_of_time(before));
		long long rids[1000];
		char *jsons[1000];
		int k = 0, rc;
		while (k < 1000 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			rids[k] = sqlite3_column_int64(st, 0);
			jsons[k++] = xstrdup((const char *)sqlite3_column_text(st, 1));
		}
		sqlite3_reset(st);
		int err = 0;
		for (int i = 0; i < k; i++) {
			cJSON *old = cJSON_Parse(jsons[i]);
			if (!old) {
				/* unreadable: its index entries cannot be deleted */
				msg_warn(db_path(s->db), "stored JSON unreadable at rid %lld", rids[i]);
				err = 1;
				free(jsons[i]);
				continue;
			}
			struct fields of;
			fields_get(&of, old);
			sqlite3_stmt *h = db_stmt(s->db, sql_hist_item);
			if (!h)
				err = 1;
			else {
				bind_text(h, 1, of.id);
				err |= step_done(s, h, "history") < 0;
			}
			err |= remove_current(s, rids[i], old, &of) < 0;
			fields_free(&of);
			cJSON_Delete(old);
			free(jsons[i]);
			n++;
		}
		if (err || commit(s) < 0)
			return -1;
		if (k < 1000)
			break;
	}
	if (db_write(s->db) < 0)
		return -1;
	sqlite3_stmt *h = db_stmt(s->db, sql_hist_old);
	if (!h)
		return -1;
	bind_text(h, 1, cut);
	if (step_done(s, h, "history") < 0 || commit(s) < 0)
		return -1;
	return n;
}

int
store_vacuum(struct store *s)
{
	if (commit(s) < 0)
		return -1;
	if (db_exec(s->db, "INSERT INTO items_fts(items_fts) VALUES('optimize')") < 0)
		return -1;
	return db_exec(s->db, "VACUUM");
}
