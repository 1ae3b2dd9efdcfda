/* sentiment.h — the tone of a short text (a post, a headline), from
 * lexicons and rules in the manner of VADER (Hutto & Gilbert, 2014). */
#ifndef VEILLE_SENTIMENT_H
#define VEILLE_SENTIMENT_H

#include <stddef.h>

struct sentiment {
	double score;       /* -1..1 */
	const char *label;  /* "negative" | "neutral" | "positive" (static) */
};

/* The sentiment of n bytes of UTF-8 text in language lang (ISO 639-1:
 * "en", "fr", "de", "es"). 0 and *s, or -1 when the language is not
 * covered (or lang is NULL). A text with no opinion word scores 0,
 * "neutral". The first call for a language hashes its lexicon (about a
 * millisecond); it is not to be made from two threads at once. */
int sentiment_analyse(const char *text, size_t n, const char *lang, struct sentiment *s);

#endif
