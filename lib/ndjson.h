/* ndjson.h — streaming reader of newline-delimited JSON.
 *
 * Lines of any length; memory is one line at a time. Invalid UTF-8 is
 * repaired to U+FFFD (counted, reported once per line); blank lines are
 * skipped; a line that is not a JSON object is reported on stderr as
 * "PROG: line 17: invalid JSON: ..." (or "PROG: FILE: line 17: ...") and
 * counted, never dropped silently. Records come out cleaned by
 * ndjson_clean(). */
#ifndef VEILLE_NDJSON_H
#define VEILLE_NDJSON_H

#include <stdio.h>
#include <cjson/cJSON.h>

struct ndjson_reader {
	FILE *fp;
	const char *name;       /* NULL for stdin: messages say "line N" */
	char *line;
	size_t cap;
	unsigned long lineno;   /* of the line last returned */
	unsigned long nrecords, nbad_json, nbad_utf8;
	const char *text;       /* the (repaired) text of the last line */
	size_t textlen;
	char *repaired;
};

void ndjson_open(struct ndjson_reader *r, FILE *fp, const char *name);
/* 1: *out is a new object (caller frees); 0: end of input;
 * -1: this line was bad (already reported and counted), call again. */
int ndjson_next(struct ndjson_reader *r, cJSON **out);
void ndjson_close(struct ndjson_reader *r);

/* Clean a JSON value just parsed from text (len bytes; ndjson_next and
 * the target reader call it): members and array elements that are null
 * are dropped, at any depth (veille(7): never null), and so are the
 * objects and arrays that held nothing but nulls; a number out of the
 * range of a double (1e400), which cJSON would print as null, keeps the
 * text it was written with (a raw JSON number). */
void ndjson_clean(cJSON *root, const char *text, size_t len);

/* "line 17" or "file.ndjson: line 17", for messages about the last line. */
const char *ndjson_where(const struct ndjson_reader *r);

/* The one input loop of the filters (as mblaze's blaze822_loop): each
 * line of the files named (n == 0: stdin; "-" is stdin), in order, to
 * fn(arg, r, rec). rec is the record, freed after fn returns (copy what
 * is kept); NULL for a line that is not a JSON object, reported and
 * counted already, its text in r->text for a filter that writes it
 * through. fn returns 0 to go on, -1 to stop reading. A file that cannot
 * be opened is reported ("PROG: FILE: message") and skipped; a read
 * error in a file ("PROG: FILE: read error") counts as a bad line.
 * Returns the exit status of what was read (cli.h): EXIT_USAGE when a
 * file could not be opened, else EXIT_SOME_FAILED when a line was bad,
 * else EXIT_OK. */
typedef int rec_each_fn(void *arg, struct ndjson_reader *r, cJSON *rec);
int rec_inputs_each(int n, char *const *files, rec_each_fn *fn, void *arg);

#endif
