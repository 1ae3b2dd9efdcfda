/* dedupe.c — see dedupe.h */
#include "dedupe.h"
#include "canon.h"
#include "db.h"
#include "fields.h"
#include "fingerprint.h"
#include "record.h"
#include "util.h"
#include "when.h"

#include <stdlib.h>
#include <string.h>

enum { K_ID, K_URL, K_TEXT, K_LEAD, K_BAND, NKINDS };
static const char *const kind_name[NKINDS] = { "id", "url", "text", "lead", "near" };

/* A text needs this many words for its exact key: a two-word title
 * shared by two items says nothing. */
#define TEXT_MIN_WORDS 6
/* A near match must rest on at least this many sampled shingles; a
 * lead match with fewer (a teaser against its article: the sketch of
 * the long text samples few of the teaser's shingles) must have all of
 * them in common. */
#define NEAR_MIN_SAMPLES 6

static const char *const migrations[] = {
	"CREATE TABLE items(n INTEGER PRIMARY KEY, story TEXT NOT NULL, "
	"seen INTEGER NOT NULL, nsh INTEGER NOT NULL, sketch BLOB);"
	"CREATE INDEX items_seen ON items(seen);"
	"CREATE TABLE keys(k INTEGER PRIMARY KEY, n INTEGER NOT NULL);",
};
static const struct db_schema schema = { "dedupe state", migrations, 1 };

struct key {
	int kind;
	sqlite3_int64 k;
	int unused;
};

struct dedupe {
	struct db *db;
	struct dedupe_opts o;
	long long now, cutoff;  /* items seen before cutoff are forgotten */
	sqlite3_int64 last_n, purged_n;
	long long synced_ms;    /* when the last batch was committed */
	struct dedupe_stats st;
};

static sqlite3_int64
key_of(int kind, uint64_t h)
{
	uint64_t z = h + 0x9E3779B97F4A7C15ULL * (uint64_t)(kind + 1);
	z ^= z >> 31;
	z *= 0x7fb5d329728ea185ULL;
	z ^= z >> 27;
	return (sqlite3_int64)z;
}

struct dedupe *
dedupe_open(const struct dedupe_opts *o)
{
	struct dedupe *d = xcalloc(1, sizeof *d);
	d->o = *o;
	if (d->o.threshold <= 0)
		d->o.threshold = DEDUPE_THRESHOLD;
	if (!d->o.state && d->o.window <= 0)
		d->o.window = DEDUPE_WINDOW;
	d->db = db_open(o->state ? o->state : ":memory:", &schema, 0);
	if (!d->db) {
		free(d);
		return NULL;
	}
	/* a large page cache: the keys are random, every lookup a B-tree
	 * descent */
	db_exec(d->db, "PRAGMA cache_size=-65536");
	/* keys are random: a commit dirties pages all over the keys'
	 * B-tree, so commits are rare (a second's work) and so are
	 * checkpoints (the WAL may reach 64 MB) */
	db_exec(d->db, "PRAGMA wal_autocheckpoint=16384");
	db_set_batch(d->db, 1000000, 1000);
	d->synced_ms = monotonic_ms();
	d->now = when_now();
	d->cutoff = o->ttl > 0 ? d->now - o->ttl : -1;
	sqlite3_stmt *s = db_stmt(d->db, "SELECT coalesce(max(n), 0) FROM items");
	if (s && sqlite3_step(s) == SQLITE_ROW)
		d->last_n = sqlite3_column_int64(s, 0);
	if (s)
		sqlite3_reset(s);   /* no read transaction left open */
	if (d->cutoff >= 0 && o->state) {
		/* forget: items whose time is past, then the keys left
		 * without an item (a scan of the keys, done only when a
		 * sixteenth of the items has expired; until then lookups
		 * skip what has expired) */
		long long total = 0, old = 0;
		s = db_stmt(d->db, "SELECT count(*) FROM items");
		if (s && sqlite3_step(s) == SQLITE_ROW)
			total = sqlite3_column_int64(s, 0);
		if (s)
			sqlite3_reset(s);
		s = db_stmt(d->db, "SELECT count(*) FROM items WHERE seen < ?");
		if (s) {
			sqlite3_bind_int64(s, 1, d->cutoff);
			if (sqlite3_step(s) == SQLITE_ROW)
				old = sqlite3_column_int64(s, 0);
			sqlite3_reset(s);
		}
		if (old && old * 16 >= total) {
			s = db_stmt(d->db, "DELETE FROM items WHERE seen < ?");
			if (db_write(d->db) < 0 || !s)
				goto fail;
			sqlite3_bind_int64(s, 1, d->cutoff);
			if (sqlite3_step(s) != SQLITE_DONE ||
			    db_exec(d->db, "DELETE FROM keys WHERE n NOT IN (SELECT n FROM items)") < 0 ||
			    db_commit(d->db) < 0) {
				db_report(d->db, "forgetting expired items");
				goto fail;
			}
			d->st.expired = old;
		}
	}
	return d;
fail:
	db_close(d->db);
	free(d);
	return NULL;
}

