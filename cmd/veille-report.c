/* veille-report — the digest of a window of items and alerts: HTML for
 * the press office, Markdown, text, JSON aggregates, or an Atom feed per
 * watch. See veille-report(1). */
#include "cli.h"
#include "msg.h"
#include "ndjson.h"
#include "progress.h"
#include "report.h"
#include "store.h"
#include "util.h"
#include "when.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

enum { O_FORMAT = 'f', O_OUTPUT = 'o', O_SINCE = 256, O_UNTIL, O_NOW, O_LANG, O_TITLE,
	O_TOP, O_TAGS, O_DB, O_QUIET = 'q' };

static const struct cli_opt opts[] = {
	{ "format", 'f', "FMT", "html, md, text, json or atom (default: from -o, else text on a terminal, json otherwise)", O_FORMAT },
	{ "output", 'o', "FILE", "write to FILE (replaced whole, never half-written)", O_OUTPUT },
	{ "since", 0, "WHEN", "start of the window: a duration before --until (12h, 7d) or a time (default 24h)", O_SINCE },
	{ "until", 0, "WHEN", "end of the window (default: now)", O_UNTIL },
	{ "now", 0, "TIME", "the time to report at, for reproducible reports (default: the clock, or $VEILLE_NOW)", O_NOW },
	{ "lang", 0, "LANG", "the report's own words: en or fr (default en)", O_LANG },
	{ "title", 0, "TEXT", "the report's title", O_TITLE },
	{ "top", 0, "N", "rows of each list and stories per watch (default 10)", O_TOP },
	{ "tags", 0, "A,B", "the watches (tags) to show, in this order (default: the most mentioned)", O_TAGS },
	{ "db", 0, "DB", "read the window (and the one before) from a veille-store archive, not stdin", O_DB },
	{ "quiet", 'q', NULL, "no progress line", O_QUIET },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct cli cli = {
	"veille-report",
	"[-qhV] [-f fmt] [-o file] [--since when] [--until when] [--now time] [--lang lang]\n"
	"\t[--title text] [--top n] [--tags a,b] [--db db | file ...]",
	"Read items and alert records (NDJSON) and write the report of a window:\n"
	"figures, volume per watch, tone, top stories with their echoes, sources,\n"
	"terms, alerts.",
	opts,
	"input: FILE arguments, or stdin (\"-\" is stdin).\n",
};

static const char *
format_of(const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	if (!dot)
		return NULL;
	static const char *const map[][2] = {
		{ ".html", "html" }, { ".htm", "html" }, { ".md", "md" }, { ".txt", "text" },
		{ ".json", "json" }, { ".atom", "atom" }, { ".xml", "atom" },
	};
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (!ascii_casecmp(dot, map[i][0]))
			return map[i][1];
	return NULL;
}

static int
term_width(void)
{
	struct winsize ws;
	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	const char *c = getenv("COLUMNS");
	return c && atoi(c) > 0 ? atoi(c) : 80;
}

/* One record of the inputs; bad lines are reported by the reader. */
static int
add_input(void *r, struct ndjson_reader *rd, cJSON *rec)
{
	if (!rec)
		return 0;
	report_add(r, rec);
	if (rd->nrecords % 4096 == 0)
		progress_update(0, "%lu records", rd->nrecords);
	return 0;
}

static struct report_opts o = { .top = 10, .lang = "en" };
static const char *fmt, *out, *db;
static int quiet;

/* The options, checked; argv's files left from cli_ind. */
static void
options(int argc, char **argv)
{
	const char *since = "24h", *until = NULL, *now = NULL;
	int ch;
	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case O_FORMAT: fmt = cli_arg; break;
		case O_OUTPUT: out = cli_arg; break;
		case O_SINCE: since = cli_arg; break;
		case O_UNTIL: until = cli_arg; break;
		case O_NOW: now = cli_arg; break;
		case O_LANG:
			if (strcmp(cli_arg, "en") && strcmp(cli_arg, "fr"))
				cli_die_usage(&cli, "--lang: '%s' is not en or fr", cli_arg);
			o.lang = cli_arg;
			break;
		case O_TITLE: o.title = cli_arg; break;
		case O_TOP: o.top = (int)cli_long(&cli, "top", cli_arg, 1, 1000); break;
		case O_TAGS:
			for (char *s = strtok(xstrdup(cli_arg), ","); s; s = strtok(NULL, ",")) {
				o.tags = xrealloc(o.tags, (size_t)(o.ntags + 1) * sizeof *o.tags);
				o.tags[o.ntags++] = str_trim(s);
			}
			break;
		case O_DB: db = cli_arg; break;
		case O_QUIET: quiet = 1; break;
		}
	}
	if (!fmt)
		fmt = out ? format_of(out) : isatty(1) ? "text" : "json";
	if (!fmt)
		cli_die_usage(&cli, "-o %s: give --format (no known extension)", out);
	if (strcmp(fmt, "html") && strcmp(fmt, "md") && strcmp(fmt, "text") &&
	    strcmp(fmt, "json") && strcmp(fmt, "atom"))
		cli_die_usage(&cli, "--format: '%s' is not html, md, text, json or atom", fmt);
	o.now = when_now();
	if (now && when_parse(now, &o.now) < 0)
		cli_die_usage(&cli, "--now: '%s' is not a time", now);
	o.until = o.now;
	if (until && when_time_or_ago(until, o.now, &o.until) < 0)
		cli_die_usage(&cli, "--until: '%s' is not a time or a duration", until);
	if (when_time_or_ago(since, o.until, &o.since) < 0)
		cli_die_usage(&cli, "--since: '%s' is not a time or a duration", since);
	if (o.since >= o.until)
		cli_die_usage(&cli, "--since must be before --until");
	if (db && argc > cli_ind)
		cli_die_usage(&cli, "--db reads the store: give no file");
}

