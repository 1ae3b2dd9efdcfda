/* stopwords.h — the French and English words too common to be a topic
 * (stopwords-iso lists, vendored in lib/data with their licence), for
 * the terms of veille-report and the weak signals of veille-alert. */
#ifndef VEILLE_STOPWORDS_H
#define VEILLE_STOPWORDS_H

#include <stddef.h>

extern const char *const stopwords_list[];

/* Is w (a word folded by text_fold) a stop word? */
int stopword(const char *w, size_t len);

#endif
