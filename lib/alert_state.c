/* alert_state.c — see alert_state.h. A series is one row: its numbers
 * as blobs of plain doubles (struct series_stats, struct hours: the file
 * is read by the machine that wrote it) and its open buckets as JSON. */
#include "alert_state.h"
#include "alert_int.h"
#include "msg.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char *const migrations[] = {
	"CREATE TABLE meta (start_b INTEGER NOT NULL, next_b INTEGER NOT NULL,"
	" wm INTEGER NOT NULL);"
	"CREATE TABLE series (kind INTEGER NOT NULL, key TEXT NOT NULL,"
	" stats BLOB NOT NULL, hours BLOB, open TEXT, PRIMARY KEY (kind, key));"
	"CREATE TABLE fired (kind INTEGER NOT NULL, id TEXT NOT NULL,"
	" at INTEGER NOT NULL, PRIMARY KEY (kind, id));"
	"CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	" channel TEXT NOT NULL, alert TEXT NOT NULL,"
	" tries INTEGER NOT NULL DEFAULT 0)",
};

const struct db_schema alert_state_schema = { "alert state", migrations, 1 };

int
alert_state_meta(struct db *d, long long v[3])
{
	sqlite3_stmt *st = db_stmt(d, "SELECT start_b, next_b, wm FROM meta");
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		for (int i = 0; i < 3; i++)
			v[i] = sqlite3_column_int64(st, i);
		sqlite3_reset(st);
		return 1;
	}
	if (rc != SQLITE_DONE) {
		db_report(d, "reading the position");
		return -1;
	}
	return 0;
}

static void
load_open(struct db *d, struct series *s, const char *json)
{
	cJSON *o = cJSON_Parse(json);
	const cJSON *e;
	if (!cJSON_IsArray(o)) {
		msg_warn(db_path(d), "open buckets of '%s' unreadable: ignored",
		    msg_quote(s->key, 80));
		cJSON_Delete(o);
		return;
	}
	cJSON_ArrayForEach(e, o) {
		const cJSON *b = cJSON_GetObjectItemCaseSensitive(e, "b");
		if (!cJSON_IsNumber(b))
			continue;
		struct slot *sl = alert_slot(s, (long long)b->valuedouble);
		sl->count = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(e, "c"));
		sl->neg = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(e, "n"));
		sl->nsent = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(e, "s"));
		const cJSON *it = cJSON_GetObjectItemCaseSensitive(e, "items");
		if (cJSON_IsArray(it)) {
			sl->items = cJSON_Duplicate(it, 1);
			sl->nitems = cJSON_GetArraySize(it);
		}
		const cJSON *x;
		cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(e, "src")) {
			const cJSON *nm = cJSON_GetArrayItem(x, 0), *ct = cJSON_GetArrayItem(x, 1);
			if (cJSON_IsString(nm) && cJSON_IsNumber(ct))
				alert_slot_source(sl, nm->valuestring, (int)ct->valuedouble);
		}
		cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(e, "d"))
			if (cJSON_IsNumber(x) && sl->nd < SLOT_DISTINCT)
				sl->dh[sl->nd++] = (uint32_t)x->valuedouble;
	}
	cJSON_Delete(o);
}

int
alert_state_load(struct db *d, struct alert *a)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT kind, key, stats, hours, open FROM series");
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int kind = sqlite3_column_int(st, 0);
		const char *key = (const char *)sqlite3_column_text(st, 1);
		const void *stats = sqlite3_column_blob(st, 2);
		int nstats = sqlite3_column_bytes(st, 2);
		const void *hours = sqlite3_column_blob(st, 3);
		int nhours = sqlite3_column_bytes(st, 3);
		const char *open = (const char *)sqlite3_column_text(st, 4);
		if (!key || (kind != S_KEY && kind != S_TERM) ||
		    nstats != (int)sizeof(struct series_stats) ||
		    (kind == S_KEY && nhours != (int)sizeof(struct hours))) {
			msg_warn(db_path(d), "a series of another format: ignored");
			continue;
		}
		struct series *s = alert_series_add(a, kind, key, strlen(key));
		memcpy(&s->st, stats, sizeof s->st);
		if (s->h)
			memcpy(s->h, hours, sizeof *s->h);
		if (open)
			load_open(d, s, open);
	}
	if (rc != SQLITE_DONE) {
		db_report(d, "reading the series");
		return -1;
	}
	return 0;
}

