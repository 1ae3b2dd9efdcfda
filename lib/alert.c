/* alert.c — see alert.h; the formulas are in veille-alert(1). */
#include "alert.h"
#include "alert_int.h"
#include "alert_state.h"
#include "fields.h"
#include "match.h"
#include "msg.h"
#include "record.h"
#include "util.h"
#include "when.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400LL
/* A gap longer than this in the stream is skipped, not replayed bucket
 * by bucket: the baselines keep their values over it. */
#define MAX_GAP (7 * DAY)

struct alert {
	struct alert_cfg cfg;
	alert_emit_fn fn;
	void *arg;
	struct db *db;
	struct series **all;        /* every series, in creation order */
	size_t n, cap;
	struct series **tab;        /* open addressing on (kind, key) */
	size_t tcap;
	int started;                /* start_b, next_b and wm are set */
	long long start_b, next_b;  /* first bucket of the stream; first not closed */
	long long wm;               /* watermark, seconds */
	unsigned long nitems, nlate;
	/* Emerging terms that fired in the bucket being closed, grouped by
	 * subject (the item they were first seen in) before they are written. */
	struct pending { struct series *s; struct alert_ev ev; } *pend;
	size_t npend, cappend;
};

int
alert_severity_level(const char *s)
{
	for (int i = SEV_LOW; i <= SEV_CRITICAL; i++)
		if (s && !ascii_casecmp(s, rules_severity_name(i)))
			return i;
	return -1;
}

uint32_t
alert_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* ---- the watch list ---- */

struct alert_accounts {
	size_t n;
	char **name;    /* lowercase, without a leading '@', sorted */
	char **group;   /* NULL when none */
};

static char *
account_norm(const char *s, size_t n)
{
	while (n && *s == '@')
		s++, n--;
	return ascii_lower(xstrndup(s, n));
}

static int
acc_cmp(const void *x, const void *y)
{
	return strcmp(**(char *const *const *)x, **(char *const *const *)y);
}

struct alert_accounts *
alert_accounts_load(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		msg_warn(path, "cannot open the account list");
		return NULL;
	}
	struct alert_accounts *l = xcalloc(1, sizeof *l);
	size_t cap = 0;
	char *line = NULL;
	size_t lcap = 0;
	while (getline(&line, &lcap, fp) != -1) {
		char *s = str_trim(line);
		if (!*s || *s == '#')
			continue;
		/* "@handle group", or "Any Name<TAB>group" */
		size_t k = strchr(s, '\t') ? strcspn(s, "\t") :
		    *s == '@' ? strcspn(s, " ") : strlen(s);
		char *g = s + k;
		if (*g)
			*g++ = 0;
		g = str_trim(g);
		k = strlen(str_trim(s));
		if (l->n == cap) {
			cap = cap ? cap * 2 : 16;
			l->name = xrealloc(l->name, cap * sizeof *l->name);
			l->group = xrealloc(l->group, cap * sizeof *l->group);
		}
		l->name[l->n] = account_norm(s, k);
		l->group[l->n] = *g && *g != '#' ? xstrdup(g) : NULL;
		l->n++;
	}
	free(line);
	fclose(fp);
	/* Sort names and groups together: an array of pairs of pointers. */
	char ***pairs = xmalloc((l->n ? l->n : 1) * sizeof *pairs);
	char **flat = xmalloc((l->n ? l->n : 1) * 2 * sizeof *flat);
	for (size_t i = 0; i < l->n; i++) {
		flat[2 * i] = l->name[i];
		flat[2 * i + 1] = l->group[i];
		pairs[i] = flat + 2 * i;
	}
	qsort(pairs, l->n, sizeof *pairs, acc_cmp);
	for (size_t i = 0; i < l->n; i++) {
		l->name[i] = pairs[i][0];
		l->group[i] = pairs[i][1];
	}
	free(pairs);
	free(flat);
	return l;
}

void
alert_accounts_free(struct alert_accounts *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->name[i]);
		free(l->group[i]);
	}
	free(l->name);
	free(l->group);
	free(l);
}

