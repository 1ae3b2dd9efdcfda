/* alert_int.h — the detector's data, shared by alert.c (detection),
 * alert_state.c (the state file), alert_terms.c (terms of an item) and
 * alert_record.c (alert records). Not for the tools. */
#ifndef VEILLE_ALERT_INT_H
#define VEILLE_ALERT_INT_H

#include <stdint.h>
#include <cjson/cJSON.h>
#include "alert.h"

enum { S_KEY, S_TERM };             /* kinds of series */
enum { AK_SPIKE, AK_SEVERITY, AK_INFLUENCER, AK_TONE, AK_EMERGING, AK_RESOLVED };

#define SLOT_SRC 8                  /* sources counted per open bucket */
#define SLOT_DISTINCT 16            /* distinct source hashes kept */

/* One open bucket of a series. */
struct slot {
	long long b;                /* bucket number: start = b * bucket */
	int count, neg, nsent;      /* items; negative ones; with a sentiment */
	cJSON *items;               /* up to cfg.examples {id,title,url} */
	int nitems;                 /* in items */
	int nsrc;
	struct { char *name; uint32_t hash; int count; } src[SLOT_SRC];
	int nd;
	uint32_t dh[SLOT_DISTINCT]; /* hashes of the distinct sources */
};

/* An alert in progress (spike, tone or emerging) of a series. */
struct episode {
	long long first_seen, last_sent;  /* seconds */
	double total, peak, baseline;
	int on;                     /* 1; 2: fired early, its bucket not judged yet */
	int muted;                  /* part of another term's alert: silent */
};

/* What the state file keeps of a series (a blob: plain numbers). */
struct series_stats {
	double m, v;                /* EWMA mean and variance, all buckets */
	double n;                   /* buckets seen (for the first weights) */
	double neg_m, sent_m, tn;   /* tone: EWMA negative, with sentiment */
	struct episode spike, tone;
};
struct hours {                      /* per hour of day (UTC) */
	double m[24], v[24], n[24];
};

struct series {
	char *key;
	int kind;
	struct series_stats st;
	struct hours *h;            /* S_KEY only */
	struct slot *slots;
	int nslots, capslots;
};

/* An alert about to become a record. */
struct alert_ev {
	int kind;                   /* AK_* */
	int resolves;               /* for AK_RESOLVED: the kind it ends */
	const char *key, *by, *group;
	int severity;               /* SEV_* */
	long long start, end, first_seen;
	double count, baseline, score;
	int repeat;                 /* a re-notification */
	const cJSON *items;         /* array of {id,title,url}, or NULL */
	const char *const *terms;   /* emerging: the terms of one subject */
	int nterms;
	const struct slot *slot;    /* for its sources, or NULL */
};

/* alert_record.c: the record of ev (message in English or French). */
cJSON *alert_record(const struct alert_ev *ev, int lang_fr);

/* alert_terms.c: the distinct terms of an item (folded words and
 * two-word phrases without stop words, #hashtags, shared links), each
 * once, passed to fn. */
typedef void (*alert_term_fn)(const char *term, size_t len, void *arg);
void alert_terms(const cJSON *item, alert_term_fn fn, void *arg);

/* alert.c, for alert_state.c: a new series (no lookup: the state file
 * holds each once), a series' open bucket (made when missing), and a
 * source counted in a bucket. */
struct alert;
struct series *alert_series_add(struct alert *a, int kind, const char *key, size_t len);
struct slot *alert_slot(struct series *s, long long b);
void alert_slot_source(struct slot *sl, const char *name, int count);

/* Hash of a string (FNV-1a, 32 bits). */
uint32_t alert_hash(const char *s, size_t n);

#endif
