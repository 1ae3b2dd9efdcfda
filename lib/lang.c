/* lang.c — language identification of short texts. */
#include "lang.h"
#include "lang_cld2.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Letters needed before a guess is worth anything: counted as UTF-8
 * lead bytes of non-ASCII characters and ASCII letters. */
enum { LANG_MIN_LETTERS = 8 };

static size_t
letters(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			k++;
		else if (c >= 0xc0)
			k++;
	}
	return k;
}

int
lang_detect(const char *text, size_t n, struct lang_guess *g)
{
	g->code[0] = '\0';
	g->confidence = 0;
	if (!text || letters(text, n) < LANG_MIN_LETTERS)
		return -1;
	/* CLD2 stops at the first invalid byte: make them spaces. At most
	 * the first 4 KiB; more says nothing more about a language. */
	if (n > 4096)
		n = 4096;
	char *clean = xmalloc(n + 1);
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
		    (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {
			clean[i++] = ' ';
			continue;
		}
		memcpy(clean + i, text + i, (size_t)k);
		i += (size_t)k;
	}
	clean[n] = '\0';
	int r = lang_cld2(clean, n, g);
	free(clean);
	return r;
}
