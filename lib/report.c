/* report.c — see report.h: the counting half of veille-report. */
#include "report.h"
#include "fields.h"
#include "store.h"
#include "record.h"
#include "stopwords.h"
#include "strmap.h"
#include "text.h"
#include "url.h"
#include "util.h"
#include "when.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BUCKETS 400
#define MAX_ALERTS 100
#define EXCERPT 280
#define OVERALL ""      /* the key of the stories of all tags */

struct cand {
	char *id, *title, *url, *source, *summary, *sentiment;
	long long t;
	double base;        /* score before echoes */
};

struct tagstat {
	long mentions, prev, negative;
	double reach;
	int *timeline;
	struct cand *cands;
	int ncands;
};

/* A term: its count, and the first form it was written in ("Grève" for
 * the folded "greve"), which is what the report shows. */
struct term {
	long count;
	char *shown;
	unsigned long seen;     /* the serial of the last item counted */
};

struct groupstat {
	long mentions;
	struct strmap *tags, *authors;   /* of long */
};

struct report {
	struct report_opts o;
	long long len, bucket;
	int nbuckets;
	long mentions, prev_mentions, stories, errors, undated, outside;
	unsigned long serial;            /* of the item being counted */
	long sent[4];                    /* negative, neutral, positive, unknown */
	int *sent_timeline[3];
	struct strmap *tags;             /* struct tagstat */
	struct strmap *sources, *authors, *platforms, *langs;   /* long */
	struct strmap *terms, *prev_terms;                      /* struct term */
	struct strmap *echoes;           /* story id -> long */
	struct strmap *groups;           /* struct groupstat */
	cJSON *alerts;
	int ncand_max;
};

static const char *const sent_names[] = { "negative", "neutral", "positive", "unknown" };

struct report *
report_new(const struct report_opts *o)
{
	struct report *r = xcalloc(1, sizeof *r);
	r->o = *o;
	if (r->o.top <= 0)
		r->o.top = 10;
	r->len = r->o.until - r->o.since;
	if (r->len <= 0)
		r->len = 1;
	r->bucket = r->len <= 2 * 86400 ? 3600 : r->len <= 62 * 86400 ? 86400 : 7 * 86400;
	while ((r->len + r->bucket - 1) / r->bucket > MAX_BUCKETS)
		r->bucket *= 2;
	r->nbuckets = (int)((r->len + r->bucket - 1) / r->bucket);
	for (int i = 0; i < 3; i++)
		r->sent_timeline[i] = xcalloc((size_t)r->nbuckets, sizeof(int));
	r->tags = strmap_new(sizeof(struct tagstat));
	r->sources = strmap_new(sizeof(long));
	r->authors = strmap_new(sizeof(long));
	r->platforms = strmap_new(sizeof(long));
	r->langs = strmap_new(sizeof(long));
	r->terms = strmap_new(sizeof(struct term));
	r->prev_terms = strmap_new(sizeof(struct term));
	r->echoes = strmap_new(sizeof(long));
	r->groups = strmap_new(sizeof(struct groupstat));
	r->alerts = cJSON_CreateArray();
	r->ncand_max = 5 * r->o.top < 50 ? 50 : 5 * r->o.top;
	return r;
}

static void
cand_free(struct cand *c)
{
	free(c->id);
	free(c->title);
	free(c->url);
	free(c->source);
	free(c->summary);
	free(c->sentiment);
}

void
report_free(struct report *r)
{
	if (!r)
		return;
	size_t it = 0;
	const char *k;
	void *v;
	while (strmap_next(r->tags, &it, &k, &v)) {
		struct tagstat *ts = v;
		for (int i = 0; i < ts->ncands; i++)
			cand_free(&ts->cands[i]);
		free(ts->cands);
		free(ts->timeline);
	}
	it = 0;
	while (strmap_next(r->groups, &it, &k, &v)) {
		struct groupstat *g = v;
		strmap_free(g->tags);
		strmap_free(g->authors);
	}
	strmap_free(r->tags);
	strmap_free(r->sources);
	strmap_free(r->authors);
	strmap_free(r->platforms);
	strmap_free(r->langs);
	struct strmap *tm[2] = { r->terms, r->prev_terms };
	for (int i = 0; i < 2; i++) {
		it = 0;
		while (strmap_next(tm[i], &it, &k, &v))
			free(((struct term *)v)->shown);
		strmap_free(tm[i]);
	}
	strmap_free(r->echoes);
	strmap_free(r->groups);
	for (int i = 0; i < 3; i++)
		free(r->sent_timeline[i]);
	cJSON_Delete(r->alerts);
	free(r);
}

