/* cli.h — the option conventions every veille binary shares.
 *
 * A tool describes its options once, in a table; the table gives
 * getopt_long its arrays and --help its text, so an option cannot exist
 * without help. -h/--help and -V/--version are added by cli_getopt.
 * Exit codes: 0 all good, 1 some records failed, 2 usage error. */
#ifndef VEILLE_CLI_H
#define VEILLE_CLI_H

#include <stdio.h>

enum { EXIT_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

struct cli_opt {
	const char *name;   /* long name, without -- */
	int shortopt;       /* short letter, or 0 */
	const char *arg;    /* argument name for help ("N", "FILE"), NULL if none */
	const char *help;   /* one line */
	int id;             /* value returned by cli_getopt (>= 256 if no short) */
};

struct cli {
	const char *name;       /* program name, e.g. "veille-parse" */
	const char *synopsis;   /* after the name: "[options] [file ...]" */
	const char *summary;    /* one sentence */
	const struct cli_opt *opts; /* terminated by an entry with name NULL */
	const char *epilog;     /* optional text after the options */
};

/* Like getopt_long: returns the option id, -1 at the end. Handles --help
 * (stdout, exit 0), --version (exit 0) and errors (usage on stderr, exit 2).
 * The argument, if any, is in cli_arg. */
extern const char *cli_arg;
extern int cli_ind;
int cli_getopt(const struct cli *c, int argc, char **argv);

void cli_usage(const struct cli *c, FILE *fp);
void cli_help(const struct cli *c, FILE *fp);
/* Print "name: msg" and the usage line on stderr, exit 2. */
void cli_die_usage(const struct cli *c, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));

/* Argument parsers that exit 2 with a message naming the option. */
long cli_long(const struct cli *c, const char *opt, const char *arg, long min, long max);
/* "32M", "512k", "1G", plain bytes. */
long long cli_size(const struct cli *c, const char *opt, const char *arg);
/* "15", "15s", "500ms", "2m": returns milliseconds. */
long cli_duration_ms(const struct cli *c, const char *opt, const char *arg);

#endif
