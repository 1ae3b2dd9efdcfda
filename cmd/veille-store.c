/* veille-store — the SQLite archive of items: put, query, history,
 * stats, sql, prune, vacuum. See veille-store(1); the logic is in
 * lib/store.c. */
#include "cli.h"
#include "match.h"
#include "msg.h"
#include "ndjson.h"
#include "progress.h"
#include "fields.h"
#include "record.h"
#include "rules.h"
#include "store.h"
#include "util.h"
#include "when.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { O_TEE = 256, O_SINCE, O_UNTIL, O_TAG, O_SOURCE, O_LANG, O_SENTIMENT, O_PLATFORM,
	O_SEARCH, O_QUERY, O_LIMIT, O_ORDER, O_FORMAT, O_OLDER, O_QUIET = 'q', O_UNBUF = 'u' };

static const struct cli_opt opts[] = {
	{ "tee", 0, NULL, "put: also write the input lines to stdout", O_TEE },
	{ "since", 0, "WHEN", "items of this time or later: 12h, 2d, or RFC 3339", O_SINCE },
	{ "until", 0, "WHEN", "items before this time: 12h, 2d, or RFC 3339", O_UNTIL },
	{ "tag", 0, "TAG", "items with this tag (repeat: any of them)", O_TAG },
	{ "source", 0, "NAME", "items of this source title or label (repeatable)", O_SOURCE },
	{ "lang", 0, "LANG", "items in this language: fr is fr, fr-FR... (repeatable)", O_LANG },
	{ "sentiment", 0, "LABEL", "negative, neutral or positive (repeatable)", O_SENTIMENT },
	{ "platform", 0, "NAME", "items of this platform: mastodon, reddit... (repeatable)", O_PLATFORM },
	{ "search", 's', "TEXT", "full-text search of titles and texts (words, \"phrases\", OR, NOT, pre*)", O_SEARCH },
	{ "query", 0, "RULE", "items a veille-classify query matches (veille-rules(5))", O_QUERY },
	{ "limit", 'n', "N", "at most N items", O_LIMIT },
	{ "order", 0, "ORDER", "published (newest first, default) or rank (with --search)", O_ORDER },
	{ "format", 0, "FMT", "ndjson (default) or csv", O_FORMAT },
	{ "older-than", 0, "AGE", "prune: delete items older than AGE (180d)", O_OLDER },
	{ "unbuffered", 'u', NULL, "flush every record", O_UNBUF },
	{ "quiet", 'q', NULL, "no progress line", O_QUIET },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct cli cli = {
	"veille-store",
	"[-qu] put [--tee] [db] | query [filters] [--search text] [--query rule] [--limit n] "
	"[--order published|rank] [--format ndjson|csv] [db] | history db id | "
	"stats [filters] [db] | sql db statement | prune --older-than age [db] | vacuum [db]",
	"Keep items in a SQLite archive (upserted by id, earlier versions kept) and\n"
	"read them back: filters, full-text search, counts, SQL.",
	opts,
	"filters: --since --until --tag --source --lang --sentiment --platform.\n"
	"db: the argument, else $VEILLE_DB, else $XDG_DATA_HOME/veille/veille.db.\n",
};

static struct store_filter filt;
static const char *older_than, *rule;
static struct matcher *matcher;
static long nmatched;
static int tee, quiet, csv, unbuffered;

static void
add_value(const char **v, int *n, const char *opt)
{
	if (*n >= STORE_MAX_VALUES)
		cli_die_usage(&cli, "--%s: at most %d values", opt, STORE_MAX_VALUES);
	v[(*n)++] = cli_arg;
}

static long long
time_arg(const char *opt)
{
	long long t;
	if (when_time_or_ago(cli_arg, when_now(), &t) < 0)
		cli_die_usage(&cli, "--%s: '%s' is neither a duration (12h, 2d) nor a date",
		    opt, cli_arg);
	return t;
}

static void
options(int argc, char **argv)
{
	int ch;
	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case O_TEE: tee = 1; break;
		case O_SINCE: filt.since = time_arg("since"); filt.has_since = 1; break;
		case O_UNTIL: filt.until = time_arg("until"); filt.has_until = 1; break;
		case O_TAG: add_value(filt.tag, &filt.ntag, "tag"); break;
		case O_SOURCE: add_value(filt.source, &filt.nsource, "source"); break;
		case O_LANG: add_value(filt.lang, &filt.nlang, "lang"); break;
		case O_SENTIMENT: add_value(filt.sentiment, &filt.nsentiment, "sentiment"); break;
		case O_PLATFORM: add_value(filt.platform, &filt.nplatform, "platform"); break;
		case O_SEARCH: filt.search = cli_arg; break;
		case O_QUERY: rule = cli_arg; break;
		case O_LIMIT: filt.limit = cli_long(&cli, "--limit", cli_arg, 1, LONG_MAX); break;
		case O_ORDER:
			if (strcmp(cli_arg, "published") && strcmp(cli_arg, "rank"))
				cli_die_usage(&cli, "--order: published or rank, not '%s'", cli_arg);
			filt.order_rank = !strcmp(cli_arg, "rank");
			break;
		case O_FORMAT:
			if (strcmp(cli_arg, "ndjson") && strcmp(cli_arg, "csv"))
				cli_die_usage(&cli, "--format: ndjson or csv, not '%s'", cli_arg);
			csv = !strcmp(cli_arg, "csv");
			break;
		case O_OLDER: older_than = cli_arg; break;
		case O_QUIET: quiet = 1; break;
		case O_UNBUF: unbuffered = 1; break;
		}
	}
	if (filt.order_rank && !filt.search && !rule)
		cli_die_usage(&cli, "--order rank needs --search");
}