static void
bump(struct strmap *m, const char *key)
{
	if (!key || !*key)
		return;
	size_t n = strlen(key);
	if (n > 200)
		n = 200;
	long *c = strmap_put(m, key, n, NULL);
	(*c)++;
}

/* The item's time: published, else fetched_at. */
static int
item_time(const cJSON *it, long long *t)
{
	const char *p = rec_str(it, F_PUBLISHED);
	if (p && when_parse(p, t) == 0)
		return 0;
	p = rec_str(it, F_FETCHED_AT);
	return p && when_parse(p, t) == 0 ? 0 : -1;
}

/* 0 negative, 1 neutral, 2 positive, 3 unknown; *score the intensity. */
static int
item_sentiment(const cJSON *it, double *score)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(it, F_SENTIMENT);
	*score = 0;
	if (cJSON_IsNumber(s)) {
		*score = s->valuedouble;
		return *score <= -0.05 ? 0 : *score >= 0.05 ? 2 : 1;
	}
	if (!cJSON_IsObject(s))
		return 3;
	*score = rec_num(s, "score", 0);
	const char *l = rec_str(s, "label");
	if (!l)
		return 3;
	return !strcmp(l, "negative") ? 0 : !strcmp(l, "positive") ? 2 :
	    !strcmp(l, "neutral") ? 1 : 3;
}

/* Who published it: source.name, source.title, a string source, the
 * host of the item's link. malloc'd or NULL. */
static char *
item_source(const cJSON *it)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(it, F_SOURCE);
	if (cJSON_IsString(s) && *s->valuestring)
		return xstrdup(s->valuestring);
	if (cJSON_IsObject(s)) {
		const char *n = rec_str(s, "name");
		if (!n)
			n = rec_str(s, F_SOURCE_TITLE);
		if (n && *n)
			return xstrdup(n);
	}
	const char *u = rec_str(it, F_URL);
	return u && url_is_web(u, 0) ? url_host(u) : NULL;
}

static double
item_audience(const cJSON *it)
{
	double a = rec_num(it, "audience", 0);
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(it, F_ENGAGEMENT);
	double f = e ? rec_num(e, "followers", 0) : 0;
	return a > f ? a : f;
}

/* Likes, reposts, replies, score...: every number of engagement but the
 * views and followers (which are audience, not reaction). */
static double
item_engagement(const cJSON *it)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(it, F_ENGAGEMENT), *m;
	double sum = 0;
	cJSON_ArrayForEach(m, e)
		if (cJSON_IsNumber(m) && m->valuedouble > 0 && strcmp(m->string, "views") &&
		    strcmp(m->string, "followers"))
			sum += m->valuedouble;
	return sum;
}

/* Count the words of title and summary once each in m (an item that
 * says "panne" five times is one mention of it); serial numbers the item. */
static void
count_terms(struct strmap *m, const cJSON *it, unsigned long serial)
{
	const char *fields[] = { F_TITLE, F_SUMMARY };
	char key[64];
	for (int f = 0; f < 2; f++) {
		const char *s = rec_str(it, fields[f]);
		if (!s)
			continue;
		size_t n, pos = 0, *map, slen = strnlen(s, 4000);
		char *fold = text_fold(s, slen, &n, &map);
		struct text_tok t;
		while (text_next_word(fold, n, &pos, &t)) {
			if (t.len < 3 || t.len > 40 || stopword(fold + t.off, t.len))
				continue;
			size_t d = 0;
			while (d < t.len && fold[t.off + d] >= '0' && fold[t.off + d] <= '9')
				d++;
			if (d == t.len)
				continue;
			int tag = t.flags & TOK_HASHTAG;
			size_t klen = 0;
			if (tag)
				key[klen++] = '#';
			memcpy(key + klen, fold + t.off, t.len);
			klen += t.len;
			int isnew;
			struct term *tm = strmap_put(m, key, klen, &isnew);
			if (isnew) {
				size_t a = map[t.off], z = map[t.off + t.len];
				tm->shown = tag ? xasprintf("#%.*s", (int)(z - a), s + a) :
				    xstrndup(s + a, z - a);
			}
			if (tm->seen == serial)
				continue;
			tm->seen = serial;
			tm->count++;
		}
		free(fold);
		free(map);
	}
}

