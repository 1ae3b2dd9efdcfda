/* utf8.h — UTF-8 validation, repair and encoding. */
#ifndef VEILLE_UTF8_H
#define VEILLE_UTF8_H

#include <stddef.h>
#include "util.h"

/* Length of the longest valid UTF-8 prefix of s[0..n). */
size_t utf8_valid_prefix(const char *s, size_t n);
int utf8_valid(const char *s, size_t n);

/* Append s[0..n) to out, each invalid sequence and each NUL byte replaced
 * by U+FFFD. Returns how many replacements were made. */
size_t utf8_repair(const char *s, size_t n, struct buf *out);

/* Repair in place when needed: returns a malloc'd valid copy, or NULL when
 * s is already valid (so the caller keeps it). *nrepl gets the count. */
char *utf8_repaired_copy(const char *s, size_t n, size_t *nrepl);

/* Encode code point cp into out (invalid code points become U+FFFD). */
void utf8_put(struct buf *out, long cp);

/* Cut s to at most max bytes without splitting a character; returns new length. */
size_t utf8_cut(const char *s, size_t len, size_t max);


#endif
