/* util.c — unit test of the ASCII helpers of lib/util.h that the
 * parsers use to look for hosts and prefixes whatever their case. */
#include "util.h"
#include "tap.h"

#include <stddef.h>

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
	return tap_done();
}