static int
write_rec(void *arg, cJSON *rec)
{
	if (arg)
		++*(long *)arg;
	return out_write(rec) < 0 ? -1 : 0;
}

static int
cmd_history(struct store *s, const char *id)
{
	long n = 0;
	if (store_history(s, id, write_rec, &n) < 0)
		return -1;
	if (!n)
		msg_warn(id, "no such item");
	return n ? 0 : -1;
}

/* put: every input line upserted; bad lines reported, counted, skipped. */
struct put {
	struct store *s;
	struct buf line;        /* the record as kept */
	unsigned long n[5], bad;
};

static int
put_one(void *arg, struct ndjson_reader *r, cJSON *rec)
{
	struct put *P = arg;
	if (tee && fwrite(r->text, 1, r->textlen, stdout) != r->textlen)
		return -1;
	if (!rec) {
		P->bad++;
		return 0;
	}
	/* the record as kept: compact, without a stored_at of its own */
	buf_reset(&P->line);
	if (cJSON_GetObjectItemCaseSensitive(rec, F_STORED_AT)) {
		cJSON_DeleteItemFromObjectCaseSensitive(rec, F_STORED_AT);
		char *p = cJSON_PrintUnformatted(rec);
		buf_adds(&P->line, p);
		free(p);
	} else {
		buf_add(&P->line, r->text, r->textlen);
		cJSON_Minify(P->line.data);
		P->line.len = strlen(P->line.data);
	}
	/* A failed fetch or document (error, error_code) is no item:
	 * reported where it failed, passed on by --tee, not stored. */
	if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(rec, F_ERROR)))
		return 0;
	enum store_put_result res = STORE_FAILED;
	if (!rec_str(rec, F_ID) || !*rec_str(rec, F_ID))
		msg_warn(ndjson_where(r), "no \"id\": not stored");
	else if ((res = store_put(P->s, rec, P->line.data, P->line.len)) == STORE_FAILED)
		msg_warn(ndjson_where(r), "not stored");
	if (res == STORE_FAILED || store_tick(P->s) < 0) {
		P->bad++;
		return res != STORE_FAILED ? -1 : 0;
	}
	P->n[res]++;
	progress_update(0, "%lu items: %lu added, %lu new versions", r->nrecords,
	    P->n[STORE_ADDED], P->n[STORE_NEW_VERSION]);
	return 0;
}

