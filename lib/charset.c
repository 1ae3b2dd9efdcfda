/* charset.c — see charset.h. Conversion is iconv's (glibc knows every
 * charset a feed may declare; single-byte ones through a table made
 * from iconv); labels are mapped the way browsers do
 * (WHATWG Encoding), so "iso-8859-1" decodes 0x80-0x9F as windows-1252,
 * which is what French sites that say latin-1 actually send. */
#include "charset.h"
#include "utf8.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
lower_token(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '"' || *s == '\'')) {
		s++;
		n--;
	}
	size_t k = 0;
	while (k < n && s[k] != '"' && s[k] != '\'' && s[k] != ';' && s[k] != ' ' &&
	    s[k] != ',' && s[k] != '>' && s[k] != '/' && s[k] != '?')
		k++;
	if (!k || k > 40)
		return NULL;
	char *t = xstrndup(s, k);
	for (char *p = t; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.' && *p != ':') {
			free(t);
			return NULL;
		}
	return ascii_lower(t);
}

char *
charset_from_content_type(const char *ctype)
{
	if (!ctype)
		return NULL;
	const char *p = ctype;
	while ((p = strchr(p, ';'))) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (ascii_startswith(p, "charset")) {
			p += 7;
			while (*p == ' ')
				p++;
			if (*p == '=')
				return lower_token(p + 1, strlen(p + 1));
		}
	}
	return NULL;
}

const char *
charset_from_bom(const char *s, size_t n, size_t *bomlen)
{
	const unsigned char *u = (const unsigned char *)s;
	*bomlen = 0;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		*bomlen = 3;
		return "utf-8";
	}
	if (n >= 4 && u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0) {
		*bomlen = 4;
		return "utf-32le";
	}
	if (n >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF) {
		*bomlen = 4;
		return "utf-32be";
	}
	if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		*bomlen = 2;
		return "utf-16le";
	}
	if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		*bomlen = 2;
		return "utf-16be";
	}
	/* No BOM but "<?" in UTF-16: the XML spec's appendix F. */
	if (n >= 4 && u[0] == '<' && u[1] == 0 && u[2] == '?' && u[3] == 0)
		return "utf-16le";
	if (n >= 4 && u[0] == 0 && u[1] == '<' && u[2] == 0 && u[3] == '?')
		return "utf-16be";
	return NULL;
}

