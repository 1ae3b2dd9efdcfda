/* veille-sources — turn an analyst's source list ("mastodon:#greve@
 * mastodon.social", "gnews:\"ministère de l'intérieur\" lang:fr", plain
 * URLs) into veille-fetch target records. See veille-sources(1) and
 * veille-sources(7). */
#include "cli.h"
#include "msg.h"
#include "sources.h"
#include "record.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { O_LIST = 'l', O_LANG = 256, O_REGION, O_NO_CURSOR, O_API_BASE, O_UNBUF = 'u',
	O_CHECK = 'n' };

static const struct cli_opt opts[] = {
	{ "list", 'l', NULL, "print the supported presets and exit", O_LIST },
	{ "lang", 0, "TAG", "default language for gnews and bluesky searches (e.g. fr)", O_LANG },
	{ "region", 0, "CC", "default country for gnews (e.g. FR)", O_REGION },
	{ "no-cursor", 0, NULL, "leave out the since-id/cursor paging specs", O_NO_CURSOR },
	{ "api-base", 0, "NAME=URL", "use URL as the API root of a platform (mirrors, tests)", O_API_BASE },
	{ "check", 'n', NULL, "only check the lines, write nothing", O_CHECK },
	{ "unbuffered", 'u', NULL, "flush every record", O_UNBUF },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct cli cli = {
	"veille-sources",
	"[-lnuhV] [--lang tag] [--region cc] [--no-cursor] [--api-base name=url] [file ...]",
	"Read a source list (presets such as mastodon:#tag@instance, reddit:search:\"words\",\n"
	"gnews:\"words\" lang:fr, or URLs; one a line, # comments) and write one\n"
	"veille-fetch target record per source.",
	opts,
	"input: FILE arguments, or stdin (\"-\" is stdin). Options on a line:\n"
	"  lang:TAG region:CC limit:N sort:ORDER time:PERIOD tag:LABEL name:\"TITLE\"\n"
	"See --list for the presets, veille-sources(7) for the platforms.\n",
};

static struct sources_opts sopt;
static int check_only;
static unsigned long nbad;
static int usage_err;   /* a list file could not be read: exit 2 */

static void
read_list(FILE *fp, const char *name)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	while (!stop_signal && (len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (memchr(line, '\0', (size_t)len)) {
			msg_warn(NULL, "%s%sline %lu: NUL byte in line",
			    name ? name : "", name ? ": " : "", lineno);
			nbad++;
			continue;
		}
		char *s = str_trim(line);
		if (!*s || *s == '#')
			continue;
		/* UTF-8 byte order mark on the first line. */
		if (lineno == 1 && !strncmp(s, "\xef\xbb\xbf", 3))
			s = str_trim(s + 3);
		if (!*s || *s == '#')
			continue;
		char *err = NULL;
		cJSON *t = sources_convert(s, &sopt, &err);
		if (!t) {
			/* the line quoted short, so that the reason stays */
			msg_warn(NULL, "%s%sline %lu: cannot understand '%s': %s",
			    name ? name : "", name ? ": " : "", lineno, msg_quote(s, 120),
			    msg_quote(err ? err : "?", 200));
			free(err);
			nbad++;
			continue;
		}
		if (!check_only)
			out_write(t);
		cJSON_Delete(t);
	}
	int e = errno;
	free(line);
	if (ferror(fp) && !stop_signal) {
		msg_warn(name ? name : "stdin", "%s", strerror(e));
		usage_err = 1;
	}
}

static int unbuffered, list;

static void
options(int argc, char **argv)
{
	int ch;
	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case O_LIST: list = 1; break;
		case O_LANG: sopt.lang = cli_arg; break;
		case O_REGION:
			if (strlen(cli_arg) != 2)
				cli_die_usage(&cli, "--region: '%s' is not a two-letter country code", cli_arg);
			sopt.region = cli_arg;
			break;
		case O_NO_CURSOR: sopt.no_cursor = 1; break;
		case O_CHECK: check_only = 1; break;
		case O_UNBUF: unbuffered = 1; break;
		case O_API_BASE:
			switch (sources_set_api_base(&sopt, cli_arg)) {
			case -1:
				cli_die_usage(&cli, "--api-base: expected NAME=URL with NAME one of "
				    "mastodon, reddit, youtube, bluesky, gnews, hn");
			case -2:
				cli_die_usage(&cli, "--api-base: '%s' is not an http(s) URL",
				    strchr(cli_arg, '=') + 1);
			}
			break;
		}
	}
}

/* Each list file in turn ("-" and none: stdin); one that cannot be
 * opened, or is a directory, is a usage error. */
static void
read_lists(int argc, char **argv)
{
	if (!argc) {
		read_list(stdin, NULL);
		return;
	}
	for (int i = 0; i < argc && !stop_signal; i++) {
		if (!strcmp(argv[i], "-")) {
			read_list(stdin, NULL);
			continue;
		}
		FILE *fp = fopen(argv[i], "r");
		struct stat st;
		if (fp && fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
			fclose(fp);
			fp = NULL;
			errno = EISDIR;
		}
		if (!fp) {
			msg_warn(argv[i], "%s", strerror(errno));
			usage_err = 1;
			continue;
		}
		read_list(fp, argv[i]);
		fclose(fp);
	}
}

int
main(int argc, char **argv)
{
	options(argc, argv);
	if (list) {
		sources_print_list(stdout);
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_SOME_FAILED;
	}
	out_init(unbuffered);
	catch_stop_signals();
	read_lists(argc - cli_ind, argv + cli_ind);
	if (stop_signal)
		msg_warn(NULL, "interrupted (%s)", strsignal(stop_signal));
	if (out_finish() < 0 && !stop_signal)
		return EXIT_SOME_FAILED;
	if (stop_signal)
		return 128 + stop_signal;
	if (usage_err)
		return EXIT_USAGE;
	return nbad ? EXIT_SOME_FAILED : EXIT_OK;
}