static int
name_cmp(const void *key, const void *elt)
{
	return strcmp(key, *(char *const *)elt);
}

/* The index of s in the list, or -1. */
static long
accounts_find(const struct alert_accounts *l, const char *s)
{
	if (!s || !*s || !l->n)
		return -1;
	char *k = account_norm(s, strlen(s));
	char **hit = bsearch(k, l->name, l->n, sizeof *l->name, name_cmp);
	free(k);
	return hit ? (long)(hit - l->name) : -1;
}

/* ---- series ---- */

struct alert *
alert_new(const struct alert_cfg *cfg, alert_emit_fn fn, void *arg)
{
	struct alert *a = xcalloc(1, sizeof *a);
	a->cfg = *cfg;
	a->fn = fn;
	a->arg = arg;
	a->tcap = 1024;
	a->tab = xcalloc(a->tcap, sizeof *a->tab);
	return a;
}

static uint32_t
series_hash(int kind, const char *key, size_t len)
{
	return alert_hash(key, len) ^ (uint32_t)kind * 0x9e3779b9u;
}

static void
tab_put(struct alert *a, struct series *s)
{
	size_t i = series_hash(s->kind, s->key, strlen(s->key)) & (a->tcap - 1);
	while (a->tab[i])
		i = (i + 1) & (a->tcap - 1);
	a->tab[i] = s;
}

static void
tab_rebuild(struct alert *a)
{
	while (a->tcap < 2 * a->n + 16)
		a->tcap *= 2;
	free(a->tab);
	a->tab = xcalloc(a->tcap, sizeof *a->tab);
	for (size_t i = 0; i < a->n; i++)
		tab_put(a, a->all[i]);
}

/* Buckets of one hour slot in a day. */
static double
per_hour(const struct alert *a)
{
	return a->cfg.bucket >= 3600 ? 1 : (double)(3600 / a->cfg.bucket);
}

struct series *
alert_series_add(struct alert *a, int kind, const char *key, size_t len)
{
	struct series *s = xcalloc(1, sizeof *s);
	s->key = xstrndup(key, len);
	s->kind = kind;
	if (kind == S_KEY)
		s->h = xcalloc(1, sizeof *s->h);
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 256;
		a->all = xrealloc(a->all, a->cap * sizeof *a->all);
	}
	a->all[a->n++] = s;
	if (2 * a->n + 16 > a->tcap)
		tab_rebuild(a);
	else
		tab_put(a, s);
	return s;
}

static struct series *
series_get(struct alert *a, int kind, const char *key, size_t len)
{
	size_t i = series_hash(kind, key, len) & (a->tcap - 1);
	for (struct series *s; (s = a->tab[i]); i = (i + 1) & (a->tcap - 1))
		if (s->kind == kind && !strncmp(s->key, key, len) && !s->key[len])
			return s;
	struct series *s = alert_series_add(a, kind, key, len);
	/* A series seen for the first time has been at zero since the state
	 * began: its weights are those of a series that old. */
	double seen = a->next_b > a->start_b ? (double)(a->next_b - a->start_b) : 0;
	s->st.n = s->st.tn = seen;
	if (s->h)
		for (int h = 0; h < 24; h++)
			s->h->n[h] = seen / 24;
	return s;
}

static void
slot_clear(struct slot *sl)
{
	cJSON_Delete(sl->items);
	for (int i = 0; i < sl->nsrc; i++)
		free(sl->src[i].name);
	memset(sl, 0, sizeof *sl);
}

struct slot *
alert_slot(struct series *s, long long b)
{
	for (int i = 0; i < s->nslots; i++)
		if (s->slots[i].b == b)
			return &s->slots[i];
	if (s->nslots == s->capslots) {
		s->capslots = s->capslots ? s->capslots * 2 : 2;
		s->slots = xrealloc(s->slots, s->capslots * sizeof *s->slots);
	}
	struct slot *sl = &s->slots[s->nslots++];
	memset(sl, 0, sizeof *sl);
	sl->b = b;
	return sl;
}

