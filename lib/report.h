/* report.h — the aggregates of a window of items and alerts, computed
 * once and drawn by every format of veille-report (lib/report_*.c).
 *
 * Items are counted in the window [since, until) by their own time
 * (published, else fetched_at); those of the window of equal length just
 * before it are the comparison point. Memory grows with the distinct
 * keys (tags, sources, authors, terms, stories), not with the items. */
#ifndef VEILLE_REPORT_H
#define VEILLE_REPORT_H

#include <cjson/cJSON.h>

struct report_opts {
	long long now, since, until;   /* UTC seconds */
	int top;                       /* rows of each list (default 10) */
	const char *title;
	const char *lang;              /* "en" or "fr": the report's own words */
	char **tags;                   /* --tags: the watches to show, or NULL */
	int ntags;
};

struct report;

struct report *report_new(const struct report_opts *o);
/* Count one record: an item, or an alert record (it has "alert"). */
void report_add(struct report *r, const cJSON *rec);
/* Count the items of the window and of the one before it from the
 * veille-store archive at path (opened read-only): 0, or -1 (reported). */
int report_read_store(struct report *r, const char *path);
/* The aggregates as one JSON object (see veille-report(1), FORMATS);
 * deterministic for the same input and options. */
cJSON *report_result(struct report *r);
void report_free(struct report *r);

/* The formats, each from report_result's object, into b. */
struct buf;
void report_text(struct buf *b, const cJSON *agg, int width);
void report_markdown(struct buf *b, const cJSON *agg);
void report_html(struct buf *b, const cJSON *agg);
void report_atom(struct buf *b, const cJSON *agg);

/* The report's own words in its language ("Mentions", "Mentions"). */
const char *report_word(const cJSON *agg, const char *key);

#endif
