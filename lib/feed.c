/* feed.c — see feed.h.
 *
 * libxml2 builds the tree with no network, no external entity and no DTD
 * loading (an entity loader that refuses everything, too), entities not
 * substituted (so an expansion bomb has nothing to expand; libxml2's own
 * amplification guard stays on: no XML_PARSE_HUGE), and recover mode for
 * the broken feeds of the real world. Undeclared HTML entities (&nbsp;
 * in RSS) are read from the HTML table, as browsers and feed readers do. */
#include "feed.h"
#include "base64.h"
#include "fields.h"
#include "html.h"
#include "record.h"
#include "social.h"
#include "url.h"
#include "utf8.h"
#include "util.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum ns {
	NS_NONE, NS_ATOM, NS_ATOM03, NS_DC, NS_DCTERMS, NS_CONTENT, NS_MEDIA,
	NS_RSS1, NS_RSS090, NS_RDF, NS_ITUNES, NS_XHTML, NS_YT, NS_OTHER,
};

static const struct {
	const char *uri;
	enum ns ns;
} nstab[] = {
	{ "http://www.w3.org/2005/Atom", NS_ATOM },
	{ "http://purl.org/atom/ns#", NS_ATOM03 },
	{ "http://purl.org/dc/elements/1.1/", NS_DC },
	{ "http://purl.org/dc/elements/1.0/", NS_DC },
	{ "http://purl.org/dc/terms/", NS_DCTERMS },
	{ "http://purl.org/rss/1.0/modules/content/", NS_CONTENT },
	{ "http://search.yahoo.com/mrss/", NS_MEDIA },
	{ "http://search.yahoo.com/mrss", NS_MEDIA },
	{ "http://tools.search.yahoo.com/mrss/", NS_MEDIA },
	{ "http://purl.org/rss/1.0/", NS_RSS1 },
	{ "http://my.netscape.com/rdf/simple/0.9/", NS_RSS090 },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns#", NS_RDF },
	{ "http://www.itunes.com/dtds/podcast-1.0.dtd", NS_ITUNES },
	{ "http://www.w3.org/1999/xhtml", NS_XHTML },
	{ "http://www.youtube.com/xml/schemas/2015", NS_YT },
	{ NULL, NS_OTHER },
};

/* The namespace of the root element when it is none of the known ones:
 * RSS 2.0 in a namespace of its own (http://backend.userland.com/rss2),
 * Atom drafts (necho, pie, echo...). Its elements are the feed's own. */
static char doc_ns[256];
static enum ns doc_ns_kind;

static enum ns
ns_of(const xmlNode *n)
{
	if (!n->ns || !n->ns->href)
		return NS_NONE;
	const char *h = (const char *)n->ns->href;
	for (int i = 0; nstab[i].uri; i++)
		if (!strcmp(h, nstab[i].uri))
			return nstab[i].ns;
	/* Atom namespace spelled with a trailing slash or in capitals. */
	if (!strcasecmp(h, "http://www.w3.org/2005/Atom/") ||
	    !strcasecmp(h, "http://www.w3.org/2005/Atom"))
		return NS_ATOM;
	if (!strcasecmp(h, "http://www.itunes.com/dtds/podcast-1.0.dtd"))
		return NS_ITUNES;
	if (*doc_ns && !strcmp(h, doc_ns))
		return doc_ns_kind;
	return NS_OTHER;
}

static void
set_doc_ns(const xmlNode *root)
{
	doc_ns[0] = '\0';
	if (!root->ns || !root->ns->href)
		return;
	const char *rn = (const char *)root->name;
	enum ns k = NS_OTHER;
	for (int i = 0; nstab[i].uri; i++)
		if (!strcmp((const char *)root->ns->href, nstab[i].uri))
			k = nstab[i].ns;
	if (k != NS_OTHER)
		return;
	snprintf(doc_ns, sizeof doc_ns, "%s", (const char *)root->ns->href);
	doc_ns_kind = !strcmp(rn, "feed") ? NS_ATOM03 : NS_NONE;
}

static int
is_el(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name && !strcmp((const char *)n->name, name);
}

/* Plain elements of the feed's own vocabulary: no namespace, RSS 1.0,
 * RSS 0.90, or the Atom namespaces (for Atom feeds). */
static int
is_plain(const xmlNode *n, const char *name)
{
	if (!is_el(n, name))
		return 0;
	enum ns k = ns_of(n);
	return k == NS_NONE || k == NS_RSS1 || k == NS_RSS090;
}

static int
is_atom(const xmlNode *n, const char *name)
{
	if (!is_el(n, name))
		return 0;
	enum ns k = ns_of(n);
	return k == NS_ATOM || k == NS_ATOM03;
}

static const char *
attr(const xmlNode *n, const char *name)
{
	/* Only elements have attributes (XML_PARSE_COMPACT keeps short text
	 * inside the properties field of text nodes). */
	if (n->type != XML_ELEMENT_NODE)
		return NULL;
	for (xmlAttr *a = n->properties; a; a = a->next)
		if (a->name && !strcmp((const char *)a->name, name) && a->children &&
		    (a->children->type == XML_TEXT_NODE) && a->children->content)
			return (const char *)a->children->content;
	return NULL;
}

/* Text slicing. libxml2 2.9 reads character data one character at a
 * time (xmlParseCharData's path for non-ASCII text, xmlParseCDSect,
 * xmlCurrentChar): most of its time on feeds, whose bulk is the escaped
 * or CDATA HTML of descriptions. Long CDATA sections and long runs of
 * character data between two tags are replaced before parsing by a
 * placeholder, U+E000, the slice's number, U+E001, and read back from
 * the buffer by the functions that read text (feed_text_expand), which
 * decode the character references of a text run themselves. libxml2
 * still reads every tag, attribute and namespace; only text, which
 * cannot change the document's structure, goes around it.
 *
 * Done only when the document holds no U+E000 of its own; text runs
 * only when it declares no entities of its own (fix_entities has made
 * every other reference a predefined or numeric one) and only up to the
 * first tag that does not read cleanly, and never a run holding a
 * character XML refuses (libxml2 must see those to judge the document). */
#define CD_OPEN "\xEE\x80\x80"
#define CD_CLOSE "\xEE\x80\x81"
#define CD_MIN 256
#define TX_MIN 96

static const char *cd_doc;      /* the buffer the slices point into */
static struct cd_slice {
	size_t off, len;
	int text;               /* character data, references undecoded */
} *cd_tab;
static size_t cd_n, cd_cap;

static void
add_slice(struct buf *b, const char *s, size_t *last, size_t start, size_t len, int text)
{
	if (cd_n == cd_cap) {
		cd_cap = cd_cap ? cd_cap * 2 : 64;
		cd_tab = xrealloc(cd_tab, cd_cap * sizeof *cd_tab);
	}
	cd_tab[cd_n].off = start;
	cd_tab[cd_n].len = len;
	cd_tab[cd_n].text = text;
	buf_add(b, s + *last, start - *last);
	/* the slice's number in decimal (buf_printf cost more than the
	 * rest of this function) */
	char num[24];
	size_t k = sizeof num, v = cd_n;
	num[--k] = '\0';
	do
		num[--k] = (char)('0' + v % 10);
	while ((v /= 10) && k > 0);
	buf_adds(b, CD_OPEN);
	buf_adds(b, num + k);
	buf_adds(b, CD_CLOSE);
	cd_n++;
	*last = start + len;
}

/* A run of character data worth slicing: not blank, no character XML
 * refuses in content (C0 controls but tab and newlines, U+FFFE, U+FFFF). */
static int
plain_run(const char *s, size_t n)
{
	int blank = 1;
	size_t i = 0;
	while (i < n) {
		/* eight bytes a test while none is below 0x20 or 0xEF */
		if (n - i >= 8) {
			uint64_t x;
			memcpy(&x, s + i, 8);
			if (!(word_bytes_below(x, 0x20) | word_bytes_eq(x, 0xEF))) {
				if (x != 0x2020202020202020ULL)
					blank = 0;
				i += 8;
				continue;
			}
		}
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20) {
			if (c != '\t' && c != '\n' && c != '\r')
				return 0;
		} else if (c != ' ') {
			blank = 0;
			if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBF &&
			    ((unsigned char)s[i + 2] & 0xFE) == 0xBE)
				return 0;
		}
		i++;
	}
	return !blank;
}

/* End of the tag at s[i] == '<': the index of its '>', or 0 when it does
 * not read cleanly (no '>', or a '<' before it: not XML's syntax). *natts
 * counts the '=' outside quotes met on the way, its attributes. */
static size_t
tag_close(const char *s, size_t n, size_t i, size_t *natts)
{
	char quote = 0;
	*natts = 0;
	for (i++; i < n; i++) {
		char c = s[i];
		if (c == '<')
			return 0;
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '=') {
			(*natts)++;
		} else if (c == '>') {
			return i;
		}
	}
	return 0;
}

/* libxml2 2.9 checks each attribute of a tag against all the ones before
 * it: 50,000 attributes on one element took 4 s, a 32 MB document of them
 * would take hours. No feed element has a tenth of this. */
#define MAX_ATTS 1024

