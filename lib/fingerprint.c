/* fingerprint.c — see fingerprint.h */
#include "fingerprint.h"
#include "text.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static inline uint64_t
mix64(uint64_t z)
{
	z ^= z >> 30;
	z *= 0xbf58476d1ce4e5b9ULL;
	z ^= z >> 27;
	z *= 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t
fp_hash(const void *s, size_t n, uint64_t seed)
{
	const unsigned char *p = s;
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return mix64(h);
}

/* Insert h into the ascending array a (n used, cap k) if it is among the
 * k smallest and not there yet. Returns the new count. */
static int
bottom_add(uint64_t *a, int n, int k, uint64_t h)
{
	if (n == k && h >= a[k - 1])
		return n;
	int i = n;
	while (i > 0 && a[i - 1] > h)
		i--;
	if (i > 0 && a[i - 1] == h)
		return n;
	if (n < k)
		n++;
	memmove(a + i + 1, a + i, (size_t)(n - 1 - i) * sizeof *a);
	a[i] = h;
	return n;
}

/* The fast path: most text (French, English, other Latin-script
 * languages) folds to ASCII letters, digits and separators. Each code
 * point below 0x250 and of the punctuation block 0x2000-0x21FF is folded
 * once, by text_fold, into a table: its ASCII folding, a space for a
 * separator whose folding is not ASCII, or "use the full path". The
 * words of the ASCII text are then cut as text_next_word cuts them
 * (tests/unit/fingerprint.c checks that both give the same words). */
#define TAB_LATIN 0x250
#define TAB_PUNCT0 0x2000
#define TAB_PUNCT1 0x2200
struct fold1 {
	char s[7];
	signed char len;        /* -1: not ASCII, take the full path */
};
static struct fold1 tab[TAB_LATIN + (TAB_PUNCT1 - TAB_PUNCT0)];

static void
tab_init(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	for (int i = 0; i < (int)(sizeof tab / sizeof tab[0]); i++) {
		int cp = i < TAB_LATIN ? i : i - TAB_LATIN + TAB_PUNCT0;
		char u[4];
		size_t k;
		if (cp < 0x80) {
			u[0] = (char)cp;
			k = 1;
		} else if (cp < 0x800) {
			u[0] = (char)(0xC0 | cp >> 6);
			u[1] = (char)(0x80 | (cp & 0x3F));
			k = 2;
		} else {
			u[0] = (char)(0xE0 | cp >> 12);
			u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
			u[2] = (char)(0x80 | (cp & 0x3F));
			k = 3;
		}
		size_t fl;
		char *f = text_fold(u, k, &fl, NULL);
		int ascii = fl < sizeof tab[i].s;
		for (size_t j = 0; ascii && j < fl; j++)
			ascii = !((unsigned char)f[j] & 0x80) && f[j];
		if (ascii) {
			memcpy(tab[i].s, f, fl);
			tab[i].len = (signed char)fl;
		} else {
			/* not ASCII: a separator when it holds no word and no
			 * apostrophe */
			size_t pos = 0;
			struct text_tok t;
			int sep = !text_next_word(f, fl, &pos, &t) && !strchr(f, '\'') &&
			    !strstr(f, "\xe2\x80\x99") && !strstr(f, "\xca\xbc");
			tab[i].s[0] = ' ';
			tab[i].len = sep ? 1 : -1;
		}
		free(f);
	}
}

/* s folded into ASCII in b: 0, or -1 when s has a character the table
 * does not fold to ASCII. */
static int
fast_fold(const char *s, size_t n, struct buf *b)
{
	buf_reset(b);
	buf_grow(b, n + 1);
	char *o = b->data;
	size_t i = 0, w = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			o[w++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
			continue;
		}
		int cp, k;
		if ((c & 0xE0) == 0xC0 && i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
			cp = (c & 0x1F) << 6 | ((unsigned char)s[i + 1] & 0x3F);
			k = 2;
		} else if ((c & 0xF0) == 0xE0 && i + 2 < n &&
		    ((unsigned char)s[i + 1] & 0xC0) == 0x80 && ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
			cp = (c & 0x0F) << 12 | ((unsigned char)s[i + 1] & 0x3F) << 6 |
			    ((unsigned char)s[i + 2] & 0x3F);
			k = 3;
		} else {
			return -1;
		}
		const struct fold1 *f;
		if (cp >= 0x80 && cp < TAB_LATIN)
			f = &tab[cp];
		else if (cp >= TAB_PUNCT0 && cp < TAB_PUNCT1)
			f = &tab[TAB_LATIN + cp - TAB_PUNCT0];
		else
			return -1;
		if (f->len < 0)
			return -1;
		/* a folding is never longer than the 2 or 3 bytes it came
		 * from but for a few (ellipsis...): keep room */
		if (w + (size_t)f->len + (n - i) + 1 > b->cap) {
			b->len = w;
			buf_grow(b, (size_t)f->len + (n - i) + 1);
			o = b->data;
		}
		memcpy(o + w, f->s, (size_t)f->len);
		w += (size_t)f->len;
		i += (size_t)k;
	}
	o[w] = '\0';
	b->len = w;
	return 0;
}

