/* veille-dedupe — each story once: drop (or, with --mark, mark) the
 * items that copy one seen before, in this run or, with --state, in an
 * earlier one. See veille-dedupe(1); the logic is lib/dedupe.c. */
#include "cli.h"
#include "dedupe.h"
#include "fields.h"
#include "msg.h"
#include "ndjson.h"
#include "progress.h"
#include "record.h"
#include "util.h"
#include "when.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { O_STATE = 's', O_TTL = 't', O_WINDOW = 'w', O_MARK = 'm', O_EXPLAIN = 'e',
	O_THRESHOLD = 256, O_EXACT, O_STATS, O_QUIET = 'q', O_UNBUF = 'u' };

static const struct cli_opt opts[] = {
	{ "state", 's', "FILE", "remember items across runs in FILE (SQLite)", O_STATE },
	{ "ttl", 't', "DURATION", "with --state: forget items first seen longer ago (30d, 12h)", O_TTL },
	{ "window", 'w', "N", "without --state: remember the last N items (default 100000)", O_WINDOW },
	{ "mark", 'm', NULL, "keep every item; add duplicate_of to copies", O_MARK },
	{ "explain", 'e', NULL, "with --mark: add duplicate_key and duplicate_distance", O_EXPLAIN },
	{ "threshold", 0, "X", "share of the shorter text found in the other for a near copy (default 0.7)", O_THRESHOLD },
	{ "exact", 0, NULL, "exact keys only (id, URL, text): no near-duplicate detection", O_EXACT },
	{ "stats", 0, NULL, "at the end, report counts and the state's size on stderr", O_STATS },
	{ "quiet", 'q', NULL, "no progress line", O_QUIET },
	{ "unbuffered", 'u', NULL, "flush every record", O_UNBUF },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct cli cli = {
	"veille-dedupe",
	"[-emqu] [-s file [-t ttl]] [-w n] [--threshold x] [--exact] [--stats] [file ...]",
	"Read item records and write each story once: a copy of an item seen before\n"
	"(same id, same canonical URL, same or nearly the same text) is dropped, or\n"
	"with --mark written with duplicate_of, the id of the first copy.",
	opts,
	"input: FILE arguments, or stdin (\"-\" is stdin).\n",
};

static int mark, explain;

/* The line (its bytes, without the newline) with the match's fields
 * added before its closing brace, or rebuilt when it has them already. */
static int
write_marked(const char *line, size_t n, cJSON *rec, const struct dedupe_match *m)
{
	if (!m->story)
		return out_write_raw(line, n);
	if (cJSON_GetObjectItemCaseSensitive(rec, F_DUPLICATE_OF) ||
	    cJSON_GetObjectItemCaseSensitive(rec, F_DUPLICATE_KEY) ||
	    cJSON_GetObjectItemCaseSensitive(rec, F_DUPLICATE_DISTANCE)) {
		cJSON_DeleteItemFromObjectCaseSensitive(rec, F_DUPLICATE_KEY);
		cJSON_DeleteItemFromObjectCaseSensitive(rec, F_DUPLICATE_DISTANCE);
		rec_set_str(rec, F_DUPLICATE_OF, m->story);
		if (explain) {
			rec_set_str(rec, F_DUPLICATE_KEY, m->key);
			rec_set_num(rec, F_DUPLICATE_DISTANCE, (double)(int)(m->distance * 1000 + 0.5) / 1000);
		}
		return out_write(rec);
	}
	size_t end = n;
	while (end && line[end - 1] != '}')
		end--;
	if (!end)
		return out_write_raw(line, n);
	end--;
	size_t open = end;
	while (open && (line[open - 1] == ' ' || line[open - 1] == '\t' || line[open - 1] == '\n' ||
	    line[open - 1] == '\r'))
		open--;
	struct buf b;
	buf_init(&b);
	buf_add(&b, line, end);
	cJSON *s = cJSON_CreateString(m->story);
	char *js = cJSON_PrintUnformatted(s);
	buf_printf(&b, "%s\"" F_DUPLICATE_OF "\":%s", line[open - 1] == '{' ? "" : ",", js);
	free(js);
	cJSON_Delete(s);
	if (explain)
		buf_printf(&b, ",\"" F_DUPLICATE_KEY "\":\"%s\",\"" F_DUPLICATE_DISTANCE "\":%g",
		    m->key, (double)(int)(m->distance * 1000 + 0.5) / 1000);
	buf_add(&b, line + end, n - end);
	int r = out_write_raw(b.data, b.len);
	buf_free(&b);
	return r;
}

static unsigned long nread, ndups;
static int state_failed;

/* One line: written through unless a duplicate (then marked or left
 * out); bad lines go through unchanged. */
static int
run(void *arg, struct ndjson_reader *r, cJSON *rec)
{
	struct dedupe *d = arg;
	size_t n = r->textlen;
	while (n && (r->text[n - 1] == '\n'))
		n--;
	nread++;
	if (!rec) {
		out_write_raw(r->text, n);
		return 0;
	}
	struct dedupe_match m;
	int dup = 0;
	if (!state_failed && !cJSON_GetObjectItemCaseSensitive(rec, F_ERROR)) {
		dup = dedupe_check(d, rec, &m);
		if (dup < 0) {
			state_failed = 1;
			dup = 0;
			msg_warn(ndjson_where(r), "the rest is written unchecked");
		}
	}
	if (!dup)
		out_write_raw(r->text, n);
	else if (mark)
		write_marked(r->text, n, rec, &m);
	if (dup)
		free(m.story);
	/* the state remembers only what is out */
	if (!state_failed && dedupe_sync_due(d) && (out_finish() < 0 || dedupe_sync(d) < 0))
		state_failed = 1;
	ndups += dup > 0;
	if (!(nread & 1023))
		progress_update(0, "%lu items, %lu duplicates", nread, ndups);
	return 0;
}

/* --stats: what was read and found, what the state holds. */
static void
print_stats(struct dedupe *d, const struct dedupe_opts *o)
{
	struct dedupe_stats st;
	dedupe_get_stats(d, &st);
	fprintf(stderr, "veille-dedupe: %lu items read, %lu duplicates (id %lu, url %lu, "
	    "text %lu, lead %lu, near %lu)\n", nread, st.dups, st.by_id, st.by_url,
	    st.by_text, st.by_lead, st.by_near);
	fprintf(stderr, "veille-dedupe: %s: %lld items, %lld keys, %lld bytes%s",
	    o->state ? o->state : "memory", st.items, st.keys, st.bytes,
	    st.expired ? "" : "\n");
	if (st.expired)
		fprintf(stderr, ", %lld expired items forgotten\n", st.expired);
}

int
main(int argc, char **argv)
{
	struct dedupe_opts o = { 0 };
	int ch, unbuffered = 0, quiet = 0, stats = 0;
	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case O_STATE: o.state = cli_arg; break;
		case O_TTL:
			if (when_duration(cli_arg, &o.ttl) < 0 || o.ttl <= 0)
				cli_die_usage(&cli, "--ttl: '%s' is not a duration (30d, 12h, 90m)", cli_arg);
			break;
		case O_WINDOW: o.window = cli_long(&cli, "--window", cli_arg, 1, 100000000); break;
		case O_MARK: mark = 1; break;
		case O_EXPLAIN: explain = mark = 1; break;
		case O_THRESHOLD: {
			char *e;
			errno = 0;
			o.threshold = strtod(cli_arg, &e);
			if (errno || e == cli_arg || *e || !(o.threshold > 0 && o.threshold <= 1))
				cli_die_usage(&cli, "--threshold: '%s' is not a number above 0 and at most 1",
				    cli_arg);
			break;
		}
		case O_EXACT: o.no_near = 1; break;
		case O_STATS: stats = 1; break;
		case O_QUIET: quiet = 1; break;
		case O_UNBUF: unbuffered = 1; break;
		}
	}
	if (o.ttl && !o.state)
		cli_die_usage(&cli, "--ttl needs --state (without it, --window bounds the memory)");
	if (o.window && o.state)
		cli_die_usage(&cli, "--window is for runs without --state (with it, --ttl forgets)");
	argc -= cli_ind;
	argv += cli_ind;
	progress_init(quiet ? -1 : 0);
	struct dedupe *d = dedupe_open(&o);
	if (!d)
		return EXIT_SOME_FAILED;
	out_init(unbuffered);
	int status = rec_inputs_each(argc, argv, run, d);
	progress_clear();
	if (stats)
		print_stats(d, &o);
	/* the output first: the state must not remember items not out */
	if (out_finish() < 0) {
		dedupe_close(d);
		return EXIT_SOME_FAILED;
	}
	int failed = dedupe_close(d) < 0 || state_failed;
	return status ? status : failed ? EXIT_SOME_FAILED : EXIT_OK;
}
