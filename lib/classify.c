/* classify.c — see classify.h */
#include "classify.h"
#include "fields.h"
#include "jsonline.h"
#include "lang.h"
#include "record.h"
#include "rules.h"
#include "sentiment.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The text language and tone are read from: title, summary and the
 * start of the content, joined. An item's language shows in its first
 * lines, its tone in its headline and lead: reading more costs time
 * (the sentiment lexicon lookups were two thirds of the tool's time on
 * whole articles) and, for the tone, dilutes the lead in the body. */
#define TEXT_MAX 2048           /* for the language */
#define TONE_MAX 1024           /* for the sentiment: a prefix of the above */

struct classify {
	struct matcher *m;
	struct classify_opts o;
	struct buf text;
	const char **tags;              /* the output tags, each once */
	int ntags, captags;
	/* which tags are in: open addressing over tags[], index + 1 */
	int *seen;
	size_t seencap;
};

struct classify *
classify_new(struct matcher *m, const struct classify_opts *o)
{
	struct classify *c = xcalloc(1, sizeof *c);
	c->m = m;
	c->o = *o;
	buf_init(&c->text);
	return c;
}

void
classify_free(struct classify *c)
{
	if (!c)
		return;
	buf_free(&c->text);
	free(c->tags);
	free(c->seen);
	free(c);
}

static void
add_text(struct buf *b, const char *s)
{
	if (!s || b->len >= TEXT_MAX)
		return;
	if (b->len)
		buf_adds(b, ".\n");
	size_t n = strlen(s);
	if (b->len + n > TEXT_MAX) {
		n = TEXT_MAX - b->len;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	buf_add(b, s, n);
}

static void
tag_add(struct classify *c, const char *t)
{
	if (c->ntags >= REC_MAX_LIST)
		return;
	if ((size_t)(c->ntags + 1) * 2 > c->seencap) {
		c->seencap = c->seencap ? c->seencap * 2 : 64;
		free(c->seen);
		c->seen = xcalloc(c->seencap, sizeof *c->seen);
		for (int i = 0; i < c->ntags; i++) {
			size_t h = mem_hash(c->tags[i], strlen(c->tags[i])) & (c->seencap - 1);
			while (c->seen[h])
				h = (h + 1) & (c->seencap - 1);
			c->seen[h] = i + 1;
		}
	}
	size_t h = mem_hash(t, strlen(t)) & (c->seencap - 1);
	while (c->seen[h]) {
		if (!strcmp(c->tags[c->seen[h] - 1], t))
			return;
		h = (h + 1) & (c->seencap - 1);
	}
	if (c->ntags == c->captags) {
		c->captags = c->captags ? c->captags * 2 : 16;
		c->tags = xrealloc(c->tags, (size_t)c->captags * sizeof *c->tags);
	}
	c->seen[h] = c->ntags + 1;
	c->tags[c->ntags++] = t;
}

/* Forget the tags of the last item. */
static void
tags_reset(struct classify *c)
{
	if (c->ntags && c->seen)
		memset(c->seen, 0, c->seencap * sizeof *c->seen);
	c->ntags = 0;
}

static double
round3(double v)
{
	return round(v * 1000) / 1000;
}

/* A language tag's primary subtag, lowercase, when it looks like an ISO
 * 639 code ("fr-FR" gives "fr"); NULL otherwise. */
static const char *
primary(const char *tag, char *buf)
{
	if (!tag)
		return NULL;
	size_t n = strcspn(tag, "-_");
	if (n < 2 || n > 3)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char ch = tag[i];
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch + 32);
		if (ch < 'a' || ch > 'z')
			return NULL;
		buf[i] = ch;
	}
	buf[n] = 0;
	return buf;
}