static char *
dup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

/* At most max bytes of s (a report shows less: the renderers cut on
 * characters). */
static char *
dup_max(const char *s, size_t max)
{
	return xstrndup(s, strnlen(s, max));
}

static void
offer(struct report *r, struct tagstat *ts, const cJSON *it, const char *src,
    long long t, double base, int sent)
{
	int slot = -1;
	if (ts->ncands < r->ncand_max) {
		if (!ts->cands)
			ts->cands = xcalloc((size_t)r->ncand_max, sizeof *ts->cands);
		slot = ts->ncands++;
	} else {
		int min = 0;
		for (int i = 1; i < ts->ncands; i++)
			if (ts->cands[i].base < ts->cands[min].base)
				min = i;
		if (ts->cands[min].base >= base)
			return;
		cand_free(&ts->cands[min]);
		slot = min;
	}
	struct cand *c = &ts->cands[slot];
	memset(c, 0, sizeof *c);
	c->id = xstrdup(rec_str(it, F_ID));
	/* A post has no title: its first words stand for one. */
	const char *title = rec_str(it, F_TITLE);
	if (!title || !*title)
		title = rec_str(it, F_SUMMARY);
	if (!title || !*title)
		title = rec_str(it, F_CONTENT);
	char *sq = str_squash(title ? title : "", 1);
	c->title = dup_max(sq, strlen(sq) > 140 ? 120 : 140);
	if (strlen(sq) > 140) {
		char *e = xasprintf("%s\xe2\x80\xa6", c->title);
		free(c->title);
		c->title = e;
	}
	free(sq);
	c->url = dup_or_null(rec_str(it, F_URL));
	c->source = dup_or_null(src);
	const char *sum = rec_str(it, F_SUMMARY);
	if (!sum)
		sum = rec_str(it, F_CONTENT);
	c->summary = sum ? dup_max(sum, 4 * EXCERPT) : NULL;
	c->sentiment = sent < 3 ? xstrdup(sent_names[sent]) : NULL;
	c->t = t;
	c->base = base;
}

static struct tagstat *
tag(struct report *r, const char *name)
{
	int isnew;
	struct tagstat *ts = strmap_put(r->tags, name, strlen(name), &isnew);
	if (isnew)
		ts->timeline = xcalloc((size_t)r->nbuckets, sizeof(int));
	return ts;
}

static void
add_alert(struct report *r, const cJSON *a)
{
	const cJSON *w = cJSON_GetObjectItemCaseSensitive(a, "window");
	const char *end = w ? rec_str(w, "end") : NULL;
	if (!end)
		end = rec_str(a, "first_seen");
	long long t;
	if (end && when_parse(end, &t) == 0 && (t < r->o.since || t > r->o.until))
		return;
	if (cJSON_GetArraySize(r->alerts) >= MAX_ALERTS)
		return;
	cJSON_AddItemToArray(r->alerts, cJSON_Duplicate(a, 1));
}