char *
charset_from_xml_decl(const char *s, size_t n)
{
	size_t lim = n < 1024 ? n : 1024;
	size_t i = 0;
	while (i < lim && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	if (lim - i < 6 || strncmp(s + i, "<?xml", 5))
		return NULL;
	const char *end = mem_find(s + i, lim - i, "?>", 2);
	if (!end)
		return NULL;
	const char *e = mem_find(s + i, (size_t)(end - s - i), "encoding", 8);
	if (!e)
		return NULL;
	e += 8;
	while (e < end && (*e == ' ' || *e == '='))
		e++;
	return lower_token(e, (size_t)(end - e));
}

char *
charset_from_html_meta(const char *s, size_t n)
{
	size_t lim = n < 4096 ? n : 4096;
	char *head = ascii_lower(xstrndup(s, lim));
	/* NULs would end the search early; that is fine. */
	char *res = NULL;
	for (char *p = head; (p = strstr(p, "<meta")); p += 5) {
		char *gt = strchr(p, '>');
		if (!gt)
			break;
		*gt = '\0';
		char *c = strstr(p, "charset");
		if (c) {
			c += 7;
			while (*c == ' ')
				c++;
			if (*c == '=') {
				res = lower_token(c + 1, strlen(c + 1));
				if (res)
					break;
			}
		}
		*gt = '>';
	}
	free(head);
	return res;
}

static const struct {
	const char *label, *canon;
} aliases[] = {
	{ "utf8", "utf-8" }, { "unicode-1-1-utf-8", "utf-8" },
	{ "iso-8859-1", "windows-1252" }, { "iso8859-1", "windows-1252" },
	{ "iso_8859-1", "windows-1252" }, { "latin1", "windows-1252" },
	{ "latin-1", "windows-1252" }, { "l1", "windows-1252" },
	{ "us-ascii", "windows-1252" }, { "ascii", "windows-1252" },
	{ "cp1252", "windows-1252" }, { "x-cp1252", "windows-1252" },
	{ "cp819", "windows-1252" }, { "ibm819", "windows-1252" },
	{ "iso-ir-100", "windows-1252" },
	{ "iso8859-15", "iso-8859-15" }, { "latin9", "iso-8859-15" },
	{ "latin-9", "iso-8859-15" }, { "iso_8859-15", "iso-8859-15" },
	{ "utf-16", "utf-16le" }, { "ucs-2", "utf-16le" },
	{ "unicode", "utf-16le" },
	{ "x-sjis", "shift_jis" }, { "sjis", "shift_jis" },
	{ "gb2312", "gbk" }, { "x-gbk", "gbk" },
	{ "ks_c_5601-1987", "euc-kr" },
	{ "tis-620", "windows-874" }, { "iso-8859-11", "windows-874" },
	{ "iso-8859-9", "windows-1254" }, { "latin5", "windows-1254" },
	{ NULL, NULL },
};

const char *
charset_canonical(const char *label)
{
	static char tmp[48];
	if (!label)
		return "utf-8";
	snprintf(tmp, sizeof tmp, "%s", label);
	ascii_lower(str_trim(tmp));
	for (int i = 0; aliases[i].label; i++)
		if (!strcmp(tmp, aliases[i].label))
			return aliases[i].canon;
	return tmp;
}

/* Single-byte charsets (windows-125x, iso-8859-x, koi8-x) are decoded
 * through a table of what iconv gives for each of the 256 bytes, made
 * once per charset: the same output as the iconv loop below, byte for
 * byte (an undefined byte is one U+FFFD there too), without iconv's
 * per-character cost. The last few tables are kept. */
struct sb_table {
	char name[64];
	unsigned char len[256];	/* 0: undefined, U+FFFD */
	char utf8[256][4];
};

static int
single_byte(const char *name)
{
	/* not windows-1258: glibc composes its combining marks, so a byte
	 * is not decoded on its own */
	return (!strncmp(name, "windows-12", 10) && strcmp(name, "windows-1258")) ||
	    !strncmp(name, "iso-8859-", 9) || !strncmp(name, "koi8-", 5);
}

static const struct sb_table *
sb_table(const char *name)
{
	enum { NT = 4 };
	static struct sb_table *tab[NT];
	static int next;
	for (int i = 0; i < NT; i++)
		if (tab[i] && !strcmp(tab[i]->name, name))
			return tab[i];
	iconv_t cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return NULL;
	struct sb_table *t = tab[next];
	if (!t)
		t = tab[next] = xmalloc(sizeof *t);
	next = (next + 1) % NT;
	snprintf(t->name, sizeof t->name, "%s", name);
	for (int c = 0; c < 256; c++) {
		char in1 = (char)c, outb[16];
		char *in = &in1, *o = outb;
		size_t inleft = 1, oleft = sizeof outb;
		iconv(cd, NULL, NULL, NULL, NULL);
		size_t rc = iconv(cd, &in, &inleft, &o, &oleft);
		size_t k = sizeof outb - oleft;
		if (rc == (size_t)-1 || inleft || k == 0 || k > 4) {
			t->len[c] = 0;
		} else {
			t->len[c] = (unsigned char)k;
			memcpy(t->utf8[c], outb, k);
		}
	}
	iconv_close(cd);
	return t;
}

/* s[0..n) through table t into out; room for 4 bytes a byte is made
 * first, so an entry is copied whole. */
static size_t
sb_decode(const struct sb_table *t, const char *s, size_t n, struct buf *out)
{
	size_t nrepl = 0;
	buf_grow(out, 3 * n + 1);
	char *o = out->data + out->len;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 && t->len[c] == 1 && t->utf8[c][0] == (char)c) {
			*o++ = (char)c;
		} else if (t->len[c]) {
			memcpy(o, t->utf8[c], 4);
			o += t->len[c];
		} else {
			memcpy(o, "\xEF\xBF\xBD", 3);
			o += 3;
			nrepl++;
		}
	}
	out->len = (size_t)(o - out->data);
	out->data[out->len] = '\0';
	return nrepl;
}

static int
repl_count(size_t n)
{
	return n > INT_MAX ? INT_MAX : (int)n;
}

