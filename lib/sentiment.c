/* sentiment.c — lexicon and rules, after VADER (Hutto & Gilbert, "VADER:
 * A Parsimonious Rule-based Model for Sentiment Analysis of Social Media
 * Text", ICWSM 2014), with its constants:
 *
 * - each word found in the language's lexicon (sentiment_lex.c) brings
 *   its valence (-4..4); a pair of words is looked up first ("pas bon",
 *   "can't stand") and then wins over the single word;
 * - an intensifier or a diminisher among the three words before it adds
 *   or takes 0.293 (0.95x and 0.9x as it stands further away);
 * - a negation among the three words before it (French also: "ne"/"n'"
 *   before, "pas", "jamais", "plus" right after) multiplies it by -0.74,
 *   except in the fixed phrases of the idioms table ("pas terrible" is
 *   negative, "pas mal" mildly positive);
 * - a word in capitals, in a text that is not all capitals, gains 0.733;
 * - with a contrast word ("but", "mais", "aber", "pero"), what stands
 *   before the last one counts half and what follows 1.5 times;
 * - emoji and emoticons (every language) bring their own valence;
 * - each '!' (at most 4) adds 0.292 in the direction of the sum;
 * - the sum s is normalised to s / sqrt(s*s + 15), and labelled positive
 *   from 0.05, negative to -0.05, neutral between. */
#include "sentiment.h"
#include "sentiment_lex.h"
#include "text.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define B_INCR 0.293
#define C_INCR 0.733
#define N_SCALAR -0.74
#define EXCL_INCR 0.292
#define ALPHA 15.0
#define THRESHOLD 0.05

/* Function words of a language: negations, intensifiers (+) and
 * diminishers (-), contrast. Folded (lower case, no accents). */
struct lang_words {
	const char *code;
	const char *const *negate;
	const char *const *incr, *const *decr;
	const char *const *contrast;
	const struct lex_entry *idioms;   /* pairs that negation must not flip */
};

static const char *const en_negate[] = {"not", "no", "never", "nothing", "nowhere", "none",
	"nobody", "neither", "nor", "cannot", "without", "aint", "ain't", "isnt", "isn't",
	"arent", "aren't", "wasnt", "wasn't", "werent", "weren't", "dont", "don't", "doesnt",
	"doesn't", "didnt", "didn't", "cant", "can't", "couldnt", "couldn't", "wont", "won't",
	"wouldnt", "wouldn't", "shouldnt", "shouldn't", "havent", "haven't", "hasnt", "hasn't",
	"hadnt", "hadn't", "mustnt", "mustn't", "neednt", "needn't", "darent", "daren't",
	"rarely", "seldom", "despite", NULL};
static const char *const en_incr[] = {"absolutely", "amazingly", "awfully", "completely",
	"considerably", "decidedly", "deeply", "enormously", "entirely", "especially",
	"exceptionally", "extremely", "fabulously", "fully", "greatly", "hella", "highly",
	"hugely", "incredibly", "intensely", "majorly", "more", "most", "particularly",
	"purely", "quite", "really", "remarkably", "so", "substantially", "thoroughly",
	"totally", "tremendously", "uber", "unbelievably", "unusually", "utterly", "very",
	"fucking", "freaking", "frickin", "super", "too", NULL};
static const char *const en_decr[] = {"almost", "barely", "hardly", "kinda", "kindof",
	"less", "little", "marginally", "occasionally", "partly", "scarcely", "slightly",
	"somewhat", "sorta", "sortof", "fairly", NULL};
static const char *const en_contrast[] = {"but", "however", "yet", NULL};
static const struct lex_entry en_idioms[] = {{"not bad", 1.5f}, {NULL, 0}};

static const char *const fr_negate[] = {"ne", "pas", "jamais", "rien", "aucun", "aucune",
	"ni", "sans", "guere", NULL};
static const char *const fr_incr[] = {"tres", "trop", "vraiment", "tellement", "super",
	"hyper", "ultra", "extremement", "totalement", "completement", "absolument",
	"particulierement", "vachement", "si", "tant", "profondement", "incroyablement",
	"franchement", "carrement", "enormement", "sacrement", "terriblement", "archi",
	"hautement", "fort", "plus", NULL};
