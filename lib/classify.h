/* classify.h — what veille-classify adds to an item: lang (lang.h),
 * sentiment (sentiment.h), and the tags, severity and matches of the
 * rules that match it (match.h). See veille-classify(1). */
#ifndef VEILLE_CLASSIFY_H
#define VEILLE_CLASSIFY_H

#include "match.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <stddef.h>

struct classify_opts {
	int no_lang, no_sentiment, explain;
};

/* m may be NULL (no rules: language and sentiment only). */
struct classify;
struct classify *classify_new(struct matcher *m, const struct classify_opts *o);
void classify_free(struct classify *c);

/* Classify item, parsed from the line s[0..n), and append the output
 * line to out: the input's bytes with the fields set again left out,
 * then the new fields. Returns the number of rules item matches. */
int classify_item(struct classify *c, cJSON *item, const char *s, size_t n,
    struct buf *out);

#endif