static char *
slice_text(const char *s, size_t n, size_t *outlen, const char **why)
{
	cd_n = 0;
	cd_doc = NULL;
	*why = NULL;
	/* without slicing (the document holds U+E000 itself), the tags are
	 * still read for their number of attributes */
	int slicing = !mem_find(s, n, CD_OPEN, 3);
	/* An internal DTD subset may declare entities that only libxml2
	 * knows how to expand. */
	const char *dt = mem_find(s, n < 4096 ? n : 4096, "<!DOCTYPE", 9);
	int text = slicing;
	if (dt) {
		const char *gt = memchr(dt, '>', n - (size_t)(dt - s));
		const char *br = memchr(dt, '[', n - (size_t)(dt - s));
		if (br && (!gt || br < gt))
			text = 0;
	}
	struct buf b;
	buf_init(&b);
	size_t last = 0, i = 0;
	while (i < n) {
		const char *lt = memchr(s + i, '<', n - i);
		size_t at = lt ? (size_t)(lt - s) : n;
		if (text && i > 0 && at - i >= TX_MIN && s[i - 1] == '>' &&
		    plain_run(s + i, at - i))
			add_slice(&b, s, &last, i, at - i, 1);
		if (!lt)
			break;
		if (n - at >= 9 && !memcmp(lt, "<![CDATA[", 9)) {
			size_t start = at + 9;
			const char *e = mem_find(s + start, n - start, "]]>", 3);
			if (!e)
				break;
			size_t len = (size_t)(e - s) - start;
			if (slicing && len >= CD_MIN)
				add_slice(&b, s, &last, start, len, 0);
			i = (size_t)(e - s) + 3;
		} else if (n - at >= 4 && !memcmp(lt, "<!--", 4)) {
			const char *e = mem_find(s + at + 4, n - at - 4, "-->", 3);
			if (!e)
				break;
			i = (size_t)(e - s) + 3;
		} else if (n - at >= 2 && lt[1] == '?') {
			const char *e = mem_find(s + at + 2, n - at - 2, "?>", 2);
			if (!e)
				break;
			i = (size_t)(e - s) + 2;
		} else if (n - at >= 2 && lt[1] == '!') {
			/* a declaration (DOCTYPE without internal subset) */
			const char *e = memchr(s + at, '>', n - at);
			if (!e)
				break;
			i = (size_t)(e - s) + 1;
		} else {
			size_t natts, gt = tag_close(s, n, at, &natts);
			if (natts > MAX_ATTS) {
				*why = "a tag with more than 1024 attributes";
				buf_free(&b);
				cd_n = 0;
				return NULL;
			}
			if (!gt) {
				text = 0;
				i = at + 1;
				continue;
			}
			i = gt + 1;
		}
	}
	if (!cd_n) {
		buf_free(&b);
		return NULL;
	}
	buf_add(&b, s + last, n - last);
	cd_doc = s;
	*outlen = b.len;
	return buf_steal(&b);
}

static void
slice_done(void)
{
	cd_doc = NULL;
	cd_n = 0;
}

/* Character data as libxml2 would have delivered it: references
 * decoded, line ends normalised. */
static void
decode_text(struct buf *b, const char *s, size_t n)
{
	size_t i = 0, last = 0;
	const char *amp = memchr(s, '&', n), *cr = memchr(s, '\r', n);
	while (i < n) {
		amp = mem_next(amp, s + i, s + n, '&');
		cr = mem_next(cr, s + i, s + n, '\r');
		const char *next = amp && (!cr || amp < cr) ? amp : cr;
		if (!next)
			break;
		i = (size_t)(next - s);
		buf_add(b, s + last, i - last);
		if (*next == '\r') {
			buf_addc(b, '\n');
			i += i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
			last = i;
			continue;
		}
		static const struct {
			const char *ref;
			size_t len;
			char c;
		} predef[] = {
			{ "&lt;", 4, '<' }, { "&gt;", 4, '>' }, { "&amp;", 5, '&' },
			{ "&quot;", 6, '"' }, { "&apos;", 6, '\'' },
		};
		size_t k, p = 0;
		long cp;
		if (i + 1 < n && s[i + 1] == '#' && html_numeric_ref(s, i, n, &cp, &k) &&
		    k < n && s[k] == ';') {
			utf8_put(b, html_fix_codepoint(cp));
			i = k + 1;
		} else {
			while (p < sizeof predef / sizeof predef[0] && (n - i < predef[p].len ||
			    memcmp(s + i, predef[p].ref, predef[p].len)))
				p++;
			if (p < sizeof predef / sizeof predef[0]) {
				buf_addc(b, predef[p].c);
				i += predef[p].len;
			} else {
				/* cannot happen after fix_entities; kept as written */
				buf_addc(b, '&');
				i++;
			}
		}
		last = i;
	}
	buf_add(b, s + last, n - last);
}

/* Text with every placeholder replaced by its slice, escaped for XML
 * when it goes back into serialised markup. NULL when there is none. */
static char *
expand(const char *t, int escape)
{
	if (!cd_doc || !t || !strstr(t, CD_OPEN))
		return NULL;
	struct buf b;
	buf_init(&b);
	const char *p = t;
	for (const char *m; (m = strstr(p, CD_OPEN));) {
		char *end;
		unsigned long k = strtoul(m + 3, &end, 10);
		if (end == m + 3 || strncmp(end, CD_CLOSE, 3) || k >= cd_n) {
			buf_add(&b, p, (size_t)(m - p) + 3);
			p = m + 3;
			continue;
		}
		buf_add(&b, p, (size_t)(m - p));
		const char *sl = cd_doc + cd_tab[k].off;
		size_t sn = cd_tab[k].len;
		if (cd_tab[k].text && !escape) {
			decode_text(&b, sl, sn);
		} else if (cd_tab[k].text || !escape) {
			/* character data is still escaped as XML source */
			buf_add(&b, sl, sn);
		} else {
			for (size_t j = 0; j < sn; j++) {
				if (sl[j] == '<')
					buf_adds(&b, "&lt;");
				else if (sl[j] == '>')
					buf_adds(&b, "&gt;");
				else if (sl[j] == '&')
					buf_adds(&b, "&amp;");
				else
					buf_addc(&b, sl[j]);
			}
		}
		p = end + 3;
	}
	buf_adds(&b, p);
	return buf_steal(&b);
}

char *
feed_text_expand(const char *t)
{
	return expand(t, 0);
}

/* Text of an element: its text, CDATA and entity children, not markup.
 * Undeclared entities come from the HTML table. */
static void
raw_text_into(const xmlNode *n, struct buf *b, int depth)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				buf_adds(b, (const char *)c->content);
		} else if (c->type == XML_ENTITY_REF_NODE && c->name) {
			xmlEntityPtr e = xmlGetDocEntity(c->doc, c->name);
			if (e && e->etype == XML_INTERNAL_GENERAL_ENTITY && e->content &&
			    depth < 4) {
				/* declared internal entity: its literal text */
				buf_adds(b, (const char *)e->content);
			} else {
				const htmlEntityDesc *d = htmlEntityLookup(c->name);
				if (d)
					utf8_put(b, (long)d->value);
			}
		} else if (c->type == XML_ELEMENT_NODE && depth < 64) {
			/* markup inside a text element (unescaped HTML in RSS) */
			raw_text_into(c, b, depth + 1);
		}
	}
}

static char *
raw_text(const xmlNode *n)
{
	struct buf b;
	buf_init(&b);
	raw_text_into(n, &b, 0);
	char *t = buf_steal(&b);
	char *x = expand(t, 0);
	if (x) {
		free(t);
		t = x;
	}
	return t;
}

/* Serialise an element's children back to HTML source (for RSS fields
 * whose HTML was not escaped, and for xhtml content). */
static char *
inner_markup(xmlNode *n)
{
	xmlBufferPtr xb = xmlBufferCreate();
	for (xmlNode *c = n->children; c; c = c->next)
		xmlNodeDump(xb, n->doc, c, 0, 0);
	char *s = xstrdup((const char *)xmlBufferContent(xb));
	xmlBufferFree(xb);
	char *x = expand(s, 1);
	if (x) {
		free(s);
		s = x;
	}
	return s;
}