static char *
open_json(const struct series *s)
{
	if (!s->nslots)
		return NULL;
	cJSON *o = cJSON_CreateArray();
	for (int i = 0; i < s->nslots; i++) {
		const struct slot *sl = &s->slots[i];
		cJSON *e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "b", (double)sl->b);
		cJSON_AddNumberToObject(e, "c", sl->count);
		cJSON_AddNumberToObject(e, "n", sl->neg);
		cJSON_AddNumberToObject(e, "s", sl->nsent);
		if (sl->items)
			cJSON_AddItemToObject(e, "items", cJSON_Duplicate(sl->items, 1));
		cJSON *src = cJSON_AddArrayToObject(e, "src");
		for (int k = 0; k < sl->nsrc; k++) {
			cJSON *p = cJSON_CreateArray();
			cJSON_AddItemToArray(p, cJSON_CreateString(sl->src[k].name));
			cJSON_AddItemToArray(p, cJSON_CreateNumber(sl->src[k].count));
			cJSON_AddItemToArray(src, p);
		}
		cJSON *dh = cJSON_AddArrayToObject(e, "d");
		for (int k = 0; k < sl->nd; k++)
			cJSON_AddItemToArray(dh, cJSON_CreateNumber(sl->dh[k]));
		cJSON_AddItemToArray(o, e);
	}
	char *j = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return j;
}

int
alert_state_save(struct db *d, const long long *v, struct series *const *all, size_t n)
{
	if (db_write(d) < 0 || db_exec(d, "DELETE FROM series; DELETE FROM meta") < 0)
		return -1;
	if (v) {
		sqlite3_stmt *st = db_stmt(d, "INSERT INTO meta VALUES (?1, ?2, ?3)");
		if (!st)
			return -1;
		for (int i = 0; i < 3; i++)
			sqlite3_bind_int64(st, i + 1, v[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_report(d, "saving the position");
			return -1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct series *s = all[i];
		sqlite3_stmt *st = db_stmt(d, "INSERT INTO series VALUES (?1, ?2, ?3, ?4, ?5)");
		if (!st)
			return -1;
		sqlite3_bind_int(st, 1, s->kind);
		sqlite3_bind_text(st, 2, s->key, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 3, &s->st, sizeof s->st, SQLITE_STATIC);
		if (s->h)
			sqlite3_bind_blob(st, 4, s->h, sizeof *s->h, SQLITE_STATIC);
		char *open = open_json(s);
		if (open)
			sqlite3_bind_text(st, 5, open, -1, free);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_report(d, "saving a series");
			return -1;
		}
	}
	return db_commit(d);
}

int
alert_state_fired(struct db *d, int kind, const char *id, long long t)
{
	if (!d)
		return 0;
	sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM fired WHERE kind = ?1 AND id = ?2");
	if (!st)
		return 0;
	sqlite3_bind_int(st, 1, kind);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	int found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (found)
		return 1;
	if (db_write(d) < 0)
		return 0;
	st = db_stmt(d, "INSERT INTO fired VALUES (?1, ?2, ?3)");
	if (st) {
		sqlite3_bind_int(st, 1, kind);
		sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, t);
		if (sqlite3_step(st) != SQLITE_DONE)
			db_report(d, "recording an alert");
	}
	st = db_stmt(d, "DELETE FROM fired WHERE at < ?1");
	if (st) {
		sqlite3_bind_int64(st, 1, t - 30 * 86400LL);
		sqlite3_step(st);
	}
	return 0;
}