static inline int
aword(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

static int
ascii_elided(const char *p, size_t len)
{
	switch (len) {
	case 1:
		return strchr("cdjlmnst", *p) != NULL;
	case 2:
		return !memcmp(p, "qu", 2);
	case 5:
		return !memcmp(p, "jusqu", 5);
	case 6:
		return !memcmp(p, "lorsqu", 6) || !memcmp(p, "puisqu", 6) || !memcmp(p, "quoiqu", 6);
	}
	return 0;
}

/* text_next_word on lower-case ASCII text. */
static int
ascii_next_word(const char *s, size_t n, size_t *pos, struct text_tok *t)
{
	size_t i = *pos;
	while (i < n && !aword((unsigned char)s[i]))
		i++;
	if (i >= n) {
		*pos = n;
		return 0;
	}
	size_t start = i;
	while (i < n) {
		if (aword((unsigned char)s[i])) {
			i++;
			continue;
		}
		if (s[i] != '\'' || i + 1 >= n || !aword((unsigned char)s[i + 1]))
			break;
		if (ascii_elided(s + start, i - start)) {
			start = ++i;
			continue;
		}
		if (s[i + 1] == 's' && (i + 2 >= n || !aword((unsigned char)s[i + 2]))) {
			t->off = start;
			t->len = i - start;
			*pos = i + 2;
			return 1;
		}
		i++;
	}
	t->off = start;
	t->len = i - start;
	*pos = i;
	return 1;
}

/* The folded text of s and the word cutter that goes with it. */
typedef int (*next_word_fn)(const char *, size_t, size_t *, struct text_tok *);

static char *
fold(const char *s, size_t n, size_t *outlen, next_word_fn *next, struct buf *b)
{
	tab_init();
	if (fast_fold(s, n, b) == 0) {
		*outlen = b->len;
		*next = ascii_next_word;
		return b->data;
	}
	*next = text_next_word;
	return text_fold(s, n, outlen, NULL);
}

int
fp_words(const char *s, size_t n, void (*fn)(const char *w, size_t len, void *arg), void *arg)
{
	struct buf b;
	buf_init(&b);
	size_t len, pos = 0;
	next_word_fn next;
	char *t = fold(s, n, &len, &next, &b);
	int fast = t == b.data;
	struct text_tok tok;
	while (next(t, len, &pos, &tok))
		fn(t + tok.off, tok.len, arg);
	if (!fast)
		free(t);
	buf_free(&b);
	return fast;
}

void
fp_compute(struct fp *f, const char *s, size_t n)
{
	memset(f, 0, sizeof *f);
	static struct buf b;
	size_t len;
	next_word_fn next;
	char *t = fold(s, n, &len, &next, &b);
	uint64_t w[FP_SHINGLE] = { 0 };
	uint64_t text = 0xcbf29ce484222325ULL, lead = 0;
	/* the sketch in full 64-bit hashes */
	uint64_t sk[FP_K];
	int nsk = 0;
	uint32_t nsh = 0;
	size_t pos = 0;
	struct text_tok tok;
	while (next(t, len, &pos, &tok)) {
		uint64_t wh = fp_hash(t + tok.off, tok.len, 0);
		/* the exact key: the sequence of the words */
		text = (text ^ wh) * 0x9E3779B97F4A7C15ULL;
		memmove(w, w + 1, (FP_SHINGLE - 1) * sizeof *w);
		w[FP_SHINGLE - 1] = wh;
		f->nwords++;
		if (f->nwords == FP_LEAD)
			lead = mix64(text ^ 0x6c656164);    /* "lead" */
		if (f->nwords >= FP_SHINGLE) {
			uint64_t h = 0;
			for (int i = 0; i < FP_SHINGLE; i++)
				h = (h + w[i]) * 0x9E3779B97F4A7C15ULL;
			h = mix64(h);
			nsk = bottom_add(sk, nsk, FP_K, h);
			nsh++;
		}
	}
	if (t != b.data)
		free(t);
	if (f->nwords)
		f->text = mix64(text);
	f->lead = lead;
	f->nshingles = nsh;
	if (nsh >= FP_MIN_SHINGLES) {
		f->nsk = nsk;
		for (int i = 0; i < nsk; i++)
			f->sk[i] = (uint32_t)(sk[i] >> 32);
		f->nbands = nsk < FP_BANDS ? nsk : FP_BANDS;
		memcpy(f->band, sk, (size_t)f->nbands * sizeof *sk);
	}
}

double
fp_containment(const uint32_t *a, int na, uint32_t sa,
    const uint32_t *b, int nb, uint32_t sb, int *samples)
{
	*samples = 0;
	if (!na || !nb)
		return -1;
	/* a: the smaller text */
	if (sa > sb) {
		const uint32_t *t = a; a = b; b = t;
		int tn = na; na = nb; nb = tn;
	}
	/* the larger text's sketch holds all its hashes up to its last
	 * when full, all of them when not */
	uint32_t tau = nb == FP_K ? b[nb - 1] : UINT32_MAX;
	int in = 0, hit = 0, j = 0;
	for (int i = 0; i < na && a[i] <= tau; i++) {
		in++;
		while (j < nb && b[j] < a[i])
			j++;
		if (j < nb && b[j] == a[i])
			hit++;
	}
	*samples = in;
	return in ? (double)hit / in : -1;
}