static int
cmd_put(struct store *s)
{
	static const char *what[] = { "added", "updated", "new versions", "old versions", "same" };
	struct put P = { .s = s };
	buf_init(&P.line);
	progress_init(quiet ? -1 : 0);
	rec_inputs_each(0, NULL, put_one, &P);
	progress_clear();
	buf_free(&P.line);
	if (!quiet && stderr_is_tty())
		for (int i = 0; i < 5; i++)
			fprintf(stderr, "%s%lu %s%s", i ? ", " : "veille-store: ", P.n[i], what[i],
			    i == 4 ? "\n" : "");
	return P.bad ? -1 : 0;
}

/* RFC 4180: a field with a comma, a quote or a line break is quoted. */
static void
csv_field(struct buf *b, const char *s)
{
	if (s && strpbrk(s, ",\"\r\n")) {
		buf_addc(b, '"');
		for (; *s; s++) {
			if (*s == '"')
				buf_addc(b, '"');
			buf_addc(b, *s);
		}
		buf_addc(b, '"');
	} else if (s) {
		buf_adds(b, s);
	}
}

static const char *const csv_cols[] = { F_ID, F_PUBLISHED, F_FETCHED_AT, F_SOURCE, F_PLATFORM,
	F_LANG, F_SENTIMENT, F_TAGS, F_TITLE, F_URL, F_AUTHOR, F_DUPLICATE_OF, F_STORED_AT, NULL };

static int
write_item(void *arg, const char *json, size_t len, const char *stored_at)
{
	(void)arg;
	cJSON *rec = cJSON_ParseWithLength(json, len);
	if (!rec) {
		msg_warn(NULL, "stored JSON unreadable: %s", msg_quote(json, 80));
		return -1;
	}
	if (matcher && !match_test(matcher, rec)) {
		cJSON_Delete(rec);
		return 0;
	}
	rec_set_str(rec, F_STORED_AT, stored_at);
	int r = 0;
	if (!csv) {
		r = out_write(rec);
	} else {
		struct buf b;
		buf_init(&b);
		for (int i = 0; csv_cols[i]; i++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, csv_cols[i]);
			char *tmp = NULL;
			if (i)
				buf_addc(&b, ',');
			if (cJSON_IsObject(v) && !strcmp(csv_cols[i], F_SOURCE))
				v = cJSON_GetObjectItemCaseSensitive(v, F_SOURCE_TITLE);
			else if (cJSON_IsObject(v) && !strcmp(csv_cols[i], F_SENTIMENT))
				v = cJSON_GetObjectItemCaseSensitive(v, F_SENTIMENT_LABEL);
			if (cJSON_IsArray(v)) {
				struct buf t;
				buf_init(&t);
				const cJSON *e;
				cJSON_ArrayForEach(e, v) if (cJSON_IsString(e)) {
					buf_adds(&t, t.len ? ";" : "");
					buf_adds(&t, e->valuestring);
				}
				tmp = buf_steal(&t);
			} else if (v && !cJSON_IsString(v) && !cJSON_IsNull(v)) {
				tmp = cJSON_PrintUnformatted(v);
			}
			csv_field(&b, tmp ? tmp : cJSON_IsString(v) ? v->valuestring : NULL);
			free(tmp);
		}
		buf_adds(&b, "\r\n");
		r = fwrite(b.data, 1, b.len, stdout) == b.len ? 0 : -1;
		buf_free(&b);
	}
	cJSON_Delete(rec);
	if (r < 0)
		return -1;
	/* with --query the matcher, not SQL, knows what counts */
	return matcher && filt.limit && ++nmatched >= filt.limit ? 1 : 0;
}

