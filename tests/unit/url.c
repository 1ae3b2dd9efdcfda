/* url.c — unit test of lib/url.h, mostly url_resolve: the examples of
 * RFC 3986 section 5.4 (normal and abnormal, base "http://a/b/c/d;p?q"),
 * then what feeds do: xml:base chains, protocol-relative links, empty
 * references, fragment-only links, white space around links, file: bases.
 *
 * Where RFC 3986 allows two spellings of the same URL the test accepts
 * both (the second string of a row, when set):
 *  - "//g" gives "http://g"; "http://g/" is the same URL after
 *    scheme-based normalisation (RFC 3986 6.2.3: an empty http path is
 *    "/"), which URL libraries such as libcurl apply.
 *  - "http:g" gives "http:g" for a strict parser, "http://a/b/c/g" for a
 *    backward-compatible one (5.4.2 allows both).
 *  - "g:h" is already absolute: "g:h", or NULL ("cannot be made absolute
 *    by me", after which the caller keeps the reference as it is; same
 *    effect). */
#include "url.h"
#include "tap.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int
one_of(const char *got, const char *a, const char *b, int null_ok)
{
	if (!got)
		return null_ok;
	/* the alternative spelling is compared ignoring case: percent-encoding
	 * hex digits are case-insensitive (RFC 3986 6.2.2.1) */
	return (a && !strcmp(got, a)) || (b && !strcasecmp(got, b));
}

/* Percent-escapes in uppercase, in place (url.h: how veille writes URLs). */
static char *
upper(char *o)
{
	for (char *p = o; p && (p = strchr(p, '%')); p++)
		if (isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
			p[1] = (char)toupper((unsigned char)p[1]);
			p[2] = (char)toupper((unsigned char)p[2]);
		}
	return o;
}

/* What libcurl's URL API makes of an absolute URL, the way url_resolve
 * calls it, with percent-escapes in uppercase (url.h): the reference
 * its fast paths must agree with. */
static char *
by_curl(const char *u)
{
	CURLU *h = curl_url();
	char *out = NULL, *o = NULL;
	if (curl_url_set(h, CURLUPART_URL, u, CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE) ==
	    CURLUE_OK && curl_url_get(h, CURLUPART_URL, &out, 0) == CURLUE_OK)
		o = strdup(out);
	curl_free(out);
	curl_url_cleanup(h);
	return upper(o);
}

/* ref resolved against base by libcurl, the way url_resolve's slow path
 * does it (refs starting with '#' and empty ones are special there and
 * not drawn here; the base's fragment is dropped first, as RFC 3986
 * 5.2.2 says), escapes uppercased. */
static char *
rel_by_curl(const char *base, const char *ref)
{
	CURLU *h = curl_url();
	char *out = NULL, *o = NULL, nofrag[256];
	unsigned fl = CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE;
	snprintf(nofrag, sizeof nofrag, "%.*s", (int)strcspn(base, "#"), base);
	if (curl_url_set(h, CURLUPART_URL, nofrag, fl) == CURLUE_OK &&
	    curl_url_set(h, CURLUPART_URL, ref, fl) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_URL, &out, 0) == CURLUE_OK)
		o = strdup(out);
	curl_free(out);
	curl_url_cleanup(h);
	return upper(o);
}

/* A scheme and a ':' first, as url_resolve reads absolute references. */
static int
has_scheme_like(const char *s)
{
	if (!isalpha((unsigned char)*s))
		return 0;
	for (s++; *s; s++) {
		if (*s == ':')
			return 1;
		if (!isalnum((unsigned char)*s) && *s != '+' && *s != '-' && *s != '.')
			return 0;
	}
	return 0;
}

