/* The report's escaping, as a property: records with hostile fields
 * (the input, read as NDJSON as veille-report reads it) are counted into
 * a report, drawn as HTML and as Atom, and each output is scanned as
 * markup. The target aborts when a tag or attribute the renderers never
 * write comes out (so no <script, no on...= event attribute), when a
 * link is not http or https (no javascript: URL, entities decoded), or
 * when a '<' does not open a well-formed tag. */
#include "fuzz.h"
#include "ndjson.h"
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

FUZZ_TARGET("fuzz_report")

static const char *const tags_ok[] = {
	"html", "head", "meta", "title", "body", "table", "tr", "td", "h1", "h2", "h3",
	"div", "span", "b", "br", "a", "svg", "rect", "p",
	"feed", "id", "updated", "author", "name", "generator", "entry", "link", "category",
	"summary", NULL,
};
static const char *const attrs_ok[] = {
	"lang", "charset", "name", "content", "http-equiv", "role", "width", "height",
	"cellpadding", "cellspacing", "style", "align", "href", "xmlns", "viewbox",
	"preserveaspectratio", "aria-label", "x", "y", "fill", "xml:lang", "type", "rel",
	"term", NULL,
};

/* The C library's ctype would follow the locale: ASCII only here. */
static int dig(char c) { return c >= '0' && c <= '9'; }
static int xdig(char c) { return dig(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }
static int alnum(char c) { return dig(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
static int space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
static char lower(unsigned long c) { return c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : (char)c; }

static void
fail(const char *what, const char *fmt, const char *s, size_t at, size_t n)
{
	size_t from = at > 60 ? at - 60 : 0;
	fprintf(stderr, "fuzz_report: %s: %s at byte %zu: ...%.*s...\n", what, fmt, at,
	    (int)(n - from < 160 ? n - from : 160), s + from);
	abort();
}

static int
in(const char *const *set, const char *w)
{
	for (; *set; set++)
		if (!strcmp(*set, w))
			return 1;
	return 0;
}

/* An attribute value as a browser reads it: character references
 * decoded (numeric and the few named ones that matter), lower-cased,
 * without the white space and controls a browser skips in a scheme. */
static void
attr_value(const char *v, size_t n, struct buf *out)
{
	buf_reset(out);
	for (size_t i = 0; i < n; i++) {
		unsigned long c = (unsigned char)v[i];
		if (c == '&') {
			size_t j = i + 1;
			if (j < n && v[j] == '#') {
				int hex = j + 1 < n && (v[j + 1] == 'x' || v[j + 1] == 'X');
				j += hex ? 2 : 1;
				c = 0;
				while (j < n && (hex ? xdig(v[j]) : dig(v[j])) && c < 0x110000)
					c = c * (hex ? 16 : 10) + (unsigned long)(dig(v[j]) ? v[j] - '0' :
					    (v[j] | 0x20) - 'a' + 10), j++;
			} else {
				static const char *const named[][2] = { { "colon;", ":" }, { "tab;", "\t" },
					{ "newline;", "\n" }, { "amp;", "&" }, { "quot;", "\"" },
					{ "apos;", "'" }, { "lt;", "<" }, { "gt;", ">" } };
				c = '&';
				for (size_t k = 0; k < sizeof named / sizeof *named; k++) {
					size_t l = strlen(named[k][0]);
					if (j + l <= n && !ascii_ncasecmp(v + j, named[k][0], l)) {
						c = (unsigned char)named[k][1][0];
						j += l;
						break;
					}
				}
				if (c == '&')
					j = i + 1;
			}
			if (j < n && v[j] == ';')
				j++;
			i = j - 1;
		}
		if (c <= 0x20 || c == 0x7f)
			continue;
		buf_addc(out, c < 0x80 ? lower(c) : '?');
	}
	buf_addc(out, '\0');
	out->len--;
}

static int
namech(char c)
{
	return alnum(c) || c == '-' || c == ':' || c == '_';
}

static void
scan(const char *what, const char *s, size_t n)
{
	struct buf name, val;
	buf_init(&name);
	buf_init(&val);
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '<')
			continue;
		size_t at = i++;
		if (i < n && (s[i] == '!' || s[i] == '?')) {
			/* <!DOCTYPE html> and <?xml ...?> only; no comment, no CDATA */
			if (!strncmp(s + i, "!DOCTYPE html>", 14) || !strncmp(s + i, "?xml ", 5)) {
				const char *e = memchr(s + i, '>', n - i);
				i = (size_t)(e - s);
				continue;
			}
			fail(what, "declaration", s, at, n);
		}
		if (i < n && s[i] == '/')
			i++;
		buf_reset(&name);
		while (i < n && namech(s[i]))
			buf_addc(&name, lower((unsigned char)s[i++]));
		buf_addc(&name, '\0');
		if (!name.data[0] || !in(tags_ok, name.data))
			fail(what, "a tag the renderers never write", s, at, n);
		for (;;) {
			while (i < n && space(s[i]))
				i++;
			if (i >= n)
				fail(what, "unterminated tag", s, at, n);
			if (s[i] == '>')
				break;
			if (s[i] == '/' && i + 1 < n && s[i + 1] == '>') {
				i++;
				break;
			}
			size_t an = i;
			buf_reset(&name);
			while (i < n && namech(s[i]))
				buf_addc(&name, lower((unsigned char)s[i++]));
			buf_addc(&name, '\0');
			if (!name.data[0])
				fail(what, "junk in a tag", s, an, n);
			if (!strncmp(name.data, "on", 2) || !in(attrs_ok, name.data))
				fail(what, "an attribute the renderers never write", s, an, n);
			if (i >= n || s[i] != '=' || i + 1 >= n || s[i + 1] != '"')
				fail(what, "an attribute without a quoted value", s, an, n);
			i += 2;
			const char *e = memchr(s + i, '"', n - i);
			if (!e)
				fail(what, "unterminated attribute value", s, an, n);
			size_t vlen = (size_t)(e - (s + i));
			if (memchr(s + i, '<', vlen))
				fail(what, "'<' in an attribute value", s, an, n);
			if (!strcmp(name.data, "href")) {
				attr_value(s + i, vlen, &val);
				if (strncmp(val.data, "http://", 7) && strncmp(val.data, "https://", 8))
					fail(what, "a link that is not http(s)", s, an, n);
			}
			i = (size_t)(e - s) + 1;
		}
	}
	buf_free(&name);
	buf_free(&val);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	FILE *fp = fmemopen((void *)data, size ? size : 1, "r");
	if (!fp)
		return 0;
	/* a fixed clock: the seeds' records fall in the window */
	struct report_opts o = { .top = 10, .lang = size & 1 ? "fr" : "en",
		.now = 1795478400, /* 2026-11-24T00:00:00Z */ };
	o.until = o.now;
	o.since = o.now - 7 * 86400;
	struct report *r = report_new(&o);
	struct ndjson_reader rd;
	ndjson_open(&rd, fp, "fuzz.ndjson");
	cJSON *rec;
	int rc;
	while ((rc = ndjson_next(&rd, &rec)) != 0) {
		if (rc < 0)
			continue;
		report_add(r, rec);
		cJSON_Delete(rec);
	}
	ndjson_close(&rd);
	fclose(fp);
	cJSON *agg = report_result(r);
	struct buf b;
	buf_init(&b);
	report_html(&b, agg);
	scan("html", b.data, b.len);
	buf_reset(&b);
	report_atom(&b, agg);
	scan("atom", b.data, b.len);
	buf_reset(&b);
	report_markdown(&b, agg);
	buf_reset(&b);
	report_text(&b, agg, 80);
	buf_free(&b);
	cJSON_Delete(agg);
	report_free(r);
	return 0;
}