/* --query: the matcher decides; the full-text index narrows the
 * candidates when the query allows it. Errors exit 2. */
static void
compile_rule(void)
{
	struct buf errs;
	buf_init(&errs);
	matcher = match_new_query(rule, "--query", &errs);
	struct rnode *nd = matcher ? rules_parse_query(rule, strlen(rule), "--query", &errs) : NULL;
	if (!matcher || !nd) {
		/* "--query:1:12: expected ..." a line each */
		for (char *l = errs.data, *e; l && *l; l = e + 1) {
			e = strchr(l, '\n');
			if (!e)
				e = l + strlen(l) - 1;
			fprintf(stderr, "veille-store: %.*s\n", (int)(e - l + (*e != '\n')), l);
		}
		if (!errs.len)
			fprintf(stderr, "veille-store: --query: invalid query\n");
		exit(EXIT_USAGE);
	}
	filt.fts = store_rule_fts(nd);
	rnode_free(nd);
	buf_free(&errs);
}

static int
cmd_query(struct store *s)
{
	if (rule)
		compile_rule();
	if (csv) {
		for (int i = 0; csv_cols[i]; i++)
			printf("%s%s", i ? "," : "", csv_cols[i]);
		printf("\r\n");
	}
	struct store_filter f = filt;
	if (rule)
		f.limit = 0;   /* counted in write_item */
	int r = store_query(s, &f, write_item, NULL);
	match_free(matcher);
	free((char *)filt.fts);
	return r;
}

int
main(int argc, char **argv)
{
	static const char *cmds[] = { "put", "query", "history", "stats", "sql", "prune",
		"vacuum", NULL };
	options(argc, argv);
	out_init(unbuffered);
	argc -= cli_ind;
	argv += cli_ind;
	int c = 0;
	while (argc && cmds[c] && strcmp(cmds[c], argv[0]))
		c++;
	if (!argc || !cmds[c])
		cli_die_usage(&cli, argc ? "unknown command '%s'" : "a command is needed%s",
		    argc ? argv[0] : "");
	int nargs = c == 2 || c == 4 ? 2 : 0;   /* history db id, sql db statement */
	if (argc - 1 > (nargs ? nargs : 1) || (nargs && argc - 1 != nargs))
		cli_die_usage(&cli, "%s: wrong number of arguments", cmds[c]);
	if (c == 5 && !older_than)
		cli_die_usage(&cli, "prune needs --older-than");
	long long age = 0;
	if (older_than && when_duration(older_than, &age) < 0)
		cli_die_usage(&cli, "--older-than: '%s' is not a duration (180d)", older_than);
	char *path = store_path(argc > 1 ? argv[1] : NULL);
	int ro = c == 1 || c == 2 || c == 3 || c == 4;
	struct store *s = store_open(path, ro ? STORE_READONLY : 0);
	if (!s) {
		free(path);
		return EXIT_SOME_FAILED;
	}
	int r = 0;
	switch (c) {
	case 0: r = cmd_put(s); break;
	case 1: r = cmd_query(s); break;
	case 2: r = cmd_history(s, argv[2]); break;
	case 3: r = store_stats(s, &filt, write_rec, NULL); break;
	case 4: r = store_sql(s, argv[2], write_rec, NULL); break;
	case 5: {
		long n = store_prune(s, when_now() - age);
		if (n >= 0 && !quiet && stderr_is_tty())
			fprintf(stderr, "veille-store: %ld items pruned\n", n);
		r = n < 0 ? -1 : 0;
		break;
	}
	case 6: r = store_vacuum(s); break;
	}
	if (store_close(s) < 0)
		r = -1;
	free(path);
	if (out_finish() < 0)
		r = -1;
	return r < 0 ? EXIT_SOME_FAILED : EXIT_OK;
}