void
report_add(struct report *r, const cJSON *it)
{
	if (!cJSON_IsObject(it))
		return;
	if (rec_str(it, "alert")) {
		add_alert(r, it);
		return;
	}
	if (rec_str(it, F_ERROR)) {
		r->errors++;
		return;
	}
	long long t;
	if (item_time(it, &t) < 0) {
		r->undated++;
		return;
	}
	const cJSON *tags = cJSON_GetObjectItemCaseSensitive(it, F_TAGS), *tg;
	if (t >= r->o.since - r->len && t < r->o.since) {
		r->prev_mentions++;
		count_terms(r->prev_terms, it, ++r->serial);
		cJSON_ArrayForEach(tg, tags)
			if (cJSON_IsString(tg) && *tg->valuestring)
				tag(r, tg->valuestring)->prev++;
		return;
	}
	if (t < r->o.since || t >= r->o.until) {
		r->outside++;
		return;
	}
	r->mentions++;
	int b = (int)((t - r->o.since) / r->bucket);
	double sscore;
	int sent = item_sentiment(it, &sscore);
	r->sent[sent]++;
	if (sent < 3)
		r->sent_timeline[sent][b]++;
	char *src = item_source(it);
	bump(r->sources, src);
	const char *author = rec_str(it, F_AUTHOR);
	if (!author)
		author = rec_str(it, F_HANDLE);
	bump(r->authors, author);
	bump(r->platforms, rec_str(it, F_PLATFORM));
	bump(r->langs, rec_str(it, F_LANG));
	count_terms(r->terms, it, ++r->serial);
	double audience = item_audience(it);

	const char *dup = rec_str(it, F_DUPLICATE_OF);
	if (dup && *dup) {
		long *e = strmap_put(r->echoes, dup, strlen(dup), NULL);
		(*e)++;
	} else {
		r->stories++;
	}
	/* The score before echoes (veille-report(1), STORIES). */
	double recency = 1.0 - (double)(r->o.until - t) / (double)r->len;
	double base = 1 + recency + log1p(audience) / 2 + log1p(item_engagement(it)) / 2 +
	    fabs(sscore);
	int story = !(dup && *dup) && rec_str(it, F_ID);
	if (story)
		offer(r, tag(r, OVERALL), it, src, t, base, sent);
	tag(r, OVERALL)->mentions++;

	const char *group = rec_str(it, "group");
	struct groupstat *g = NULL;
	if (group && *group) {
		int isnew;
		g = strmap_put(r->groups, group, strlen(group), &isnew);
		if (isnew) {
			g->tags = strmap_new(sizeof(long));
			g->authors = strmap_new(sizeof(long));
		}
		g->mentions++;
		bump(g->authors, author);
	}
	cJSON_ArrayForEach(tg, tags) {
		if (!cJSON_IsString(tg) || !*tg->valuestring)
			continue;
		struct tagstat *ts = tag(r, tg->valuestring);
		ts->mentions++;
		ts->reach += audience;
		ts->negative += sent == 0;
		ts->timeline[b]++;
		if (story)
			offer(r, ts, it, src, t, base, sent);
		if (g)
			bump(g->tags, tg->valuestring);
	}
	free(src);
}

struct row {
	const char *key;
	double v;
	const void *val;
};

static int
row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	if (x->v != y->v)
		return x->v < y->v ? 1 : -1;
	return strcmp(x->key, y->key);
}

/* The entries of a map of long, most first (ties by key), at most top. */
static struct row *
rows(const struct strmap *m, size_t *n)
{
	struct row *rs = xcalloc(strmap_count(m) + 1, sizeof *rs);
	size_t it = 0, k = 0;
	const char *key;
	void *v;
	while (strmap_next(m, &it, &key, &v)) {
		rs[k].key = key;
		rs[k].v = (double)*(long *)v;
		rs[k].val = v;
		k++;
	}
	qsort(rs, k, sizeof *rs, row_cmp);
	*n = k;
	return rs;
}

static cJSON *
top_list(const struct strmap *m, int top, const char *name)
{
	size_t n;
	struct row *rs = rows(m, &n);
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < n && i < (size_t)top; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, name, rs[i].key);
		cJSON_AddNumberToObject(o, "count", rs[i].v);
		cJSON_AddItemToArray(a, o);
	}
	free(rs);
	return a;
}

/* The most frequent terms, as first written. */
static cJSON *
term_list(const struct strmap *m, int top)
{
	size_t n;
	struct row *rs = rows(m, &n);
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < n && i < (size_t)top; i++) {
		const struct term *t = rs[i].val;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "term", t->shown);
		cJSON_AddNumberToObject(o, "count", (double)t->count);
		cJSON_AddItemToArray(a, o);
	}
	free(rs);
	return a;
}

static cJSON *
int_array(const int *v, int n)
{
	return cJSON_CreateIntArray(v, n);
}

static double
final_score(const struct report *r, const struct cand *c, long *echoes)
{
	const long *e = strmap_get(r->echoes, c->id, strlen(c->id));
	*echoes = e ? *e : 0;
	return c->base + 2 * log1p((double)*echoes);
}

struct ranked {
	const struct cand *c;
	double score;
	long echoes;
};

static int
ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return strcmp(x->c->id, y->c->id);
}

