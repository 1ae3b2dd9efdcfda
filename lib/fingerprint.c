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

/* Folded text: plain ASCII is lower-cased here (what text_fold gives
 * it), the rest goes through text_fold. */
static char *
fold(const char *s, size_t n, size_t *outlen)
{
	size_t i = 0;
	while (i < n && !((unsigned char)s[i] & 0x80))
		i++;
	if (i < n)
		return text_fold(s, n, outlen, NULL);
	char *o = xmalloc(n + 1);
	for (i = 0; i < n; i++)
		o[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	o[n] = '\0';
	*outlen = n;
	return o;
}

void
fp_compute(struct fp *f, const char *s, size_t n)
{
	memset(f, 0, sizeof *f);
	size_t len;
	char *t = fold(s, n, &len);
	uint64_t w[FP_SHINGLE] = { 0 };
	uint64_t text = 0xcbf29ce484222325ULL, lead = 0;
	/* the sketch in full 64-bit hashes */
	uint64_t sk[FP_K];
	int nsk = 0;
	uint32_t nsh = 0;
	size_t pos = 0;
	struct text_tok tok;
	while (text_next_word(t, len, &pos, &tok)) {
		uint64_t wh = fp_hash(t + tok.off, tok.len, 0);
		/* the exact key: words and their separators */
		for (size_t i = 0; i < tok.len; i++) {
			text ^= (unsigned char)t[tok.off + i];
			text *= 0x100000001b3ULL;
		}
		text ^= ' ';
		text *= 0x100000001b3ULL;
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
