/* alert.h — the detectors of veille-alert: volume spikes and tone
 * shifts per key, items of high severity, influencers and watched
 * accounts, emerging terms. See veille-alert(1) for the formulas.
 *
 * Time is the items' own (published, else fetched_at): each item falls
 * in a bucket of cfg.bucket seconds; a bucket is closed, and judged,
 * once the watermark (the latest item time seen, minus cfg.lateness)
 * has passed its end. Replaying history therefore gives the alerts that
 * living it gave. Alert records are handed to the emit callback as they
 * fire (ownership stays with the detector: copy what you keep). */
#ifndef VEILLE_ALERT_H
#define VEILLE_ALERT_H

#include <cjson/cJSON.h>
#include "db.h"
#include "rules.h"      /* SEV_*, the levels of veille-classify's rules */

/* "low" .. "critical" (ASCII case ignored) to SEV_*, or -1. */
int alert_severity_level(const char *s);

struct alert_accounts;
struct matcher;

struct alert_cfg {
	long long bucket;      /* seconds (--bucket, 15m) */
	long long lateness;    /* seconds (--lateness, 2h) */
	long long warmup;      /* stream seconds before spikes can fire (1d) */
	long long repeat;      /* re-notify an active alert after (0: never) */
	const char *by;        /* the key field (--by, "tags") */
	double threshold;      /* score to fire (--threshold, 4) */
	double ratio;          /* count at least ratio x baseline (2) */
	int min_count;         /* (--min-count, 5) */
	int min_sources;       /* distinct sources of an emerging term (3) */
	int examples;          /* items quoted per alert (--examples, 3) */
	int min_severity;      /* SEV_*; SEV_NONE: off */
	double min_audience;   /* 0: off */
	const struct alert_accounts *accounts; /* NULL: off */
	struct matcher *match; /* --match: items it matches alert at once */
	int emerging;          /* watch words, phrases, hashtags, links */
	int lang_fr;           /* messages in French */
	int dry_run;           /* write nothing to the state file */
};

/* The watch list of --accounts: one handle or author a line, optionally
 * followed by white space and a group name; # comments. NULL and a
 * message on error. */
struct alert_accounts *alert_accounts_load(const char *path);
void alert_accounts_free(struct alert_accounts *l);

typedef void (*alert_emit_fn)(const cJSON *rec, void *arg);

struct alert;

struct alert *alert_new(const struct alert_cfg *cfg, alert_emit_fn fn, void *arg);
/* Load the baselines, open buckets and active alerts of a state file
 * (an empty one starts the warm-up): 0 or -1 (reported). */
int alert_load(struct alert *a, struct db *d);
/* Save them back, in one transaction: 0 or -1 (reported). */
int alert_save(struct alert *a, struct db *d);
/* Count one item; may fire alerts (at once for severity and accounts,
 * for buckets the watermark closes). */
void alert_item(struct alert *a, const cJSON *item);
/* End of input: move the watermark to now - lateness when that is later
 * and close the buckets it passes. */
void alert_finish(struct alert *a, long long now);
/* Items counted, and items later than the lateness (not counted). */
void alert_counts(const struct alert *a, unsigned long *items, unsigned long *late);
void alert_free(struct alert *a);

#endif