static int
has_element_child(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

/* The effective xml:base of a node: ctx->base_url refined by every
 * xml:base from the root down. */
static char *
node_base(struct parse_ctx *ctx, const xmlNode *n)
{
	const xmlNode *chain[64];
	int k = 0;
	for (const xmlNode *p = n; p && p->type == XML_ELEMENT_NODE && k < 64; p = p->parent)
		chain[k++] = p;
	char *base = ctx->base_url ? xstrdup(ctx->base_url) : NULL;
	while (k-- > 0) {
		xmlChar *xb = xmlGetNsProp(chain[k], (const xmlChar *)"base", XML_XML_NAMESPACE);
		if (!xb)
			continue;
		char *r = url_resolve(base, (const char *)xb);
		if (!r)
			r = xstrdup((const char *)xb);
		free(base);
		base = r;
		xmlFree(xb);
	}
	return base;
}

static char *
node_lang(const xmlNode *n)
{
	xmlChar *l = xmlNodeGetLang(n);
	if (!l)
		return NULL;
	char *s = str_trim(xstrdup((const char *)l));
	xmlFree(l);
	return s;
}

/* An element whose content is text or HTML, decided by its type (Atom),
 * or by a look at it (RSS: descriptions are HTML, titles may be). */
enum tmode { T_TEXT, T_HTML, T_XHTML, T_SNIFF };

static char *
content_as_text(xmlNode *n, enum tmode mode, int one_line)
{
	char *out = NULL;
	const char *type = attr(n, "type");
	const char *modeattr = attr(n, "mode");
	if (type) {
		if (!strcasecmp(type, "html") || !strcasecmp(type, "text/html"))
			mode = T_HTML;
		else if (!strcasecmp(type, "xhtml") || !strcasecmp(type, "application/xhtml+xml"))
			mode = T_XHTML;
		else if (!strcasecmp(type, "text") || !strcasecmp(type, "text/plain"))
			mode = T_TEXT;
	}
	if (modeattr && !strcasecmp(modeattr, "xml"))
		mode = T_XHTML;
	/* RFC 4287 4.1.3.3: a media type that is neither text nor XML means
	 * base64 content. */
	int b64 = modeattr && !strcasecmp(modeattr, "base64");
	if (type && strchr(type, '/') && strncasecmp(type, "text/", 5) &&
	    !strstr(type, "xml") && strcasecmp(type, "application/xhtml+xml")) {
		b64 = 1;
		mode = T_TEXT;
	}
	/* TypePad: type="html" holding an XHTML div around escaped HTML. */
	xmlNode *only = NULL;
	int nelems = 0;
	for (xmlNode *k = n->children; k; k = k->next)
		if (k->type == XML_ELEMENT_NODE && !nelems++)
			only = k;
	if (mode == T_HTML && nelems == 1 && is_el(only, "div") &&
	    ns_of(only) == NS_XHTML && !has_element_child(only))
		n = only;
	if (b64) {
		char *b64 = raw_text(n);
		struct buf dec;
		buf_init(&dec);
		base64_decode(b64, strlen(b64), &dec);
		free(b64);
		struct buf fixed;
		buf_init(&fixed);
		utf8_repair(dec.data ? dec.data : "", dec.len, &fixed);
		buf_free(&dec);
		char *s = buf_steal(&fixed);
		out = mode == T_TEXT ? text_normalise_space(s) : html_to_text_valid(s, strlen(s));
		if (mode != T_TEXT)
			free(s);
	} else if (mode == T_XHTML || has_element_child(n)) {
		/* Markup as elements: XHTML content, or HTML that was not
		 * escaped. Serialise and read back through the HTML parser so
		 * that the same block rules apply. */
		char *m = inner_markup(n);
		out = html_to_text_valid(m, strlen(m));
		free(m);
	} else {
		char *t = raw_text(n);
		if (mode == T_HTML || (mode == T_SNIFF && html_looks_like_markup(t))) {
			out = html_to_text_valid(t, strlen(t));
			free(t);
		} else {
			out = text_normalise_space(t);
		}
	}
	if (one_line) {
		for (char *p = out; *p; p++)
			if (*p == '\n')
				*p = ' ';
		text_normalise_space(out);
	}
	if (!*out) {
		free(out);
		return NULL;
	}
	return out;
}

static void
set_owned(cJSON *item, const char *key, char *val)
{
	if (val)
		rec_set_owned(item, key, val);
}

static void
add_category(cJSON *item, const char *term)
{
	rec_add_unique(item, F_CATEGORIES, term);
}

static void
add_enclosure(struct parse_ctx *ctx, cJSON *item, const xmlNode *n,
    const char *url, const char *type, const char *length, const char *medium)
{
	if (str_empty(url))
		return;
	char *base = node_base(ctx, n);
	char *u = url_resolve(base, url);
	free(base);
	if (!u)
		u = str_trim(xstrdup(url));
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(item, F_ENCLOSURES);
	if (!arr) {
		arr = cJSON_CreateArray();
		cJSON_AddItemToObject(item, F_ENCLOSURES, arr);
	}
	for (cJSON *e = arr->child; e; e = e->next)
		if (rec_str(e, F_ENC_URL) && !strcmp(rec_str(e, F_ENC_URL), u)) {
			free(u);
			return;
		}
	cJSON *e = cJSON_CreateObject();
	rec_set_str(e, F_ENC_URL, u);
	if (type)
		rec_set_str(e, F_ENC_TYPE, type);
	if (length) {
		char *end;
		double v = strtod(length, &end);
		if (end != length && v > 0)
			rec_set_num(e, F_ENC_LENGTH, v);
	}
	if (medium)
		rec_set_str(e, F_ENC_MEDIUM, medium);
	else if (type && (!strncmp(type, "image/", 6) || !strncmp(type, "video/", 6) ||
	    !strncmp(type, "audio/", 6))) {
		char m[8];
		snprintf(m, sizeof m, "%.5s", type);
		m[strcspn(m, "/")] = '\0';
		rec_set_str(e, F_ENC_MEDIUM, m);
	}
	cJSON_AddItemToArray(arr, e);
	free(u);
}

static void
set_url_from(struct parse_ctx *ctx, cJSON *item, const char *key, const xmlNode *n,
    const char *ref)
{
	char *base = node_base(ctx, n);
	item_set_url(ctx, item, key, base ? base : "", ref);
	free(base);
}

/* An author: Atom person (name, email) or a text element. */
static char *
person(const xmlNode *n)
{
	char *name = NULL, *email = NULL;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(c, "name") && !name)
			name = str_trim(raw_text(c));
		else if (is_el(c, "email") && !email)
			email = str_trim(raw_text(c));
	}
	char *out;
	if (!str_empty(name) && !str_empty(email))
		out = xasprintf("%s (%s)", name, email);
	else if (!str_empty(name))
		out = xstrdup(name);
	else if (!str_empty(email))
		out = xstrdup(email);
	else
		out = has_element_child(n) ? NULL : str_trim(raw_text(n));
	free(name);
	free(email);
	if (out) {
		text_normalise_space(out);
		if (!*out) {
			free(out);
			out = NULL;
		}
	}
	return out;
}

static void media_group(struct parse_ctx *, cJSON *, const xmlNode *, int);

/* One media: element (Media RSS). */
static void
media_one(struct parse_ctx *ctx, cJSON *item, const xmlNode *c, int depth)
{
	if (c->type != XML_ELEMENT_NODE || ns_of(c) != NS_MEDIA)
		return;
	if (is_el(c, "content")) {
		add_enclosure(ctx, item, c, attr(c, "url"), attr(c, "type"),
		    attr(c, "fileSize"), attr(c, "medium"));
		if (depth < 2)
			media_group(ctx, item, c, depth + 1);
	} else if (is_el(c, "thumbnail")) {
		if (!rec_str(item, F_IMAGE) && attr(c, "url"))
			set_url_from(ctx, item, F_IMAGE, c, attr(c, "url"));
	} else if (is_el(c, "group") && depth < 2) {
		media_group(ctx, item, c, depth + 1);
	} else if (is_el(c, "title") && !rec_str(item, F_TITLE)) {
		set_owned(item, F_TITLE, content_as_text((xmlNode *)c, T_SNIFF, 1));
	} else if (is_el(c, "description") && !rec_str(item, F_SUMMARY)) {
		set_owned(item, F_SUMMARY, content_as_text((xmlNode *)c, T_SNIFF, 0));
	} else if (is_el(c, "category")) {
		char *t = raw_text(c);
		add_category(item, t);
		free(t);
	} else if (is_el(c, "keywords")) {
		char *k = raw_text(c);
		for (char *save = NULL, *t = strtok_r(k, ",", &save); t;
		    t = strtok_r(NULL, ",", &save))
			add_category(item, t);
		free(k);
	}
}

static void
media_group(struct parse_ctx *ctx, cJSON *item, const xmlNode *g, int depth)
{
	for (const xmlNode *c = g->children; c; c = c->next)
		media_one(ctx, item, c, depth);
}

/* Atom link choice: rel=alternate (or none), text/html first. */
static void
atom_links(struct parse_ctx *ctx, cJSON *item, const xmlNode *entry)
{
	const xmlNode *best = NULL;
	int bestscore = -1;
	for (const xmlNode *c = entry->children; c; c = c->next) {
		if (!is_atom(c, "link"))
			continue;
		const char *rel = attr(c, "rel"), *href = attr(c, "href");
		const char *type = attr(c, "type");
		char *text = NULL;
		if (!href) {
			/* Atom 0.3 era feeds with the URL as the element's text */
			text = str_trim(raw_text(c));
			href = text;
		}
		if (!*href) {
			free(text);
			continue;
		}
		if (rel && !strcasecmp(rel, "enclosure")) {
			add_enclosure(ctx, item, c, href, type, attr(c, "length"), NULL);
			free(text);
			continue;
		}
		free(text);
		if (rel && strcasecmp(rel, "alternate"))
			continue;
		int score = 1;
		if (!type || !strcasecmp(type, "text/html") || !strcasecmp(type, "application/xhtml+xml"))
			score = 2;
		if (score > bestscore) {
			best = c;
			bestscore = score;
		}
	}
	if (best) {
		char *text = attr(best, "href") ? NULL : str_trim(raw_text(best));
		set_url_from(ctx, item, F_URL, best, text ? text : attr(best, "href"));
		free(text);
	}
}

