/* cli.c — see cli.h */
#include "cli.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *cli_arg;
int cli_ind = 1;

enum { ID_HELP = -100, ID_VERSION = -101 };

void
cli_usage(const struct cli *c, FILE *fp)
{
	fprintf(fp, "usage: %s %s\n", c->name, c->synopsis);
}

void
cli_help(const struct cli *c, FILE *fp)
{
	cli_usage(c, fp);
	fprintf(fp, "%s\n\noptions:\n", c->summary);
	for (const struct cli_opt *o = c->opts; o && o->name; o++) {
		char left[64];
		if (o->shortopt)
			snprintf(left, sizeof left, "-%c, --%s%s%s", o->shortopt, o->name,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", o->name,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(fp, "  %-28s %s\n", left, o->help);
	}
	fprintf(fp, "  %-28s %s\n", "-h, --help", "show this help and exit");
	fprintf(fp, "  %-28s %s\n", "-V, --version", "show the version and exit");
	if (c->epilog)
		fprintf(fp, "\n%s", c->epilog);
	fprintf(fp, "\nexit status: 0 all good, 1 some records failed, 2 usage error.\n"
	    "See %s(1) and veille(7).\n", c->name);
}

void
cli_die_usage(const struct cli *c, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", c->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cli_usage(c, stderr);
	exit(EXIT_USAGE);
}

int
cli_getopt(const struct cli *c, int argc, char **argv)
{
	static const struct cli *built;
	static struct option *longs;
	static char shorts[256];

	veille_progname = c->name;
	if (built != c) {
		size_t n = 0, k = 0;
		for (const struct cli_opt *o = c->opts; o && o->name; o++)
			n++;
		free(longs);
		longs = xcalloc(n + 3, sizeof *longs);
		shorts[k++] = ':';
		shorts[k++] = 'h';
		shorts[k++] = 'V';
		for (size_t i = 0; i < n; i++) {
			const struct cli_opt *o = &c->opts[i];
			longs[i].name = o->name;
			longs[i].has_arg = o->arg ? required_argument : no_argument;
			longs[i].val = o->shortopt ? o->shortopt : o->id;
			if (o->shortopt && k + 3 < sizeof shorts) {
				shorts[k++] = (char)o->shortopt;
				if (o->arg)
					shorts[k++] = ':';
			}
		}
		longs[n].name = "help";
		longs[n].val = 'h';
		longs[n + 1].name = "version";
		longs[n + 1].val = 'V';
		shorts[k] = '\0';
		built = c;
		opterr = 0;
	}

	int ch = getopt_long(argc, argv, shorts, longs, NULL);
	cli_ind = optind;
	cli_arg = optarg;
	switch (ch) {
	case -1:
		return -1;
	case 'h':
		cli_help(c, stdout);
		exit(fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE);
	case 'V':
		printf("%s %s\n", c->name, VEILLE_VERSION);
		exit(EXIT_OK);
	case ':':
		cli_die_usage(c, "option %s needs an argument", argv[optind - 1]);
	case '?':
		if (optopt && optopt < 256)
			cli_die_usage(c, "unknown option -%c", optopt);
		cli_die_usage(c, "unknown option %s", argv[optind - 1]);
	}
	for (const struct cli_opt *o = c->opts; o && o->name; o++)
		if ((o->shortopt && o->shortopt == ch) || (!o->shortopt && o->id == ch))
			return o->id ? o->id : o->shortopt;
	return ch;
}

long
cli_long(const struct cli *c, const char *opt, const char *arg, long min, long max)
{
	char *end;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < min || v > max)
		cli_die_usage(c, "--%s: '%s' is not a whole number from %ld to %ld",
		    opt, arg, min, max);
	return v;
}

long long
cli_size(const struct cli *c, const char *opt, const char *arg)
{
	char *end;
	errno = 0;
	double v = strtod(arg, &end);
	double mul = 1;
	if (end != arg && *end) {
		switch (*end) {
		case 'k': case 'K': mul = 1024; break;
		case 'm': case 'M': mul = 1024.0 * 1024; break;
		case 'g': case 'G': mul = 1024.0 * 1024 * 1024; break;
		default: mul = 0;
		}
		end++;
		if (*end == 'i')
			end++;
		if (*end == 'B' || *end == 'b')
			end++;
	}
	if (errno || end == arg || *end || mul == 0 || v < 0 || v * mul > 1e15)
		cli_die_usage(c, "--%s: '%s' is not a size (e.g. 512k, 32M, 1G)", opt, arg);
	return (long long)(v * mul);
}

long
cli_duration_ms(const struct cli *c, const char *opt, const char *arg)
{
	char *end;
	errno = 0;
	double v = strtod(arg, &end);
	double mul = 1000;
	if (end != arg) {
		if (!strcmp(end, "ms"))
			mul = 1;
		else if (!strcmp(end, "s") || !*end)
			mul = 1000;
		else if (!strcmp(end, "m") || !strcmp(end, "min"))
			mul = 60000;
		else if (!strcmp(end, "h"))
			mul = 3600000;
		else
			mul = 0;
	}
	if (errno || end == arg || mul == 0 || v < 0 || v * mul > 86400000.0 * 365)
		cli_die_usage(c, "--%s: '%s' is not a duration (e.g. 15, 15s, 500ms, 2m)",
		    opt, arg);
	return (long)(v * mul);
}