static const char *const fr_decr[] = {"peu", "assez", "plutot", "legerement", "moins",
	"presque", "quelque", "moyennement", "relativement", NULL};
static const char *const fr_contrast[] = {"mais", "cependant", "pourtant", "toutefois",
	"neanmoins", NULL};
static const struct lex_entry fr_idioms[] = {{"pas terrible", -1.6f}, {"pas mal", 0.8f},
	{"pas top", -1.2f}, {"pas genial", -1.2f}, {"pas fameux", -1.2f}, {NULL, 0}};

static const char *const es_negate[] = {"no", "nunca", "jamas", "ni", "nada", "nadie",
	"sin", "tampoco", "ningun", "ninguno", "ninguna", NULL};
static const char *const es_incr[] = {"muy", "tan", "demasiado", "realmente", "super",
	"sumamente", "extremadamente", "totalmente", "completamente", "absolutamente",
	"mas", "increiblemente", "bien", NULL};
static const char *const es_decr[] = {"poco", "algo", "apenas", "casi", "menos",
	"ligeramente", NULL};
static const char *const es_contrast[] = {"pero", "sino", "aunque", NULL};
static const struct lex_entry es_idioms[] = {{"no mal", 0.8f}, {NULL, 0}};

static const char *const de_negate[] = {"nicht", "kein", "keine", "keinen", "keinem",
	"keiner", "keines", "nie", "niemals", "nichts", "ohne", "weder", NULL};
static const char *const de_incr[] = {"sehr", "so", "total", "wirklich", "extrem", "voll",
	"echt", "absolut", "besonders", "richtig", "zu", "super", "ganz", "hochst",
	"unglaublich", "mega", "uberaus", NULL};
static const char *const de_decr[] = {"etwas", "wenig", "kaum", "bisschen", "eher",
	"halbwegs", NULL};
static const char *const de_contrast[] = {"aber", "jedoch", "doch", "sondern", NULL};
static const struct lex_entry de_idioms[] = {{"nicht schlecht", 1.2f}, {NULL, 0}};

static const struct lang_words langs[] = {
	{"en", en_negate, en_incr, en_decr, en_contrast, en_idioms},
	{"fr", fr_negate, fr_incr, fr_decr, fr_contrast, fr_idioms},
	{"es", es_negate, es_incr, es_decr, es_contrast, es_idioms},
	{"de", de_negate, de_incr, de_decr, de_contrast, de_idioms},
};