/* "Name (mail@x)", "mail@x (Name)", "Name <mail@x>": the display name. */
static char *
author_name(char *s)
{
	if (!s)
		return NULL;
	str_trim(s);
	size_t n = strlen(s);
	char *open = NULL;
	if (n && s[n - 1] == ')')
		open = strrchr(s, '(');
	else if (n && s[n - 1] == '>')
		open = strrchr(s, '<');
	if (open && open > s) {
		char *inner = xstrndup(open + 1, (size_t)(s + n - 1 - open - 1));
		char *outer = xstrndup(s, (size_t)(open - s));
		str_trim(inner);
		str_trim(outer);
		char *keep = NULL;
		if (strchr(inner, '@') && *outer && !strchr(outer, '@'))
			keep = outer;
		else if (strchr(outer, '@') && !strchr(outer, ' ') && *inner && !strchr(inner, '@'))
			keep = inner;
		if (keep) {
			memmove(s, keep, strlen(keep) + 1);
		}
		free(inner);
		free(outer);
	}
	if (!*s) {
		free(s);
		return NULL;
	}
	return s;
}

static void
set_date(struct parse_ctx *ctx, cJSON *item, const char *key, const xmlNode *c)
{
	/* When an entry repeats a date element, the last one wins. */
	char *t = raw_text(c);
	item_set_date(ctx, item, key, t);
	free(t);
}

static void
itunes_categories(cJSON *item, const xmlNode *c, int depth)
{
	add_category(item, attr(c, "text"));
	if (depth < 3)
		for (const xmlNode *k = c->children; k; k = k->next)
			if (is_el(k, "category") && ns_of(k) == NS_ITUNES)
				itunes_categories(item, k, depth + 1);
}

static void
parse_entry(struct parse_ctx *ctx, xmlNode *entry, int atom)
{
	cJSON *item = cJSON_CreateObject();
	char *guid = NULL;
	int guid_permalink = 0;
	char *rss_link = NULL;
	const xmlNode *rss_link_node = NULL;
	char *media_title = NULL, *media_desc = NULL;
	int rss_summaries = 0;

	for (xmlNode *c = entry->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		enum ns k = ns_of(c);
		const char *n = (const char *)c->name;
		int plain = k == NS_NONE || k == NS_RSS1 || k == NS_RSS090 ||
		    (atom && (k == NS_ATOM || k == NS_ATOM03));
		int at = k == NS_ATOM || k == NS_ATOM03 || (atom && k == NS_NONE);

		if (plain && !strcmp(n, "title")) {
			if (!rec_str(item, F_TITLE))
				set_owned(item, F_TITLE, content_as_text(c, atom ? T_TEXT : T_SNIFF, 1));
		} else if (!atom && plain && !strcmp(n, "link")) {
			if (!rss_link) {
				rss_link = str_trim(raw_text(c));
				rss_link_node = c;
			}
		} else if (at && !strcmp(n, "link")) {
			/* handled by atom_links */
		} else if (!atom && plain && !strcmp(n, "guid")) {
			free(guid);
			guid = str_trim(raw_text(c));
			const char *pl = attr(c, "isPermaLink");
			guid_permalink = !pl || !strcasecmp(pl, "true");
		} else if (at && !strcmp(n, "id")) {
			if (!guid)
				guid = str_trim(raw_text(c));
		} else if (!atom && plain && (!strcmp(n, "description") || !strcmp(n, "summary"))) {
			/* The first of description/summary is the summary, a second
			 * one is the content (feedparser does the same). */
			set_owned(item, rss_summaries++ ? F_CONTENT : F_SUMMARY,
			    content_as_text(c, T_HTML, 0));
		} else if (!atom && plain && (!strcmp(n, "fullitem") || !strcmp(n, "body"))) {
			set_owned(item, F_CONTENT, content_as_text(c, T_HTML, 0));
		} else if (at && (!strcmp(n, "summary") || !strcmp(n, "tagline"))) {
			set_owned(item, F_SUMMARY, content_as_text(c, T_TEXT, 0));
		} else if (at && !strcmp(n, "content")) {
			if (!attr(c, "src"))
				set_owned(item, F_CONTENT, content_as_text(c, T_TEXT, 0));
		} else if (k == NS_CONTENT && !strcmp(n, "encoded")) {
			set_owned(item, F_CONTENT, content_as_text(c, T_HTML, 0));
		} else if (k == NS_XHTML && !strcmp(n, "body")) {
			if (!rec_str(item, F_CONTENT))
				set_owned(item, F_CONTENT, content_as_text(c, T_XHTML, 0));
		} else if (((plain || at) && !strcmp(n, "author")) ||
		    (k == NS_DC && (!strcmp(n, "creator") || !strcmp(n, "author"))) ||
		    (k == NS_ITUNES && !strcmp(n, "author"))) {
			if (!rec_str(item, F_AUTHOR))
				set_owned(item, F_AUTHOR, author_name(person(c)));
		} else if ((plain && !strcmp(n, "pubDate")) || (at && (!strcmp(n, "published") ||
		    !strcmp(n, "issued") || !strcmp(n, "created"))) ||
		    (k == NS_DCTERMS && (!strcmp(n, "issued") || !strcmp(n, "created"))) ||
		    (k == NS_DC && !strcmp(n, "date"))) {
			set_date(ctx, item, F_PUBLISHED, c);
		} else if ((at && (!strcmp(n, "updated") || !strcmp(n, "modified"))) ||
		    (k == NS_DCTERMS && !strcmp(n, "modified"))) {
			set_date(ctx, item, F_UPDATED, c);
		} else if ((plain || at) && !strcmp(n, "category")) {
			const char *term = attr(c, "term");
			if (!term && atom)
				term = attr(c, "label");
			if (term) {
				add_category(item, term);
			} else {
				char *t = raw_text(c);
				add_category(item, t);
				free(t);
			}
		} else if (k == NS_DC && !strcmp(n, "subject")) {
			char *t = raw_text(c);
			add_category(item, t);
			free(t);
		} else if ((plain && !strcmp(n, "tags")) || (k == NS_ITUNES && !strcmp(n, "keywords"))) {
			char *t = raw_text(c);
			for (char *save = NULL, *w = strtok_r(t, ",", &save); w;
			    w = strtok_r(NULL, ",", &save))
				add_category(item, w);
			free(t);
		} else if (k == NS_ITUNES && !strcmp(n, "category")) {
			itunes_categories(item, c, 0);
		} else if (plain && !strcmp(n, "enclosure")) {
			add_enclosure(ctx, item, c, attr(c, "url"), attr(c, "type"),
			    attr(c, "length"), NULL);
		} else if (k == NS_MEDIA && !strcmp(n, "title")) {
			if (!media_title)
				media_title = content_as_text(c, T_SNIFF, 1);
		} else if (k == NS_MEDIA && !strcmp(n, "description")) {
			if (!media_desc)
				media_desc = content_as_text(c, T_SNIFF, 0);
		} else if (k == NS_MEDIA) {
			/* media:content, media:thumbnail, media:group... */
			media_one(ctx, item, c, 0);
		} else if ((k == NS_DC && !strcmp(n, "language")) || (plain && !strcmp(n, "language"))) {
			char *t = str_trim(raw_text(c));
			rec_set_str(item, F_LANG, t);
			free(t);
		} else if (k == NS_DC && !strcmp(n, "title")) {
			if (!rec_str(item, F_TITLE))
				set_owned(item, F_TITLE, content_as_text(c, T_SNIFF, 1));
		} else if (k == NS_DC && !strcmp(n, "description")) {
			if (!rec_str(item, F_SUMMARY))
				set_owned(item, F_SUMMARY, content_as_text(c, T_HTML, 0));
		} else if (k == NS_ITUNES && (!strcmp(n, "summary") || !strcmp(n, "subtitle"))) {
			if (!rec_str(item, F_SUMMARY))
				set_owned(item, F_SUMMARY, content_as_text(c, T_TEXT, 0));
		} else if (k == NS_ITUNES && !strcmp(n, "image")) {
			if (!rec_str(item, F_IMAGE) && attr(c, "href"))
				set_url_from(ctx, item, F_IMAGE, c, attr(c, "href"));
		}
	}
	/* Media RSS title and description are fallbacks. */
	if (!rec_str(item, F_TITLE) && media_title)
		rec_set_str(item, F_TITLE, media_title);
	if (!rec_str(item, F_SUMMARY) && media_desc)
		rec_set_str(item, F_SUMMARY, media_desc);
	free(media_title);
	free(media_desc);
	if (atom || !rec_str(item, F_URL))
		atom_links(ctx, item, entry);
	if (!rec_str(item, F_URL) && rss_link && *rss_link)
		set_url_from(ctx, item, F_URL, rss_link_node, rss_link);
	if (!rec_str(item, F_URL) && guid && guid_permalink &&
	    (ascii_startswith(guid, "http://") || ascii_startswith(guid, "https://")))
		rec_set_str(item, F_URL, guid);
	/* RSS 1.0 items name themselves in rdf:about. */
	if (!guid) {
		xmlChar *about = xmlGetNsProp(entry, (const xmlChar *)"about",
		    (const xmlChar *)"http://www.w3.org/1999/02/22-rdf-syntax-ns#");
		if (about) {
			guid = str_trim(xstrdup((const char *)about));
			xmlFree(about);
		}
	}
	if (!rec_str(item, F_LANG)) {
		char *l = node_lang(entry);
		if (l && (!ctx->feed_lang || strcmp(l, ctx->feed_lang)))
			rec_set_str(item, F_LANG, l);
		free(l);
	}
	social_fixup_feed_item(ctx, item, entry);
	item_emit(ctx, item, guid);
	free(guid);
	free(rss_link);
}

