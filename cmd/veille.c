/* veille — the front command: `veille fetch ...` runs veille-fetch, as
 * git runs git-NAME. See veille(1). */
#include "cli.h"
#include "commands.h"
#include "digest.h"
#include "msg.h"
#include "opml.h"
#include "util.h"
#include "watch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char usage[] =
    "usage: veille [-hV] command [args ...]\n"
    "       veille help [command]\n"
    "       veille commands\n"
    "       veille init dir\n"
    "       veille run [-v] [dir]\n"
    "       veille status [dir]\n"
    "       veille digest [-n] [--since when] [dir]\n"
    "       veille import-opml file\n";

enum { O_DRY_RUN = 'n', O_SINCE = 256 };

static const struct cli_opt digest_opts[] = {
	{ "dry-run", 'n', NULL, "print the digest and where it would go; write, send and record nothing", O_DRY_RUN },
	{ "since", 0, "WHEN", "start of the window: a time or a duration before now (default: the end of the last digest)", O_SINCE },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct cli digest_cli = {
	"veille digest", "[-n] [--since when] [dir]",
	"Write the report of the window since the last digest (HTML and Atom) and\n"
	"mail it as [report] of veille.conf says; the window advances once it went out.",
	digest_opts, NULL,
};

static const struct cli_opt no_opts[] = { { NULL, 0, NULL, NULL, 0 } };

static const struct cli opml_cli = {
	"veille import-opml", "file",
	"Write the feeds of a feed reader's OPML export as a source list\n"
	"(veille-sources(1)): folders become group labels.",
	no_opts, "file: the OPML file, or - for stdin.\n",
};

static int
digest(int argc, char **argv)
{
	struct digest_opts o = { 0 };
	int ch;
	while ((ch = cli_getopt(&digest_cli, argc, argv)) != -1) {
		switch (ch) {
		case O_DRY_RUN: o.dry_run = 1; break;
		case O_SINCE: o.since = cli_arg; break;
		}
	}
	if (argc - cli_ind > 1)
		cli_die_usage(&digest_cli, "one watch directory at most");
	return digest_run(cli_ind < argc ? argv[cli_ind] : ".", &o);
}

static int
import_opml(int argc, char **argv)
{
	while (cli_getopt(&opml_cli, argc, argv) != -1)
		;
	if (argc - cli_ind != 1)
		cli_die_usage(&opml_cli, "give one OPML file");
	return opml_import(argv[cli_ind], stdout);
}

static int
list_commands(const char *self, int summaries)
{
	size_t n;
	char **list = commands_list(self, &n);
	for (size_t i = 0; i < n; i++) {
		const char *s = commands_summary(list[i]);
		if (summaries)
			printf("   %-10s %s\n", list[i], s ? s : "");
		else
			printf("%s\n", list[i]);
	}
	commands_free(list, n);
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_SOME_FAILED;
}

/* The commands of veille itself (veille(1)), not veille-* programs. */
static const char *const builtins[] = { "init", "run", "status", "digest", "import-opml" };
#define NBUILTINS (sizeof builtins / sizeof *builtins)

static int
builtin(const char *name)
{
	for (size_t i = 0; i < NBUILTINS; i++)
		if (!strcmp(builtins[i], name))
			return 1;
	return 0;
}

static int
unknown(const char *self, const char *name)
{
	size_t n;
	char **list = commands_list(self, &n);
	list = xrealloc(list, (n + NBUILTINS) * sizeof *list);
	for (size_t i = 0; i < NBUILTINS; i++)
		list[n++] = xstrdup(builtins[i]);
	const char *near = commands_nearest(list, n, name);
	if (near)
		msg_warn(NULL, "'%s' is not a veille command; did you mean '%s'?", name, near);
	else
		msg_warn(NULL, "'%s' is not a veille command; see 'veille commands'", name);
	commands_free(list, n);
	return EXIT_USAGE;
}

/* The manual page of veille-NAME (veille's own for its own commands):
 * installed (man), else beside the program (a build tree or a prefix),
 * else its --help. */
static int
help(const char *self, const char *name)
{
	int own = builtin(name);
	char *prog = own ? NULL : commands_find(self, name);
	if (!prog && !own)
		return unknown(self, name);
	char *page = own ? xstrdup("veille") : xasprintf("veille-%s", name);
	char *cmd = xasprintf("man -w %s >/dev/null 2>&1", page);
	int installed = system(cmd) == 0;
	free(cmd);
	if (installed)
		execlp("man", "man", page, (char *)NULL);
	const char *rel[] = { "../man/%s.1", "../share/man/man1/%s.1" };
	for (size_t i = 0; i < 2 && self; i++) {
		char *f = xasprintf(rel[i], page);
		char *p = xasprintf("%s/%s", self, f);
		free(f);
		if (access(p, R_OK) == 0 && access("/usr/bin/man", X_OK) == 0)
			execl("/usr/bin/man", "man", "-l", p, (char *)NULL);
		free(p);
	}
	if (own) {
		free(page);
		fputs(usage, stdout);
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_SOME_FAILED;
	}
	execl(prog, page, "--help", (char *)NULL);
	msg_warn(prog, "%s", strerror(errno));
	free(prog);
	free(page);
	return 126;
}

static int
dispatch(const char *self, int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;
	if (!cmd || !strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		fputs(usage, cmd ? stdout : stderr);
		if (!cmd)
			return EXIT_USAGE;
		printf("\nMedia monitoring as Unix filters. The commands:\n");
		list_commands(self, 1);
		printf("\n'veille help COMMAND' shows its manual page; see veille(1), veille(7).\n");
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_SOME_FAILED;
	}
	if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
		printf("veille %s\n", VEILLE_VERSION);
		return EXIT_OK;
	}
	if (cmd[0] == '-') {
		msg_warn(NULL, "unknown option '%s'", cmd);
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(cmd, "commands"))
		return list_commands(self, 0);
	/* The watch directory: init, run, status (veille(1), WATCH DIRECTORY). */
	if (!strcmp(cmd, "init")) {
		if (argc != 3) {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
		return watch_init(argv[2]);
	}
	if (!strcmp(cmd, "run") || !strcmp(cmd, "status")) {
		int verbose = argc > 2 && !strcmp(argv[2], "-v");
		int rest = argc - 2 - verbose;
		if (rest > 1 || (verbose && cmd[0] == 's')) {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
		const char *dir = rest ? argv[argc - 1] : ".";
		return cmd[0] == 'r' ? watch_run(self, dir, verbose) : watch_status(dir);
	}
	if (!strcmp(cmd, "digest"))
		return digest(argc - 1, argv + 1);
	if (!strcmp(cmd, "import-opml"))
		return import_opml(argc - 1, argv + 1);
	if (!strcmp(cmd, "help")) {
		if (argc < 3) {
			fputs(usage, stdout);
			printf("\nThe commands:\n");
			return list_commands(self, 1);
		}
		return help(self, argv[2]);
	}
	char *prog = commands_find(self, cmd);
	if (!prog)
		return unknown(self, cmd);
	argv[1] = xasprintf("veille-%s", cmd);
	execv(prog, argv + 1);
	msg_warn(prog, "%s", strerror(errno));
	free(argv[1]);
	free(prog);
	return 126;
}

int
main(int argc, char **argv)
{
	veille_progname = "veille";
	char *self = commands_self_dir();
	int rc = dispatch(self, argc, argv);
	free(self);
	return rc;
}
