/* util.c — unit test of the ASCII helpers of lib/util.h that the
 * parsers use to look for hosts and prefixes whatever their case. */
#include "util.h"
#include "tap.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *
at(const char *found)
{
	return found ? found : "(none)";
}

int
main(void)
{
	const char *u = "https://News.GOOGLE.com/rss?hl=fr";
	is_str(at(ascii_casestr(u, "google.")), "GOOGLE.com/rss?hl=fr", "found whatever its case");
	is_str(at(ascii_casestr(u, "news.google.com")), "News.GOOGLE.com/rss?hl=fr",
	    "found where an earlier candidate failed");
	is_str(at(ascii_casestr(u, "HTTPS")), u, "found at the start");
	is_str(at(ascii_casestr(u, "hl=FR")), "hl=fr", "found at the end");
	is_str(at(ascii_casestr(u, "youtube.")), "(none)", "absent");
	is_str(at(ascii_casestr(u, "hl=frx")), "(none)", "longer than what is left");
	is_str(at(ascii_casestr(u, "?hl")), "?hl=fr", "a first byte that is not a letter");
	is_str(at(ascii_casestr(u, "")), u, "the empty word is at the start");
	is_str(at(ascii_casestr("", "g")), "(none)", "nothing in the empty string");
	/* bytes outside ASCII are compared as they are */
	is_str(at(ascii_casestr("xÉté", "été")), "(none)", "no case folding beyond ASCII");
	is_str(at(ascii_casestr("xÉté", "Ét")), "Été", "the same bytes match");
	ok(ascii_startswith("HTTP://x", "http://"), "ascii_startswith ignores case");
	ok(!ascii_startswith("htt", "http://"), "ascii_startswith: shorter than the prefix");

	/* word_bytes_eq / word_bytes_below: every byte value at every place,
	 * beside neighbours that would carry into it if the test were not
	 * exact (0x00, 0x01, 0x7F, 0x80, 0xFF) */
	static const unsigned char cs[] = { 0x00, 0x20, 0xC2, 0xEF, 0xFF };
	static const unsigned char ns[] = { 0x01, 0x20, 0x21, 0x7F, 0x80 };
	static const unsigned char fill[] = { 0x00, 0x01, 0x7F, 0x80, 0xFF };
	int wrong = 0;
	for (int f = 0; f < 5; f++)
		for (int at = 0; at < 8; at++)
			for (int b = 0; b < 256; b++) {
				unsigned char w[8];
				memset(w, fill[f], 8);
				w[at] = (unsigned char)b;
				uint64_t x;
				memcpy(&x, w, 8);
				for (int k = 0; k < 5; k++) {
					uint64_t e = word_bytes_eq(x, cs[k]), l = word_bytes_below(x, ns[k]);
					for (int j = 0; j < 8; j++) {
						unsigned char m[8];
						memcpy(m, &e, 8);
						wrong += !!(m[j] & 0x80) != (w[j] == cs[k]) || (m[j] & 0x7F);
						memcpy(m, &l, 8);
						wrong += !!(m[j] & 0x80) != (w[j] < ns[k]) || (m[j] & 0x7F);
					}
				}
			}
	ok(wrong == 0, "word_bytes_eq and word_bytes_below are exact on every byte (%d wrong)", wrong);

	static const struct {
		const char *in;
		int nbsp;
		const char *out;
	} sq[] = {
		{ "  deux\t\r\n mots  ", 0, "deux mots" },
		{ "a\xC2\xA0" "b", 0, "a\xC2\xA0" "b" },
		{ "a\xC2\xA0 b", 1, "a b" },
		{ "\xC2\xA0\xC2\xA0x", 1, "x" },
		{ "", 1, "" },
	};
	for (size_t i = 0; i < sizeof sq / sizeof sq[0]; i++) {
		char *t = str_squash(sq[i].in, sq[i].nbsp);
		is_str(t, sq[i].out, "str_squash %zu", i);
		free(t);
	}
	char *t = str_squash(NULL, 1);
	is_str(t, "", "str_squash(NULL) is empty");
	free(t);
	return tap_done();
}