/* The host libcurl finds, lowercased: what url_host must give. */
static char *
host_by_curl(const char *u)
{
	CURLU *h = curl_url();
	char *host = NULL, *o = NULL;
	if (curl_url_set(h, CURLUPART_URL, u, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		o = strdup(host);
		for (char *p = o; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	curl_free(host);
	curl_url_cleanup(h);
	return o;
}

/* Absolute URLs glued from pieces that the fast paths take or refuse
 * (raw UTF-8 in path, query and fragment, escapes, dot segments, odd
 * characters): url_resolve must give what libcurl gives, byte for byte. */
static void
fast_paths_agree(void)
{
	static const char *pre[] = { "http://", "https://", "HTTP://", "https://" };
	static const char *host[] = { "a.example", "x-1.example.fr", "A.example", "a.example.",
	    "\xc3\xa9t\xc3\xa9.fr", "a.example:8080" };
	static const char *piece[] = { "/", "abc", "ann\xc3\xa9\x65", "\xe2\x80\x99", "%41",
	    "%c3%a9", "%zz", "?", "q=1", "&", "#", "frag", "\xc3\xa9", "/./", "/../", "..",
	    ".", "-", "~", "+", "=", "'", "(", ")", "*", ",", ";", "!", "$", "@", ":",
	    "\x7f", "\xff", "\x80", "|", "^", "`", "{", "}", "\"", "<", "\\" };
	unsigned seed = 12345;
	int bad = 0, badhost = 0, n = 20000;
	for (int i = 0; i < n; i++) {
		char u[512];
		seed = seed * 1103515245u + 12345u;
		snprintf(u, sizeof u, "%s%s", pre[(seed >> 16) % 4], host[(seed >> 8) % 6]);
		int k = 1 + (int)((seed >> 20) % 8);
		for (int j = 0; j < k; j++) {
			seed = seed * 1103515245u + 12345u;
			strcat(u, piece[(seed >> 16) % (sizeof piece / sizeof *piece)]);
		}
		char *want = by_curl(u), *got = url_resolve(NULL, u);
		if (!want ? got && strcmp(got, u) : !got || strcmp(got, want)) {
			if (bad++ < 5)
				printf("#   url_resolve(\"%s\") = %s, libcurl: %s\n", u, got ? got : "NULL",
				    want ? want : "NULL");
		}
		free(want);
		free(got);
		want = host_by_curl(u);
		got = url_host(u);
		if (!want != !got || (want && strcmp(got, want))) {
			if (badhost++ < 5)
				printf("#   url_host(\"%s\") = %s, libcurl: %s\n", u, got ? got : "NULL",
				    want ? want : "NULL");
		}
		free(want);
		free(got);
	}
	ok(bad == 0, "%d random absolute URLs: url_resolve agrees with libcurl (%d differ)", n, bad);
	ok(badhost == 0, "the same URLs: url_host agrees with libcurl (%d differ)", badhost);

	/* relative references (paths from '/', '//', or relative; dot
	 * segments, queries and odd characters among them) against random
	 * bases: the fast join or libcurl, the same result */
	static const char *rstart[] = { "/", "//", "", "a/", "../", "./", "/x/", "//b.example/" };
	static const char *bases[] = { "https://a.example/", "https://a.example/d/e/f.html",
	    "http://a.example/d/?q=1/2", "https://a.example/d/#x/y", "https://A.example/d/",
	    "https://a.example:8080/d/", "https://a.example", "https://a.example/d/ann\xc3\xa9" "e/",
	    "https://a.example/%c3%a9/g", "file:///tmp/feeds/x.xml" };
	bad = 0;
	for (int i = 0; i < n; i++) {
		char r[512];
		seed = seed * 1103515245u + 12345u;
		const char *b = bases[(seed >> 16) % (sizeof bases / sizeof *bases)];
		seed = seed * 1103515245u + 12345u;
		snprintf(r, sizeof r, "%s", rstart[(seed >> 16) % (sizeof rstart / sizeof *rstart)]);
		int k = (int)((seed >> 20) % 6);
		for (int j = 0; j < k; j++) {
			seed = seed * 1103515245u + 12345u;
			strcat(r, piece[(seed >> 16) % (sizeof piece / sizeof *piece)]);
		}
		/* empty, fragment-only and absolute references take other
		 * ways (tested above) */
		if (!*r || *r == '#' || has_scheme_like(r))
			continue;
		char *want = rel_by_curl(b, r), *got = url_resolve(b, r);
		if (!want != !got || (want && strcmp(got, want))) {
			if (bad++ < 5)
				printf("#   url_resolve(\"%s\", \"%s\") = %s, libcurl: %s\n", b, r,
				    got ? got : "NULL", want ? want : "NULL");
		}
		free(want);
		free(got);
	}
	ok(bad == 0, "random relative references on random bases: url_resolve agrees with "
	    "libcurl (%d differ)", bad);
}

static void
resolve(const char *base, const char *ref, const char *want, const char *alt, int null_ok)
{
	char *got = url_resolve(base, ref);
	ok(one_of(got, want, alt, null_ok), "resolve(%s%s%s, \"%s\") = %s%s%s",
	    base ? "\"" : "", base ? base : "NULL", base ? "\"" : "", ref ? ref : "(null)",
	    want ? want : "NULL", alt ? " or " : "", alt ? alt : "");
	if (!one_of(got, want, alt, null_ok))
		printf("#   got:  '%s'\n", got ? got : "(null)");
	free(got);
}

#define R(ref, want) resolve(B, ref, want, NULL, 0)

int
main(void)
{
	const char *B = "http://a/b/c/d;p?q";

	/* RFC 3986 5.4.1, normal examples */
	resolve(B, "g:h", "g:h", NULL, 1);
	R("g", "http://a/b/c/g");
	R("./g", "http://a/b/c/g");
	R("g/", "http://a/b/c/g/");
	R("/g", "http://a/g");
	resolve(B, "//g", "http://g", "http://g/", 0);
	R("?y", "http://a/b/c/d;p?y");
	R("g?y", "http://a/b/c/g?y");
	R("#s", "http://a/b/c/d;p?q#s");
	R("g#s", "http://a/b/c/g#s");
	R("g?y#s", "http://a/b/c/g?y#s");
	R(";x", "http://a/b/c/;x");
	R("g;x", "http://a/b/c/g;x");
	R("g;x?y#s", "http://a/b/c/g;x?y#s");
	R("", "http://a/b/c/d;p?q");
	R(".", "http://a/b/c/");
	R("./", "http://a/b/c/");
	R("..", "http://a/b/");
	R("../", "http://a/b/");
	R("../g", "http://a/b/g");
	R("../..", "http://a/");
	R("../../", "http://a/");
	R("../../g", "http://a/g");

	/* RFC 3986 5.4.2, abnormal examples */
	R("../../../g", "http://a/g");
	R("../../../../g", "http://a/g");
	R("/./g", "http://a/g");
	R("/../g", "http://a/g");
	R("g.", "http://a/b/c/g.");
	R(".g", "http://a/b/c/.g");
	R("g..", "http://a/b/c/g..");
	R("..g", "http://a/b/c/..g");
	R("./../g", "http://a/b/g");
	R("./g/.", "http://a/b/c/g/");
	R("g/./h", "http://a/b/c/g/h");
	R("g/../h", "http://a/b/c/h");
	R("g;x=1/./y", "http://a/b/c/g;x=1/y");
	R("g;x=1/../y", "http://a/b/c/y");
	R("g?y/./x", "http://a/b/c/g?y/./x");
	R("g?y/../x", "http://a/b/c/g?y/../x");
	R("g#s/./x", "http://a/b/c/g#s/./x");
	R("g#s/../x", "http://a/b/c/g#s/../x");
	resolve(B, "http:g", "http:g", "http://a/b/c/g", 0);

	/* Feeds: an xml:base chain (feed, then entry, then link). */
	{
		char *b1 = url_resolve("http://example.com/blog/feed.xml", "/archives/2004/");
		char *b2 = url_resolve(b1, "entries/");
		char *l = url_resolve(b2, "1.html#c");
		is_str(b1, "http://example.com/archives/2004/", "xml:base chain, level 1");
		is_str(b2, "http://example.com/archives/2004/entries/", "xml:base chain, level 2");
		is_str(l, "http://example.com/archives/2004/entries/1.html#c", "xml:base chain, link");
		free(b1);
		free(b2);
		free(l);
	}
	resolve("http://example.com/test/", "../parent/", "http://example.com/parent/", NULL, 0);
	resolve("http://example.com/feed", "img.png", "http://example.com/img.png", NULL, 0);
	resolve("http://example.com/a/b/", "http://other.example.org/x?y=1",
	    "http://other.example.org/x?y=1", NULL, 0);
	/* protocol-relative */
	resolve("https://example.com/feed.xml", "//cdn.example.org/i.png",
	    "https://cdn.example.org/i.png", NULL, 0);
	resolve("http://example.com/feed.xml", "//cdn.example.org/i.png",
	    "http://cdn.example.org/i.png", NULL, 0);
	/* empty reference: the base without its fragment (RFC 3986 5.2.2) */
	resolve("http://example.com/a/b?x=1#frag", "", "http://example.com/a/b?x=1", NULL, 0);
	/* fragment only */
	resolve("http://example.com/a?x=1", "#top", "http://example.com/a?x=1#top", NULL, 0);
	resolve("http://example.com/a#old", "#new", "http://example.com/a#new", NULL, 0);
	/* white space around a link is ignored (url.h) */
	resolve("http://example.com/feed/", "  /relative/uri \n\t", "http://example.com/relative/uri", NULL, 0);
	resolve("http://example.com/feed/", "\n http://example.org/x \n", "http://example.org/x", NULL, 0);
	/* port, query and ampersands kept */
	resolve("http://example.com:8080/a/b", "../c?x=1&y=2", "http://example.com:8080/c?x=1&y=2", NULL, 0);
	resolve("https://example.com/", "search?q=a+b&lang=fr", "https://example.com/search?q=a+b&lang=fr", NULL, 0);
	/* a space inside a path is not valid in a URL: percent-encoded */
	resolve("http://example.com/docs/", "my file.pdf", "http://example.com/docs/my%20file.pdf", NULL, 0);
	/* non-ASCII path (IRI): kept or percent-encoded as UTF-8 */
	resolve("http://any.test/", "/\xc3\x80", "http://any.test/\xc3\x80", "http://any.test/%C3%80", 0);
	/* file: base (veille-parse FILE) */
	resolve("file:///tmp/feeds/a.xml", "b.html", "file:///tmp/feeds/b.html", NULL, 0);
	/* no base: absolute references only */
	resolve(NULL, "http://example.com/x", "http://example.com/x", NULL, 0);
	resolve(NULL, "/relative/uri", NULL, NULL, 1);
	resolve(NULL, "relative", NULL, NULL, 1);
	resolve("/not/absolute/", "x", NULL, NULL, 1);
	resolve("http://example.com/", NULL, "http://example.com/", NULL, 1);

	fast_paths_agree();

	/* url_is_web, url_host */
	ok(url_is_web("http://example.com/", 0) == 1, "url_is_web(http)");
	ok(url_is_web("https://example.com/a?b", 0) == 1, "url_is_web(https)");
	ok(url_is_web("ftp://example.com/", 0) == 0, "url_is_web(ftp) is 0");
	ok(url_is_web("javascript:alert(1)", 0) == 0, "url_is_web(javascript:) is 0");
	ok(url_is_web("/relative", 0) == 0, "url_is_web(relative) is 0");
	ok(url_is_web("file:///tmp/x.xml", 0) == 0, "url_is_web(file, not allowed) is 0");
	ok(url_is_web("file:///tmp/x.xml", 1) == 1, "url_is_web(file, allowed) is 1");
	{
		char *h = url_host("https://WWW.Example.COM:8443/path");
		is_str(h, "www.example.com", "url_host lowercases, drops the port");
		free(h);
		h = url_host("not a url");
		is_str(h, NULL, "url_host(not a url) is NULL");
		free(h);
	}
	/* url_shard: machines that never talk must agree, so the values are
	 * pinned (a change here re-deals every shard of every user). */
	{
		ok(url_shard("https://example.com/", 7) == 1, "url_shard(example.com, 7) is 1");
		ok(url_shard("https://www.lemonde.fr/rss/une.xml", 7) == 5, "url_shard(lemonde, 7) is 5");
		ok(url_shard("https://example.com/", 1000) == 593, "url_shard(example.com, 1000) is 593");
		ok(url_shard("https://www.lemonde.fr/rss/une.xml", 1000) == 850,
		    "url_shard(lemonde, 1000) is 850");
		ok(url_shard("https://mastodon.social/api/v1/timelines/tag/greve", 7) == 3,
		    "url_shard(mastodon.social, 7) is 3");
		ok(url_shard("https://WWW.LeMonde.FR:443/autre", 7) == 5,
		    "url_shard: case and port of the host do not matter");
		ok(url_shard("https://example.com/", 1) == 0 && url_shard(NULL, 3) == 0,
		    "url_shard: one shard, or no URL, is shard 0");
		ok(url_shard("not a url", 3) == url_shard("not a url", 3) &&
		    url_shard("not a url", 3) < 3, "url_shard: a URL with no host has a shard too");
		/* FNV's last bit is the parity of the bytes' last bits: without
		 * the mixing, a.example and c.example would always share. */
		unsigned count[4] = { 0 };
		char u[64];
		for (int i = 0; i < 1000; i++) {
			snprintf(u, sizeof u, "https://host%d.example/feed", i);
			count[url_shard(u, 4)]++;
		}
		ok(count[0] > 200 && count[1] > 200 && count[2] > 200 && count[3] > 200,
		    "url_shard spreads 1000 hosts over 4 shards (%u %u %u %u)",
		    count[0], count[1], count[2], count[3]);
		unsigned k, n;
		const char *why = NULL;
		ok(url_shard_parse("2/3", &k, &n, &why) == 0 && k == 1 && n == 3,
		    "url_shard_parse(2/3) is k 1 of n 3");
		ok(url_shard_parse("1/1", &k, &n, &why) == 0 && k == 0 && n == 1, "url_shard_parse(1/1)");
		const char *bad[] = { "0/2", "3/2", "1/0", "2", "/2", "1/", "a/b", "1/2/3", "",
			" 1/2", "1/2 ", "-1/2", "+1/2", "1/4097", "1/9999999999", "1.0/2" };
		int nbad = 0;
		for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
			why = NULL;
			if (url_shard_parse(bad[i], &k, &n, &why) == 0 || !why) {
				printf("#   url_shard_parse(\"%s\") accepted\n", bad[i]);
				nbad++;
			}
		}
		ok(nbad == 0, "url_shard_parse refuses 0/2, 3/2, 1/0, 2, 1/2/3, spaces, signs... with a reason");
	}
	/* url_encode / url_decode / url_query_param */
	{
		char *e = url_encode("a b&c=d/é~");
		is_str(e, "a%20b%26c%3Dd%2F%C3%A9~", "url_encode keeps unreserved only");
		free(e);
		char *d = url_decode("a%20b+c%C3%A9", 1);
		is_str(d, "a b c\xc3\xa9", "url_decode with plus");
		free(d);
		d = url_decode("a+b%2B", 0);
		is_str(d, "a+b+", "url_decode without plus");
		free(d);
		char *q = url_query_param("https://news.google.com/x?hl=fr&url=https%3A%2F%2Fa.b%2Fc&q=1", "url");
		is_str(q, "https://a.b/c", "url_query_param decodes");
		free(q);
		q = url_query_param("https://example.com/?a=1", "b");
		is_str(q, NULL, "url_query_param: absent");
		free(q);
	}
	return tap_done();
}