void
alert_slot_source(struct slot *sl, const char *name, int count)
{
	if (!name || !*name)
		return;
	uint32_t h = alert_hash(name, strlen(name));
	for (int i = 0; i < sl->nsrc; i++)
		if (sl->src[i].hash == h && !strcmp(sl->src[i].name, name)) {
			sl->src[i].count += count;
			return;
		}
	if (sl->nsrc < SLOT_SRC) {
		sl->src[sl->nsrc].name = xstrdup(name);
		sl->src[sl->nsrc].hash = h;
		sl->src[sl->nsrc++].count = count;
	}
}

static void
slot_distinct(struct slot *sl, uint32_t h)
{
	for (int i = 0; i < sl->nd; i++)
		if (sl->dh[i] == h)
			return;
	if (sl->nd < SLOT_DISTINCT)
		sl->dh[sl->nd++] = h;
}

static void
series_free(struct series *s)
{
	for (int i = 0; i < s->nslots; i++)
		slot_clear(&s->slots[i]);
	free(s->slots);
	free(s->h);
	free(s->key);
	free(s);
}

void
alert_free(struct alert *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++)
		series_free(a->all[i]);
	free(a->all);
	free(a->tab);
	free(a->pend);
	free(a);
}

void
alert_counts(const struct alert *a, unsigned long *items, unsigned long *late)
{
	*items = a->nitems;
	*late = a->nlate;
}

/* ---- firing ---- */

static void
emit(struct alert *a, const struct alert_ev *ev)
{
	cJSON *r = alert_record(ev, a->cfg.lang_fr);
	a->fn(r, a->arg);
	cJSON_Delete(r);
}

static int
level_of(const struct alert *a, double z)
{
	double t = a->cfg.threshold > 0 ? a->cfg.threshold : 1;
	return z >= 4 * t ? SEV_CRITICAL : z >= 2 * t ? SEV_HIGH : SEV_MEDIUM;
}

/* The spread of counts around a baseline of mean mu and variance var:
 * at least Poisson's, plus a negative-binomial term (dispersion 10) for
 * the error of a baseline learnt from few values, plus 1 so that a flat
 * zero history does not make every mention infinitely surprising. */
static double
spread(double mu, double var)
{
	return sqrt(fmax(var, mu) + mu * mu / 10 + 1);
}

static double
zscore(double c, double mu, double var)
{
	return (c - mu) / spread(mu, var);
}

/* The weight of a new value in an EWMA whose memory is `mem` values,
 * after n values: the plain mean at first. */
static void
ewma(double *m, double *v, double *n, double x, double mem)
{
	double w = *n + 1 < mem ? 1 / (*n + 1) : 1 / mem;
	double d = x - *m;
	*m += w * d;
	*v = (1 - w) * (*v + w * d * d);
	*n += 1;
}

