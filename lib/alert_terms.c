/* alert_terms.c — the terms --emerging watches in an item: folded words
 * of its title, summary and content (three letters or more, not only
 * digits, not a French or English stop word of lib/stopwords.h), pairs of
 * such words next to each other, #hashtags, and the links it shares. */
#include "alert_int.h"
#include "fields.h"
#include "record.h"
#include "stopwords.h"
#include "text.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define MAX_TERMS 400     /* per item */
#define MAX_TEXT 20000    /* bytes of each field read */

struct seen {
	uint32_t h[MAX_TERMS];
	int n;
	alert_term_fn fn;
	void *arg;
};

static void
give(struct seen *s, const char *t, size_t n)
{
	uint32_t h = alert_hash(t, n);
	for (int i = 0; i < s->n; i++)
		if (s->h[i] == h)
			return;
	if (s->n == MAX_TERMS)
		return;
	s->h[s->n++] = h;
	s->fn(t, n, s->arg);
}

static void
words(struct seen *s, const char *text)
{
	if (!text)
		return;
	size_t n = strlen(text), len;
	if (n > MAX_TEXT)
		n = MAX_TEXT;
	char *f = text_fold(text, n, &len, NULL);
	struct text_tok t;
	size_t pos = 0;
	struct buf b;
	buf_init(&b);
	const char *prev = NULL;
	size_t prevlen = 0, prevend = 0;
	while (text_next_word(f, len, &pos, &t)) {
		const char *w = f + t.off;
		int digits = 1;
		for (size_t i = 0; i < t.len && digits; i++)
			digits = w[i] >= '0' && w[i] <= '9';
		if (t.flags & TOK_MENTION) {
			prev = NULL;
			continue;
		}
		if (t.flags & TOK_HASHTAG) {
			buf_reset(&b);
			buf_addc(&b, '#');
			buf_add(&b, w, t.len);
			give(s, b.data, b.len);
			prev = NULL;
			continue;
		}
		if (t.len < 3 || digits || stopword(w, t.len)) {
			prev = NULL;
			continue;
		}
		give(s, w, t.len);
		/* A phrase: two words with only blanks between them. */
		if (prev && !(prevlen == t.len && !memcmp(prev, w, t.len))) {
			int blank = 1;
			for (size_t i = prevend; i < t.off && blank; i++)
				blank = f[i] == ' ';
			if (blank) {
				buf_reset(&b);
				buf_add(&b, prev, prevlen);
				buf_addc(&b, ' ');
				buf_add(&b, w, t.len);
				give(s, b.data, b.len);
			}
		}
		prev = w;
		prevlen = t.len;
		prevend = t.off + t.len;
	}
	buf_free(&b);
	free(f);
}

void
alert_terms(const cJSON *item, alert_term_fn fn, void *arg)
{
	struct seen s = { .n = 0, .fn = fn, .arg = arg };
	words(&s, rec_str(item, F_TITLE));
	words(&s, rec_str(item, F_SUMMARY));
	words(&s, rec_str(item, F_CONTENT));
	const cJSON *l;
	cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(item, F_LINKS))
		if (cJSON_IsString(l) && *l->valuestring)
			give(&s, l->valuestring, strlen(l->valuestring));
}