static const struct lex_table *
table(const char *name)
{
	for (const struct lex_table *t = lex_tables; t->name; t++)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

static int
cmp_entry(const void *key, const void *elem)
{
	return strcmp(key, ((const struct lex_entry *)elem)->word);
}

/* The valence of w in a sorted table (emoji, emoticons), or 0. */
static double
lookup(const struct lex_table *t, const char *w)
{
	const struct lex_entry *e = bsearch(w, t->e, t->n, sizeof *t->e, cmp_entry);
	return e ? e->valence : 0;
}

/* What a word is in a language: its valence in the lexicon (or an idiom's)
 * and its function. One hash table per language, built on first use. */
enum { F_NEG = 1, F_INCR = 2, F_DECR = 4, F_CONTRAST = 8 };
struct word_info {
	const char *w;     /* NULL: empty slot */
	float v;
	unsigned flags;
};
struct dict {
	struct word_info *slot;
	size_t mask;
};
static struct dict dicts[sizeof langs / sizeof langs[0]];

static size_t
str_hash(const char *w)
{
	size_t h = 1469598103934665603ULL;
	for (; *w; w++)
		h = (h ^ (unsigned char)*w) * 1099511628211ULL;
	return h;
}

static struct word_info *
dict_slot(const struct dict *d, const char *w)
{
	size_t h = str_hash(w) & d->mask;
	while (d->slot[h].w && strcmp(d->slot[h].w, w))
		h = (h + 1) & d->mask;
	return &d->slot[h];
}

static const struct word_info *
dict_find(const struct dict *d, const char *w)
{
	const struct word_info *e = dict_slot(d, w);
	return e->w ? e : NULL;
}

static void
dict_flag(struct dict *d, const char *const *list, unsigned flag)
{
	for (; *list; list++) {
		struct word_info *e = dict_slot(d, *list);
		e->w = *list;
		e->flags |= flag;
	}
}

static struct dict *
dict_of(const struct lang_words *lw)
{
	struct dict *d = &dicts[lw - langs];
	if (d->slot)
		return d;
	const struct lex_table *t = table(lw->code);
	size_t cap = 1;
	while (cap < 2 * (t->n + 256))
		cap <<= 1;
	d->slot = xcalloc(cap, sizeof *d->slot);
	d->mask = cap - 1;
	for (size_t i = 0; i < t->n; i++) {
		struct word_info *e = dict_slot(d, t->e[i].word);
		e->w = t->e[i].word;
		e->v = t->e[i].valence;
	}
	for (const struct lex_entry *e = lw->idioms; e->word; e++) {
		struct word_info *x = dict_slot(d, e->word);
		x->w = e->word;
		x->v = e->valence;
	}
	dict_flag(d, lw->negate, F_NEG);
	dict_flag(d, lw->incr, F_INCR);
	dict_flag(d, lw->decr, F_DECR);
	dict_flag(d, lw->contrast, F_CONTRAST);
	return d;
}

/* Inflected forms the lexicons leave out: French feminine and plural
 * ("déçues" as "déçu", "heureuse" as "heureux"), Spanish feminine and
 * plural ("buenas" as "bueno"), German adjective endings ("guten" as
 * "gut"). Each rule: a suffix and what replaces it. */
struct inflect { const char *code, *suffix, *base; };
static const struct inflect inflections[] = {
	{"fr", "euses", "eux"}, {"fr", "euse", "eux"}, {"fr", "ives", "if"}, {"fr", "ive", "if"},
	{"fr", "es", ""}, {"fr", "s", ""}, {"fr", "x", ""}, {"fr", "e", ""},
	{"es", "as", "o"}, {"es", "a", "o"}, {"es", "os", "o"}, {"es", "es", ""}, {"es", "s", ""},
	{"de", "en", ""}, {"de", "em", ""}, {"de", "er", ""}, {"de", "es", ""}, {"de", "e", ""},
	{NULL, NULL, NULL},
};

/* The valence of a word, or of its base form. */
static double
valence(const char *code, const struct dict *d, const char *w)
{
	const struct word_info *e = dict_find(d, w);
	if (e && e->v != 0)
		return e->v;
	size_t n = strlen(w);
	char alt[64];
	for (const struct inflect *r = inflections; r->code; r++) {
		size_t sl = strlen(r->suffix), bl = strlen(r->base);
		if (strcmp(r->code, code) || n < sl + 3 || strcmp(w + n - sl, r->suffix) ||
		    n - sl + bl >= sizeof alt)
			continue;
		memcpy(alt, w, n - sl);
		memcpy(alt + n - sl, r->base, bl + 1);
		if ((e = dict_find(d, alt)) && e->v != 0)
			return e->v;
	}
	return 0;
}

/* One unit of the text: a word (folded), an emoji or an emoticon. */
enum { T_WORD, T_SIGN };
struct tok {
	size_t off;        /* in the original text, for ordering */
	int kind;
	int caps;          /* a word written in capitals (two letters or more) */
	int punct_before;  /* , ; : . ! ? between the previous unit and this one */
	double v;          /* its valence (a word's: alone, inflection undone) */
	unsigned flags;    /* T_WORD: F_NEG, F_INCR, ... */
	char w[48];        /* T_WORD: folded, NUL-terminated */
};

struct toks {
	struct tok *t;
	size_t n, cap;
};

static struct tok *
tok_add(struct toks *ts, size_t off, int kind)
{
	if (ts->n == ts->cap) {
		ts->cap = ts->cap ? 2 * ts->cap : 32;
		ts->t = xrealloc(ts->t, ts->cap * sizeof *ts->t);
	}
	struct tok *t = &ts->t[ts->n++];
	memset(t, 0, sizeof *t);
	t->off = off;
	t->kind = kind;
	return t;
}

static int
cmp_tok(const void *a, const void *b)
{
	size_t x = ((const struct tok *)a)->off, y = ((const struct tok *)b)->off;
	return x < y ? -1 : x > y;
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Emoticons (whole space-separated chunks, as written) and emoji. *skip
 * gets the byte ranges of the emoticons, whose letters are no words. */
static void
signs(const char *s, size_t n, struct toks *ts, struct buf *skip)
{
	const struct lex_table *emo = table("emoticon"), *emoji = table("emoji");
	char key[16];
	size_t i = 0;

	while (i < n) {
		while (i < n && is_space((unsigned char)s[i]))
			i++;
		size_t st = i;
		while (i < n && !is_space((unsigned char)s[i]))
			i++;
		size_t len = i - st;
		if (len >= 2 && len < sizeof key) {
			memcpy(key, s + st, len);
			key[len] = '\0';
			double v = lookup(emo, key);
			if (v != 0) {
				tok_add(ts, st, T_SIGN)->v = v;
				size_t r[2] = {st, i};
				buf_add(skip, r, sizeof r);
				continue;
			}
		}
		for (size_t j = st; j < i;) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + j,
			    (utf8proc_ssize_t)(i - j), &cp);
			if (k <= 0) {
				j++;
				continue;
			}
			if (cp >= 0xa9 && (size_t)k < sizeof key) {
				memcpy(key, s + j, (size_t)k);
				key[k] = '\0';
				double v = lookup(emoji, key);
				if (v != 0)
					tok_add(ts, j, T_SIGN)->v = v;
			}
			j += (size_t)k;
		}
	}
}