/* One step of an alert's life: fire, go on (re-notify), or resolve. */
static void
episode_step(struct alert *a, struct series *s, struct episode *ep, int kind,
    int hot, int still, long long b, double c, double mu, double z, const struct slot *sl)
{
	long long start = b * a->cfg.bucket, end = start + a->cfg.bucket;
	struct alert_ev ev = { .kind = kind, .key = s->key,
		.by = s->kind == S_TERM ? "term" : a->cfg.by, .start = start, .end = end,
		.count = c, .baseline = mu, .score = z, .slot = sl,
		.items = sl ? sl->items : NULL };
	if (ep->on == 2) {
		/* Fired early (early_spikes) on the bucket starting at
		 * first_seen: the buckets before it do not end it, and its own
		 * judgement, now whole, goes on or ends the alert. */
		if (start < ep->first_seen)
			return;
		if (start == ep->first_seen && (hot || still)) {
			ep->on = 1;
			ep->total = c;
			if (z > ep->peak)
				ep->peak = z;
			return;
		}
		ep->on = 1;
	}
	if (!ep->on) {
		if (!hot)
			return;
		ep->on = 1;
		ep->first_seen = start;
		ep->last_sent = end;
		ep->total = c;
		ep->peak = z;
		ep->baseline = mu;
		ev.first_seen = start;
		ev.severity = level_of(a, z);
		if (kind == AK_EMERGING) {
			if (a->npend == a->cappend) {
				a->cappend = a->cappend ? 2 * a->cappend : 16;
				a->pend = xrealloc(a->pend, a->cappend * sizeof *a->pend);
			}
			a->pend[a->npend].s = s;
			a->pend[a->npend++].ev = ev;
		} else {
			emit(a, &ev);
		}
		return;
	}
	if (still) {
		ep->total += c;
		if (z > ep->peak)
			ep->peak = z;
		if (a->cfg.repeat > 0 && end - ep->last_sent >= a->cfg.repeat && !ep->muted) {
			ep->last_sent = end;
			ev.first_seen = ep->first_seen;
			ev.severity = level_of(a, ep->peak);
			ev.repeat = 1;
			emit(a, &ev);
		}
		return;
	}
	ev.kind = AK_RESOLVED;
	ev.resolves = kind;
	ev.start = ep->first_seen;
	ev.end = start;
	ev.first_seen = ep->first_seen;
	ev.count = ep->total;
	ev.baseline = ep->baseline;
	ev.score = ep->peak;
	ev.severity = level_of(a, ep->peak);
	ev.items = NULL;
	ev.slot = NULL;
	if (!ep->muted)
		emit(a, &ev);
	memset(ep, 0, sizeof *ep);
}

/* The volume baseline of series s for bucket b: the hour-of-day one
 * once it has a day of values, shrunk towards the all-hours one by a
 * day's worth of values (an hour learnt from few values is mostly the
 * all-hours baseline). *hour: that hour's slot of s->h, or -1. */
static void
baseline(const struct alert *a, const struct series *s, long long b, double *mu,
    double *var, int *hour)
{
	*mu = s->st.m;
	*var = s->st.v;
	*hour = -1;
	if (!s->h)
		return;
	int h = (int)((((b * a->cfg.bucket) % DAY) + DAY) % DAY / 3600);
	double k = per_hour(a), wh = s->h->n[h] / (s->h->n[h] + k);
	*mu = wh * s->h->m[h] + (1 - wh) * s->st.m;
	*var = wh * s->h->v[h] + (1 - wh) * s->st.v;
	*hour = h;
}

static int
spike_hot(const struct alert *a, long long b, double x, double mu, double z)
{
	const struct alert_cfg *c = &a->cfg;
	int warm = (b - a->start_b) * c->bucket >= c->warmup;
	return warm && x >= c->min_count && z >= c->threshold && x >= c->ratio * mu;
}

