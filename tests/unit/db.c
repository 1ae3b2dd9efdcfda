/* lib/db: creation, migrations, versions, batches, read-only opens. */
#include "tap.h"
#include "db.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const v1[] = {
	"CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)",
};
static const char *const v2[] = {
	"CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)",
	"ALTER TABLE t ADD COLUMN w TEXT; CREATE INDEX t_w ON t (w)",
};
static const struct db_schema s1 = { "test state", v1, 1 };
static const struct db_schema s2 = { "test state", v2, 2 };

/* The one integer a query gives, or -1. */
static int
int1(struct db *d, const char *sql)
{
	sqlite3_stmt *st = db_stmt(d, sql);
	int v = -1;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	return v;
}
#define version(d) int1(d, "PRAGMA user_version")
#define count(d) int1(d, "SELECT count(*) FROM t")

static int
put(struct db *d, const char *k, int v)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT OR REPLACE INTO t (k, v) VALUES (?1, ?2)");
	if (!st || db_write(d) < 0)
		return -1;
	sqlite3_bind_text(st, 1, k, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, v);
	return sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
}

int
main(void)
{
	veille_progname = "unit-db";
	char dir[] = "/tmp/veille-db-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	char *path = xasprintf("%s/state.db", dir);

	struct db *d = db_open(path, &s1, 0);
	ok(d != NULL, "a new file is created");
	ok(version(d) == 1, "and set to the schema's version");
	sqlite3_stmt *jm = db_stmt(d, "PRAGMA journal_mode");
	ok(jm && sqlite3_step(jm) == SQLITE_ROW &&
	    !strcmp((const char *)sqlite3_column_text(jm, 0), "wal"), "in WAL mode");
	const char *q = "SELECT 1";
	ok(db_stmt(d, q) == db_stmt(d, q), "the same literal gives the same statement");

	db_set_batch(d, 3, 60000);
	put(d, "a", 1);
	put(d, "b", 2);
	ok(db_in_batch(d), "two writes are in an open batch");
	ok(db_tick(d) == 0 && db_in_batch(d), "a tick before the count commits nothing");
	put(d, "c", 3);
	ok(db_tick(d) == 0 && !db_in_batch(d), "the third write fills the batch: committed");
	put(d, "d", 4);
	ok(db_close(d) == 0, "close commits the open batch");

	d = db_open(path, &s1, DB_READONLY);
	ok(d && count(d) == 4, "a read-only open sees the four rows");
	ok(d && put(d, "e", 5) < 0, "and cannot write");
	db_close(d);

	d = db_open(path, &s2, 0);
	ok(d && version(d) == 2, "a newer schema migrates the file forward");
	ok(d && count(d) == 4, "keeping its rows");
	db_close(d);

	fprintf(stderr, "# expected: a message about a newer schema\n");
	d = db_open(path, &s1, 0);
	ok(d == NULL, "an older program refuses a newer file");

	char *old = xasprintf("%s/old.db", dir);
	d = db_open(old, &s1, 0);
	db_close(d);
	fprintf(stderr, "# expected: a message about an older schema\n");
	d = db_open(old, &s2, DB_READONLY);
	ok(d == NULL, "a read-only open of an older file is refused (it needs a migration)");

	char *none = xasprintf("%s/no/such/dir/x.db", dir);
	fprintf(stderr, "# expected: a message naming the missing directory\n");
	ok(db_open(none, &s1, 0) == NULL, "a file in a missing directory is an error");

	char *junk = xasprintf("%s/junk.db", dir);
	FILE *fp = fopen(junk, "w");
	fputs("this is not a database, just text that is long enough to look like one\n", fp);
	fclose(fp);
	fprintf(stderr, "# expected: a message about a file that is not a database\n");
	ok(db_open(junk, &s1, 0) == NULL, "a file that is not a database is an error");

	char *cmd = xasprintf("rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", dir);
	free(cmd);
	free(path);
	free(old);
	free(none);
	free(junk);
	return tap_done();
}
