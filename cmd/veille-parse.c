/* veille-parse — turn fetched documents (feeds, JSON APIs, HTML pages)
 * into item records. See veille-parse(1) and veille(7). */
#include "cli.h"
#include "document.h"
#include "jpath.h"
#include "msg.h"
#include "ndjson.h"
#include "progress.h"
#include "record.h"
#include "url.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { O_RAW = 256, O_BASE, O_MODE, O_MAXSIZE, O_LINKS, O_LINKS_ONLY, O_MAP,
	O_UNBUF, O_QUIET };

static const struct cli_opt opts[] = {
	{ "raw", 'r', NULL, "read one raw document (not fetch records) from stdin", O_RAW },
	{ "base-url", 'b', "URL", "URL of raw documents, for relative links and ids", O_BASE },
	{ "mode", 'm', "MODE", "feed, html or auto (default): how to read documents", O_MODE },
	{ "map", 0, "FILE", "map any JSON API to items with the paths in FILE", O_MAP },
	{ "links", 0, NULL, "HTML: add the links of the main text as \"links\"", O_LINKS },
	{ "links-only", 0, NULL, "emit target records instead of items: article links of a page, links of feed entries and posts", O_LINKS_ONLY },
	{ "max-size", 0, "SIZE", "refuse documents larger than SIZE (default 32M)", O_MAXSIZE },
	{ "unbuffered", 'u', NULL, "flush every record (for tail -f pipelines)", O_UNBUF },
	{ "quiet", 'q', NULL, "no warnings about dates and recoverable oddities, no progress", O_QUIET },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct cli cli = {
	"veille-parse",
	"[-hqruV] [-b url] [-m mode] [--map file] [--links] [--links-only] "
	"[--max-size size] [file ...]",
	"Read fetch-result records (or raw feeds, pages and JSON documents) and\n"
	"write one item record per entry: RSS, RDF, Atom, JSON Feed, social JSON,\n"
	"HTML articles.",
	opts,
	"input: fetch-result records on stdin (default); FILE arguments are raw\n"
	"documents (\"-\" is stdin); --raw reads one raw document from stdin.\n",
};

static struct doc_opts opt = DOC_OPTS_INIT;
static int raw;
static struct doc_stats total;
static int input_failed;    /* a file argument could not be read: exit 2 */

/* A file argument that cannot be read is a usage error (exit 2), as a
 * missing option argument is: a message naming it, no record. */
static void
parse_file(const char *path)
{
	if (document_parse_file(&opt, path, &total) < 0) {
		msg_warn(path, "%s", strerror(errno));
		input_failed = 1;
	}
}

int
main(int argc, char **argv)
{
	int unbuffered = 0, ch;
	struct jmap *map = NULL;
	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case O_RAW: raw = 1; break;
		case O_BASE:
			if (!url_is_web(cli_arg, 1))
				cli_die_usage(&cli, "--base-url: '%s' is not an absolute URL", cli_arg);
			opt.base_url = cli_arg;
			break;
		case O_MODE:
			if (!strcmp(cli_arg, "feed")) opt.mode = 'f';
			else if (!strcmp(cli_arg, "html")) opt.mode = 'h';
			else if (!strcmp(cli_arg, "auto")) opt.mode = 'a';
			else cli_die_usage(&cli, "--mode: '%s' is not feed, html or auto", cli_arg);
			break;
		case O_MAP: {
			char *msg = NULL;
			jmap_free(map);
			opt.map = map = jmap_load(cli_arg, &msg);
			if (!map) {
				msg_warn(NULL, "%s", msg ? msg : cli_arg);
				free(msg);
				exit(EXIT_USAGE);
			}
			break;
		}
		case O_LINKS: opt.want_links = 1; break;
		case O_LINKS_ONLY: opt.links_only = 1; break;
		case O_MAXSIZE: opt.max_size = cli_size(&cli, "max-size", cli_arg); break;
		case O_UNBUF: unbuffered = 1; break;
		case O_QUIET: opt.quiet = 1; break;
		}
	}
	argc -= cli_ind;
	argv += cli_ind;
	if (raw && argc)
		cli_die_usage(&cli, "--raw reads stdin; give no file");
	out_init(unbuffered);
	progress_init(opt.quiet ? -1 : 0);
	catch_stop_signals();

	if (raw) {
		parse_file("-");
	} else if (argc) {
		for (int i = 0; i < argc && !stop_signal; i++) {
			parse_file(argv[i]);
			progress_update(0, "%d/%d file%s, %lu item%s", i + 1, argc,
			    argc == 1 ? "" : "s", total.nitems, total.nitems == 1 ? "" : "s");
		}
	} else {
		struct ndjson_reader r;
		cJSON *rec;
		int rc;
		ndjson_open(&r, stdin, NULL);
		while (!stop_signal && (rc = ndjson_next(&r, &rec)) != 0) {
			if (rc < 0)
				continue;
			document_parse_record(&opt, rec, ndjson_where(&r), &total);
			cJSON_Delete(rec);
			progress_update(0, "%lu record%s, %lu item%s, %lu failed", r.nrecords,
			    r.nrecords == 1 ? "" : "s", total.nitems, total.nitems == 1 ? "" : "s",
			    total.nfailed + r.nbad_json);
		}
		total.nfailed += r.nbad_json;
		ndjson_close(&r);
	}
	jmap_free(map);
	progress_clear();
	/* Interrupted: the items made so far are written, then 128 + the
	 * signal (130 for Ctrl-C), as shells expect. */
	if (stop_signal)
		msg_warn(NULL, "interrupted (%s)", strsignal(stop_signal));
	if (out_finish() < 0 && !stop_signal)
		return EXIT_SOME_FAILED;
	if (stop_signal)
		return 128 + stop_signal;
	if (input_failed)
		return EXIT_USAGE;
	return total.nfailed ? EXIT_SOME_FAILED : EXIT_OK;
}