static void
judge(struct alert *a, struct series *s, long long b, const struct slot *sl)
{
	const struct alert_cfg *c = &a->cfg;
	if (b < a->start_b)
		return;         /* before the first item: nothing to learn */
	int warm = (b - a->start_b) * c->bucket >= c->warmup;
	double x = sl ? sl->count : 0;
	double day = (double)DAY / (double)c->bucket;
	double *m = &s->st.m, *v = &s->st.v, *n = &s->st.n;
	double *hm = NULL, *hv = NULL, *hn = NULL;
	double mu, var;
	int h;
	baseline(a, s, b, &mu, &var, &h);
	if (h >= 0)
		hm = &s->h->m[h], hv = &s->h->v[h], hn = &s->h->n[h];
	double z = zscore(x, mu, var);
	int hot = spike_hot(a, b, x, mu, z);
	int still = x >= c->min_count && z >= c->threshold / 2;
	if (s->kind == S_TERM) {
		int nd = sl ? sl->nd : 0;
		hot = hot && nd >= c->min_sources;
		episode_step(a, s, &s->st.spike, AK_EMERGING, hot, still, b, x, mu, z, sl);
	} else {
		episode_step(a, s, &s->st.spike, AK_SPIKE, hot, still, b, x, mu, z, sl);
	}
	/* Learn, with a burst clipped to the edge of the normal. */
	double xl = warm ? fmin(x, mu + c->threshold * spread(mu, var)) : x;
	ewma(m, v, n, xl, day);
	if (hn)
		ewma(hm, hv, hn, xl, 7 * per_hour(a));
	if (s->kind != S_KEY)
		return;
	/* Tone: the negative share against its own baseline. */
	double k = sl ? sl->nsent : 0, neg = sl ? sl->neg : 0;
	double p = (s->st.neg_m + 0.1) / (s->st.sent_m + 0.5);
	if (p > 0.95)
		p = 0.95;
	double tz = (neg - k * p) / sqrt(k * p * (1 - p) + 1);
	double share = k > 0 ? neg / k : 0;
	double want = fmin(c->ratio * p, (1 + p) / 2);
	int thot = warm && neg >= c->min_count && tz >= c->threshold && share >= want;
	int tstill = neg >= c->min_count && tz >= c->threshold / 2;
	episode_step(a, s, &s->st.tone, AK_TONE, thot, tstill, b, neg, k * p, tz, sl);
	double negl = warm ? fmin(neg, k * p + c->threshold * sqrt(k * p * (1 - p) + 1)) : neg;
	double w = s->st.tn + 1 < 7 * day ? 1 / (s->st.tn + 1) : 1 / (7 * day);
	s->st.neg_m += w * (negl - s->st.neg_m);
	s->st.sent_m += w * (k - s->st.sent_m);
	s->st.tn += 1;
}

/* Terms that have faded out of memory are forgotten. */
static void
prune(struct alert *a)
{
	size_t j = 0;
	for (size_t i = 0; i < a->n; i++) {
		struct series *s = a->all[i];
		if (s->kind == S_TERM && !s->nslots && !s->st.spike.on && s->st.m < 1e-3)
			series_free(s);
		else
			a->all[j++] = s;
	}
	if (j != a->n) {
		a->n = j;
		tab_rebuild(a);
	}
}

static const char *
first_item(const struct alert_ev *ev)
{
	const char *id = ev->items && ev->items->child ? rec_str(ev->items->child, F_ID) : NULL;
	return id ? id : "";
}

static int
pend_cmp(const void *x, const void *y)
{
	const struct pending *p = x, *q = y;
	int c = strcmp(first_item(&p->ev), first_item(&q->ev));
	if (c)
		return c;
	if (p->ev.count != q->ev.count)
		return p->ev.count > q->ev.count ? -1 : 1;
	size_t lp = strlen(p->ev.key), lq = strlen(q->ev.key);
	if (lp != lq)
		return lp > lq ? -1 : 1;
	return strcmp(p->ev.key, q->ev.key);
}

/* One alert per subject: the emerging terms first seen in the same item
 * are written as one alert, led by the most frequent (then the longest)
 * term; the others are muted until they resolve. */
static void
emit_emerging(struct alert *a)
{
	qsort(a->pend, a->npend, sizeof *a->pend, pend_cmp);
	const char **terms = xmalloc((a->npend + 1) * sizeof *terms);
	for (size_t i = 0, j; i < a->npend; i = j) {
		int n = 0;
		for (j = i; j < a->npend && !strcmp(first_item(&a->pend[j].ev),
		    first_item(&a->pend[i].ev)); j++) {
			terms[n++] = a->pend[j].ev.key;
			if (j > i)
				a->pend[j].s->st.spike.muted = 1;
		}
		struct alert_ev ev = a->pend[i].ev;
		ev.terms = terms;
		ev.nterms = n;
		emit(a, &ev);
	}
	free(terms);
	a->npend = 0;
}