/* The report in fmt, written to out or stdout: 0, or -1 (reported). */
static int
render(cJSON *agg)
{
	struct buf b;
	buf_init(&b);
	if (!strcmp(fmt, "json")) {
		char *s = cJSON_PrintUnformatted(agg);
		buf_adds(&b, s);
		buf_addc(&b, '\n');
		free(s);
	} else if (!strcmp(fmt, "html")) {
		report_html(&b, agg);
	} else if (!strcmp(fmt, "md")) {
		report_markdown(&b, agg);
	} else if (!strcmp(fmt, "atom")) {
		report_atom(&b, agg);
	} else {
		report_text(&b, agg, out ? 80 : term_width());
	}
	int failed = 0;
	if (out) {
		failed = file_replace(out, b.data ? b.data : "", b.len) < 0;
	} else if (fwrite(b.data ? b.data : "", 1, b.len, stdout) != b.len || fflush(stdout) != 0) {
		msg_warn(NULL, "write error");
		failed = 1;
	}
	buf_free(&b);
	return failed ? -1 : 0;
}

int
main(int argc, char **argv)
{
	options(argc, argv);
	argc -= cli_ind;
	argv += cli_ind;
	for (int i = 0; i < argc; i++) {
		struct stat st;
		if (strcmp(argv[i], "-") && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			msg_warn(argv[i], "Is a directory");
			return EXIT_USAGE;
		}
	}
	progress_init(quiet ? -1 : 0);

	struct report *r = report_new(&o);
	int status = EXIT_OK;
	if (db) {
		char *p = store_path(db);
		status = report_read_store(r, p) < 0 ? EXIT_USAGE : EXIT_OK;
		free(p);
	} else
		status = rec_inputs_each(argc, argv, add_input, r);
	progress_clear();
	cJSON *agg = report_result(r);
	int failed = render(agg) < 0;
	cJSON_Delete(agg);
	report_free(r);
	free(o.tags ? o.tags[0] : NULL);
	free(o.tags);
	if (status == EXIT_USAGE)
		return EXIT_USAGE;
	return failed || status ? EXIT_SOME_FAILED : EXIT_OK;
}
