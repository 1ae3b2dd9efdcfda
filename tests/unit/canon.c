/* canon.c — unit test of lib/canon.h: each row is a URL as it turns up
 * in feeds, newsletters and shares, and the canonical form veille-dedupe
 * keys it by (NULL: no canonical form). */
#include "canon.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static const struct { const char *in, *want, *why; } cases[] = {
	/* scheme, host, port */
	{ "https://example.com/a", "https://example.com/a", "a canonical URL is its own form" },
	{ "HTTP://Example.COM/a", "https://example.com/a", "scheme and host are lower-cased" },
	{ "http://example.com/a", "https://example.com/a", "http and https are one" },
	{ "https://example.com:443/a", "https://example.com/a", "the https default port is dropped" },
	{ "http://example.com:80/a", "https://example.com/a", "the http default port is dropped" },
	{ "https://example.com:8080/a", "https://example.com:8080/a", "another port is kept" },
	{ "https://example.com./a", "https://example.com/a", "the host's final dot is dropped" },
	{ "https://user:pw@example.com/a", "https://example.com/a", "user and password are dropped" },
	{ "https://www.example.com/a", "https://example.com/a", "www. is dropped" },
	{ "https://WWW.Example.com/a", "https://example.com/a", "WWW. is dropped after lower-casing" },
	{ "https://www.com/a", "https://www.com/a", "www. stays when no domain would remain" },
	{ "https://m.example.com/a", "https://example.com/a", "the m. mobile edition is the article" },
	{ "https://mobile.example.co.uk/a", "https://example.co.uk/a", "the mobile. edition is the article" },
	{ "https://m.com/a", "https://m.com/a", "m. stays when no domain would remain" },
	/* found by fuzz_canon: the canonical form was not a fixed point */
	{ "https://www.m.example.com/a", "https://example.com/a", "fuzz_canon: stacked www.m. both go" },
	{ "https://m.www.mobile.example.fr/a", "https://example.fr/a", "fuzz_canon: stacked m.www.mobile. all go" },
	{ "https://www.m.com/a", "https://m.com/a", "fuzz_canon: stacked, the last stays when no domain would remain" },
	{ "https://user:://www.example.com/a", NULL, "fuzz_canon: an authority with two colons has no form" },
	{ "https://example.com:8x/a", NULL, "fuzz_canon: a port that is not a number has no form" },
	{ "https://e\x01@a/b.c:8080/a%2F\xd6", NULL, "fuzz_canon: a URL with a control character has no form" },
	{ "https://a.//a.a./b/./c?d=\x01", NULL, "fuzz_canon: a control character in the query, no form" },
	{ "https://a:99999/\xd6", "https://a:99999/%D6", "fuzz_canon: a raw byte libcurl left is escaped" },
	{ "http://a.e\xe2@@m.ex//am/..", NULL, "fuzz_canon: dot segments libcurl left unresolved, no form" },
	{ "https://1.//k.a?%C1%b/./c", "https://0.0.0.1//k.a?%C1%b/./c", "fuzz_canon: a host libcurl reads once its dot is gone" },
	{ "https://example.com/gr\xc3\xa8ve?q=\xc3\xa9", "https://example.com/gr%C3%A8ve?q=%C3%A9", "UTF-8 in path and query is escaped" },
	{ "https://mail.example.com/a", "https://mail.example.com/a", "other subdomains stay" },
	/* path */
	{ "https://example.com", "https://example.com/", "an empty path is /" },
	{ "https://example.com/a/", "https://example.com/a", "a final slash is dropped" },
	{ "https://example.com/a/b/../c", "https://example.com/a/c", "dot segments are removed" },
	{ "https://example.com/%7Euser/caf%c3%a9", "https://example.com/~user/caf%C3%A9",
	  "unreserved escapes decoded, others in uppercase" },
	{ "https://example.com/A/B", "https://example.com/A/B", "the case of the path is kept" },
	/* fragment */
	{ "https://example.com/a#section-2", "https://example.com/a", "the fragment is dropped" },
	{ "https://example.com/a?b=1#x", "https://example.com/a?b=1", "the fragment after a query too" },
	{ "https://example.com/#!/post/12", "https://example.com/#!/post/12", "a #! route is kept" },
	/* tracking parameters */
	{ "https://example.com/a?utm_source=rss&utm_medium=feed&utm_campaign=x",
	  "https://example.com/a", "utm_* parameters are removed" },
	{ "https://example.com/a?UTM_Source=rss", "https://example.com/a", "their case is ignored" },
	{ "https://example.com/a?fbclid=IwAR0abc", "https://example.com/a", "fbclid is removed" },
	{ "https://example.com/a?gclid=Cj0K&id=4", "https://example.com/a?id=4", "gclid is removed, id kept" },
	{ "https://example.com/a?mc_cid=1&mc_eid=2", "https://example.com/a", "Mailchimp's mc_cid, mc_eid" },
	{ "https://www.lemonde.fr/a.html?xtor=RSS-3208", "https://lemonde.fr/a.html", "AT Internet's xtor" },
	{ "https://example.fr/a?at_medium=email&at_campaign=nl", "https://example.fr/a",
	  "AT Internet's at_medium, at_campaign" },
	{ "https://example.com/a?ref_src=twsrc%5Etfw", "https://example.com/a", "Twitter's ref_src" },
	{ "https://example.com/a?ref=rss", "https://example.com/a", "ref as a referrer tag" },
	{ "https://github.com/o/r/blob/x?ref=v2", "https://github.com/o/r/blob/x?ref=v2",
	  "ref on a code forge names content and stays" },
	{ "https://example.com/a?referrer=x", "https://example.com/a?referrer=x",
	  "a parameter merely starting like a tracking one stays" },
	{ "https://example.com/a?utm=1", "https://example.com/a?utm=1", "a bare utm stays" },
	/* remaining parameters */
	{ "https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2", "parameters are sorted" },
	{ "https://example.com/a?a=1&&b=2&", "https://example.com/a?a=1&b=2", "empty parameters are dropped" },
	{ "https://example.com/a?utm_source=x", "https://example.com/a", "a query left empty is dropped" },
	{ "https://example.com/a?q=%7e", "https://example.com/a?q=~", "escapes of the query are normalised" },
	{ "https://example.com/p?id=7&page=2", "https://example.com/p?id=7&page=2", "content parameters stay" },
	/* AMP */
	{ "https://example.com/2026/11/greve/amp/", "https://example.com/2026/11/greve", "a final /amp/ is removed" },
	{ "https://example.com/2026/11/greve/amp", "https://example.com/2026/11/greve", "a final /amp is removed" },
	{ "https://example.com/amp/2026/greve", "https://example.com/2026/greve", "a first /amp/ segment is removed" },
	{ "https://example.com/a?outputType=amp", "https://example.com/a", "outputType=amp is removed" },
	{ "https://example.com/a?amp=1&id=3", "https://example.com/a?id=3", "amp=1 is removed" },
	{ "https://example.com/a?outputType=json", "https://example.com/a?outputType=json",
	  "another outputType stays" },
	{ "https://example.com/sample", "https://example.com/sample", "a segment ending in amp stays" },
	{ "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/2026/greve/amp/",
	  "https://example.com/2026/greve", "an AMP cache URL is the origin's" },
	{ "https://www.google.com/amp/s/m.example.com/greve?utm_source=x", "https://example.com/greve",
	  "a Google AMP viewer URL is the origin's" },
	/* what has no canonical form */
	{ "mailto:a@example.com", NULL, "a mailto: URL has none" },
	{ "/relative/path", NULL, "a relative reference has none" },
	{ "ftp://example.com/a", NULL, "an ftp URL has none" },
	{ "", NULL, "an empty string has none" },
	{ "https://", NULL, "a URL without a host has none" },
};

int
main(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = canon_url(cases[i].in);
		is_str(got, cases[i].want, "%s: %s", cases[i].why, cases[i].in);
		free(got);
	}
	ok(canon_url(NULL) == NULL, "NULL has no canonical form");
	/* idempotence: the canonical form of a canonical form is itself */
	int moved = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (!cases[i].want)
			continue;
		char *again = canon_url(cases[i].want);
		if (!again || strcmp(again, cases[i].want)) {
			printf("#   %s gives %s\n", cases[i].want, again ? again : "(null)");
			moved++;
		}
		free(again);
	}
	ok(moved == 0, "every canonical form is a fixed point");
	return tap_done();
}
