/* Unit tests of lib/cli.c: the option table drives getopt and --help,
 * and every bad argument is a usage error (exit 2) naming the option.
 * What exits runs in a child, its output caught through a pipe. */
#include "cli.h"
#include "tap.h"
#include "util.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { O_NAME = 'n', O_VERBOSE = 'v', O_LIMIT = 256, O_SIZE, O_WAIT };

static const struct cli_opt opts[] = {
	{ "name", 'n', "STR", "a name", O_NAME },
	{ "verbose", 'v', NULL, "say more", O_VERBOSE },
	{ "limit", 0, "N", "at most N", O_LIMIT },
	{ "size", 0, "SIZE", "a size", O_SIZE },
	{ "wait", 0, "DURATION", "a duration", O_WAIT },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct cli cli = {
	"veille-test", "[-v] [-n name] [file ...]", "A tool for the tests.", opts,
	"epilog text\n",
};

/* Parse argv (NULL-ended) from the start; the ids returned, as text. */
static char ids[128];
static const char *
parse(char **argv)
{
	int argc = 0, ch;
	while (argv[argc])
		argc++;
	optind = 0;             /* glibc: start over */
	ids[0] = 0;
	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		char one[48];
		snprintf(one, sizeof one, "%s%d%s%s", *ids ? " " : "", ch, cli_arg ? "=" : "",
		    cli_arg ? cli_arg : "");
		strncat(ids, one, sizeof ids - strlen(ids) - 1);
	}
	return ids;
}

/* Run fn(arg) in a child; its exit status, and what it wrote on stdout
 * and stderr together in out. */
static char out[4096];
static int
child(void (*fn)(void *), void *arg)
{
	int p[2];
	if (pipe(p) < 0)
		abort();
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		fn(arg);
		fflush(stdout);
		_exit(99);      /* fn was meant to exit */
	}
	close(p[1]);
	size_t n = 0;
	ssize_t k;
	while (n < sizeof out - 1 && (k = read(p[0], out + n, sizeof out - 1 - n)) > 0)
		n += (size_t)k;
	out[n] = 0;
	close(p[0]);
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
do_parse(void *argv)
{
	parse(argv);
	exit(EXIT_OK);
}

static void
do_long(void *arg)
{
	cli_long(&cli, "limit", arg, 1, 10);
	exit(EXIT_OK);
}

static void
do_size(void *arg)
{
	cli_size(&cli, "size", arg);
	exit(EXIT_OK);
}

static void
do_wait(void *arg)
{
	cli_duration_ms(&cli, "wait", arg);
	exit(EXIT_OK);
}

int
main(void)
{
	char *a1[] = { "t", "-v", "--name", "x", "--limit=3", "-nY", "file", NULL };
	is_str(parse(a1), "118 110=x 256=3 110=Y", "short and long options give their ids and arguments");
	ok(cli_ind == 6, "cli_ind is the first operand after the options (%d)", cli_ind);

	char *a2[] = { "t", "--", "-v", NULL };
	is_str(parse(a2), "", "-- ends the options");

	char *help[] = { "t", "--help", NULL };
	ok(child(do_parse, help) == EXIT_OK, "--help exits 0");
	ok(strstr(out, "usage: veille-test [-v] [-n name] [file ...]\nA tool for the tests.") != NULL,
	    "--help begins with the usage line and the summary");
	ok(strstr(out, "-n, --name STR") && strstr(out, "    --limit N") &&
	    strstr(out, "at most N") && strstr(out, "-h, --help") && strstr(out, "-V, --version"),
	    "--help lists every option of the table, with -h and -V");
	ok(strstr(out, "epilog text") && strstr(out, "exit status: 0 all good"),
	    "then the epilog and the exit statuses");

	char *ver[] = { "t", "-V", NULL };
	ok(child(do_parse, ver) == EXIT_OK && !strncmp(out, "veille-test ", 12),
	    "--version names the program and exits 0");

	char *unk[] = { "t", "--nope", NULL };
	ok(child(do_parse, unk) == EXIT_USAGE, "an unknown long option is a usage error");
	ok(strstr(out, "veille-test: unknown option --nope\nusage: veille-test") != NULL,
	    "naming it, then the usage line");

	char *unks[] = { "t", "-z", NULL };
	ok(child(do_parse, unks) == EXIT_USAGE && strstr(out, "unknown option -z"),
	    "an unknown short option too");

	char *miss[] = { "t", "--name", NULL };
	ok(child(do_parse, miss) == EXIT_USAGE && strstr(out, "option --name needs an argument"),
	    "an option without its argument is a usage error naming it");

	ok(cli_long(&cli, "limit", "7", 1, 10) == 7, "cli_long reads a number in range");
	ok(child(do_long, "11") == EXIT_USAGE &&
	    strstr(out, "--limit: '11' is not a whole number from 1 to 10"),
	    "and refuses one out of range, naming the option and the range");
	ok(child(do_long, "3x") == EXIT_USAGE, "or one with trailing letters");

	ok(cli_size(&cli, "size", "32M") == 32LL << 20, "cli_size: 32M");
	ok(cli_size(&cli, "size", "512k") == 512 * 1024, "cli_size: 512k");
	ok(cli_size(&cli, "size", "1GiB") == 1LL << 30, "cli_size: 1GiB");
	ok(cli_size(&cli, "size", "100") == 100, "cli_size: plain bytes");
	ok(child(do_size, "12x") == EXIT_USAGE && strstr(out, "--size: '12x' is not a size"),
	    "cli_size refuses an unknown unit");
	ok(child(do_size, "-1") == EXIT_USAGE, "and a negative size");

	ok(cli_duration_ms(&cli, "wait", "500ms") == 500, "cli_duration_ms: 500ms");
	ok(cli_duration_ms(&cli, "wait", "15") == 15000, "cli_duration_ms: plain seconds");
	ok(cli_duration_ms(&cli, "wait", "2m") == 120000, "cli_duration_ms: minutes");
	ok(child(do_wait, "3 days") == EXIT_USAGE, "cli_duration_ms refuses what it does not know");
	return tap_done();
}
