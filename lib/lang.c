/* lang.c — language identification of short texts: Nito-ELD's algorithm
 * (the Efficient Language Detector, npm "eld" 2.1.0, Apache-2.0) in C,
 * over its M60 n-gram model (lang_eld_data.c, 60 languages).
 *
 * As ELD does: every run of characters that are not letters (Unicode L*
 * of the BMP) becomes a space, except trailing apostrophes (' ` ’) that
 * stay with the word after; the text is lower-cased; each word, as UTF-8
 * bytes (the first 350 bytes or so of the text, at most 1000 characters),
 * gives byte 4-grams at a stride of 3, the first prefixed by ' ' and the
 * last suffixed by ' ' (" sal", "alut " for "salut"); each distinct
 * n-gram adds its model score + 53 to the languages it is known in; the
 * best sum wins. Its score scaled to 0..1 is s/(s + 25), s the sum per
 * n-gram; the guess is reliable when there are 3 n-grams or more and the
 * scaled score is at least 0.75 of the language's average one. (ELD
 * 2.1.0 also means to ask the runner-up to be 0.01 behind, but compares
 * with its language index instead of its score, so that test never
 * fires; its accuracy figures are without it, and so is this.) An
 * unreliable guess is -1 ("unsure"). The confidence is the scaled score
 * over that average, at most 1.
 *
 * One rule of ours on top (cjk_script()): Chinese, Japanese and Korean
 * are told by their scripts when those hold a quarter of the letters. */
#include "lang.h"
#include "lang_eld.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum {
	MAX_CHARS = 1000,      /* ELD reads the first 1000 characters */
	CUT_AT_SPACE = 350,    /* then stops at a space after 350 bytes */
	CUT_ANYWHERE = 380,    /* or anywhere after 380 */
	MAX_WORD = 70,         /* bytes of a word that count */
	BASE_SCORE = 53,       /* ELD's model stores score - 53 */
	MAX_NGRAMS = 512,
};

/* The model's keys in an open-addressing hash table, each with where
 * its scores start (one cache line a probe): built once, on the first
 * call (3 ms). */
struct slot {
	uint64_t key;       /* 0: empty */
	uint32_t scores;    /* offset in eld_scores */
};
static struct slot *slots;
static size_t slot_mask;

static uint64_t
key_of(const unsigned char *k)
{
	uint64_t x = 0;
	for (int i = 0; i < ELD_KEYLEN; i++)
		x |= (uint64_t)k[i] << (8 * i);
	return x;
}

static size_t
hash(uint64_t k)
{
	k ^= k >> 29;
	k *= 0xbf58476d1ce4e5b9ULL;
	k ^= k >> 32;
	return (size_t)k;
}

static void
model_load(void)
{
	size_t n = eld_nkeys, cap = 1;
	while (cap < 2 * n)
		cap <<= 1;
	slots = xcalloc(cap, sizeof *slots);
	slot_mask = cap - 1;
	size_t off = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t k = key_of(eld_keys + i * ELD_KEYLEN);
		size_t h = hash(k) & slot_mask;
		while (slots[h].key)
			h = (h + 1) & slot_mask;
		slots[h].key = k;
		slots[h].scores = (uint32_t)off;
		off += 1 + 2 * (size_t)eld_scores[off];
	}
}

/* The scores of key k in the model, or NULL. */
static const unsigned char *
model_find(uint64_t k)
{
	for (size_t h = hash(k) & slot_mask; slots[h].key; h = (h + 1) & slot_mask)
		if (slots[h].key == k)
			return eld_scores + slots[h].scores;
	return NULL;
}

/* ELD spells each UTF-8 byte above 0x7f with a character of its own; the
 * bytes it spells ' ' (no letter of its languages uses them) are spaces
 * inside a word here too. */
static int
eld_space_byte(unsigned char b)
{
	return b == 0xc0 || b == 0xc1 || b == 0xc7 || (b >= 0xca && b <= 0xcd) ||
	    b == 0xd4 || (b >= 0xdc && b <= 0xdf) || b == 0xee || b >= 0xf0;
}

static int
is_apostrophe(utf8proc_int32_t c)
{
	return c == '\'' || c == '`' || c == 0x2019;
}

static int
is_letter(utf8proc_int32_t c)
{
	if (c > 0xffff)
		return 0;
	if (c < 0x80)
		return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
	utf8proc_category_t k = utf8proc_category(c);
	return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

struct ngrams {
	uint64_t k[MAX_NGRAMS];
	size_t n;
	/* Letters read, and those of the scripts of Chinese, Japanese and
	 * Korean. */
	size_t letters, han, kana, hangul;
};

static void
count_script(struct ngrams *g, utf8proc_int32_t c)
{
	g->letters++;
	if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0xf900 && c <= 0xfaff))
		g->han++;
	else if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff) ||
	    (c >= 0xff66 && c <= 0xff9d))
		g->kana++;
	else if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) ||
	    (c >= 0x3130 && c <= 0x318f))
		g->hangul++;
}

static void
ngram_add(struct ngrams *g, const unsigned char *p, size_t len, int lead, int trail)
{
	unsigned char b[ELD_KEYLEN] = {0};
	size_t i = 0;
	if (lead)
		b[i++] = ' ';
	for (size_t j = 0; j < len && i < ELD_KEYLEN; j++)
		b[i++] = p[j];
	if (trail && i < ELD_KEYLEN)
		b[i++] = ' ';
	/* A set: each n-gram counts once. A tweet has ~50. */
	uint64_t k = key_of(b);
	for (size_t i = 0; i < g->n; i++)
		if (g->k[i] == k)
			return;
	if (g->n < MAX_NGRAMS)
		g->k[g->n++] = k;
}