/* Whether the original word s[0..n) is written in capitals. */
static int
all_caps(const char *s, size_t n)
{
	int upper = 0;
	for (size_t j = 0; j < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + j,
		    (utf8proc_ssize_t)(n - j), &cp);
		if (k <= 0)
			return 0;
		utf8proc_category_t c = utf8proc_category(cp);
		if (c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT)
			return 0;
		if (c == UTF8PROC_CATEGORY_LU)
			upper++;
		j += (size_t)k;
	}
	return upper >= 2;
}

/* Whether off falls in one of the emoticons' ranges (in order, as the
 * words come: *cur moves on, so the whole text costs one pass). */
static int
skipped(const struct buf *skip, size_t *cur, size_t off)
{
	const size_t *r = (const size_t *)skip->data;
	size_t n = skip->len / sizeof *r;
	while (*cur + 1 < n && r[*cur + 1] <= off)
		*cur += 2;
	return *cur + 1 < n && off >= r[*cur] && off < r[*cur + 1];
}

static int
is_letter_byte(char c)
{
	return (unsigned char)c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static int
has_punct(const char *s, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (strchr(",;:.!?()", s[i]))
			return 1;
	return 0;
}

static void
words(const char *text, size_t n, const struct buf *skip, struct toks *ts)
{
	size_t fn, *map, pos = 0, prev_end = 0, cur = 0;
	char *f = text_fold(text, n, &fn, &map);
	struct text_tok t;

	while (text_next_word(f, fn, &pos, &t)) {
		size_t ooff = map[t.off], oend = map[t.off + t.len];
		if (skipped(skip, &cur, ooff))
			continue;
		struct tok *k = tok_add(ts, ooff, T_WORD);
		/* A French "n'" elided before the word is the "ne" of a
		 * negation: keep it as a word of its own. */
		if (t.off >= 2 && f[t.off - 1] == '\'' && f[t.off - 2] == 'n' &&
		    (t.off == 2 || !is_letter_byte(f[t.off - 3]))) {
			strcpy(k->w, "ne");
			k->punct_before = has_punct(f, prev_end, t.off - 2);
			k = tok_add(ts, ooff + 1, T_WORD);
			prev_end = t.off;
		}
		if (t.len < sizeof k->w) {
			memcpy(k->w, f + t.off, t.len);
			k->w[t.len] = '\0';
		}
		k->caps = all_caps(text + ooff, oend - ooff);
		k->punct_before = has_punct(f, prev_end, t.off);
		prev_end = t.off + t.len;
	}
	free(f);
	free(map);
}

int
sentiment_analyse(const char *text, size_t n, const char *lang, struct sentiment *s)
{
	const struct lang_words *lw = NULL;
	for (size_t i = 0; lang && i < sizeof langs / sizeof langs[0]; i++)
		if (!strcmp(langs[i].code, lang))
			lw = &langs[i];
	s->score = 0;
	s->label = "neutral";
	if (!lw)
		return -1;
	struct dict *d = dict_of(lw);
	int fr = !strcmp(lw->code, "fr");

	struct toks ts = {0};
	struct buf skip;
	buf_init(&skip);
	signs(text, n, &ts, &skip);
	words(text, n, &skip, &ts);
	buf_free(&skip);
	if (ts.n > 1)
		qsort(ts.t, ts.n, sizeof *ts.t, cmp_tok);

	/* Each word looked up once. Is the whole text in capitals? Then
	 * capitals say nothing. */
	size_t nwords = 0, ncaps = 0, contrast = (size_t)-1;
	for (size_t i = 0; i < ts.n; i++) {
		struct tok *t = &ts.t[i];
		if (t->kind != T_WORD)
			continue;
		const struct word_info *e = dict_find(d, t->w);
		t->flags = e ? e->flags : 0;
		t->v = valence(lw->code, d, t->w);
		nwords++;
		ncaps += t->caps;
		if (t->flags & F_CONTRAST)
			contrast = i;
	}
	int caps_mean = ncaps > 0 && ncaps < nwords;

	double sum = 0;
	for (size_t i = 0; i < ts.n; i++) {
		struct tok *t = &ts.t[i];
		struct tok *next = i + 1 < ts.n && ts.t[i + 1].kind == T_WORD &&
		    !ts.t[i + 1].punct_before ? &ts.t[i + 1] : NULL;
		double v = t->v;
		if (t->kind == T_SIGN)
			goto weigh;
		if (t->flags & F_NEG)
			continue;
		/* An intensifier that is also an opinion word ("super",
		 * "trop") is an intensifier before an opinion word. */
		if ((t->flags & (F_INCR | F_DECR)) && (v == 0 || (next && next->v != 0)))
			continue;
		/* A pair with the word before: an idiom or a lexicon entry. */
		int pair = 0;
		if (i > 0 && ts.t[i - 1].kind == T_WORD && !t->punct_before) {
			char two[2 * sizeof t->w];
			snprintf(two, sizeof two, "%s %s", ts.t[i - 1].w, t->w);
			const struct word_info *e = dict_find(d, two);
			if (e && e->v != 0) {
				v = e->v;
				pair = 1;
			}
		}
		if (v == 0)
			continue;
		if (t->caps && caps_mean)
			v += v > 0 ? C_INCR : -C_INCR;
		/* The three words before, within the clause (no punctuation
		 * crossed): negations, then intensifiers and diminishers. */
		static const double decay[3] = {1, 0.95, 0.9};
		size_t from = i, span = 0;
		int neg = 0;
		if (pair)
			from--;
		while (span < 3 && span < from && !ts.t[from - span].punct_before &&
		    ts.t[from - span - 1].kind == T_WORD)
			span++;
		for (size_t k = 1; !pair && k <= span; k++)
			neg |= (ts.t[from - k].flags & F_NEG) != 0;
		for (size_t k = 1; k <= span; k++) {
			const struct tok *p = &ts.t[from - k];
			double b = 0;
			/* French "plus" is "more", but in "ne ... plus" */
			if ((p->flags & F_INCR) && !(fr && neg && !strcmp(p->w, "plus")))
				b = B_INCR;
			else if (p->flags & F_DECR)
				b = -B_INCR;
			v += (v > 0 ? b : -b) * decay[k - 1];
		}
		/* French without "ne": "j'aime pas", "je t'aime plus". */
		if (!pair && fr && next && (!strcmp(next->w, "pas") || !strcmp(next->w, "jamais") ||
		    !strcmp(next->w, "plus")))
			neg = 1;
		if (neg)
			v *= N_SCALAR;
	weigh:
		if (contrast != (size_t)-1)
			v *= i < contrast ? 0.5 : 1.5;
		sum += v;
	}
	free(ts.t);

	if (sum != 0) {
		int excl = 0;
		for (size_t i = 0; i < n && excl < 4; i++)
			excl += text[i] == '!';
		sum += (sum > 0 ? 1 : -1) * EXCL_INCR * excl;
	}
	s->score = sum / sqrt(sum * sum + ALPHA);
	if (s->score > 1)
		s->score = 1;
	if (s->score < -1)
		s->score = -1;
	s->label = s->score >= THRESHOLD ? "positive" : s->score <= -THRESHOLD ? "negative" : "neutral";
	return 0;
}
