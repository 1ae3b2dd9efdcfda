/* lang.h — the language of a short text (a tweet, a headline, an item's
 * title and summary), as a bare ISO 639-1 code. */
#ifndef VEILLE_LANG_H
#define VEILLE_LANG_H

#include <stddef.h>

struct lang_guess {
	char code[4];       /* ISO 639-1, NUL-terminated: "fr" */
	double confidence;  /* 0..1 */
};

/* Guess the language of n bytes of UTF-8 text (invalid bytes are
 * tolerated). 0 and *g, or -1 when the text is too short or the guess
 * too unsure to be worth a field (g is then left with code "" and
 * confidence 0). The first call hashes the model (about 3 ms, 4 MB);
 * it is not to be made from two threads at once. */
int lang_detect(const char *text, size_t n, struct lang_guess *g);

#endif
