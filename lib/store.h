/* store.h — the archive of items: one SQLite file (lib/db.h) holding
 * each item's current version as its JSON record, the columns queries
 * filter on, a full-text index (FTS5) and the earlier versions.
 * See veille-store(1) for the schema and why it is shaped so. */
#ifndef VEILLE_STORE_H
#define VEILLE_STORE_H

#include <cjson/cJSON.h>
#include <stddef.h>

struct store;

/* The database path: path when given, else $VEILLE_DB, else
 * $XDG_DATA_HOME/veille/veille.db (XDG_DATA_HOME defaulting to
 * ~/.local/share). malloc'd. */
char *store_path(const char *path);

/* Open (and, for writing, create with its directory and migrate) the
 * store at path. NULL on failure, reported naming the file. */
enum { STORE_READONLY = 1 };
struct store *store_open(const char *path, int flags);
/* Commit what is pending and close: 0, or -1 (reported). */
int store_close(struct store *s);

/* What store_put did with an item. */
enum store_put_result {
	STORE_FAILED = -1,   /* a database error (reported) */
	STORE_ADDED,         /* a new id */
	STORE_UPDATED,       /* the same text, other fields changed: replaced */
	STORE_NEW_VERSION,   /* its text changed: the earlier one went to history */
	STORE_OLD_VERSION,   /* an earlier version than the current one: history */
	STORE_SAME,          /* already there as it is: nothing written */
};
/* Upsert one item: rec is the parsed record (it must have a string
 * "id"), json its compact text (without "stored_at"). Writes go in
 * batched transactions: call store_tick after each item. */
enum store_put_result store_put(struct store *s, const cJSON *rec, const char *json, size_t len);
int store_tick(struct store *s);

/* What a query selects. Repeating a filter ORs its values; different
 * filters AND together. Times are seconds since the epoch. */
#define STORE_MAX_VALUES 16
struct store_filter {
	int has_since, has_until;
	long long since, until;                  /* since <= time < until */
	const char *tag[STORE_MAX_VALUES];       int ntag;
	const char *source[STORE_MAX_VALUES];    int nsource;
	const char *lang[STORE_MAX_VALUES];      int nlang;
	const char *sentiment[STORE_MAX_VALUES]; int nsentiment;
	const char *platform[STORE_MAX_VALUES];  int nplatform;
	const char *search;                      /* full-text query, or NULL */
	const char *fts;                         /* and an FTS5 query (store_rule_fts) */
	long limit;                              /* 0: no limit */
	int order_rank;                          /* by relevance (needs search) */
};

/* The search text as an FTS5 query: words, "phrases", word* prefixes,
 * AND, OR, NOT and parentheses kept; a word FTS5 would not take as a
 * bare word (l'État, covid-19) quoted. malloc'd. */
char *store_fts_query(const char *text);

/* An FTS5 query that every item a veille-rules(5) query tree matches
 * also matches (fewer candidates for the matcher to try), or NULL when
 * the index cannot narrow them: NOT, field predicates, wildcards, words
 * outside ASCII (whose folding FTS5 may not do as text_fold does),
 * author: and handle:. malloc'd. */
struct rnode;
char *store_rule_fts(const struct rnode *nd);

/* Each selected item, newest first (or by rank): fn gets its JSON
 * text and when it was stored, and returns 0 to go on, 1 to stop, -1
 * on error. Returns 0, or -1 (reported; an invalid --search says why). */
typedef int (*store_item_fn)(void *arg, const char *json, size_t len, const char *stored_at);
int store_query(struct store *s, const struct store_filter *f, store_item_fn fn, void *arg);

/* The versions of one item, oldest first, the current one last: each
 * record with text_sha256, stored_at and, for the earlier ones,
 * superseded_at. 0 when there is none. */
typedef int (*store_rec_fn)(void *arg, cJSON *rec);
int store_history(struct store *s, const char *id, store_rec_fn fn, void *arg);

/* Counts over the selected items (search, limit and order ignored):
 * records {"stat": "day"|"hour"|"source"|"tag"|"lang"|"sentiment"|
 * "platform", "key": ..., "count": N} and, for each story with echoes,
 * {"stat": "story", "key": ID, "title": ..., "count": N, "echoes": N,
 * "sources": N}. 0 or -1. */
int store_stats(struct store *s, const struct store_filter *f, store_rec_fn fn, void *arg);

/* Run one read-only statement; each row as an object of its columns
 * (a NULL column left out). 0, or -1 (reported). */
int store_sql(struct store *s, const char *sql, store_rec_fn fn, void *arg);

/* Delete the items whose time is before `before`, with their history,
 * and the earlier versions superseded before it. The number of items
 * deleted, or -1. */
long store_prune(struct store *s, long long before);
/* Optimise the full-text index and VACUUM the file. 0 or -1. */
int store_vacuum(struct store *s);

#endif
