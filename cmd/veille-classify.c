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

int
main(int argc, char **argv)
{
	const char **rfiles = xcalloc((size_t)argc + 1, sizeof *rfiles);
	int nrfiles = 0, check = 0, only = 0, invert = 0, unbuf = 0, o;
	struct classify_opts copts = { 0 };
	while ((o = cli_getopt(&cli, argc, argv)) != -1) {
		switch (o) {
		case O_RULES: rfiles[nrfiles++] = cli_arg; break;
		case O_CHECK: check = 1; break;
		case O_EXPLAIN: copts.explain = 1; break;
		case O_ONLY: only = 1; break;
		case O_INVERT: invert = 1; break;
		case O_NOLANG: copts.no_lang = 1; break;
		case O_NOSENT: copts.no_sentiment = 1; break;
		case O_UNBUF: unbuf = 1; break;
		}
	}
	if (only && invert)
		cli_die_usage(&cli, "--only-matching and --invert exclude each other");
	if (check)
		while (cli_ind < argc)
			rfiles[nrfiles++] = argv[cli_ind++];
	if (check && !nrfiles)
		cli_die_usage(&cli, "--check needs rules files");
	if ((only || invert || copts.explain) && !nrfiles)
		cli_die_usage(&cli, "--only-matching, --invert and --explain need --rules");

	/* every rules file read and checked before any input */
	struct rules rs;
	struct buf errs;
	rules_init(&rs);
	buf_init(&errs);
	int nerr = 0;
	for (int i = 0; i < nrfiles; i++)
		nerr += rules_load(&rs, rfiles[i], &errs);
	struct matcher *m = NULL;
	if (!nerr && nrfiles && !(m = match_new(&rs, &errs)))
		nerr = 1;
	if (nerr) {
		fputs(errs.data, stderr);
		fprintf(stderr, "%s: %d error%s in the rules, nothing read\n", cli.name, nerr,
		    nerr == 1 ? "" : "s");
		buf_free(&errs);
		rules_free(&rs);
		free(rfiles);
		return EXIT_USAGE;
	}
	buf_free(&errs);
	if (check) {
		match_free(m);
		rules_free(&rs);
		free(rfiles);
		return EXIT_OK;
	}

	out_init(unbuf);
	progress_init(0);
	struct classify *c = classify_new(m, &copts);
	struct buf line;
	buf_init(&line);
	unsigned long nbad = 0;
	int nin = cli_ind < argc ? argc - cli_ind : 1;
	for (int f = 0; f < nin; f++) {
		const char *name = cli_ind < argc ? argv[cli_ind + f] : "-";
		FILE *fp = strcmp(name, "-") ? fopen(name, "r") : stdin;
		if (!fp) {
			msg_warn(name, "cannot open: %s", strerror(errno));
			nbad++;
			continue;
		}
		struct ndjson_reader r;
		ndjson_open(&r, fp, fp == stdin ? NULL : name);
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
				buf_reset(&line);
				int hit = classify_item(c, item, r.text, r.textlen, &line) > 0;
				if ((!only || hit) && (!invert || !hit))
					out_write_raw(line.data, line.len);
			}
			cJSON_Delete(item);
			progress_update(0, "%lu records", r.nrecords);
		}
		nbad += r.nbad_json;
		ndjson_close(&r);
		if (fp != stdin)
			fclose(fp);
	}
	progress_clear();
	buf_free(&line);
	classify_free(c);
	match_free(m);
	rules_free(&rs);
	free(rfiles);
	int werr = out_finish();
	return werr ? EXIT_SOME_FAILED : nbad ? EXIT_SOME_FAILED : EXIT_OK;
}