/* A word's n-grams, as ELD's getByteNgrams(). */
static void
word_ngrams(struct ngrams *g, const unsigned char *w, size_t len)
{
	size_t j;
	if (len > MAX_WORD)
		len = MAX_WORD;
	for (j = 0; j + 4 < len; j += 3)
		ngram_add(g, w + j, 4, j == 0, 0);
	size_t from = len != 3 && len >= 4 ? len - 4 : 0;
	ngram_add(g, w + from, len - from, j == 0, 1);
}


/* The text's characters, separated and lower-cased as ELD's
 * textProcessor() does, then cut into words of bytes. */
static void
text_ngrams(const char *text, size_t n, struct ngrams *g)
{
	utf8proc_int32_t cps[MAX_CHARS];
	size_t ncp = 0;
	for (size_t i = 0; i < n && ncp < MAX_CHARS;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
		    (utf8proc_ssize_t)(n - i), &c);
		if (k <= 0) {
			c = 0xfffd;
			k = 1;
		}
		cps[ncp++] = c;
		i += (size_t)k;
	}

	unsigned char word[CUT_ANYWHERE + 8];
	size_t wl = 0, count = 0;
	int started = 0;  /* trim: no word before the first letter */
	for (size_t i = 0; i < ncp;) {
		size_t e = i;
		while (e < ncp && !is_letter(cps[e]))
			e++;
		size_t t = e;
		while (t > i && is_apostrophe(cps[t - 1]))
			t--;
		int cut = 0;
		if (t > i) {
			/* a separator: ends the word */
			if (wl) {
				word_ngrams(g, word, wl);
				wl = 0;
			}
			if (started) {
				if (count > CUT_AT_SPACE)
					break;
				count++;
			}
		}
		/* The apostrophes kept, then the letters, lower-cased. */
		size_t stop = e;
		while (stop < ncp && is_letter(cps[stop]))
			stop++;
		for (size_t j = t; j < stop; j++) {
			utf8proc_uint8_t u[4];
			utf8proc_int32_t c = cps[j];
			if (c >= 0x80)
				count_script(g, c);
			else if (c != '\'' && c != '`')
				g->letters++;
			c = c < 0x80 ? (c | 0x20) : utf8proc_tolower(c);
			utf8proc_ssize_t k = utf8proc_encode_char(c, u);
			for (utf8proc_ssize_t b = 0; b < k; b++)
				word[wl++] = eld_space_byte(u[b]) ? ' ' : u[b];
			count += (size_t)k;
			started = 1;
			if (count > CUT_ANYWHERE) {
				cut = 1;
				break;
			}
		}
		if (cut)
			break;
		i = stop;
	}
	if (wl)
		word_ngrams(g, word, wl);
}

/* Chinese, Japanese and Korean by their scripts, when a quarter of the
 * letters at least (and 4 or more) are theirs: the n-grams of a Chinese
 * sentence around English identifiers ("当参数standardconformingstrings
 * 处于关闭状态时") can leave ELD unsure, where the script is plain. Kana
 * make it Japanese, Hangul Korean, Han alone Chinese (or Japanese if ELD
 * says so: a headline all in kanji). NULL when the script says nothing. */
static const char *
cjk_script(const struct ngrams *g, const char *eld)
{
	size_t cjk = g->han + g->kana + g->hangul;
	if (cjk < 4 || 4 * cjk < g->letters)
		return NULL;
	if (g->kana >= 2 || (g->kana && cjk < 10))
		return "ja";
	if (g->hangul >= 2 && g->hangul >= g->han)
		return "ko";
	if (eld && !strcmp(eld, "ja"))
		return "ja";
	return "zh";
}

int
lang_detect(const char *text, size_t n, struct lang_guess *g)
{
	g->code[0] = '\0';
	g->confidence = 0;
	if (!text || !n)
		return -1;
	if (!slots)
		model_load();

	struct ngrams *ng = xcalloc(1, sizeof *ng);
	text_ngrams(text, n, ng);
	long score[ELD_NLANGS] = {0};
	for (size_t i = 0; i < ng->n; i++) {
		const unsigned char *p = model_find(ng->k[i]);
		if (!p)
			continue;
		for (unsigned j = 0; j < p[0]; j++)
			score[p[1 + 2 * j]] += p[2 + 2 * j] + BASE_SCORE;
	}
	size_t num = ng->n;

	int best = -1;
	for (int l = 0; l < ELD_NLANGS; l++)
		if (score[l] > 0 && (best < 0 || score[l] > score[best]))
			best = l;
	int sure = best >= 0 && num >= 3;
	double top = 0;
	if (sure) {
		double s = (double)score[best] / num;
		top = s / (s + 25);
		sure = top >= 0.75 * eld_avg[best];
	}
	const char *code = sure ? eld_langs[best] : NULL;
	double conf = sure ? (top / eld_avg[best] > 1 ? 1 : top / eld_avg[best]) : 0;
	const char *cjk = cjk_script(ng, code);
	if (cjk && (!code || strcmp(code, cjk))) {
		code = cjk;
		conf = (double)(ng->han + ng->kana + ng->hangul) / ng->letters;
	}
	free(ng);
	if (!code)
		return -1;
	memcpy(g->code, code, 3);
	g->confidence = conf;
	return 0;
}