static void
feed_meta(struct parse_ctx *ctx, xmlNode *chan, int atom)
{
	cJSON *src = cJSON_CreateObject();
	for (xmlNode *c = chan->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		enum ns k = ns_of(c);
		int plain = k == NS_NONE || k == NS_RSS1 || k == NS_RSS090 ||
		    (atom && (k == NS_ATOM || k == NS_ATOM03));
		if ((plain || k == NS_DC) && is_el(c, "title") && !rec_str(src, F_SOURCE_TITLE)) {
			set_owned(src, F_SOURCE_TITLE, content_as_text(c, atom ? T_TEXT : T_SNIFF, 1));
		} else if (!atom && plain && is_el(c, "link") && !has_element_child(c) &&
		    !rec_str(src, F_SOURCE_SITE)) {
			char *t = raw_text(c);
			set_url_from(ctx, src, F_SOURCE_SITE, c, t);
			free(t);
		} else if ((k == NS_ATOM || k == NS_ATOM03 || (atom && k == NS_NONE)) &&
		    is_el(c, "link")) {
			const char *rel = attr(c, "rel");
			if ((!rel || !strcasecmp(rel, "alternate")) && attr(c, "href") &&
			    !rec_str(src, F_SOURCE_SITE))
				set_url_from(ctx, src, F_SOURCE_SITE, c, attr(c, "href"));
		} else if ((plain && is_el(c, "language")) || (k == NS_DC && is_el(c, "language"))) {
			free(ctx->feed_lang);
			ctx->feed_lang = str_trim(raw_text(c));
		}
	}
	/* A document read from a file has no web URL: its own self link, else
	 * its site link, is the base of its relative links and the scope of
	 * its ids (the same ids as when it is fetched from that URL). */
	if (!ctx->url) {
		for (xmlNode *c = chan->children; c; c = c->next) {
			const char *rel = attr(c, "rel"), *href = attr(c, "href");
			if ((ns_of(c) == NS_ATOM || ns_of(c) == NS_ATOM03 || (atom && ns_of(c) == NS_NONE)) &&
			    is_el(c, "link") && rel && !strcasecmp(rel, "self") && href &&
			    url_is_web(href, 0)) {
				free(ctx->own_url);
				ctx->own_url = xstrdup(href);
				break;
			}
		}
		const char *site = rec_str(src, F_SOURCE_SITE);
		if (ctx->own_url)
			ctx->url = ctx->own_url;
		if (!ctx->base_url || ascii_startswith(ctx->base_url, "file:"))
			ctx->base_url = ctx->own_url ? ctx->own_url : (site && url_is_web(site, 0) ? site : ctx->base_url);
	}
	if (!ctx->feed_lang)
		ctx->feed_lang = node_lang(chan);
	if (ctx->feed_lang && !*ctx->feed_lang) {
		free(ctx->feed_lang);
		ctx->feed_lang = NULL;
	}
	parse_set_source(ctx, src);
}

/* libxml2 stops delivering entity references once a document is not
 * well-formed, so one "&eacute;" or bare "AT&T" early in a feed would
 * silently eat every "&lt;" after it. Rewrite, outside CDATA, comments
 * and the DOCTYPE: undeclared HTML entities to character references,
 * unknown names and bare ampersands to "&amp;". NULL when nothing to do. */
/* The entities declared in the internal subset: their names (a
 * reference to one of them is left to libxml2) and, for the general
 * ones, the size of their replacement text with every reference in it
 * expanded: what reading the tree may copy for one reference (raw_text,
 * xmlNodeGetContent, xmlGetProp). libxml2 2.9 refuses the exponential
 * bombs (billion laughs) but not one large entity referenced many
 * times: 20,000 references to 50,000 characters made a summary of a
 * billion. So the references of a document may expand to ENT_ROOM at
 * most, in total, as libxml2 >= 2.11 bounds them; those past it are
 * left out (and reported). */
#define ENT_MAX 4096
#define ENT_ROOM(n) (5 * (n) + ((size_t)1 << 20))

struct ent {
	const char *name, *val;
	size_t nl, vl, size, order;
	int param, sized, busy;
};

struct ents {
	struct ent *t;
	size_t n;
	int full;               /* more than ENT_MAX declarations */
	const char *subset;     /* for the declarations past ENT_MAX */
	size_t subset_len;
};

