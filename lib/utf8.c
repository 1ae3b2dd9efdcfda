/* utf8.c — see utf8.h. Validation follows the Unicode table of
 * well-formed sequences (no overlongs, no surrogates); encoding is
 * utf8proc's. */
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static const char REPL[] = "\xEF\xBF\xBD";

size_t
utf8_valid_prefix(const char *s, size_t n)
{
	/* Hot: runs over every document. ASCII eight bytes at a time, the
	 * rest by the table of well-formed sequences (Unicode 3.9, D92). */
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			/* any byte >= 0x80, or any NUL byte? (the NUL test may
			 * also flag a byte above a NUL: never before one) */
			uint64_t m = (w & 0x8080808080808080ULL) |
			    ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL);
			if (m) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
				/* straight to the first such byte: the ASCII
				 * before it need no second look */
				i += (size_t)__builtin_ctzll(m) >> 3;
#endif
				break;
			}
			i += 8;
		}
		if (i >= n)
			break;
		unsigned char c = p[i];
		if (c < 0x80) {
			if (!c)
				return i;
			i++;
			continue;
		}
		size_t left = n - i;
		if (c >= 0xC2 && c <= 0xDF) {
			if (left < 2 || (p[i + 1] & 0xC0) != 0x80)
				return i;
			i += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
			if (left < 3 || p[i + 1] < lo || p[i + 1] > hi || (p[i + 2] & 0xC0) != 0x80)
				return i;
			i += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
			if (left < 4 || p[i + 1] < lo || p[i + 1] > hi ||
			    (p[i + 2] & 0xC0) != 0x80 || (p[i + 3] & 0xC0) != 0x80)
				return i;
			i += 4;
		} else {
			return i;
		}
	}
	return i;
}

int
utf8_valid(const char *s, size_t n)
{
	return utf8_valid_prefix(s, n) == n;
}

size_t
utf8_repair(const char *s, size_t n, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, bad = 0;
	buf_grow(out, n);
	while (i < n) {
		size_t ok = utf8_valid_prefix(s + i, n - i);
		buf_add(out, s + i, ok);
		i += ok;
		if (i >= n)
			break;
		/* Skip one invalid byte, then continuation bytes that belonged
		 * to the broken sequence, emitting a single U+FFFD. */
		i++;
		while (i < n && (p[i] & 0xC0) == 0x80)
			i++;
		buf_add(out, REPL, 3);
		bad++;
	}
	return bad;
}

char *
utf8_repaired_copy(const char *s, size_t n, size_t *nrepl)
{
	*nrepl = 0;
	if (utf8_valid(s, n))
		return NULL;
	struct buf b;
	buf_init(&b);
	*nrepl = utf8_repair(s, n, &b);
	return buf_steal(&b);
}

void
utf8_put(struct buf *out, long cp)
{
	utf8proc_uint8_t tmp[4];
	if (cp <= 0 || !utf8proc_codepoint_valid((utf8proc_int32_t)cp) || cp > 0x10FFFF) {
		buf_add(out, REPL, 3);
		return;
	}
	utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)cp, tmp);
	buf_add(out, tmp, (size_t)k);
}

size_t
utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	size_t n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

