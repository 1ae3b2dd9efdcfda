/* fingerprint.h — what veille-dedupe compares of an item's text.
 *
 * The text is folded (lib/text.h: case, accents, compatibility forms)
 * and cut into words, so punctuation, accents and case never count.
 * From the words:
 * - text: a 64-bit hash of the whole word sequence, the exact key;
 * - lead: a hash of the first FP_LEAD words, the key that finds a teaser
 *   (the first lines of an article, cut) from its article and back;
 * - a bottom-k MinHash sketch: of the 64-bit hashes of every shingle
 *   (FP_SHINGLE consecutive words), the FP_K smallest, distinct. Two
 *   sketches estimate how much of the smaller text's shingles the larger
 *   holds (containment), which stays near 1 when a paragraph is added or
 *   cut, a site wraps the text in its boilerplate, or the text is a
 *   teaser of the other; and near 0 for two articles on one subject.
 * - bands: the FP_BANDS smallest shingle hashes, the keys under which a
 *   sketch is indexed: two texts whose shingle sets overlap by a
 *   fraction J share one of them with probability >= 1 - (1 - J)^BANDS.
 * veille-dedupe(1) gives the measurements behind these numbers. */
#ifndef VEILLE_FINGERPRINT_H
#define VEILLE_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#define FP_SHINGLE 4
#define FP_K 32
#define FP_BANDS 4
#define FP_LEAD 20
/* Texts with fewer shingles have no sketch: too short to tell a copy
 * from a look-alike (exact key only). */
#define FP_MIN_SHINGLES 8

struct fp {
	uint64_t text;          /* 0: no words */
	uint64_t lead;          /* 0: fewer than FP_LEAD words */
	uint32_t nwords;
	uint32_t nshingles;     /* shingles (repeats counted) */
	int nsk;                /* 0: no sketch (too short) */
	uint32_t sk[FP_K];      /* upper halves of the smallest hashes, ascending */
	int nbands;
	uint64_t band[FP_BANDS];
};

/* The fingerprint of UTF-8 text s[0..n). */
void fp_compute(struct fp *f, const char *s, size_t n);

/* How much of the smaller text (by shingles) the larger one holds,
 * estimated from the sketches: 0 to 1, or -1 when the sketches cannot
 * tell (no sketch, or no sample of the smaller below the larger's
 * sketch). *samples: how many hashes the estimate rests on. */
double fp_containment(const uint32_t *a, int na, uint32_t sa,
    const uint32_t *b, int nb, uint32_t sb, int *samples);

/* Call fn with each word of s[0..n) as the fingerprint sees it: folded
 * and cut as text_next_word cuts text_fold's text (a fast path does it
 * for text that folds to ASCII). Returns 1 when the fast path did. */
int fp_words(const char *s, size_t n, void (*fn)(const char *w, size_t len, void *arg), void *arg);

/* 64-bit hash of s[0..n) (FNV-1a, then mixed): used for keys. */
uint64_t fp_hash(const void *s, size_t n, uint64_t seed);

#endif