static int
ent_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
ent_cmp(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	size_t m = x->nl < y->nl ? x->nl : y->nl;
	int c = memcmp(x->name, y->name, m);
	if (c)
		return c;
	if (x->nl != y->nl)
		return x->nl < y->nl ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The declarations of s[0..n), sorted by name (the first of a name
 * first: it is the one XML keeps). */
static void
ents_read(struct ents *E, const char *s, size_t n)
{
	memset(E, 0, sizeof *E);
	E->subset = s;
	E->subset_len = n;
	const char *p = s, *end = s + n;
	while ((p = mem_find(p, (size_t)(end - p), "<!ENTITY", 8))) {
		p += 8;
		struct ent e = { 0 };
		while (p < end && ent_blank(*p))
			p++;
		if (p < end && *p == '%') {
			e.param = 1;
			p++;
			while (p < end && ent_blank(*p))
				p++;
		}
		e.name = p;
		while (p < end && !ent_blank(*p))
			p++;
		e.nl = (size_t)(p - e.name);
		if (!e.nl || p == end)
			continue;
		while (p < end && ent_blank(*p))
			p++;
		if (p < end && (*p == '"' || *p == '\'')) {
			const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
			if (q) {
				e.val = p + 1;
				e.vl = (size_t)(q - p - 1);
				p = q + 1;
			}
		}
		if (E->n == ENT_MAX) {
			E->full = 1;
			break;
		}
		if (!(E->n & (E->n - 1)))
			E->t = xrealloc(E->t, (E->n ? 2 * E->n : 8) * sizeof *E->t);
		e.order = E->n;
		E->t[E->n++] = e;
	}
	if (E->n)
		qsort(E->t, E->n, sizeof *E->t, ent_cmp);
}

static struct ent *
ents_find(struct ents *E, const char *name, size_t nl)
{
	size_t lo = 0, hi = E->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct ent *e = &E->t[mid];
		size_t m = e->nl < nl ? e->nl : nl;
		int c = memcmp(e->name, name, m);
		if (!c)
			c = e->nl < nl ? -1 : e->nl > nl;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < E->n && E->t[lo].nl == nl && !memcmp(E->t[lo].name, name, nl) ?
	    &E->t[lo] : NULL;
}

/* Declared (as declared() said before the table: any declaration of the
 * name, parameter entities too). */
static int
ents_declared(struct ents *E, const char *name, size_t nl)
{
	if (ents_find(E, name, nl))
		return 1;
	if (!E->full)
		return 0;
	/* past ENT_MAX declarations: look in the text */
	char pat[48];
	if (nl + 1 >= sizeof pat)
		return 0;
	memcpy(pat, name, nl);
	pat[nl] = '\0';
	const char *p = E->subset, *end = E->subset + E->subset_len;
	while ((p = mem_find(p, (size_t)(end - p), "<!ENTITY", 8))) {
		p += 8;
		while (p < end && (ent_blank(*p) || *p == '%'))
			p++;
		if ((size_t)(end - p) > nl && !memcmp(p, name, nl) && ent_blank(p[nl]))
			return 1;
	}
	return 0;
}

static size_t
sat_add(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/* What one reference to e may expand to, nested references included
 * (each entity worked out once). A loop counts as boundless: libxml2
 * refuses it anyway. So does an entity declared past ENT_MAX. */
static size_t
ent_size(struct ents *E, struct ent *e, int depth)
{
	if (!e)
		return E->full ? SIZE_MAX : 0;
	if (e->sized)
		return e->size;
	if (e->param || !e->val)
		return 0;
	if (e->busy || depth > 40)
		return SIZE_MAX;
	e->busy = 1;
	size_t sz = e->vl;
	const char *p = e->val, *end = e->val + e->vl;
	while ((p = memchr(p, '&', (size_t)(end - p)))) {
		const char *q = ++p;
		while (q < end && *q != ';' && !ent_blank(*q) && *q != '&')
			q++;
		if (q < end && *q == ';' && q > p && *p != '#')
			sz = sat_add(sz, ent_size(E, ents_find(E, p, (size_t)(q - p)), depth + 1));
		p = q;
	}
	e->busy = 0;
	e->sized = 1;
	e->size = sz;
	return sz;
}

static char *
fix_entities(const char *s, size_t n, size_t *outlen, int *cut)
{
	struct buf b;
	int changed = 0;
	struct ents E;
	size_t room = ENT_ROOM(n);
	*cut = 0;
	size_t i = 0, last = 0;
	/* The internal subset, if any, is where declarations live. */
	const char *dt = mem_find(s, n < 4096 ? n : 4096, "<!DOCTYPE", 9);
	size_t subset_end = 0;
	if (dt) {
		const char *gt = memchr(dt, '>', n - (size_t)(dt - s));
		const char *br = memchr(dt, '[', n - (size_t)(dt - s));
		if (br && gt && br < gt) {
			const char *e = mem_find(br, n - (size_t)(br - s), "]>", 2);
			if (e)
				subset_end = (size_t)(e - s) + 2;
		} else if (gt) {
			subset_end = (size_t)(gt - s) + 1;
		}
	}
	ents_read(&E, s, subset_end);
	buf_init(&b);
	i = subset_end;
	/* The next '&' and '<' are searched for again only once passed
	 * (mem_next): searching both at every step was quadratic in a
	 * document with many tags and no ampersand. */
	const char *amp = i < n ? memchr(s + i, '&', n - i) : NULL;
	const char *lt = i < n ? memchr(s + i, '<', n - i) : NULL;
	while (i < n) {
		amp = mem_next(amp, s + i, s + n, '&');
		lt = mem_next(lt, s + i, s + n, '<');
		const char *p = amp;
		if (!p)
			break;          /* no ampersand left to fix */
		if (lt && lt < p) {
			size_t at = (size_t)(lt - s);
			const char *close = NULL;
			if (n - at >= 9 && !memcmp(lt, "<![CDATA[", 9))
				close = mem_find(lt, n - at, "]]>", 3);
			else if (n - at >= 4 && !memcmp(lt, "<!--", 4))
				close = mem_find(lt, n - at, "-->", 3);
			if (close) {
				i = (size_t)(close - s) + 3;
				continue;
			}
			if (n - at >= 9 && !memcmp(lt, "<![CDATA[", 9))
				break;
			i = at + 1;
			continue;
		}
		size_t at = (size_t)(p - s);
		size_t k = at + 1;
		if (k < n && s[k] == '#') {
			long cp;
			if (html_numeric_ref(s, at, n, &cp, &k) && k < n && s[k] == ';') {
				/* XML refuses &#X..;, C0 controls, surrogates; C1 code
				 * points are windows-1252 in practice (HTML5 agrees). */
				long fixedcp = html_fix_codepoint(cp);
				if (fixedcp == cp && s[at + 2] != 'X') {
					i = k + 1;
					continue;
				}
				buf_add(&b, s + last, at - last);
				buf_printf(&b, "&#x%lX;", fixedcp);
				last = k + 1;
				changed = 1;
				i = k + 1;
				continue;
			}
		} else {
			while (k < n && (isalnum((unsigned char)s[k]) || s[k] == '_' ||
			    s[k] == '-' || s[k] == '.' || s[k] == ':'))
				k++;
			size_t nl = k - at - 1;
			if (nl && k < n && s[k] == ';') {
				char name[40];
				if (nl < sizeof name) {
					memcpy(name, s + at + 1, nl);
					name[nl] = '\0';
				}
				if (nl < sizeof name && (!strcmp(name, "amp") || !strcmp(name, "lt") ||
				    !strcmp(name, "gt") || !strcmp(name, "quot") || !strcmp(name, "apos"))) {
					i = k + 1;
					continue;
				}
				if (subset_end && ents_declared(&E, s + at + 1, nl)) {
					size_t sz = ent_size(&E, ents_find(&E, s + at + 1, nl), 0);
					if (sz <= room) {
						room -= sz;
					} else {
						/* past the bound: the reference goes */
						buf_add(&b, s + last, at - last);
						last = k + 1;
						changed = 1;
						*cut = 1;
					}
					i = k + 1;
					continue;
				}
				const htmlEntityDesc *d = nl < sizeof name ? htmlEntityLookup((const xmlChar *)name) : NULL;
				buf_add(&b, s + last, at - last);
				if (d)
					buf_printf(&b, "&#%u;", d->value);
				else
					buf_adds(&b, "&amp;");
				last = d ? k + 1 : at + 1;
				changed = 1;
				i = k + 1;
				continue;
			}
		}
		/* bare ampersand */
		buf_add(&b, s + last, at - last);
		buf_adds(&b, "&amp;");
		last = at + 1;
		changed = 1;
		i = at + 1;
	}
	free(E.t);
	if (!changed) {
		buf_free(&b);
		return NULL;
	}
	buf_add(&b, s + last, n - last);
	*outlen = b.len;
	return buf_steal(&b);
}

static xmlParserInputPtr
deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

void
feed_xml_harden(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	xmlInitParser();
	xmlSetExternalEntityLoader(deny_loader);
}

static void
silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* How the last read_xml ended early, if it did: libxml2 stops at its
 * depth limit (256 elements, XML_PARSE_HUGE not given) and when an
 * allocation fails, and keeps what it read so far. */
enum { CUT_NONE, CUT_DEPTH, CUT_MEMORY };
static int read_cut;

#define XML_OPTS (XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | \
	XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC | XML_PARSE_COMPACT)

int
feed_xml_options(void)
{
	return XML_OPTS;
}

static xmlDocPtr
read_xml(const char *s, size_t n, const char *url, int *wellformed)
{
	xmlParserCtxtPtr pc = xmlNewParserCtxt();
	read_cut = pc ? CUT_NONE : CUT_MEMORY;
	if (!pc)
		return NULL;
	xmlDocPtr doc = xmlCtxtReadMemory(pc, s, (int)n, url, "UTF-8", XML_OPTS);
	*wellformed = pc->wellFormed;
	read_cut = pc->errNo == XML_ERR_NO_MEMORY ? CUT_MEMORY :
	    pc->errNo == XML_ERR_INTERNAL_ERROR && pc->lastError.message &&
	    strstr(pc->lastError.message, "depth") ? CUT_DEPTH : CUT_NONE;
	xmlFreeParserCtxt(pc);
	return doc;
}

/* Next "<tag" start (followed by blank, '>' or '/') at or after i,
 * outside CDATA sections and comments; n if none. */
static size_t
find_tag(const char *s, size_t n, size_t i, const char *tag)
{
	size_t tl = strlen(tag);
	while (i < n) {
		const char *lt = memchr(s + i, '<', n - i);
		if (!lt)
			return n;
		size_t at = (size_t)(lt - s);
		if (n - at >= 9 && !memcmp(lt, "<![CDATA[", 9)) {
			const char *e = mem_find(lt, n - at, "]]>", 3);
			i = e ? (size_t)(e - s) + 3 : n;
			continue;
		}
		if (n - at >= 4 && !memcmp(lt, "<!--", 4)) {
			const char *e = mem_find(lt, n - at, "-->", 3);
			i = e ? (size_t)(e - s) + 3 : n;
			continue;
		}
		if (n - at > tl + 1 && !memcmp(lt + 1, tag, tl)) {
			char c = lt[1 + tl];
			if (c == ' ' || c == '>' || c == '/' || c == '\n' || c == '\t' || c == '\r')
				return at;
		}
		i = at + 1;
	}
	return n;
}

static xmlNode *
find_element(xmlNode *n, const char *name, int depth)
{
	for (; n; n = n->next) {
		if (is_el(n, name))
			return n;
		if (n->type == XML_ELEMENT_NODE && depth < 3) {
			xmlNode *f = find_element(n->children, name, depth + 1);
			if (f)
				return f;
		}
	}
	return NULL;
}

/* A feed that is not well-formed: libxml2's recovery can swallow every
 * entry after the first broken one (an unclosed <b> in a title nests the
 * rest of the feed inside it). Parse each entry on its own instead,
 * inside a copy of the root start tag (for its namespaces), so that a
 * broken entry only spoils itself. The first skip entries are passed
 * over (stream_feed has read them). */
static long
parse_entries_one_by_one(struct parse_ctx *ctx, const char *s, size_t n,
    const char *rootname, const char *tag, int atom, long skip)
{
	size_t r = find_tag(s, n, 0, rootname);
	if (r >= n)
		return -1;
	const char *gt = memchr(s + r, '>', n - r);
	if (!gt)
		return -1;
	size_t rootlen = (size_t)(gt - (s + r)) + 1;
	if (rootlen >= 2 && s[r + rootlen - 2] == '/')
		return -1;
	long count = 0;
	char closing[64];
	snprintf(closing, sizeof closing, "</%s>", tag);
	size_t i = find_tag(s, n, r + rootlen, tag);
	while (i < n) {
		size_t next = find_tag(s, n, i + 1, tag);
		if (skip > 0) {
			skip--;
			i = next;
			continue;
		}
		const char *close = mem_find(s + i, next - i, closing, strlen(closing));
		size_t end = close ? (size_t)(close - s) + strlen(closing) : next;
		struct buf b;
		buf_init(&b);
		buf_add(&b, s + r, rootlen);
		buf_add(&b, s + i, end - i);
		if (!close)
			buf_adds(&b, closing);
		buf_printf(&b, "</%s>", rootname);
		int wf;
		xmlDocPtr doc = read_xml(b.data, b.len, ctx->base_url, &wf);
		buf_free(&b);
		if (read_cut == CUT_MEMORY) {
			xmlFreeDoc(doc);        /* the memory back before the jump */
			xalloc_failed();
		}
		if (doc) {
			xmlNode *e = find_element(xmlDocGetRootElement(doc), tag, 0);
			if (e) {
				ctx->text_cut = read_cut == CUT_DEPTH;
				parse_entry(ctx, e, atom);
				ctx->text_cut = 0;
				count++;
			}
			xmlFreeDoc(doc);
			ctx->mastodon_parent = NULL;    /* a node of the freed tree */
		}
		i = next;
	}
	return count;
}

/* The root's qualified name, to find it in the text again. */
static void
root_qname(const xmlNode *root, char *buf, size_t n)
{
	if (root->ns && root->ns->prefix)
		snprintf(buf, n, "%s:%s", root->ns->prefix, (const char *)root->name);
	else
		snprintf(buf, n, "%s", (const char *)root->name);
}

/* The channel of an RSS document: the root when it is <channel>, else
 * its first <channel> child, or NULL. */
static xmlNode *
feed_channel(xmlNode *root)
{
	if (!strcmp((const char *)root->name, "channel"))
		return root;
	for (xmlNode *c = root->children; c; c = c->next)
		if (is_plain(c, "channel"))
			return c;
	return NULL;
}

/* Documents given to libxml2 (after slicing) of this size or more are
 * read entry by entry (stream_feed); smaller ones as one tree, which
 * costs about ten times their size for a time. */
#ifndef FEED_STREAM_MIN
#define FEED_STREAM_MIN ((size_t)2 << 20)
#endif

/* s without its <TAG ...>...</TAG> elements, found by the text (outside
 * CDATA sections and comments): malloc'd, or s itself when it has none.
 * NULL when the end of one cannot be told from the text: no end tag, or
 * another start before it (nested or empty elements). */
static const char *
cut_elements(const char *s, size_t n, const char *tag, size_t *outlen)
{
	char closing[16];
	snprintf(closing, sizeof closing, "/%s", tag);
	size_t last = 0, i = find_tag(s, n, 0, tag);
	*outlen = n;
	if (i >= n)
		return s;
	struct buf b;
	buf_init(&b);
	while (i < n) {
		size_t next = find_tag(s, n, i + 1, tag);
		size_t close = find_tag(s, n, i + 1, closing);
		const char *gt = close < n ? memchr(s + close, '>', n - close) : NULL;
		if (!gt || next < close) {
			buf_free(&b);
			return NULL;
		}
		buf_add(&b, s + last, i - last);
		last = (size_t)(gt - s) + 1;
		i = next;
	}
	buf_add(&b, s + last, n - last);
	*outlen = b.len;
	return buf_steal(&b);
}

void
feed_reader_error(void *arg, struct _xmlError *e)
{
	if (e && e->code == XML_ERR_NO_MEMORY)
		*(int *)arg = 2;
	else if (e && e->level == XML_ERR_FATAL && !*(int *)arg)
		*(int *)arg = 1;
}

/* A large document, entry by entry: libxml2's reader expands one entry
 * at a time and frees it once read, so memory follows the largest entry,
 * not the document. The feed's own fields come first from the document
 * without its entries (cut_elements), parsed as a tree: small, and whole,
 * so that channel fields written after the items still reach every item.
 * Each entry is read with that tree's channel (or root) as its parent:
 * the context (xml:base, xml:lang, the channel's generator and title) it
 * has in the whole tree.
 *
 * What differs from the tree: entries come in document order (the tree
 * reads the channel's items before items beside it); and a document
 * found not well-formed in the stream has only its remaining entries
 * parsed one by one (parse_entries_one_by_one), the ones before stay as
 * read. A document without its entries that is not well-formed, or whose
 * entries cannot be cut out by the text, is read as one tree (-2). Out
 * of memory: -3, everything freed, for the caller to give up the
 * document (xalloc_failed). */
static long
stream_feed(struct parse_ctx *ctx, const char *s, size_t n, const char **why)
{
	size_t l1, l2;
	const char *m1 = cut_elements(s, n, "item", &l1);
	if (!m1)
		return -2;
	const char *m2 = cut_elements(m1, l1, "entry", &l2);
	if (m1 != s && m1 != m2)
		free((char *)m1);
	if (!m2)
		return -2;
	int wf = 0;
	xmlDocPtr meta = read_xml(m2, l2, ctx->base_url, &wf);
	if (m2 != s)
		free((char *)m2);
	xmlNode *root = meta ? xmlDocGetRootElement(meta) : NULL;
	const char *rn = root ? (const char *)root->name : "";
	int atom = !strcmp(rn, "feed");
	if (!root || !wf || (!atom && strcmp(rn, "rss") && strcmp(rn, "channel") &&
	    strcmp(rn, "RDF"))) {
		xmlFreeDoc(meta);
		return -2;
	}
	xmlTextReaderPtr r = xmlReaderForMemory(s, (int)n, ctx->base_url, "UTF-8", XML_OPTS);
	if (!r) {
		xmlFreeDoc(meta);
		return -3;
	}
	int fatal = 0;
	xmlTextReaderSetStructuredErrorHandler(r, feed_reader_error, &fatal);
	set_doc_ns(root);
	char qname[80];
	root_qname(root, qname, sizeof qname);
	xmlNode *chan = atom ? root : feed_channel(root);
	if (chan)
		feed_meta(ctx, chan, atom);

	long before = (long)ctx->nitems, done = 0;
	int chan_seen = chan == root;
	int rc = xmlTextReaderRead(r);
	while (rc == 1 && !fatal) {
		int depth = xmlTextReaderDepth(r);
		xmlNode *c = xmlTextReaderCurrentNode(r);
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || depth == 0 || !c) {
			rc = xmlTextReaderRead(r);
			continue;
		}
		/* only the root and the first channel are entered: an element
		 * at depth 2 is a child of that channel */
		xmlNode *parent = NULL;
		if (atom) {
			if (depth == 1 && (is_atom(c, "entry") ||
			    (ns_of(root) == NS_NONE && is_el(c, "entry"))))
				parent = root;
		} else if (depth == 1 && !chan_seen && is_plain(c, "channel")) {
			chan_seen = 1;
			rc = xmlTextReaderRead(r);
			continue;
		} else if (is_plain(c, "item")) {
			parent = depth == 1 ? root : chan;
		}
		if (!parent) {
			rc = xmlTextReaderNext(r);
			continue;
		}
		xmlNode *e = xmlTextReaderExpand(r);
		if (!e || fatal)
			break;
		xmlNode *own = e->parent;
		e->parent = parent;
		parse_entry(ctx, e, atom);
		e->parent = own;
		done++;
		rc = xmlTextReaderNext(r);
	}
	if (rc < 0 && !fatal)
		fatal = 1;
	xmlFreeTextReader(r);
	if (fatal == 2) {
		ctx->mastodon_parent = NULL;
		xmlFreeDoc(meta);
		return -3;
	}
	if (fatal)
		parse_entries_one_by_one(ctx, s, n, qname, atom ? "entry" : "item", atom, done);
	ctx->mastodon_parent = NULL;    /* a node of the freed tree */
	xmlFreeDoc(meta);
	return (long)ctx->nitems - before;
}