static cJSON *
stories(const struct report *r, const struct tagstat *ts)
{
	cJSON *a = cJSON_CreateArray();
	if (!ts || !ts->ncands)
		return a;
	struct ranked *rk = xcalloc((size_t)ts->ncands, sizeof *rk);
	for (int i = 0; i < ts->ncands; i++) {
		rk[i].c = &ts->cands[i];
		rk[i].score = final_score(r, &ts->cands[i], &rk[i].echoes);
	}
	qsort(rk, (size_t)ts->ncands, sizeof *rk, ranked_cmp);
	char tbuf[32];
	for (int i = 0; i < ts->ncands && i < r->o.top; i++) {
		const struct cand *c = rk[i].c;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", c->id);
		cJSON_AddStringToObject(o, "title", c->title);
		if (c->url && url_is_web(c->url, 0))
			cJSON_AddStringToObject(o, "url", c->url);
		if (c->source)
			cJSON_AddStringToObject(o, "source", c->source);
		cJSON_AddStringToObject(o, "published", when_format(c->t, tbuf));
		if (c->summary) {
			char *s = str_squash(c->summary, 1);
			rec_set_str(o, "excerpt", s);
			free(s);
		}
		cJSON_AddNumberToObject(o, "echoes", (double)rk[i].echoes);
		cJSON_AddNumberToObject(o, "score", round(rk[i].score * 1000) / 1000);
		if (c->sentiment)
			cJSON_AddStringToObject(o, "sentiment", c->sentiment);
		cJSON_AddItemToArray(a, o);
	}
	free(rk);
	return a;
}

/* The tags to show: --tags in their order, else the most mentioned. */
static const char **
shown_tags(const struct report *r, int *n)
{
	const char **out = xcalloc((size_t)(r->o.ntags > r->o.top ? r->o.ntags : r->o.top) + 1,
	    sizeof *out);
	*n = 0;
	if (r->o.ntags) {
		for (int i = 0; i < r->o.ntags; i++)
			out[(*n)++] = r->o.tags[i];
		return out;
	}
	size_t it = 0, k = 0;
	const char *key;
	void *v;
	struct row *rs = xcalloc(strmap_count(r->tags) + 1, sizeof *rs);
	while (strmap_next(r->tags, &it, &key, &v)) {
		if (!*key || !((struct tagstat *)v)->mentions)
			continue;
		rs[k].key = key;
		rs[k].v = (double)((struct tagstat *)v)->mentions;
		k++;
	}
	qsort(rs, k, sizeof *rs, row_cmp);
	for (size_t i = 0; i < k && i < (size_t)r->o.top; i++)
		out[(*n)++] = rs[i].key;
	free(rs);
	return out;
}

static void
add_change(cJSON *o, const char *key, long cur, long prev)
{
	if (prev > 0)
		cJSON_AddNumberToObject(o, key, round((double)(cur - prev) / (double)prev * 1000) / 1000);
}

static cJSON *
rising(const struct report *r)
{
	size_t n, k = 0;
	struct row *rs = rows(r->terms, &n);
	struct row *up = xcalloc(n + 1, sizeof *up);
	for (size_t i = 0; i < n; i++) {
		long cur = (long)rs[i].v;
		if (cur < 3)
			continue;
		const struct term *p = strmap_get(r->prev_terms, rs[i].key, strlen(rs[i].key));
		long prev = p ? p->count : 0;
		double ratio = (double)(cur + 1) / (double)(prev + 1);
		if (ratio < 2)
			continue;
		up[k] = rs[i];
		up[k].v = ratio * log((double)cur);
		k++;
	}
	qsort(up, k, sizeof *up, row_cmp);
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < k && i < (size_t)r->o.top; i++) {
		const struct term *c = up[i].val;
		const struct term *p = strmap_get(r->prev_terms, up[i].key, strlen(up[i].key));
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "term", c->shown);
		cJSON_AddNumberToObject(o, "count", (double)c->count);
		cJSON_AddNumberToObject(o, "previous", p ? (double)p->count : 0);
		cJSON_AddItemToArray(a, o);
	}
	free(up);
	free(rs);
	return a;
}

