/* db.c — see db.h */
#include "db.h"
#include "msg.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct cached {
	const char *sql;
	sqlite3_stmt *st;
};

struct db {
	sqlite3 *db;
	char *path;
	const struct db_schema *schema;
	struct cached *stmts;
	size_t nstmts, cap;
	int in_tx;              /* a batch transaction is open */
	int batch_count, batch_ms;
	int nwrites;            /* in the open batch */
	long long first_ms;     /* when the open batch began */
};

void
db_report(struct db *d, const char *what)
{
	msg_warn(d->path, "%s%s%s", what ? what : "", what ? ": " : "",
	    sqlite3_errmsg(d->db));
}

static int
busy(struct db *d)
{
	int rc = sqlite3_errcode(d->db) & 0xff;
	return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

/* sqlite3_exec that keeps quiet about busy errors when quiet_busy is set
 * (the caller retries), and reports anything else. */
static int
exec_q(struct db *d, const char *sql, int quiet_busy)
{
	char *m = NULL;
	if (sqlite3_exec(d->db, sql, NULL, NULL, &m) == SQLITE_OK)
		return 0;
	if (!(quiet_busy && busy(d)))
		msg_warn(d->path, "%s", m ? m : sqlite3_errmsg(d->db));
	sqlite3_free(m);
	return -1;
}

int
db_exec(struct db *d, const char *sql)
{
	return exec_q(d, sql, 0);
}

static int
user_version(struct db *d, int *v, int quiet_busy)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(d->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK) {
		if (!(quiet_busy && busy(d)))
			db_report(d, NULL);
		return -1;
	}
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int(s, 0);
	else if (!(quiet_busy && busy(d)))
		db_report(d, NULL);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : -1;
}

static void
free_db(struct db *d)
{
	for (size_t i = 0; i < d->nstmts; i++)
		sqlite3_finalize(d->stmts[i].st);
	free(d->stmts);
	sqlite3_close(d->db);
	free(d->path);
	free(d);
}

/* Bring the file from version *v to the schema's, one migration a
 * transaction. BEGIN IMMEDIATE re-reads the version under the write lock:
 * another process may have migrated meanwhile. */
static int
migrate(struct db *d, int *v, int quiet_busy)
{
	const struct db_schema *s = d->schema;
	while (*v < s->nmigrations) {
		if (exec_q(d, "BEGIN IMMEDIATE", quiet_busy) < 0)
			return -1;
		if (user_version(d, v, quiet_busy) < 0)
			goto fail;
		if (*v >= s->nmigrations) {
			exec_q(d, "COMMIT", quiet_busy);
			break;
		}
		char setv[48];
		snprintf(setv, sizeof setv, "PRAGMA user_version = %d", *v + 1);
		if (exec_q(d, s->migrations[*v], quiet_busy) < 0 ||
		    exec_q(d, setv, quiet_busy) < 0 || exec_q(d, "COMMIT", quiet_busy) < 0)
			goto fail;
		(*v)++;
	}
	return 0;
fail:
	sqlite3_exec(d->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

struct db *
db_open(const char *path, const struct db_schema *s, int flags)
{
	struct db *d = xcalloc(1, sizeof *d);
	d->path = xstrdup(path);
	d->schema = s;
	d->batch_count = DB_BATCH;
	d->batch_ms = DB_BATCH_MS;
	int ro = flags & DB_READONLY;
	int oflags = ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &d->db, oflags, NULL) != SQLITE_OK) {
		if (d->db)
			db_report(d, "cannot open");
		else
			msg_warn(path, "cannot open: out of memory");
		free_db(d);
		return NULL;
	}
	sqlite3_busy_timeout(d->db, DB_BUSY_MS);
	sqlite3_extended_result_codes(d->db, 1);

	/* Two processes creating the same file at once: switching to WAL
	 * takes a lock SQLite does not wait for through the busy handler,
	 * so the set-up is retried until the busy timeout. */
	int v = 0;
	long long give_up = monotonic_ms() + DB_BUSY_MS;
	for (;;) {
		int ok;
		if (ro)
			ok = user_version(d, &v, 1) == 0;
		else
			ok = exec_q(d, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", 1) == 0 &&
			    user_version(d, &v, 1) == 0 && (v > s->nmigrations || migrate(d, &v, 1) == 0);
		if (ok)
			break;
		if (!busy(d) || monotonic_ms() > give_up) {
			if (busy(d))
				db_report(d, "still locked after the busy timeout");
			free_db(d);
			return NULL;
		}
		struct timespec nap = { 0, 20 * 1000 * 1000 };
		nanosleep(&nap, NULL);
	}
	if (v > s->nmigrations) {
		msg_warn(path, "%s schema version %d is newer than this program's (%d)",
		    s->what, v, s->nmigrations);
		free_db(d);
		return NULL;
	}
	if (ro && v < s->nmigrations) {
		msg_warn(path, "%s schema version %d is older than this program's (%d): "
		    "open it once for writing to upgrade it", s->what, v, s->nmigrations);
		free_db(d);
		return NULL;
	}
	return d;
}

sqlite3 *
db_sqlite(struct db *d)
{
	return d->db;
}

const char *
db_path(const struct db *d)
{
	return d->path;
}

sqlite3_stmt *
db_stmt(struct db *d, const char *sql)
{
	for (size_t i = 0; i < d->nstmts; i++) {
		if (d->stmts[i].sql == sql) {
			sqlite3_reset(d->stmts[i].st);
			sqlite3_clear_bindings(d->stmts[i].st);
			return d->stmts[i].st;
		}
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(d->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		db_report(d, NULL);
		return NULL;
	}
	if (d->nstmts == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->stmts = xrealloc(d->stmts, d->cap * sizeof *d->stmts);
	}
	d->stmts[d->nstmts].sql = sql;
	d->stmts[d->nstmts].st = st;
	d->nstmts++;
	return st;
}

void
db_set_batch(struct db *d, int count, int ms)
{
	d->batch_count = count > 0 ? count : 1;
	d->batch_ms = ms >= 0 ? ms : 0;
}

int
db_in_batch(const struct db *d)
{
	return d->in_tx;
}

int
db_write(struct db *d)
{
	if (!d->in_tx) {
		/* IMMEDIATE takes the write lock up front (waiting up to the
		 * busy timeout for another writer): no deadlock mid-batch. */
		if (sqlite3_exec(d->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
			db_report(d, "cannot write");
			return -1;
		}
		d->in_tx = 1;
		d->nwrites = 0;
		d->first_ms = monotonic_ms();
	}
	d->nwrites++;
	return 0;
}

int
db_commit(struct db *d)
{
	if (!d->in_tx)
		return 0;
	d->in_tx = 0;
	/* A statement left mid-rows would hold the transaction open. */
	for (size_t i = 0; i < d->nstmts; i++)
		sqlite3_reset(d->stmts[i].st);
	if (sqlite3_exec(d->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		db_report(d, "cannot commit");
		sqlite3_exec(d->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

int
db_tick(struct db *d)
{
	if (!d->in_tx)
		return 0;
	if (d->nwrites >= d->batch_count || monotonic_ms() - d->first_ms >= d->batch_ms)
		return db_commit(d);
	return 0;
}

int
db_close(struct db *d)
{
	if (!d)
		return 0;
	int rc = db_commit(d);
	free_db(d);
	return rc;
}