long
feed_parse_xml(struct parse_ctx *ctx, const char *s, size_t n, const char **why)
{
	feed_xml_harden();
	*why = NULL;
	if (n > 0x7fffffff) {
		*why = "document too large";
		return -1;
	}
	/* Skip a UTF-8 BOM: the text is UTF-8 whatever it declares. */
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		s += 3;
		n -= 3;
	}
	xmlSetGenericErrorFunc(NULL, silent);
	size_t fixedlen = 0;
	int ent_cut;
	char *fixed = fix_entities(s, n, &fixedlen, &ent_cut);
	if (ent_cut) {
		parse_warn(ctx, "entities expand to more than %zu bytes (5 times the "
		    "document, plus 1 MiB): the references past that are left out", ENT_ROOM(n));
		ctx->nfailed++;
	}
	if (fixed) {
		s = fixed;
		n = fixedlen;
	}
	size_t slicedlen = 0;
	char *sliced = slice_text(s, n, &slicedlen, why);
	if (*why) {
		free(fixed);
		return -1;
	}
	if (sliced) {
		s = sliced;
		n = slicedlen;
	}
	if (n >= FEED_STREAM_MIN) {
		long r = stream_feed(ctx, s, n, why);
		if (r == -3) {
			slice_done();
			free(sliced);
			free(fixed);
			xalloc_failed();
		}
		if (r != -2) {
			slice_done();
			free(sliced);
			free(fixed);
			return r;
		}
	}
	int wellformed = 0;
	xmlDocPtr doc = read_xml(s, n, ctx->base_url, &wellformed);
	if (read_cut == CUT_MEMORY) {
		/* the memory back before the jump: the message and the error
		 * record need some */
		xmlFreeDoc(doc);
		slice_done();
		free(sliced);
		free(fixed);
		xalloc_failed();
	}
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		*why = doc ? "not XML (no root element)" : "not XML";
		xmlFreeDoc(doc);
		slice_done();
		free(sliced);
		free(fixed);
		return -1;
	}
	long before = (long)ctx->nitems;
	/* the tree itself is cut: its items say so when they come from it */
	int cut = read_cut == CUT_DEPTH;
	const char *rn = (const char *)root->name;
	set_doc_ns(root);
	char qname[80];
	root_qname(root, qname, sizeof qname);
	if (!strcmp(rn, "rss") || !strcmp(rn, "channel") || !strcmp(rn, "RDF")) {
		xmlNode *chan = feed_channel(root);
		if (chan)
			feed_meta(ctx, chan, 0);
		if (wellformed || parse_entries_one_by_one(ctx, s, n, qname, "item", 0, 0) < 0) {
			/* Items inside the channel (RSS 2.0) or beside it (RSS
			 * 1.0, and some 0.9x feeds). */
			ctx->text_cut = cut;
			for (int pass = 0; pass < 2; pass++) {
				xmlNode *parent = pass == 0 ? chan : root;
				if (!parent || (pass == 1 && parent == chan))
					continue;
				for (xmlNode *c = parent->children; c; c = c->next)
					if (is_plain(c, "item"))
						parse_entry(ctx, c, 0);
			}
		}
	} else if (!strcmp(rn, "feed")) {
		feed_meta(ctx, root, 1);
		if (wellformed || parse_entries_one_by_one(ctx, s, n, qname, "entry", 1, 0) < 0) {
			ctx->text_cut = cut;
			for (xmlNode *c = root->children; c; c = c->next)
				if (is_atom(c, "entry") || (ns_of(root) == NS_NONE && is_el(c, "entry")))
					parse_entry(ctx, c, 1);
		}
	} else {
		static char msg[96];
		snprintf(msg, sizeof msg, "root element <%.40s> is not a feed", rn);
		*why = msg;
		xmlFreeDoc(doc);
		slice_done();
		free(sliced);
		free(fixed);
		return -1;
	}
	xmlFreeDoc(doc);
	ctx->mastodon_parent = NULL;
	ctx->text_cut = 0;
	slice_done();
	free(sliced);
	free(fixed);
	return (long)ctx->nitems - before;
}

