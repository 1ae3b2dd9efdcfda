/* db.h — every SQLite file of veille (fetch state, dedupe state, alert
 * state, the store): WAL, busy_timeout, schema versions with forward
 * migrations, prepared statements, batched transactions.
 *
 * The file is in WAL mode (readers never wait for the writer) with
 * synchronous=NORMAL (a power cut may lose the last commits, never
 * corrupt the file) and a busy timeout of DB_BUSY_MS, so several
 * processes can share it. Writes go in batches committed in one short
 * transaction: a crash loses at most the batch not yet committed.
 *
 * Errors are reported on stderr as "PROG: PATH: message" by these
 * functions; return values only say whether they happened. */
#ifndef VEILLE_DB_H
#define VEILLE_DB_H

#include <sqlite3.h>

#define DB_BUSY_MS 10000
#define DB_BATCH 1000
#define DB_BATCH_MS 1000

struct db;

struct db_schema {
	const char *what;                 /* "dedupe state", for messages */
	const char *const *migrations;    /* migrations[i]: user_version i -> i+1 */
	int nmigrations;                  /* the current version */
};

enum { DB_READONLY = 1 };

/* NULL on failure, reported as "PROG: PATH: why". Creates the file (not
 * its directory) unless DB_READONLY, and runs the migrations from the
 * file's user_version up to nmigrations, each in its own transaction.
 * Refuses a file whose user_version is newer than nmigrations. A
 * read-only open of a file older than the schema is refused too (it
 * would need a migration). */
struct db *db_open(const char *path, const struct db_schema *s, int flags);
sqlite3 *db_sqlite(struct db *d);
const char *db_path(const struct db *d);

/* A statement prepared once per connection and cached (keyed by the sql
 * pointer: pass a string literal), reset and unbound, ready to bind.
 * NULL on error (reported). */
sqlite3_stmt *db_stmt(struct db *d, const char *sql);
/* Run one or more statements without results: 0, or -1 reported. */
int db_exec(struct db *d, const char *sql);
/* Report "PROG: PATH: what: sqlite's message" (what may be NULL). */
void db_report(struct db *d, const char *what);

/* Writes go in batches: call db_write(d) before each write statement (it
 * opens the batch's transaction when none is open, waiting for another
 * writer up to the busy timeout); db_tick(d) commits when the batch
 * holds `count` writes or is older than `ms` (DB_BATCH, DB_BATCH_MS by
 * default; db_set_batch changes them); db_commit(d) commits now (and
 * resets every cached statement: hold no rows across a commit).
 * 0, or -1 (reported; after a failed commit the batch is rolled back). */
int db_write(struct db *d);
int db_tick(struct db *d);
int db_commit(struct db *d);
void db_set_batch(struct db *d, int count, int ms);
/* Is a batch open (uncommitted writes)? */
int db_in_batch(const struct db *d);

/* Commit and close (NULL is fine). 0, or -1 if the last commit failed. */
int db_close(struct db *d);

#endif