static void
close_bucket(struct alert *a, long long b)
{
	for (size_t i = 0; i < a->n; i++) {
		struct series *s = a->all[i];
		struct slot *sl = NULL;
		for (int k = 0; k < s->nslots; k++)
			if (s->slots[k].b == b) {
				sl = &s->slots[k];
				break;
			}
		judge(a, s, b, sl);
	}
	if (a->npend)
		emit_emerging(a);
	for (size_t i = 0; i < a->n; i++) {
		struct series *s = a->all[i];
		for (int k = 0; k < s->nslots; k++)
			if (s->slots[k].b == b) {
				slot_clear(&s->slots[k]);
				s->slots[k] = s->slots[--s->nslots];
				break;
			}
	}
	if ((b * a->cfg.bucket) % DAY == 0)
		prune(a);
}

static long long
floor_div(long long x, long long y)
{
	return x >= 0 ? x / y : -((-x + y - 1) / y);
}

/* Close every bucket that ends at or before the watermark. */
static void
advance(struct alert *a, long long wm)
{
	if (wm <= a->wm)
		return;
	a->wm = wm;
	long long last = floor_div(wm, a->cfg.bucket) - 1;
	long long gap = MAX_GAP / a->cfg.bucket;
	long long b;
	for (b = a->next_b; b <= last && b - a->next_b < gap; b++)
		close_bucket(a, b);
	a->next_b = last + 1 > b ? last + 1 : b;
}

/* ---- items ---- */

static long long
item_time(const cJSON *it)
{
	long long t;
	const char *s = rec_str(it, F_PUBLISHED);
	if (s && !when_parse(s, &t))
		return t;
	s = rec_str(it, F_FETCHED_AT);
	if (s && !when_parse(s, &t))
		return t;
	return when_now();
}

/* Who is behind an item: handle, author, or the source's title or URL. */
static const char *
item_who(const cJSON *it)
{
	const char *s = rec_str(it, F_HANDLE);
	if (!s)
		s = rec_str(it, F_AUTHOR);
	if (!s) {
		const cJSON *src = cJSON_GetObjectItemCaseSensitive(it, F_SOURCE);
		s = rec_str(src, F_SOURCE_TITLE);
		if (!s)
			s = rec_str(src, F_SOURCE_URL);
		if (!s)
			s = cJSON_IsString(src) ? src->valuestring : NULL;
	}
	return s;
}

static cJSON *
item_example(const cJSON *it)
{
	cJSON *e = cJSON_CreateObject();
	rec_set_str(e, F_ID, rec_str(it, F_ID));
	rec_set_str(e, F_TITLE, rec_str(it, F_TITLE));
	rec_set_str(e, F_URL, rec_str(it, F_URL));
	return e;
}

static int
item_negative(const cJSON *it, int *has)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(it, F_SENTIMENT);
	*has = 0;
	if (cJSON_IsObject(s)) {
		const char *l = rec_str(s, "label");
		if (!l)
			return 0;
		*has = 1;
		return !strcmp(l, "negative");
	}
	if (cJSON_IsNumber(s)) {
		*has = 1;
		return s->valuedouble <= -0.25;
	}
	return 0;
}

static void
count_in(struct alert *a, struct slot *sl, const cJSON *it, const char *who, int neg, int has)
{
	sl->count++;
	sl->nsent += has;
	sl->neg += neg;
	if (a->cfg.examples > 0) {
		if (!sl->items)
			sl->items = cJSON_CreateArray();
		if (sl->nitems < a->cfg.examples) {
			cJSON_AddItemToArray(sl->items, item_example(it));
			sl->nitems++;
		}
	}
	alert_slot_source(sl, who, 1);
	if (who)
		slot_distinct(sl, alert_hash(who, strlen(who)));
}

struct term_ctx {
	struct alert *a;
	const cJSON *it;
	const char *who;
	long long b;
};

static void
on_term(const char *t, size_t len, void *arg)
{
	struct term_ctx *tc = arg;
	struct series *s = series_get(tc->a, S_TERM, t, len);
	struct slot *sl = alert_slot(s, tc->b);
	count_in(tc->a, sl, tc->it, tc->who, 0, 0);
}