/* Run sql, whose parameters are the n integers of v: 0, or -1 reported
 * with what. */
static int
exec_ints(struct dedupe *d, const char *sql, int n, const sqlite3_int64 *v, const char *what)
{
	sqlite3_stmt *s = db_stmt(d->db, sql);
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		sqlite3_bind_int64(s, i + 1, v[i]);
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_report(d->db, what);
		return -1;
	}
	return 0;
}

/* Without state: forget the items before the window (every quarter
 * window, so that the scan of the keys is paid rarely). */
static int
window_purge(struct dedupe *d)
{
	sqlite3_int64 lo = d->last_n - d->o.window;
	if (d->o.state || lo - d->purged_n < d->o.window / 4 + 1)
		return 0;
	if (exec_ints(d, "DELETE FROM items WHERE n <= ?", 1, &lo, "window") < 0 ||
	    exec_ints(d, "DELETE FROM keys WHERE n <= ?", 1, &lo, "window") < 0)
		return -1;
	d->purged_n = lo;
	return 0;
}

/* The live item n: 1 and its row in the statement *out (stepped), 0
 * when it expired or left the window, -1 on error. */
static int
item_get(struct dedupe *d, sqlite3_int64 n, sqlite3_stmt **out)
{
	if (!d->o.state && n <= d->last_n - d->o.window)
		return 0;
	sqlite3_stmt *s = db_stmt(d->db, "SELECT story, seen, nsh, sketch FROM items WHERE n = ?");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, n);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return db_report(d->db, "reading an item"), -1;
	if (d->cutoff >= 0 && sqlite3_column_int64(s, 1) < d->cutoff)
		return 0;
	*out = s;
	return 1;
}

/* The item a key points to: 1 and *n, 0 none, -1 error. */
static int
key_get(struct dedupe *d, sqlite3_int64 k, sqlite3_int64 *n)
{
	sqlite3_stmt *s = db_stmt(d->db, "SELECT n FROM keys WHERE k = ?");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, k);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*n = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		return 1;
	}
	if (rc == SQLITE_DONE)
		return 0;
	db_report(d->db, "looking up a key");
	return -1;
}

static const char *
body_of(const cJSON *rec, size_t *n)
{
	static const char *const fields[] = { F_CONTENT, F_SUMMARY, F_TITLE };
	for (int i = 0; i < 3; i++) {
		const char *s = rec_str(rec, fields[i]);
		if (s && !str_empty(s)) {
			*n = strlen(s);
			return s;
		}
	}
	*n = 0;
	return NULL;
}

/* Judge the item a key points to (a live hit): an exact key decides at
 * once; a near one when the sketches agree over the threshold. */
