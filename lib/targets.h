/* targets.h — reading fetch targets: one a line, either a bare URL or a
 * JSON object with a "url" member (its other members are labels that
 * travel with the result). Blank lines and lines starting with "#" are
 * skipped.
 *
 * The reader works on a file descriptor without blocking the caller:
 * targets_fill() reads what one read(2) returns (call it when poll says
 * the descriptor is readable), targets_next() hands out complete lines.
 * Memory is one partial line plus one read; a line longer than
 * TARGET_LINE_MAX is reported and skipped. */
#ifndef VEILLE_TARGETS_H
#define VEILLE_TARGETS_H

#include <stddef.h>
#include <cjson/cJSON.h>

#define TARGET_LINE_MAX (1024 * 1024)

struct target {
	char *url;         /* trimmed; NULL when none could be found */
	cJSON *fields;     /* the JSON object of the line, or NULL (bare URL) */
	unsigned long lineno;
};

struct target_reader;

/* name: file name for messages, NULL for standard input. Takes fd. */
struct target_reader *targets_open(int fd, const char *name);
int targets_fd(const struct target_reader *r);
/* One read(2): 1 data (or EOF noted), -1 read error (reported; the
 * reader is then at its end). */
int targets_fill(struct target_reader *r);
/* Nothing is printed here: messages come back in *msg (static until the
 * next call), for the caller to report with targets_where(t->lineno).
 * 1: *t is a target (free with target_free); *msg may hold a warning
 *    (invalid UTF-8 was repaired);
 * 0: no complete line buffered (fill, or done when targets_eof);
 * -1: a bad line (invalid JSON, no "url", too long), *msg says why;
 *     t->lineno is its line. */
int targets_next(struct target_reader *r, struct target *t, const char **msg);
/* The whole input has been read and handed out. */
int targets_eof(const struct target_reader *r);
/* "line 3" or "feeds.txt: line 3" for t (static buffer). */
const char *targets_where(const struct target_reader *r, unsigned long lineno);
/* Lines with problems so far. */
unsigned long targets_nbad(const struct target_reader *r);
void targets_close(struct target_reader *r);
void target_free(struct target *t);

#endif
