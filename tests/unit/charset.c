/* charset.c — unit test of lib/charset.h: finding a document's encoding
 * (HTTP header, BOM, XML declaration, HTML meta) and converting it to
 * UTF-8.
 *
 * Decisions:
 *  - "iso-8859-1", "latin1" and "us-ascii" labels decode as windows-1252
 *    (WHATWG Encoding, what browsers do, and what French sites that say
 *    latin-1 really send: 0x92 is a right single quote).
 *  - The five bytes windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90
 *    0x9D) give U+FFFD (charset.h: "undecodable bytes become U+FFFD") or
 *    the C1 control WHATWG maps them to; what matters is that the text
 *    around them survives, so both are accepted.
 *  - An XML document with no BOM, no HTTP charset and no declaration is
 *    UTF-8 when it is valid UTF-8, else windows-1252 (feeds from French
 *    sites that forgot their declaration), like charset_decode_html.
 *  - The BOM wins over everything, then the HTTP charset, then the
 *    declaration (charset.h); the BOM itself is not part of the text. */
#include "charset.h"
#include "tap.h"
#include "utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

static char *
conv(const char *cs, const char *s, size_t n, int *rc)
{
	struct buf b;
	buf_init(&b);
	int r = charset_to_utf8(cs, s, n, &b);
	if (rc)
		*rc = r;
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

static char *
xml(const char *s, size_t n, const char *http, const char **used, int *rc)
{
	struct buf b;
	buf_init(&b);
	int r = charset_decode_xml(s, n, http, &b, used);
	if (rc)
		*rc = r;
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

/* The text of t after the first '>' of an XML declaration, if any. */
static const char *
after_decl(const char *t)
{
	if (!strncmp(t, "<?xml", 5)) {
		const char *e = strstr(t, "?>");
		if (e)
			return e + 2;
	}
	return t;
}

/* The plain iconv loop (one U+FFFD and one byte skipped where iconv
 * refuses), then utf8_repair: the reference for the table path. */
static char *
by_iconv(const char *cs, const char *s, size_t n)
{
	struct buf b, r;
	buf_init(&b);
	buf_init(&r);
	iconv_t cd = iconv_open("UTF-8", cs);
	char *in = (char *)s;
	size_t inleft = n;
	while (inleft) {
		char outb[64], *o = outb;
		size_t oleft = sizeof outb;
		size_t rc = iconv(cd, &in, &inleft, &o, &oleft);
		buf_add(&b, outb, sizeof outb - oleft);
		if (rc != (size_t)-1 || errno == E2BIG)
			continue;
		buf_adds(&b, "\xEF\xBF\xBD");
		in++;
		inleft--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	iconv_close(cd);
	utf8_repair(b.data ? b.data : "", b.len, &r);
	buf_free(&b);
	buf_addc(&r, '\0');
	return buf_steal(&r);
}

/* Single-byte charsets go through a table made from iconv: every byte
 * value, and random strings, must come out as the iconv loop gives. */
static void
single_byte_tables(void)
{
	static const char *cs[] = { "windows-1252", "iso-8859-15", "windows-1251",
	    "windows-1253", "iso-8859-2", "iso-8859-7", "koi8-r", "windows-874" };
	unsigned seed = 7;
	for (size_t k = 0; k < sizeof cs / sizeof *cs; k++) {
		char all[256], rnd[4096];
		for (int c = 0; c < 256; c++)
			all[c] = (char)c;
		int same = 1;
		for (int round = 0; round < 20 && same; round++) {
			const char *in = all;
			size_t n = 256;
			if (round) {
				for (size_t i = 0; i < sizeof rnd; i++) {
					seed = seed * 1103515245u + 12345u;
					rnd[i] = (char)(seed >> 16);
				}
				in = rnd;
				n = sizeof rnd - round;
			}
			char *got = conv(cs[k], in, n, NULL), *want = by_iconv(cs[k], in, n);
			same = !strcmp(got, want);
			free(got);
			free(want);
		}
		ok(same, "%s: every byte, and random text, decode as iconv does", cs[k]);
	}
}

int
main(void)
{
	char *t;
	int rc;
	const char *used;

	/* windows-1252, 0x80-0x9F: the printable ones */
	static const struct {
		const char *in, *want, *what;
	} w1252[] = {
		{ "\x80", "\xe2\x82\xac", "0x80 euro sign" },
		{ "\x82", "\xe2\x80\x9a", "0x82 single low-9 quote" },
		{ "\x83", "\xc6\x92", "0x83 florin" },
		{ "\x84", "\xe2\x80\x9e", "0x84 double low-9 quote" },
		{ "\x85", "\xe2\x80\xa6", "0x85 ellipsis" },
		{ "\x86", "\xe2\x80\xa0", "0x86 dagger" },
		{ "\x89", "\xe2\x80\xb0", "0x89 per mille" },
		{ "\x8a", "\xc5\xa0", "0x8A S caron" },
		{ "\x8c", "\xc5\x92", "0x8C OE ligature" },
		{ "\x8e", "\xc5\xbd", "0x8E Z caron" },
		{ "\x91", "\xe2\x80\x98", "0x91 left single quote" },
		{ "\x92", "\xe2\x80\x99", "0x92 right single quote (apostrophe)" },
		{ "\x93", "\xe2\x80\x9c", "0x93 left double quote" },
		{ "\x94", "\xe2\x80\x9d", "0x94 right double quote" },
		{ "\x95", "\xe2\x80\xa2", "0x95 bullet" },
		{ "\x96", "\xe2\x80\x93", "0x96 en dash" },
		{ "\x97", "\xe2\x80\x94", "0x97 em dash" },
		{ "\x99", "\xe2\x84\xa2", "0x99 trade mark" },
		{ "\x9c", "\xc5\x93", "0x9C oe ligature" },
		{ "\x9f", "\xc5\xb8", "0x9F Y diaeresis" },
		{ "\xe9", "\xc3\xa9", "0xE9 e acute" },
		{ "\xa0", "\xc2\xa0", "0xA0 no-break space" },
	};
	for (size_t i = 0; i < sizeof w1252 / sizeof w1252[0]; i++) {
		t = conv("windows-1252", w1252[i].in, 1, &rc);
		ok(rc == 0 && !strcmp(t, w1252[i].want), "windows-1252 %s", w1252[i].what);
		free(t);
	}
	t = conv("windows-1252", "l\x92\xe9t\xe9 \x96 \x93oui\x94\x85", 14, &rc);
	is_str(t, "l\xe2\x80\x99\xc3\xa9t\xc3\xa9 \xe2\x80\x93 \xe2\x80\x9coui\xe2\x80\x9d\xe2\x80\xa6",
	    "a French sentence in windows-1252");
	free(t);
	/* undefined bytes: the neighbours survive */
	{
		static const char undef[] = { '\x81', '\x8d', '\x8f', '\x90', '\x9d' };
		for (size_t i = 0; i < sizeof undef; i++) {
			char in[3] = { 'a', undef[i], 'b' };
			char c1[3] = { '\xc2', undef[i], 0 };
			t = conv("windows-1252", in, 3, &rc);
			size_t n = strlen(t);
			int good = n >= 2 && t[0] == 'a' && t[n - 1] == 'b' &&
			    (!strncmp(t + 1, "\xef\xbf\xbd", 3) || !strncmp(t + 1, c1, 2));
			ok(good, "windows-1252 undefined byte 0x%02X between two letters", (unsigned char)undef[i]);
			if (!good)
				printf("#   got: '%s'\n", t);
			free(t);
		}
	}
	/* the latin-1 labels decode as windows-1252 */
	t = conv("iso-8859-1", "don\x92t", 5, &rc);
	is_str(t, "don\xe2\x80\x99t", "iso-8859-1 label: 0x92 is an apostrophe");
	free(t);
	t = conv("ISO-8859-1", "caf\xe9", 4, &rc);
	is_str(t, "caf\xc3\xa9", "ISO-8859-1 (upper case) label");
	free(t);
	t = conv("latin1", "\x80", 1, &rc);
	is_str(t, "\xe2\x82\xac", "latin1 label");
	free(t);
	is_str(charset_canonical("latin1"), "windows-1252", "charset_canonical(latin1)");
	is_str(charset_canonical("ISO-8859-1"), "windows-1252", "charset_canonical(ISO-8859-1)");
	is_str(charset_canonical(" UTF8 "), "utf-8", "charset_canonical(\" UTF8 \")");
	is_str(charset_canonical("utf-8"), "utf-8", "charset_canonical(utf-8)");

	/* ISO-8859-15: the euro is 0xA4 (the currency sign in latin-1) */
	t = conv("iso-8859-15", "5 \xa4", 3, &rc);
	is_str(t, "5 \xe2\x82\xac", "iso-8859-15 0xA4 is the euro sign");
	free(t);
	t = conv("iso-8859-15", "\xbd\xbc\xa6", 3, &rc);
	is_str(t, "\xc5\x93\xc5\x92\xc5\xa0", "iso-8859-15 oe, OE, S caron");
	free(t);
	t = conv("latin9", "\xa4", 1, &rc);
	is_str(t, "\xe2\x82\xac", "latin9 label");
	free(t);

	/* UTF-8 input is repaired, not converted */
	t = conv(NULL, "a\xff" "b\xc3", 4, &rc);
	is_str(t, "a\xef\xbf\xbd" "b\xef\xbf\xbd", "NULL charset: invalid UTF-8 becomes U+FFFD");
	ok(rc == 2, "  and the two replacements are counted (got %d)", rc);
	free(t);
	t = conv("utf-8", "\xc3\xa9t\xc3\xa9", 5, &rc);
	is_str(t, "\xc3\xa9t\xc3\xa9", "valid UTF-8 untouched");
	ok(rc == 0, "  and no replacement counted");
	free(t);
	t = conv("windows-1252", "a\x81" "b", 3, &rc);
	ok(rc == (strstr(t, "\xef\xbf\xbd") ? 1 : 0), "windows-1252: an undefined byte is counted when replaced");
	free(t);
	t = conv("utf-16le", "a\0\0\xd8" "b\0", 6, &rc);
	ok(rc == 1, "utf-16le: a lone surrogate is one replacement (got %d)", rc);
	free(t);
	is_str(charset_repl_message("utf-8", 3), "invalid UTF-8 replaced by U+FFFD (3 sequences)",
	    "the message for UTF-8");
	is_str(charset_repl_message("latin1", 1), "invalid windows-1252 replaced by U+FFFD (1 sequence)",
	    "the message for another charset names it");

	/* UTF-16 with BOM */
	{
		const char le[] = "\xff\xfe<\0r\0s\0s\0>\0\xe9\0\xac\x20";
		const char be[] = "\xfe\xff\0<\0r\0s\0s\0>\0\xe9\x20\xac";
		size_t bl;
		is_str(charset_from_bom(le, sizeof le - 1, &bl), "utf-16le", "BOM FF FE is utf-16le");
		ok(bl == 2, "  and 2 bytes long");
		is_str(charset_from_bom(be, sizeof be - 1, &bl), "utf-16be", "BOM FE FF is utf-16be");
		ok(bl == 2, "  and 2 bytes long");
		is_str(charset_from_bom("\xef\xbb\xbf<rss>", 8, &bl), "utf-8", "BOM EF BB BF is utf-8");
		ok(bl == 3, "  and 3 bytes long");
		is_str(charset_from_bom("<rss>", 5, &bl), NULL, "no BOM");
		ok(bl == 0, "  and length 0");
		t = xml(le, sizeof le - 1, NULL, &used, &rc);
		is_str(t, "<rss>\xc3\xa9\xe2\x82\xac", "UTF-16LE with BOM decoded, BOM dropped");
		is_str(used, "utf-16le", "  used utf-16le");
		free(t);
		t = xml(be, sizeof be - 1, NULL, &used, &rc);
		is_str(t, "<rss>\xc3\xa9\xe2\x82\xac", "UTF-16BE with BOM decoded, BOM dropped");
		is_str(used, "utf-16be", "  used utf-16be");
		free(t);
		/* The BOM wins over an HTTP charset. */
		t = xml("\xef\xbb\xbf<a>\xc3\xa9</a>", 12, "iso-8859-1", &used, &rc);
		is_str(t, "<a>\xc3\xa9</a>", "UTF-8 BOM wins over HTTP charset iso-8859-1");
		free(t);
	}

	/* XML declarations */
	{
		char *d = charset_from_xml_decl("<?xml version='1.0' encoding='ISO-8859-15'?><rss/>", 49);
		is_str(d, "iso-8859-15", "encoding='ISO-8859-15', single quotes, lowercased");
		free(d);
		d = charset_from_xml_decl("<?xml version=\"1.0\" encoding = \"windows-1252\" ?>\n<rss/>", 55);
		is_str(d, "windows-1252", "encoding = \"windows-1252\" with spaces");
		free(d);
		d = charset_from_xml_decl("<?xml version=\"1.0\"?><rss/>", 27);
		is_str(d, NULL, "declaration without encoding");
		free(d);
		d = charset_from_xml_decl("<rss version=\"2.0\"/>", 20);
		is_str(d, NULL, "no declaration");
		free(d);
		d = charset_from_xml_decl("<rss encoding=\"utf-16\"/>", 24);
		is_str(d, NULL, "an encoding attribute outside a declaration does not count");
		free(d);

		const char *w = "<?xml version=\"1.0\" encoding=\"windows-1252\"?><t>l\x92\xe9t\xe9</t>";
		t = xml(w, strlen(w), NULL, &used, &rc);
		ok(rc == 0 && strstr(t, "<t>l\xe2\x80\x99\xc3\xa9t\xc3\xa9</t>") != NULL, "declared windows-1252 converted");
		is_str(used, "windows-1252", "  used windows-1252");
		free(t);
		const char *l = "<?xml version='1.0' encoding='iso-8859-1'?><t>don\x92t caf\xe9</t>";
		t = xml(l, strlen(l), NULL, &used, &rc);
		ok(strstr(t, "<t>don\xe2\x80\x99t caf\xc3\xa9</t>") != NULL, "declared iso-8859-1: 0x92 as windows-1252");
		free(t);
		const char *e = "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><t>\xa4</t>";
		t = xml(e, strlen(e), NULL, &used, &rc);
		ok(strstr(t, "<t>\xe2\x82\xac</t>") != NULL, "declared ISO-8859-15: euro");
		free(t);
		/* The HTTP charset wins over the declaration. */
		const char *h = "<?xml version=\"1.0\" encoding=\"utf-8\"?><t>caf\xe9</t>";
		t = xml(h, strlen(h), "windows-1252", &used, &rc);
		ok(strstr(t, "<t>caf\xc3\xa9</t>") != NULL, "HTTP charset windows-1252 wins over encoding=utf-8");
		is_str(used, "windows-1252", "  used windows-1252");
		free(t);
		/* Nothing declared: UTF-8 if valid, else windows-1252. */
		t = xml("<t>caf\xc3\xa9</t>", 12, NULL, &used, &rc);
		is_str(t, "<t>caf\xc3\xa9</t>", "undeclared valid UTF-8 kept");
		is_str(used, "utf-8", "  used utf-8");
		free(t);
		t = xml("<t>don\x92t caf\xe9</t>", 17, NULL, &used, &rc);
		is_str(after_decl(t), "<t>don\xe2\x80\x99t caf\xc3\xa9</t>", "undeclared invalid UTF-8 read as windows-1252");
		free(t);
		/* Unknown charset: -1, text repaired as UTF-8. */
		const char *u = "<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?><t>ok\xff</t>";
		t = xml(u, strlen(u), NULL, &used, &rc);
		ok(rc == -1, "unknown declared charset returns -1");
		ok(strstr(t, "<t>ok\xef\xbf\xbd</t>") != NULL, "  and the text is repaired UTF-8");
		free(t);
		t = conv("x-no-such-charset", "ok\xc3\xa9\xff", 5, &rc);
		ok(rc == -1, "charset_to_utf8(unknown) returns -1");
		is_str(t, "ok\xc3\xa9\xef\xbf\xbd", "  and repairs the input as UTF-8");
		free(t);
	}

	/* HTTP Content-Type and HTML meta */
	{
		char *c = charset_from_content_type("text/xml; charset=\"UTF-8\"");
		is_str(c, "utf-8", "Content-Type charset in double quotes");
		free(c);
		c = charset_from_content_type("application/rss+xml;charset=ISO-8859-1");
		is_str(c, "iso-8859-1", "Content-Type charset without space, lowercased");
		free(c);
		c = charset_from_content_type("text/xml; charset='us-ascii'");
		is_str(c, "us-ascii", "Content-Type charset in single quotes");
		free(c);
		c = charset_from_content_type("text/html; qs=0.9; charset=windows-1252");
		is_str(c, "windows-1252", "Content-Type charset after another parameter");
		free(c);
		c = charset_from_content_type("text/xml");
		is_str(c, NULL, "Content-Type without charset");
		free(c);
		c = charset_from_content_type(NULL);
		is_str(c, NULL, "no Content-Type");
		free(c);
		const char *m1 = "<html><head><meta charset=\"windows-1252\"><title>x</title>";
		c = charset_from_html_meta(m1, strlen(m1));
		is_str(c, "windows-1252", "<meta charset>");
		free(c);
		const char *m2 = "<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ISO-8859-15\">";
		c = charset_from_html_meta(m2, strlen(m2));
		is_str(c, "iso-8859-15", "<meta http-equiv content-type>");
		free(c);
		const char *p = "<p>caf\xe9 \x80</p>";
		struct buf b;
		buf_init(&b);
		charset_decode_html(p, strlen(p), NULL, &b, &used);
		buf_addc(&b, '\0');
		is_str(b.data, "<p>caf\xc3\xa9 \xe2\x82\xac</p>", "HTML without charset, invalid UTF-8: windows-1252");
		buf_free(&b);
	}
	single_byte_tables();
	return tap_done();
}