static cJSON *
alerts_out(const struct report *r)
{
	static const char *const keep[] = {
		"alert", "key", "severity", "message", "count", "baseline", "score",
		"window", "first_seen", "sources", "items", NULL,
	};
	cJSON *a = cJSON_CreateArray(), *al;
	cJSON_ArrayForEach(al, r->alerts) {
		cJSON *o = cJSON_CreateObject();
		for (int i = 0; keep[i]; i++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(al, keep[i]);
			if (v && !cJSON_IsNull(v))
				cJSON_AddItemToObject(o, keep[i], cJSON_Duplicate(v, 1));
		}
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static cJSON *
groups_out(const struct report *r)
{
	size_t it = 0, k = 0;
	const char *key;
	void *v;
	struct row *rs = xcalloc(strmap_count(r->groups) + 1, sizeof *rs);
	while (strmap_next(r->groups, &it, &key, &v)) {
		rs[k].key = key;
		rs[k].v = (double)((struct groupstat *)v)->mentions;
		rs[k].val = v;
		k++;
	}
	qsort(rs, k, sizeof *rs, row_cmp);
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < k && i < (size_t)r->o.top; i++) {
		const struct groupstat *g = rs[i].val;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "group", rs[i].key);
		cJSON_AddNumberToObject(o, "mentions", (double)g->mentions);
		cJSON_AddItemToObject(o, "tags", top_list(g->tags, 5, "tag"));
		cJSON_AddItemToObject(o, "authors", top_list(g->authors, 5, "author"));
		cJSON_AddItemToArray(a, o);
	}
	free(rs);
	return a;
}

static int
add_stored(void *arg, const char *json, size_t len, const char *stored_at)
{
	(void)stored_at;
	cJSON *rec = cJSON_ParseWithLength(json, len);
	if (rec)
		report_add(arg, rec);
	cJSON_Delete(rec);
	return 0;
}

int
report_read_store(struct report *r, const char *path)
{
	struct store *s = store_open(path, STORE_READONLY);
	if (!s)
		return -1;
	struct store_filter f = { .has_since = 1, .has_until = 1,
		.since = r->o.since - r->len, .until = r->o.until };
	int rc = store_query(s, &f, add_stored, r);
	store_close(s);
	return rc;
}

cJSON *
report_result(struct report *r)
{
	char b1[32], b2[32];
	cJSON *o = cJSON_CreateObject();
	if (r->o.title)
		rec_set_str(o, "title", r->o.title);
	cJSON_AddStringToObject(o, "lang", r->o.lang ? r->o.lang : "en");
	cJSON_AddStringToObject(o, "generated_at", when_format(r->o.now, b1));
	cJSON *w = cJSON_AddObjectToObject(o, "window");
	cJSON_AddStringToObject(w, "start", when_format(r->o.since, b1));
	cJSON_AddStringToObject(w, "end", when_format(r->o.until, b2));
	w = cJSON_AddObjectToObject(o, "previous_window");
	cJSON_AddStringToObject(w, "start", when_format(r->o.since - r->len, b1));
	cJSON_AddStringToObject(w, "end", when_format(r->o.since, b2));
	cJSON_AddNumberToObject(o, "bucket_seconds", (double)r->bucket);
	cJSON *bk = cJSON_AddArrayToObject(o, "buckets");
	for (int i = 0; i < r->nbuckets; i++)
		cJSON_AddItemToArray(bk, cJSON_CreateString(when_format(r->o.since + i * r->bucket, b1)));

	cJSON_AddNumberToObject(o, "mentions", (double)r->mentions);
	cJSON_AddNumberToObject(o, "previous_mentions", (double)r->prev_mentions);
	add_change(o, "change", r->mentions, r->prev_mentions);
	cJSON_AddNumberToObject(o, "stories", (double)r->stories);
	cJSON_AddNumberToObject(o, "echoes", (double)(r->mentions - r->stories));
	if (r->errors)
		cJSON_AddNumberToObject(o, "errors", (double)r->errors);
	if (r->undated)
		cJSON_AddNumberToObject(o, "undated", (double)r->undated);

	cJSON *s = cJSON_AddObjectToObject(o, "sentiment");
	for (int i = 0; i < 4; i++)
		cJSON_AddNumberToObject(s, sent_names[i], (double)r->sent[i]);
	cJSON *st = cJSON_AddObjectToObject(o, "sentiment_timeline");
	for (int i = 0; i < 3; i++)
		cJSON_AddItemToObject(st, sent_names[i], int_array(r->sent_timeline[i], r->nbuckets));

	int nt;
	const char **shown = shown_tags(r, &nt);
	long sov_m = 0;
	double sov_r = 0;
	for (int i = 0; i < nt; i++) {
		const struct tagstat *ts = strmap_get(r->tags, shown[i], strlen(shown[i]));
		sov_m += ts ? ts->mentions : 0;
		sov_r += ts ? ts->reach : 0;
	}
	cJSON *tags = cJSON_AddArrayToObject(o, "tags");
	for (int i = 0; i < nt; i++) {
		const struct tagstat *ts = strmap_get(r->tags, shown[i], strlen(shown[i]));
		cJSON *t = cJSON_CreateObject();
		cJSON_AddStringToObject(t, "tag", shown[i]);
		long m = ts ? ts->mentions : 0;
		cJSON_AddNumberToObject(t, "mentions", (double)m);
		cJSON_AddNumberToObject(t, "previous", ts ? (double)ts->prev : 0);
		add_change(t, "change", m, ts ? ts->prev : 0);
		cJSON_AddNumberToObject(t, "negative", ts ? (double)ts->negative : 0);
		cJSON_AddNumberToObject(t, "reach", ts ? ts->reach : 0);
		if (sov_m)
			cJSON_AddNumberToObject(t, "share_of_voice", round((double)m / (double)sov_m * 1000) / 1000);
		if (sov_r > 0)
			cJSON_AddNumberToObject(t, "share_of_reach",
			    round((ts ? ts->reach : 0) / sov_r * 1000) / 1000);
		if (ts)
			cJSON_AddItemToObject(t, "timeline", int_array(ts->timeline, r->nbuckets));
		cJSON_AddItemToObject(t, "stories", stories(r, ts));
		cJSON_AddItemToArray(tags, t);
	}
	free(shown);
	cJSON_AddItemToObject(o, "top_stories",
	    stories(r, strmap_get(r->tags, OVERALL, 0)));
	cJSON_AddItemToObject(o, "sources", top_list(r->sources, r->o.top, "source"));
	cJSON_AddItemToObject(o, "authors", top_list(r->authors, r->o.top, "author"));
	cJSON_AddItemToObject(o, "platforms", top_list(r->platforms, r->o.top, "platform"));
	cJSON_AddItemToObject(o, "languages", top_list(r->langs, r->o.top, "lang"));
	cJSON_AddItemToObject(o, "terms", term_list(r->terms, r->o.top));
	cJSON_AddItemToObject(o, "rising_terms", rising(r));
	cJSON_AddItemToObject(o, "alerts", alerts_out(r));
	cJSON_AddItemToObject(o, "groups", groups_out(r));
	return o;
}

