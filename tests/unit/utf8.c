/* utf8.c — unit test of lib/utf8.h: utf8_valid_prefix (eight bytes at a
 * time over ASCII) against a byte-by-byte reference of Unicode's table
 * of well-formed sequences (3.9, D92) on fixed edge cases and on random
 * mixes of ASCII, valid and broken sequences at every alignment; then
 * utf8_repair. */
#include "utf8.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

/* The length of the well-formed prefix, one sequence at a time; NUL ends
 * it too (the documents are C strings). */
static size_t
ref_prefix(const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = p[i];
		size_t len;
		unsigned char lo = 0x80, hi = 0xBF;
		if (c == 0)
			return i;
		if (c < 0x80)
			len = 1;
		else if (c >= 0xC2 && c <= 0xDF)
			len = 2;
		else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0;
			if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;
			if (c == 0xF4)
				hi = 0x8F;
		} else
			return i;
		if (n - i < len)
			return i;
		for (size_t k = 1; k < len; k++) {
			unsigned char b = p[i + k];
			if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
				return i;
		}
		i += len;
	}
	return i;
}

int
main(void)
{
	static const struct {
		const char *s;
		size_t n;
		const char *why;
	} fixed[] = {
		{ "", 0, "empty" },
		{ "abcdefgh", 8, "one word of ASCII" },
		{ "abcdefghijklmnopq", 17, "two words and one byte" },
		{ "abcdefg\xC3\xA9", 9, "é across a word boundary" },
		{ "abcdefgh\xC3", 9, "a lead byte at the very end" },
		{ "abc\0defgh", 9, "NUL inside a word" },
		{ "abcdefg\xE2\x80\x99 suite", 14, "a quote mark at byte 7" },
		{ "\xED\xA0\x80", 3, "a surrogate" },
		{ "\xF4\x90\x80\x80", 4, "above U+10FFFF" },
		{ "\xC0\xAF", 2, "an overlong slash" },
		{ "\xF0\x9F\x98\x80 ok", 7, "an emoji" },
		{ "tout est \x80 bien", 16, "a lone continuation byte" },
	};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		size_t got = utf8_valid_prefix(fixed[i].s, fixed[i].n);
		size_t want = ref_prefix((const unsigned char *)fixed[i].s, fixed[i].n);
		ok(got == want, "%s: %zu", fixed[i].why, want);
		if (got != want)
			printf("#   got %zu\n", got);
	}

	static const char *const atoms[] = {
		"a", "bcdefgh", " ", "\xC3\xA9", "\xE2\x80\x99", "\xF0\x9F\x98\x80",
		"\xC3", "\x80", "\xED\xA0\x80", "\xEF\xBF\xBD", "\xF4\x90", "\0",
		"\xC2\xA0", "0123456789abcdef",
	};
	srand(11);
	int differ = 0;
	for (int it = 0; it < 200000 && !differ; it++) {
		unsigned char buf[256];
		size_t len = 0;
		for (int k = rand() % 40; k > 0; k--) {
			int a = rand() % (int)(sizeof atoms / sizeof atoms[0]);
			size_t al = atoms[a][0] ? strlen(atoms[a]) : 1;
			if (len + al > sizeof buf)
				break;
			memcpy(buf + len, atoms[a], al);
			len += al;
		}
		/* every start alignment */
		for (size_t off = 0; off < 8 && off <= len && !differ; off++) {
			size_t got = utf8_valid_prefix((const char *)buf + off, len - off);
			size_t want = ref_prefix(buf + off, len - off);
			if (got != want) {
				differ = 1;
				printf("#   case %d offset %zu: got %zu, want %zu\n", it, off, got, want);
			}
		}
	}
	ok(!differ, "utf8_valid_prefix = reference on 200,000 random byte strings");

	struct buf b;
	buf_init(&b);
	size_t bad = utf8_repair("caf\xC3\xA9 \xC3 \xE2\x80 ok", 13, &b);
	is_str(b.data, "café \xEF\xBF\xBD \xEF\xBF\xBD ok", "utf8_repair: one U+FFFD per broken sequence");
	ok(bad == 2, "utf8_repair counts them (%zu)", bad);
	buf_free(&b);
	return tap_done();
}