static void
judge(struct dedupe *d, const struct key *k, int exact, sqlite3_stmt *s,
    const struct fp *f, struct dedupe_match *m, double *best, int *found)
{
	if (*found && *best < 0)
		return;                 /* an exact key matched already */
	if (exact) {
		*found = 1;
		*best = -1;
		m->key = kind_name[k->kind];
		free(m->story);
		m->story = xstrdup((const char *)sqlite3_column_text(s, 0));
		m->distance = 0;
		return;
	}
	const void *blob = sqlite3_column_blob(s, 3);
	int nb = sqlite3_column_bytes(s, 3) / (int)sizeof(uint32_t);
	if (nb > FP_K)
		nb = FP_K;
	uint32_t sk[FP_K];
	if (nb)
		memcpy(sk, blob, (size_t)nb * sizeof *sk);
	int samples;
	double c = fp_containment(f->sk, f->nsk, f->nshingles, sk, nb,
	    (uint32_t)sqlite3_column_int64(s, 2), &samples);
	if (samples < NEAR_MIN_SAMPLES) {
		if (k->kind != K_LEAD || (samples && c < 1))
			return;
		if (!samples)
			c = 1;
	}
	if (c < d->o.threshold || c <= *best)
		return;
	*best = c;
	*found = 1;
	m->key = kind_name[k->kind];
	free(m->story);
	m->story = xstrdup((const char *)sqlite3_column_text(s, 0));
	m->distance = 1 - c;
}

static int
step_done(struct dedupe *d, sqlite3_stmt *s, const char *what)
{
	if (!s)
		return -1;
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_report(d->db, what);
		return -1;
	}
	return 0;
}