/* Fire an alert of one item (severity, influencer) unless done before. */
static void
fire_item(struct alert *a, int kind, const cJSON *it, long long t, const char *key,
    const char *group, int sev, double score)
{
	const char *id = rec_str(it, F_ID);
	if (!id)
		id = rec_str(it, F_URL);
	if (id && alert_state_fired(a->db, kind, id, t))
		return;
	cJSON *items = cJSON_CreateArray();
	cJSON_AddItemToArray(items, item_example(it));
	struct slot sl = { 0 };
	alert_slot_source(&sl, item_who(it), 1);
	long long b = floor_div(t, a->cfg.bucket);
	struct alert_ev ev = { .kind = kind, .key = key, .by = a->cfg.by, .group = group,
		.severity = sev, .start = b * a->cfg.bucket, .end = (b + 1) * a->cfg.bucket,
		.first_seen = t, .count = 1, .score = score, .items = items, .slot = &sl };
	if (kind == AK_INFLUENCER)
		ev.by = rec_str(it, F_HANDLE) ? F_HANDLE : F_AUTHOR;
	emit(a, &ev);
	slot_clear(&sl);
	cJSON_Delete(items);
}

static double
item_audience(const cJSON *it)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, "audience");
	if (cJSON_IsNumber(v))
		return v->valuedouble;
	if (cJSON_IsString(v))
		return strtod(v->valuestring, NULL);
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(it, F_ENGAGEMENT);
	static const char *const f[] = { "followers", "author_followers", "subscribers" };
	for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
		v = cJSON_GetObjectItemCaseSensitive(e, f[i]);
		if (cJSON_IsNumber(v))
			return v->valuedouble;
	}
	return 0;
}

/* The first key of an item, for the alerts of one item. */
static const char *
first_key(const cJSON *it, const char *by)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, by);
	if (cJSON_IsArray(v))
		v = v->child;
	if (cJSON_IsString(v))
		return v->valuestring;
	return rec_str(it, F_TITLE);
}

static void
immediate(struct alert *a, const cJSON *it, long long t)
{
	const struct alert_cfg *c = &a->cfg;
	int lv = alert_severity_level(rec_str(it, F_SEVERITY));
	if (c->min_severity > SEV_NONE && lv >= c->min_severity)
		fire_item(a, AK_SEVERITY, it, t, first_key(it, c->by), NULL, lv, lv);
	else if (c->match && match_test(c->match, it))
		fire_item(a, AK_SEVERITY, it, t, first_key(it, c->by), NULL,
		    lv > SEV_NONE ? lv : SEV_HIGH, lv > SEV_NONE ? lv : SEV_HIGH);
	const char *h = rec_str(it, F_HANDLE), *au = rec_str(it, F_AUTHOR);
	if (c->accounts) {
		long i = accounts_find(c->accounts, h);
		const char *who = h;
		if (i < 0) {
			i = accounts_find(c->accounts, au);
			who = au;
		}
		if (i >= 0) {
			fire_item(a, AK_INFLUENCER, it, t, who, c->accounts->group[i],
			    SEV_HIGH, 0);
			return;
		}
	}
	if (c->min_audience > 0) {
		double n = item_audience(it);
		if (n >= c->min_audience)
			fire_item(a, AK_INFLUENCER, it, t, h ? h : au ? au : "?", NULL,
			    SEV_MEDIUM, n);
	}
}

static void
key_value(struct alert *a, const cJSON *v, struct slot **out, int *nout, long long b)
{
	char num[64];
	const char *s = NULL;
	if (cJSON_IsString(v))
		s = v->valuestring;
	else if (cJSON_IsNumber(v)) {
		snprintf(num, sizeof num, "%.17g", v->valuedouble);
		s = num;
	} else if (cJSON_IsObject(v)) {
		s = rec_str(v, F_SOURCE_TITLE);
		if (!s)
			s = rec_str(v, F_SOURCE_URL);
		if (!s)
			s = rec_str(v, "name");
	}
	if (!s || !*s || *nout >= 64)
		return;
	struct series *se = series_get(a, S_KEY, s, strlen(s));
	struct slot *sl = alert_slot(se, b);
	for (int i = 0; i < *nout; i++)
		if (out[i] == sl)
			return;     /* a key twice in one item counts once */
	out[(*nout)++] = sl;
}

