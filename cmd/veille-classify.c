/* veille-classify — tag items with the watch queries they match, their
 * language and their tone. See veille-classify(1), veille-rules(5). */
#include "classify.h"
#include "cli.h"
#include "fields.h"
#include "match.h"
#include "msg.h"
#include "ndjson.h"
#include "progress.h"
#include "record.h"
#include "rules.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { O_RULES = 'r', O_CHECK = 256, O_EXPLAIN, O_ONLY, O_INVERT, O_NOLANG, O_NOSENT,
	O_UNBUF = 'u' };

static const struct cli_opt opts[] = {
	{ "rules", 'r', "FILE", "the watch queries (veille-rules(5)); repeatable", O_RULES },
	{ "check", 0, NULL, "only check the rules files (--rules or arguments), read no input", O_CHECK },
	{ "explain", 0, NULL, "add \"matches\": which terms matched, in which field, where", O_EXPLAIN },
	{ "only-matching", 0, NULL, "write only the items that match a rule", O_ONLY },
	{ "invert", 0, NULL, "write only the items that match no rule", O_INVERT },
	{ "no-lang", 0, NULL, "do not identify the language", O_NOLANG },
	{ "no-sentiment", 0, NULL, "do not measure the tone", O_NOSENT },
	{ "unbuffered", 'u', NULL, "flush every record (for tail -f pipelines)", O_UNBUF },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct cli cli = {
	"veille-classify",
	"[-hu] [-r rules]... [--explain] [--only-matching | --invert] [--no-lang] "
	"[--no-sentiment] [file ...] | --check rules...",
	"Add to every item the names of the watch queries it matches (tags,\n"
	"severity), its language (lang) and its tone (sentiment).",
	opts,
	"input: item records on stdin, or in the FILE arguments (\"-\" is stdin).\n",
};

static struct {
	const char **rfiles;    /* the rules files */
	int nrfiles, check, only, invert, unbuf;
	struct classify_opts c;
} opt;

static void
options(int argc, char **argv)
{
	int o;
	opt.rfiles = xcalloc((size_t)argc + 1, sizeof *opt.rfiles);
	while ((o = cli_getopt(&cli, argc, argv)) != -1) {
		switch (o) {
		case O_RULES: opt.rfiles[opt.nrfiles++] = cli_arg; break;
		case O_CHECK: opt.check = 1; break;
		case O_EXPLAIN: opt.c.explain = 1; break;
		case O_ONLY: opt.only = 1; break;
		case O_INVERT: opt.invert = 1; break;
		case O_NOLANG: opt.c.no_lang = 1; break;
		case O_NOSENT: opt.c.no_sentiment = 1; break;
		case O_UNBUF: opt.unbuf = 1; break;
		}
	}
	if (opt.only && opt.invert)
		cli_die_usage(&cli, "--only-matching and --invert exclude each other");
	if (opt.check)
		while (cli_ind < argc)
			opt.rfiles[opt.nrfiles++] = argv[cli_ind++];
	if (opt.check && !opt.nrfiles)
		cli_die_usage(&cli, "--check needs rules files");
	if ((opt.only || opt.invert || opt.c.explain) && !opt.nrfiles)
		cli_die_usage(&cli, "--only-matching, --invert and --explain need --rules");
}

/* Every rules file read and checked before any input: 0 and *m (NULL
 * without rules files), or -1 with the errors reported. */
static int
load_rules(struct rules *rs, struct matcher **m)
{
	struct buf errs;
	rules_init(rs);
	buf_init(&errs);
	int nerr = 0;
	*m = NULL;
	for (int i = 0; i < opt.nrfiles; i++)
		nerr += rules_load(rs, opt.rfiles[i], &errs);
	if (!nerr && opt.nrfiles && !(*m = match_new(rs, &errs)))
		nerr = 1;
	if (nerr) {
		fputs(errs.data, stderr);
		fprintf(stderr, "%s: %d error%s in the rules, nothing read\n", cli.name, nerr,
		    nerr == 1 ? "" : "s");
	}
	buf_free(&errs);
	return nerr ? -1 : 0;
}

/* Each item of one input classified and written; bad lines written
 * through unchanged (reported by the reader). Returns its bad lines. */
static unsigned long
classify_input(struct classify *c, FILE *fp, const char *name, struct buf *line)
{
	struct ndjson_reader r;
	ndjson_open(&r, fp, name);
	cJSON *item;
	int k;
	while ((k = ndjson_next(&r, &item)) != 0) {
		if (k < 0) {    /* reported: written through unchanged */
			out_write_raw(r.text, r.textlen);
			continue;
		}
		if (cJSON_GetObjectItemCaseSensitive(item, F_ERROR)) {
			out_write_raw(r.text, r.textlen);
		} else {
			buf_reset(line);
			int hit = classify_item(c, item, r.text, r.textlen, line) > 0;
			if ((!opt.only || hit) && (!opt.invert || !hit))
				out_write_raw(line->data, line->len);
		}
		cJSON_Delete(item);
		progress_update(0, "%lu records", r.nrecords);
	}
	unsigned long nbad = r.nbad_json;
	ndjson_close(&r);
	return nbad;
}

int
main(int argc, char **argv)
{
	options(argc, argv);
	struct rules rs;
	struct matcher *m;
	int status = load_rules(&rs, &m) < 0 ? EXIT_USAGE : EXIT_OK;
	if (status || opt.check) {
		match_free(m);
		rules_free(&rs);
		free(opt.rfiles);
		return status;
	}
	out_init(opt.unbuf);
	progress_init(0);
	struct classify *c = classify_new(m, &opt.c);
	struct buf line;
	buf_init(&line);
	unsigned long nbad = 0;
	/* A file that cannot be opened is a failed input (exit 1), not a
	 * usage error: the others are classified. */
	int nin = cli_ind < argc ? argc - cli_ind : 1;
	for (int f = 0; f < nin; f++) {
		const char *name = cli_ind < argc ? argv[cli_ind + f] : "-";
		FILE *fp = strcmp(name, "-") ? fopen(name, "r") : stdin;
		if (!fp) {
			msg_warn(name, "cannot open: %s", strerror(errno));
			nbad++;
			continue;
		}
		nbad += classify_input(c, fp, fp == stdin ? NULL : name, &line);
		if (fp != stdin)
			fclose(fp);
	}
	progress_clear();
	buf_free(&line);
	classify_free(c);
	match_free(m);
	rules_free(&rs);
	free(opt.rfiles);
	int werr = out_finish();
	return werr ? EXIT_SOME_FAILED : nbad ? EXIT_SOME_FAILED : EXIT_OK;
}