int
feed_sniff(const char *s, size_t n)
{
	size_t i = 0;
	int xmldecl = 0;
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		i = 3;
	for (;;) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
			i++;
		if (i >= n)
			return 0;
		if (s[i] == '{' || s[i] == '[')
			return 'J';
		if (s[i] != '<')
			return 0;
		/* skip prolog, comments, processing instructions, doctype */
		if (n - i >= 4 && !strncmp(s + i, "<!--", 4)) {
			const char *e = mem_find(s + i, n - i, "-->", 3);
			if (!e)
				return 0;
			i = (size_t)(e - s) + 3;
			continue;
		}
		if (n - i >= 2 && s[i + 1] == '?') {
			if (n - i >= 5 && !strncmp(s + i, "<?xml", 5))
				xmldecl = 1;
			const char *e = mem_find(s + i, n - i, "?>", 2);
			if (!e)
				return 0;
			i = (size_t)(e - s) + 2;
			continue;
		}
		if (n - i >= 9 && !ascii_ncasecmp(s + i, "<!doctype", 9)) {
			if (n - i >= 14 && !ascii_ncasecmp(s + i + 9, " html", 5))
				return 'H';
			const char *e = memchr(s + i, '>', n - i);
			if (!e)
				return 0;
			/* internal subset: skip to "]>" */
			const char *br = memchr(s + i, '[', (size_t)(e - s) - i);
			if (br) {
				const char *e2 = mem_find(br, n - (size_t)(br - s), "]>", 2);
				if (!e2)
					return 'F';
				e = e2 + 1;
			}
			i = (size_t)(e - s) + 1;
			continue;
		}
		const char *t = s + i + 1;
		size_t left = n - i - 1;
		/* an optional prefix: rdf:RDF, atom:feed */
		const char *colon = memchr(t, ':', left < 32 ? left : 32);
		const char *gt = memchr(t, '>', left < 32 ? left : 32);
		const char *sp = memchr(t, ' ', left < 32 ? left : 32);
		if (colon && (!gt || colon < gt) && (!sp || colon < sp))
			t = colon + 1, left = n - (size_t)(t - s);
		static const char *const feeds[] = { "rss", "feed", "RDF", "channel",
			"urlset", "sitemapindex", NULL };
		for (int k = 0; feeds[k]; k++) {
			size_t l = strlen(feeds[k]);
			if (left > l && !strncmp(t, feeds[k], l) &&
			    (t[l] == ' ' || t[l] == '>' || t[l] == '\n' || t[l] == '\r' ||
			    t[l] == '\t' || t[l] == '/'))
				return k < 4 ? 'F' : 'S';
		}
		/* An XML document with another root (svg, opml...) goes to the
		 * feed parser, which says what it is; markup without an XML
		 * declaration is HTML. */
		if (xmldecl && ascii_ncasecmp(t, "html", 4))
			return 'F';
		return 'H';
	}
}

/* ---- JSON Feed 1.0 / 1.1 ---- */

int
feed_is_jsonfeed(const cJSON *doc)
{
	const char *v = rec_str(doc, "version");
	return v && (ascii_startswith(v, "https://jsonfeed.org/version/") ||
	    ascii_startswith(v, "http://jsonfeed.org/version/"));
}

static const char *
jstr(const cJSON *o, const char *k)
{
	return o ? rec_str(o, k) : NULL;
}

long
feed_parse_jsonfeed(struct parse_ctx *ctx, const cJSON *doc)
{
	cJSON *src = cJSON_CreateObject();
	if (!ctx->url && jstr(doc, "feed_url") && url_is_web(jstr(doc, "feed_url"), 0)) {
		free(ctx->own_url);
		ctx->own_url = xstrdup(jstr(doc, "feed_url"));
		ctx->url = ctx->own_url;
		if (!ctx->base_url || ascii_startswith(ctx->base_url, "file:"))
			ctx->base_url = ctx->own_url;
	}
	item_set_text(src, F_SOURCE_TITLE, jstr(doc, "title"), 0);
	item_set_url(ctx, src, F_SOURCE_SITE, NULL, jstr(doc, "home_page_url"));
	parse_set_source(ctx, src);
	if (jstr(doc, "language")) {
		free(ctx->feed_lang);
		ctx->feed_lang = xstrdup(jstr(doc, "language"));
	}
	const cJSON *feed_authors = cJSON_GetObjectItemCaseSensitive(doc, "authors");
	const cJSON *feed_author = cJSON_GetObjectItemCaseSensitive(doc, "author");
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(doc, "items");
	long count = 0;
	if (!cJSON_IsArray(items))
		return 0;
	for (const cJSON *it = items->child; it; it = it->next) {
		if (!cJSON_IsObject(it))
			continue;
		cJSON *item = cJSON_CreateObject();
		const cJSON *idv = cJSON_GetObjectItemCaseSensitive(it, "id");
		char idbuf[64];
		const char *guid = NULL;
		if (cJSON_IsString(idv))
			guid = idv->valuestring;
		else if (cJSON_IsNumber(idv)) {
			snprintf(idbuf, sizeof idbuf, "%.17g", idv->valuedouble);
			guid = idbuf;
		}
		item_set_url(ctx, item, F_URL, NULL, jstr(it, "url"));
		if (!rec_str(item, F_URL))
			item_set_url(ctx, item, F_URL, NULL, jstr(it, "external_url"));
		item_set_text(item, F_TITLE, jstr(it, "title"), 1);
		if (jstr(it, "content_text"))
			item_set_text(item, F_CONTENT, jstr(it, "content_text"), 0);
		else
			item_set_text(item, F_CONTENT, jstr(it, "content_html"), 1);
		item_set_text(item, F_SUMMARY, jstr(it, "summary"), 0);
		item_set_date(ctx, item, F_PUBLISHED, jstr(it, "date_published"));
		item_set_date(ctx, item, F_UPDATED, jstr(it, "date_modified"));
		item_set_url(ctx, item, F_IMAGE, NULL, jstr(it, "image"));
		if (!rec_str(item, F_IMAGE))
			item_set_url(ctx, item, F_IMAGE, NULL, jstr(it, "banner_image"));
		if (jstr(it, "language"))
			rec_set_str(item, F_LANG, jstr(it, "language"));
		const cJSON *authors = cJSON_GetObjectItemCaseSensitive(it, "authors");
		const cJSON *author = cJSON_GetObjectItemCaseSensitive(it, "author");
		if (!authors && !author) {
			authors = feed_authors;
			author = feed_author;
		}
		const cJSON *a = cJSON_IsArray(authors) ? authors->child : author;
		if (cJSON_IsObject(a))
			item_set_text(item, F_AUTHOR, jstr(a, "name"), 0);
		const cJSON *tags = cJSON_GetObjectItemCaseSensitive(it, "tags");
		if (cJSON_IsArray(tags))
			for (const cJSON *t = tags->child; t; t = t->next)
				if (cJSON_IsString(t))
					add_category(item, t->valuestring);
		const cJSON *att = cJSON_GetObjectItemCaseSensitive(it, "attachments");
		if (cJSON_IsArray(att))
			for (const cJSON *e = att->child; e; e = e->next) {
				if (!jstr(e, "url"))
					continue;
				char len[32] = "";
				const cJSON *sz = cJSON_GetObjectItemCaseSensitive(e, "size_in_bytes");
				if (cJSON_IsNumber(sz))
					snprintf(len, sizeof len, "%.0f", sz->valuedouble);
				char *u = url_resolve(ctx->base_url, jstr(e, "url"));
				cJSON *arr = cJSON_GetObjectItemCaseSensitive(item, F_ENCLOSURES);
				if (!arr) {
					arr = cJSON_CreateArray();
					cJSON_AddItemToObject(item, F_ENCLOSURES, arr);
				}
				cJSON *o = cJSON_CreateObject();
				rec_set_str(o, F_ENC_URL, u ? u : jstr(e, "url"));
				rec_set_str(o, F_ENC_TYPE, jstr(e, "mime_type"));
				if (*len)
					rec_set_num(o, F_ENC_LENGTH, atof(len));
				cJSON_AddItemToArray(arr, o);
				free(u);
			}
		item_emit(ctx, item, guid);
		count++;
	}
	return count;
}
