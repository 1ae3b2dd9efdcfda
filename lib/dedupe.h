/* dedupe.h — is this item a copy of one seen before? The memory of
 * veille-dedupe: exact keys (the id, the canonical URL of lib/canon.h,
 * the hash of the folded text) and the near-duplicate keys of
 * lib/fingerprint.h (the lead, the MinHash bands), each pointing to the
 * item that gave it and through it to the story (the first copy).
 *
 * Kept in SQLite (lib/db.h): a state file (--state: WAL, crash-safe,
 * shared with other writers, forgetting items older than a TTL) or an
 * in-memory database holding the last `window` items only.
 *
 *   items(n INTEGER PRIMARY KEY, story, seen, nsh, sketch)
 *   keys(k INTEGER PRIMARY KEY, n)  -- k: 64-bit hash of kind and key
 *
 * A key is looked up by its primary key, a B-tree search whatever the
 * number of entries. */
#ifndef VEILLE_DEDUPE_H
#define VEILLE_DEDUPE_H

#include <cjson/cJSON.h>
#include <stdio.h>

#define DEDUPE_THRESHOLD 0.7
#define DEDUPE_WINDOW 100000

struct dedupe_opts {
	const char *state;      /* NULL: in memory, bounded by window */
	long window;            /* items remembered without state */
	long long ttl;          /* seconds; 0: forever */
	double threshold;       /* containment from which a text is a copy */
	int no_near;            /* exact keys only */
};

/* What dedupe_check found: the key kind that matched ("id", "url",
 * "text", "lead", "near"), the story it belongs to, and the distance
 * (0 for exact keys; 1 - containment for near ones). */
struct dedupe_match {
	const char *key;
	char *story;            /* malloc'd; NULL when the story has no id */
	double distance;
};

struct dedupe_stats {
	unsigned long checked, dups, by_id, by_url, by_text, by_lead, by_near;
	long long items, keys, bytes, expired;
};

struct dedupe;

/* NULL on failure (reported). */
struct dedupe *dedupe_open(const struct dedupe_opts *o);
/* 1: rec is a copy (*m filled, free m->story), 0: new (remembered),
 * -1: state error (reported). */
int dedupe_check(struct dedupe *d, const cJSON *rec, struct dedupe_match *m);
/* The state is committed in batches, and only when the records judged
 * so far are out: else a crash after a commit would lose the items the
 * state says were seen and the output never had. The caller writes its
 * records, then when dedupe_sync_due says so (a batch DEDUPE_SYNC_MS
 * old), flushes its output and calls dedupe_sync. 0, or -1 reported. */
#define DEDUPE_SYNC_MS 1000
int dedupe_sync_due(struct dedupe *d);
int dedupe_sync(struct dedupe *d);
/* Counts of this run and the size of the state. */
void dedupe_get_stats(struct dedupe *d, struct dedupe_stats *s);
/* Commit and close (flush the output first): 0, or -1 if the last
 * commit failed. */
int dedupe_close(struct dedupe *d);

#endif
