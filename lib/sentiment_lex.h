/* sentiment_lex.h — the compiled-in lexicons of sentiment.c (generated
 * into sentiment_lex.c by scripts/gen-sentiment-lexicon). */
#ifndef VEILLE_SENTIMENT_LEX_H
#define VEILLE_SENTIMENT_LEX_H

#include <stddef.h>

struct lex_entry {
	const char *word;  /* folded as text_fold() does; sorted bytewise */
	float valence;     /* VADER's scale, -4..4 */
};

struct lex_table {
	const char *name;  /* "en", "fr", "de", "es", "emoji", "emoticon" */
	const struct lex_entry *e;
	size_t n;
};

/* Ends with a {NULL} entry. */
extern const struct lex_table lex_tables[];

#endif
