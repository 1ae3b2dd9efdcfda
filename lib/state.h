/* state.h — what veille remembers between runs, per URL, in SQLite.
 *
 * One row per URL: the validators of the last response (ETag,
 * Last-Modified), the SHA-256 of the last body, the last status and
 * fetch time, and a free-form cursor (e.g. the newest id seen by a
 * social-API collector, for since-id paging).
 *
 * The file is opened through lib/db (WAL mode, a busy timeout, the schema
 * version and its migrations), so several processes can
 * share it (readers never wait; a writer waits up to 10 s). Writes are
 * batched in memory and committed in one short transaction at least
 * every second or every STATE_BATCH writes (state_tick), and on
 * state_flush/state_close: a crash loses at most the uncommitted batch,
 * never the file. Lookups see the batch not yet committed.
 *
 * Version 2 adds one row a watched page (veille-parse --state, for
 * targets with "watch": "change"): the last watched text, compressed
 * with zlib, and the hashes of the last versions seen (lib/pagewatch.h).
 *
 * Errors are reported on stderr ("PROG: FILE: message") by these
 * functions; return values only say whether they happened. */
#ifndef VEILLE_STATE_H
#define VEILLE_STATE_H

#include <stddef.h>

#define STATE_SCHEMA_VERSION 2
#define STATE_BATCH 64
#define STATE_BATCH_MS 1000

struct state;

struct state_entry {
	char *etag;           /* NULL when none */
	char *last_modified;
	char *body_sha256;    /* 64 hex digits */
	char *fetched_at;     /* RFC 3339 UTC */
	long status;          /* 0 when unknown */
};

/* Open (creating if needed) the state file. NULL on failure (reported),
 * also when its schema is newer than this program knows. */
struct state *state_open(const char *path);

/* 1 and *e filled (free with state_entry_free), 0 if the URL is unknown,
 * -1 on error. */
int state_get(struct state *st, const char *url, struct state_entry *e);
void state_entry_free(struct state_entry *e);

/* Remember the fetch fields of e for url (the cursor is left alone).
 * Queued in the current batch; 0, or -1 if a due commit failed. */
int state_put(struct state *st, const char *url, const struct state_entry *e);

/* The cursor of url: 0 and *val (malloc'd, NULL when none), or -1. */
int state_get_cursor(struct state *st, const char *url, char **val);
/* Set (val non-NULL) or clear (NULL) the cursor of url; the fetch
 * fields are left alone. Batched like state_put. */
int state_set_cursor(struct state *st, const char *url, const char *val);

/* The watch row of a page: what veille-parse remembers of it. */
#define STATE_WATCH_MAX_TEXT (256 * 1024)   /* bytes of text kept, at most */
struct state_watch {
	char *body_sha256;    /* what the text was read from: pw_sync_key, or NULL */
	char *text;           /* the last watched text, NUL-terminated, or NULL */
	size_t text_len;      /* at most STATE_WATCH_MAX_TEXT */
	char *versions;       /* hashes of the last versions seen, newest first, ' ' between */
	char *changed_at;     /* RFC 3339: when the last change was reported */
};
/* 1 and *w filled (free with state_watch_free), 0 if url has no watch
 * row (or an unreadable one, reported), -1 on error. */
int state_watch_get(struct state *st, const char *url, struct state_watch *w);
/* Remember w for url (text compressed; a text over STATE_WATCH_MAX_TEXT
 * is refused: -1). Batched like state_put. */
int state_watch_put(struct state *st, const char *url, const struct state_watch *w);
void state_watch_free(struct state_watch *w);
/* Was the watch row of url made from what body_sha256 names (its
 * body_sha256 is that string: pagewatch.h's pw_sync_key of fetch's hash
 * of the body)? 1 yes, 0 no or no row, -1 error.
 * veille-fetch asks before it trusts its own state for a watched page:
 * when veille-parse did not get to the last body, it is fetched and
 * passed on again rather than marked unchanged. */
int state_watch_synced(struct state *st, const char *url, const char *body_sha256);

/* Commit the batch if it is due (STATE_BATCH writes or STATE_BATCH_MS
 * since the first one). Call often; cheap when nothing is due. */
int state_tick(struct state *st);
/* Commit the batch now. 0, or -1 (batch kept for a later try). */
int state_flush(struct state *st);
/* Milliseconds until the batch is due, -1 when the batch is empty. */
long state_due_in_ms(const struct state *st);
/* Flush and close. 0, or -1 if the last commit failed (batch lost). */
int state_close(struct state *st);

#endif