int
dedupe_check(struct dedupe *d, const cJSON *rec, struct dedupe_match *m)
{
	memset(m, 0, sizeof *m);
	d->st.checked++;
	struct key keys[3 + 1 + FP_BANDS];
	int nk = 0;
	const char *id = rec_str(rec, F_ID), *url = rec_str(rec, F_URL);
	if (id && *id)
		keys[nk++] = (struct key){ K_ID, key_of(K_ID, fp_hash(id, strlen(id), 0)), 0 };
	/* A change of a watched page (veille(7), PAGE-CHANGE WATCH) shares
	 * its URL and most of its text with the page's earlier changes:
	 * only its id tells it apart. */
	const char *kind = rec_str(rec, F_KIND);
	if (kind && !strcmp(kind, "change"))
		url = NULL;
	char *cu = url ? canon_url(url) : NULL;
	if (cu)
		keys[nk++] = (struct key){ K_URL, key_of(K_URL, fp_hash(cu, strlen(cu), 0)), 0 };
	free(cu);
	size_t bn;
	const char *body = kind && !strcmp(kind, "change") ? NULL : body_of(rec, &bn);
	if (!body)
		bn = 0;
	struct fp f;
	fp_compute(&f, body ? body : "", bn);
	if (f.nwords >= TEXT_MIN_WORDS)
		keys[nk++] = (struct key){ K_TEXT, key_of(K_TEXT, f.text), 0 };
	int nexact = nk;
	if (!d->o.no_near) {
		if (f.lead && f.nsk)
			keys[nk++] = (struct key){ K_LEAD, key_of(K_LEAD, f.lead), 0 };
		for (int i = 0; i < f.nbands; i++)
			keys[nk++] = (struct key){ K_BAND, key_of(K_BAND, f.band[i]), 0 };
	}
	if (!nk)
		return 0;

	/* The item is written first (as its own story), and each key is
	 * inserted pointing to it: a new key, most of them, costs one
	 * B-tree descent; a key already there is then read. The row is
	 * given the story found, or taken back when every key was known. */
	const char *own = id && *id ? id : url;
	sqlite3_int64 n = 0;
	if (own && *own) {
		if (db_write(d->db) < 0)
			goto fail;
		sqlite3_stmt *s = db_stmt(d->db,
		    "INSERT INTO items(story, seen, nsh, sketch) VALUES (?, ?, ?, ?)");
		if (!s)
			goto fail;
		sqlite3_bind_text(s, 1, own, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, d->now);
		sqlite3_bind_int64(s, 3, f.nshingles);
		if (f.nsk)
			sqlite3_bind_blob(s, 4, f.sk, f.nsk * (int)sizeof(uint32_t), SQLITE_STATIC);
		if (step_done(d, s, "remembering an item") < 0)
			goto fail;
		n = sqlite3_last_insert_rowid(db_sqlite(d->db));
	}
	int found = 0, fresh = 0;
	double best = -1;
	for (int i = 0; i < nk; i++) {
		if (n) {
			sqlite3_int64 kn[2] = { keys[i].k, n };
			if (exec_ints(d, "INSERT OR IGNORE INTO keys(k, n) VALUES (?, ?)", 2, kn,
			    "remembering a key") < 0)
				goto fail;
			if (sqlite3_changes(db_sqlite(d->db))) {
				fresh++;
				continue;
			}
		}
		sqlite3_int64 hit;
		int r = key_get(d, keys[i].k, &hit);
		if (r < 0)
			goto fail;
		if (!r)
			continue;
		sqlite3_stmt *s;
		r = item_get(d, hit, &s);
		if (r < 0)
			goto fail;
		if (r) {
			judge(d, &keys[i], i < nexact, s, &f, m, &best, &found);
			continue;
		}
		/* expired, or out of the window: the key is this item's now */
		if (n) {
			sqlite3_int64 nk2[2] = { n, keys[i].k };
			if (exec_ints(d, "UPDATE keys SET n = ? WHERE k = ?", 2, nk2,
			    "remembering a key") < 0)
				goto fail;
			fresh++;
		}
	}
	if (n && !fresh) {
		if (exec_ints(d, "DELETE FROM items WHERE n = ?", 1, &n, "remembering an item") < 0)
			goto fail;
	} else if (n && found && strcmp(m->story, own)) {
		sqlite3_stmt *s = db_stmt(d->db, "UPDATE items SET story = ? WHERE n = ?");
		if (!s)
			goto fail;
		sqlite3_bind_text(s, 1, m->story, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, n);
		if (step_done(d, s, "remembering an item") < 0)
			goto fail;
	}
	if (n && fresh)
		d->last_n = n;
	if (n && window_purge(d) < 0)
		goto fail;
	if (found) {
		d->st.dups++;
		switch (*m->key) {
		case 'i': d->st.by_id++; break;
		case 'u': d->st.by_url++; break;
		case 't': d->st.by_text++; break;
		case 'l': d->st.by_lead++; break;
		default: d->st.by_near++; break;
		}
	}
	return found;
fail:
	free(m->story);
	m->story = NULL;
	return -1;
}

int
dedupe_sync_due(struct dedupe *d)
{
	return db_in_batch(d->db) && monotonic_ms() - d->synced_ms >= DEDUPE_SYNC_MS;
}

int
dedupe_sync(struct dedupe *d)
{
	d->synced_ms = monotonic_ms();
	return db_commit(d->db);
}

void
dedupe_get_stats(struct dedupe *d, struct dedupe_stats *s)
{
	*s = d->st;
	sqlite3_stmt *q = db_stmt(d->db, "SELECT count(*) FROM items");
	if (q && sqlite3_step(q) == SQLITE_ROW)
		s->items = sqlite3_column_int64(q, 0);
	if (q)
		sqlite3_reset(q);
	q = db_stmt(d->db, "SELECT count(*) FROM keys");
	if (q && sqlite3_step(q) == SQLITE_ROW)
		s->keys = sqlite3_column_int64(q, 0);
	if (q)
		sqlite3_reset(q);
	q = db_stmt(d->db, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
	if (q && sqlite3_step(q) == SQLITE_ROW)
		s->bytes = sqlite3_column_int64(q, 0);
	if (q)
		sqlite3_reset(q);
}

int
dedupe_close(struct dedupe *d)
{
	if (!d)
		return 0;
	int r = db_close(d->db);
	free(d);
	return r;
}