int
charset_to_utf8(const char *charset, const char *s, size_t n, struct buf *out)
{
	const char *cs = charset_canonical(charset);
	size_t nrepl = 0;
	if (!strcmp(cs, "utf-8"))
		return repl_count(utf8_repair(s, n, out));
	char name[64];
	snprintf(name, sizeof name, "%s", cs);
	/* utf-16 without an endianness: trust a BOM, else little endian. */
	int unit = 1;
	if (!strncmp(name, "utf-16", 6))
		unit = 2;
	else if (!strncmp(name, "utf-32", 6))
		unit = 4;
	const struct sb_table *t = single_byte(name) ? sb_table(name) : NULL;
	if (t) {
		nrepl = sb_decode(t, s, n, out);
		goto nul;
	}
	iconv_t cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1) {
		utf8_repair(s, n, out);
		return -1;
	}
	char *in = (char *)s;
	size_t inleft = n;
	buf_grow(out, n + n / 2 + 16);
	while (inleft) {
		buf_grow(out, inleft * 2 + 16);
		char *o = out->data + out->len;
		size_t oleft = out->cap - out->len - 1;
		size_t rc = iconv(cd, &in, &inleft, &o, &oleft);
		out->len = (size_t)(o - out->data);
		out->data[out->len] = '\0';
		if (rc != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		/* EILSEQ or EINVAL: one replacement, skip one code unit. */
		buf_adds(out, "\xEF\xBF\xBD");
		nrepl++;
		size_t skip = (size_t)unit < inleft ? (size_t)unit : inleft;
		in += skip;
		inleft -= skip;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	iconv_close(cd);
nul:
	/* iconv output is UTF-8, but a charset may decode to NUL: repair. */
	if (memchr(out->data, '\0', out->len)) {
		struct buf b;
		buf_init(&b);
		nrepl += utf8_repair(out->data, out->len, &b);
		buf_free(out);
		*out = b;
	}
	return repl_count(nrepl);
}

const char *
charset_repl_message(const char *charset, int n)
{
	static char msg[128];
	const char *cs = charset_canonical(charset);
	snprintf(msg, sizeof msg, "invalid %.48s replaced by U+FFFD (%d sequence%s)",
	    strcmp(cs, "utf-8") ? cs : "UTF-8", n, n == 1 ? "" : "s");
	return msg;
}

/* What a document says of its own encoding (XML declaration or HTML
 * meta), lowercased and malloc'd, or NULL. */
typedef char *(*declared_fn)(const char *s, size_t n);

static char *
html_meta_ascii(const char *s, size_t n)
{
	char *meta = charset_from_html_meta(s, n);
	/* A page that says utf-16 in a meta is ASCII-compatible. */
	if (meta && !strncmp(charset_canonical(meta), "utf-16", 6)) {
		free(meta);
		meta = xstrdup("utf-8");
	}
	return meta;
}

/* The order of trust both kinds of document share: byte order mark, then
 * the HTTP charset, then what the document declares, then UTF-8 if the
 * first `window` bytes are valid, else windows-1252. The BOM is not
 * copied into out. */
static const char *
decide_doc(const char *s, size_t n, const char *http_charset, declared_fn declared,
    size_t window, size_t *bomlen)
{
	static char name[48];
	const char *cs = charset_from_bom(s, n, bomlen);
	char *decl = NULL;
	if (!cs && http_charset && *http_charset)
		cs = http_charset;
	if (!cs)
		cs = decl = declared(s, n);
	if (!cs) {
		/* the window ends on a character boundary: a character cut
		 * in two by it is not an invalid byte */
		size_t w = n < window ? n : window;
		for (int k = 0; k < 3 && w < n && ((unsigned char)s[w] & 0xC0) == 0x80; k++)
			w++;
		cs = utf8_valid(s, w) ? "utf-8" : "windows-1252";
	}
	snprintf(name, sizeof name, "%s", charset_canonical(cs));
	free(decl);
	return name;
}

static int
decode_doc(const char *s, size_t n, const char *http_charset, declared_fn declared,
    size_t window, struct buf *out, const char **used)
{
	size_t bomlen;
	*used = decide_doc(s, n, http_charset, declared, window, &bomlen);
	return charset_to_utf8(*used, s + bomlen, n - bomlen, out);
}

int
charset_decode_xml(const char *s, size_t n, const char *http_charset,
    struct buf *out, const char **used)
{
	return decode_doc(s, n, http_charset, charset_from_xml_decl, 65536, out, used);
}

int
charset_decode_xml_buf(struct buf *doc, const char *http_charset, const char **used)
{
	const char *s = doc->data ? doc->data : "";
	size_t bomlen;
	*used = decide_doc(s, doc->len, http_charset, charset_from_xml_decl, 65536, &bomlen);
	/* valid UTF-8 is what charset_to_utf8 would copy unchanged */
	if (!strcmp(*used, "utf-8") && !bomlen && utf8_valid(s, doc->len))
		return 0;
	struct buf out;
	buf_init(&out);
	int rc = charset_to_utf8(*used, s + bomlen, doc->len - bomlen, &out);
	buf_free(doc);
	*doc = out;
	return rc;
}

int
charset_decode_html(const char *s, size_t n, const char *http_charset,
    struct buf *out, const char **used)
{
	return decode_doc(s, n, http_charset, html_meta_ascii, (size_t)-1, out, used);
}