/* The report's own words. */
static const struct word {
	const char *key, *en, *fr;
} words[] = {
	{ "report", "Media monitoring report", "Rapport de veille" },
	{ "mentions", "Mentions", "Mentions" },
	{ "stories", "Stories", "Sujets" },
	{ "echoes", "Echoes", "Reprises" },
	{ "change", "vs previous period", "vs période précédente" },
	{ "negative", "Negative", "Négatif" },
	{ "neutral", "Neutral", "Neutre" },
	{ "positive", "Positive", "Positif" },
	{ "tone", "Tone", "Tonalité" },
	{ "volume", "Volume by watch", "Volume par veille" },
	{ "watches", "Watches", "Veilles" },
	{ "top_stories", "Top stories", "Sujets principaux" },
	{ "stories_of", "Top stories:", "Sujets principaux :" },
	{ "sources", "Top sources", "Sources principales" },
	{ "authors", "Top authors", "Auteurs principaux" },
	{ "platforms", "Platforms", "Plateformes" },
	{ "languages", "Languages", "Langues" },
	{ "terms", "Top terms", "Termes principaux" },
	{ "rising", "Rising terms", "Termes en hausse" },
	{ "alerts", "Alerts", "Alertes" },
	{ "resolved", "resolved", "résolue" },
	{ "active", "active", "active" },
	{ "sov", "Share of voice", "Part de voix" },
	{ "reach", "Potential reach", "Audience potentielle" },
	{ "groups", "Account groups", "Groupes de comptes" },
	{ "none", "Nothing in this period.", "Rien sur cette période." },
	{ "window", "Period", "Période" },
	{ "generated", "Generated", "Généré le" },
	{ "echoes_n", "echoes", "reprises" },
	{ "by", "by", "par" },
	{ NULL, NULL, NULL },
};

const char *
report_word(const cJSON *agg, const char *key)
{
	const char *lang = rec_str(agg, "lang");
	int fr = lang && !strcmp(lang, "fr");
	for (int i = 0; words[i].key; i++)
		if (!strcmp(words[i].key, key))
			return fr ? words[i].fr : words[i].en;
	return key;
}
