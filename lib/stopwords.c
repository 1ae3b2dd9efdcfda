/* stopwords.c — see stopwords.h. The lists are folded into one set the
 * first time a word is asked for. */
#include "stopwords.h"
#include "strmap.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

static struct strmap *set;

int
stopword(const char *w, size_t len)
{
	if (!set) {
		set = strmap_new(0);
		for (size_t i = 0; stopwords_list[i]; i++) {
			size_t n;
			char *f = text_fold(stopwords_list[i], strlen(stopwords_list[i]), &n, NULL);
			strmap_put(set, f, n, NULL);
			free(f);
		}
	}
	return strmap_get(set, w, len) != NULL;
}