void
alert_item(struct alert *a, const cJSON *it)
{
	long long now = when_now();
	long long t = item_time(it);
	int future = t > now;
	if (future)
		t = now;        /* counted now, and not allowed to close buckets */
	long long b = floor_div(t, a->cfg.bucket);
	if (!a->started) {
		a->started = 1;
		a->wm = t - a->cfg.lateness;
		a->next_b = floor_div(a->wm, a->cfg.bucket);
		a->start_b = b;
	}
	if (b < a->next_b) {
		a->nlate++;
		return;
	}
	a->nitems++;
	immediate(a, it, t);
	const char *who = item_who(it);
	int has, neg = item_negative(it, &has);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, a->cfg.by);
	struct slot *sl[64];
	int nsl = 0;
	if (cJSON_IsArray(v)) {
		const cJSON *e;
		cJSON_ArrayForEach(e, v)
			key_value(a, e, sl, &nsl, b);
	} else if (v) {
		key_value(a, v, sl, &nsl, b);
	}
	for (int i = 0; i < nsl; i++)
		count_in(a, sl[i], it, who, neg, has);
	if (a->cfg.emerging) {
		struct term_ctx tc = { a, it, who, b };
		alert_terms(it, on_term, &tc);
	}
	if (!future)
		advance(a, t - a->cfg.lateness);
}

/* A spike need not wait for its bucket to close: late items can only
 * add to a count, so a bucket still open whose count is already hot
 * against the baseline is a spike now. It is written at once (the
 * episode marked on = 2); the bucket's own judgement, once the
 * watermark passes it, goes on with that alert or ends it, and the
 * buckets before it neither end it nor raise it again. Volume spikes
 * only: a tone share or an emerging term can still fall. */
static void
early_spikes(struct alert *a)
{
	for (size_t i = 0; i < a->n; i++) {
		struct series *s = a->all[i];
		struct episode *ep = &s->st.spike;
		if (s->kind != S_KEY || ep->on)
			continue;
		const struct slot *best = NULL;
		double best_mu = 0, best_z = 0;
		for (int k = 0; k < s->nslots; k++) {
			const struct slot *sl = &s->slots[k];
			if (sl->b >= a->next_b && sl->b >= a->start_b && (!best || sl->b < best->b)) {
				double mu, var;
				int h;
				baseline(a, s, sl->b, &mu, &var, &h);
				double z = zscore(sl->count, mu, var);
				if (spike_hot(a, sl->b, sl->count, mu, z)) {
					best = sl;
					best_mu = mu;
					best_z = z;
				}
			}
		}
		if (!best)
			continue;
		episode_step(a, s, ep, AK_SPIKE, 1, 1, best->b, best->count, best_mu, best_z, best);
		ep->on = 2;
	}
}

void
alert_finish(struct alert *a, long long now)
{
	if (!a->started)
		return;
	advance(a, now - a->cfg.lateness);
	early_spikes(a);
}

/* ---- the state file (alert_state.c does the SQL) ---- */

int
alert_load(struct alert *a, struct db *d)
{
	a->db = a->cfg.dry_run ? NULL : d;  /* items alerted on: not recorded */
	long long v[3];
	int r = alert_state_meta(d, v);
	if (r < 0)
		return -1;
	if (r > 0) {
		a->started = 1;
		a->start_b = v[0];
		a->next_b = v[1];
		a->wm = v[2];
	}
	return alert_state_load(d, a);
}

int
alert_save(struct alert *a, struct db *d)
{
	long long v[3] = { a->start_b, a->next_b, a->wm };
	return alert_state_save(d, a->started ? v : NULL, a->all, a->n);
}