int
classify_item(struct classify *c, cJSON *item, const char *s, size_t n, struct buf *out)
{
	const char *declared = rec_str(item, F_LANG);
	struct lang_guess g;
	int have_lang = 0, have_sent = 0;
	struct sentiment sent;
	char pbuf[4];
	if (!c->o.no_lang || !c->o.no_sentiment) {
		buf_reset(&c->text);
		add_text(&c->text, rec_str(item, F_TITLE));
		add_text(&c->text, rec_str(item, F_SUMMARY));
		add_text(&c->text, rec_str(item, F_CONTENT));
	}
	if (!c->o.no_lang && c->text.len)
		have_lang = lang_detect(c->text.data, c->text.len, &g) == 0 && g.code[0];
	const char *lang = have_lang ? g.code : primary(declared, pbuf);
	if (!c->o.no_sentiment && c->text.len && lang) {
		size_t n = c->text.len;
		if (n > TONE_MAX) {
			n = TONE_MAX;
			while (n > 0 && ((unsigned char)c->text.data[n] & 0xC0) == 0x80)
				n--;
		}
		have_sent = sentiment_analyse(c->text.data, n, lang, &sent) == 0;
	}

	int nmatch = 0;
	tags_reset(c);
	if (c->m) {
		nmatch = match_item(c->m, item, have_lang ? g.code : NULL,
		    have_sent ? sent.label : NULL, c->o.explain);
		const cJSON *old = cJSON_GetObjectItemCaseSensitive(item, F_TAGS);
		const cJSON *t;
		if (nmatch) {
			cJSON_ArrayForEach(t, old)
				if (cJSON_IsString(t) && t->valuestring[0])
					tag_add(c, t->valuestring);
		}
		for (int i = 0; i < nmatch; i++) {
			const struct rule *r = match_rule(c->m, i);
			tag_add(c, r->name);
			for (int k = 0; k < r->ntags; k++)
				tag_add(c, r->tags[k]);
		}
	}
	const char *sev = nmatch ? rules_severity_name(match_severity(c->m)) : NULL;

	/* the keys written again below */
	const char *drop[8];
	int nd = 0;
	if (have_lang) {
		drop[nd++] = F_LANG;
		drop[nd++] = F_LANG_DECLARED;
		drop[nd++] = F_LANG_CONFIDENCE;
	}
	if (have_sent)
		drop[nd++] = F_SENTIMENT;
	if (nmatch)
		drop[nd++] = F_TAGS;
	if (sev)
		drop[nd++] = F_SEVERITY;
	if (nmatch && c->o.explain)
		drop[nd++] = F_MATCHES;
	drop[nd] = NULL;

	cJSON *tags = NULL, *sentobj = NULL, *matches = NULL;
	if (nmatch) {
		tags = cJSON_CreateArray();
		for (int i = 0; i < c->ntags; i++)
			cJSON_AddItemToArray(tags, cJSON_CreateString(c->tags[i]));
	}
	if (have_sent) {
		sentobj = cJSON_CreateObject();
		cJSON_AddNumberToObject(sentobj, "score", round3(sent.score));
		cJSON_AddStringToObject(sentobj, "label", sent.label);
	}
	if (nmatch && c->o.explain) {
		matches = cJSON_CreateObject();
		for (int i = 0; i < nmatch; i++)
			cJSON_AddItemToObject(matches, match_rule(c->m, i)->name, match_explain(c->m, i));
	}
	char *decl = have_lang && declared && strcmp(declared, g.code) ? xstrdup(declared) : NULL;

	struct jsonline j;
	if (jsonline_begin(&j, out, s, n, drop) == 0) {
		if (have_lang) {
			jsonline_str(&j, F_LANG, g.code);
			if (decl)
				jsonline_str(&j, F_LANG_DECLARED, decl);
			jsonline_num(&j, F_LANG_CONFIDENCE, round3(g.confidence));
		}
		if (sentobj)
			jsonline_json(&j, F_SENTIMENT, sentobj);
		if (tags)
			jsonline_json(&j, F_TAGS, tags);
		if (sev)
			jsonline_str(&j, F_SEVERITY, sev);
		if (matches)
			jsonline_json(&j, F_MATCHES, matches);
		jsonline_end(&j);
		cJSON_Delete(sentobj);
		cJSON_Delete(tags);
		cJSON_Delete(matches);
	} else {
		/* a key written with escapes: the record through cJSON */
		if (have_lang) {
			rec_set_str(item, F_LANG, g.code);
			rec_set_owned(item, F_LANG_DECLARED, decl);
			decl = NULL;
			rec_set_num(item, F_LANG_CONFIDENCE, round3(g.confidence));
		}
		if (sentobj)
			rec_set(item, F_SENTIMENT, sentobj);
		if (tags)
			rec_set(item, F_TAGS, tags);
		if (sev)
			rec_set_str(item, F_SEVERITY, sev);
		if (matches)
			rec_set(item, F_MATCHES, matches);
		char *p = cJSON_PrintUnformatted(item);
		buf_adds(out, p);
		buf_addc(out, '\n');
		cJSON_free(p);
	}
	free(decl);
	return nmatch;
}
