/* jsonline.h — a record written back as the bytes it came in with, plus
 * fields, for stages that only add fields (veille-classify): printing
 * the whole record again through cJSON would cost more than the stage.
 *
 * The input text must be the one cJSON parsed as an object (so it is
 * valid JSON). Members named in drop are left out, so that a field the
 * stage sets again appears once; the stage then appends its members and
 * closes the object. */
#ifndef VEILLE_JSONLINE_H
#define VEILLE_JSONLINE_H

#include "util.h"

#include <cjson/cJSON.h>
#include <stddef.h>

struct jsonline {
	struct buf *out;
	int nmembers;
};

/* Copy the object text s[0..n) into out (appended) without its closing
 * brace and without its top-level members whose key is in drop (a NULL
 * terminated list). -1 when the text holds a key written with escapes
 * or is not an object: out is then left as it was and the caller prints
 * the record through cJSON instead. */
int jsonline_begin(struct jsonline *j, struct buf *out, const char *s, size_t n,
    const char *const *drop);
/* Append "key": and a value: a string (escaped), a number, or a cJSON
 * value printed compactly. */
void jsonline_str(struct jsonline *j, const char *key, const char *val);
void jsonline_num(struct jsonline *j, const char *key, double v);
void jsonline_json(struct jsonline *j, const char *key, const cJSON *v);
/* Close the object and end the line. */
void jsonline_end(struct jsonline *j);
/* s as a JSON string, quotes included, appended to out. */
void json_quote(struct buf *out, const char *s);

#endif
