/* extract.c — see extract.h. The article item is assembled here from the
 * metadata (extract_meta.c) and the main text (extract_body.c). */
#include "extract.h"
#include "extract_int.h"
#include "date.h"
#include "fields.h"
#include "html.h"
#include "record.h"
#include "url.h"
#include "utf8.h"
#include "util.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Input checks */

/* Why the bytes cannot be an HTML page, or NULL. */
static const char *refuse(const char *s, size_t n)
{
	if (n > EXTRACT_MAX_BYTES)
		return "document too large";
	size_t i = 0;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (i == n)
		return "empty document";
	/* Binary data: control bytes or replacement characters in the
	 * first 16 KiB (the text is UTF-8 already). */
	size_t m = n < 16384 ? n : 16384, bad = 0, chars = 0;
	for (i = 0; i < m; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xC0) != 0x80)
			chars++;
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
			bad++;
		else if (c == 0xEF && i + 2 < m && (unsigned char)s[i + 1] == 0xBF &&
		    (unsigned char)s[i + 2] == 0xBD)
			bad++;
	}
	if (chars && bad * 20 > chars)
		return "binary data, not an HTML page";
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Pre-parse: the text of <script> and <style> elements is more than half
 * of the bytes of a news page, and libxml2 reads it slowly (about half of
 * the time of a page goes into its parser); it is dropped before parsing
 * (JSON-LD scripts are kept, for the metadata), and so are comments,
 * closed inline <svg> elements and the attributes nothing here reads.
 * The scan follows the HTML tokenizer closely enough: tags are read with
 * their quoted attribute values, raw text ends at the matching end tag,
 * "<script/>" is empty as libxml2 takes it, a tag that does not read
 * cleanly is copied as it is. */

static int ci_eq(const char *p, const char *e, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(e - p) < n)
		return 0;
	return ascii_ncasecmp(p, word, n) == 0;
}

/* isspace() of the C locale, without a call per byte. */
static int is_sp(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* End of a tag starting at p ("<..."): the '>' (or e), quotes honoured. */
static const char *tag_end(const char *p, const char *e)
{
	for (p++; p < e; p++) {
		if (*p == '>')
			return p;
		if ((*p == '"' || *p == '\'') && (p[-1] == '=' || is_sp((unsigned char)p[-1]))) {
			/* a quoted value (long ones: srcset, data-*) */
			const char *q = memchr(p + 1, *p, (size_t)(e - p - 1));
			if (!q)
				return e;
			p = q;
		}
	}
	return e;
}

static const char *find_end_tag(const char *p, const char *e, const char *name)
{
	size_t n = strlen(name);
	while (p < e && (p = memchr(p, '<', (size_t)(e - p))) != NULL) {
		if (e - p > (ptrdiff_t)(n + 2) && p[1] == '/' && ci_eq(p + 2, e, name) &&
		    (isspace((unsigned char)p[2 + n]) || p[2 + n] == '>' || p[2 + n] == '/'))
			return p;
		p++;
	}
	return e;
}

/* Attributes the extraction reads; the others (data-*, srcset, event
 * handlers, sizes...) are dropped before parsing. */
static int attr_wanted(const char *a, size_t n)
{
#define K(s) { s, sizeof s - 1 }
	static const struct {
		const char *s;
		size_t len;
	} keep[] = {
		K("class"), K("id"), K("style"), K("hidden"), K("aria-hidden"),
		K("role"), K("itemprop"), K("href"), K("rel"), K("name"),
		K("property"), K("content"), K("http-equiv"), K("charset"),
		K("datetime"), K("pubdate"), K("type"), K("lang"), K("xml:lang"),
		K("title"),
	};
#undef K
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
		if (keep[i].len == n && (a[0] | 0x20) == keep[i].s[0] &&
		    ascii_ncasecmp(keep[i].s, a, n) == 0)
			return 1;
	return 0;
}

/* buf_add for the small pieces of a tag: strip_raw_text makes room for
 * the whole page at once, so this is mostly a copy. */
static void put(struct buf *out, const char *p, size_t n)
{
	if (out->cap - out->len <= n) {
		buf_add(out, p, n);
		return;
	}
	memcpy(out->data + out->len, p, n);
	out->len += n;
	out->data[out->len] = '\0';
}

/* Write the start tag p..gt ('>' included) with only the wanted
 * attributes; a tag that does not read cleanly is copied as it is.
 * no_link: an <a> whose href and title nothing will read (an article
 * without --links: a fifth of what libxml2 would read otherwise). */
static void copy_tag(struct buf *out, const char *p, const char *name_end, const char *gt,
    int no_link)
{
	size_t start = out->len;
	put(out, p, (size_t)(name_end - p));
	const char *q = name_end;
	for (;;) {
		while (q < gt && (is_sp((unsigned char)*q) || *q == '/'))
			q++;
		if (q >= gt)
			break;
		const char *an = q;
		while (q < gt && !is_sp((unsigned char)*q) && *q != '/' && *q != '=' && *q != '>')
			q++;
		const char *ae = q;
		if (ae == an) {
			/* a stray '=': give up filtering */
			out->len = start;
			buf_add(out, p, (size_t)(gt + 1 - p));
			return;
		}
		const char *vs = q;
		while (q < gt && is_sp((unsigned char)*q))
			q++;
		if (q < gt && *q == '=') {
			q++;
			while (q < gt && is_sp((unsigned char)*q))
				q++;
			if (q < gt && (*q == '"' || *q == '\'')) {
				const char *c = memchr(q + 1, *q, (size_t)(gt - q - 1));
				if (!c) {
					out->len = start;
					buf_add(out, p, (size_t)(gt + 1 - p));
					return;
				}
				q = c + 1;
			} else {
				while (q < gt && !is_sp((unsigned char)*q))
					q++;
			}
		} else {
			q = vs;   /* a bare attribute: hidden, pubdate */
		}
		size_t an_len = (size_t)(ae - an);
		if (no_link && ((an_len == 4 && ascii_ncasecmp(an, "href", 4) == 0) ||
		    (an_len == 5 && ascii_ncasecmp(an, "title", 5) == 0)))
			continue;
		if (attr_wanted(an, an_len)) {
			put(out, " ", 1);
			put(out, an, (size_t)(q - an));
		}
	}
	if (gt[-1] == '/')
		put(out, "/", 1);
	put(out, ">", 1);
}

/* Returns the number of start tags, or -1 past EXTRACT_MAX_NODES (too
 * many elements to build a tree of at a sane memory cost). links: keep
 * the href and title of <a> elements. */
static long strip_raw_text(const char *s, size_t n, struct buf *out, int links)
{
	const char *p = s, *e = s + n, *copied = s, *svg_close = NULL;
	long tags = 0;
	buf_grow(out, n + 1);
	while (p < e && (p = memchr(p, '<', (size_t)(e - p))) != NULL) {
		if (e - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			/* comments: dropped */
			const char *c = p + 4;
			for (; c + 2 < e; c++)
				if (c[0] == '-' && c[1] == '-' && c[2] == '>')
					break;
			buf_add(out, copied, (size_t)(p - copied));
			p = copied = c + 3 <= e ? c + 3 : e;
			continue;
		}
		if (p + 1 >= e || !isalpha((unsigned char)p[1])) {
			p++;
			continue;
		}
		const char *name = p + 1, *ne = name;
		while (ne < e && (isalnum((unsigned char)*ne) || *ne == '-' || *ne == ':'))
			ne++;
		const char *gt = tag_end(p, e);
		if (gt >= e)
			break;
		if (++tags > EXTRACT_MAX_NODES)
			return -1;
		size_t nl = (size_t)(ne - name);
		int script = nl == 6 && ascii_ncasecmp(name, "script", 6) == 0;
		int style = nl == 5 && ascii_ncasecmp(name, "style", 5) == 0;
		int svg = nl == 3 && ascii_ncasecmp(name, "svg", 3) == 0;
		buf_add(out, copied, (size_t)(p - copied));
		copied = gt + 1;
		if (svg && gt[-1] != '/') {
			/* inline SVG: never text; dropped whole when it is closed.
			 * The next "</svg" is searched for again only once passed:
			 * a page of unclosed <svg> tags was a scan to its end each
			 * (100,000 of them: 24 s). */
			if (!svg_close || svg_close < gt + 1)
				svg_close = find_end_tag(gt + 1, e, "svg");
			const char *close = svg_close;
			if (close < e) {
				const char *cg = tag_end(close, e);
				p = copied = cg < e ? cg + 1 : e;
				continue;
			}
		}
		int keep = 0;
		if (script)
			for (const char *a = ne; a + 7 <= gt && !keep; a++)
				keep = (*a == 'l' || *a == 'L') &&
				    ascii_ncasecmp(a, "ld+json", 7) == 0;
		if ((script || style) && !keep && gt[-1] != '/') {
			/* scripts but JSON-LD, and styles: dropped whole when
			 * they are closed (the extraction removes them first) */
			const char *close = find_end_tag(gt + 1, e, script ? "script" : "style");
			if (close < e) {
				const char *cg = tag_end(close, e);
				p = copied = cg < e ? cg + 1 : e;
				continue;
			}
		}
		copy_tag(out, p, ne, gt, !links && nl == 1 && (*name == 'a' || *name == 'A'));
		p = gt + 1;
		if ((!script && !style) || gt[-1] == '/')
			continue;
		const char *close = find_end_tag(gt + 1, e, script ? "script" : "style");
		if (!keep)
			copied = close;
		p = close;
	}
	buf_add(out, copied, (size_t)(e - copied));
	return tags;
}

/* Parse, with the raw text stripped first. NULL and *why on failure. */
static htmlDocPtr parse_page(const struct parse_ctx *ctx, const char *html, size_t len,
    const char **why)
{
	struct buf b;
	buf_init(&b);
	htmlDocPtr doc = NULL;
	if (strip_raw_text(html, len, &b, ctx->want_links || ctx->links_only) < 0)
		*why = "too many elements";
	else if (!(doc = html_parse_document(b.data ? b.data : "", b.len, ctx->base_url)) ||
	    !xmlDocGetRootElement(doc))
		*why = "unreadable HTML";
	buf_free(&b);
	if (*why && doc) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}

/* ------------------------------------------------------------------ */
/* Text helpers */

static char *clean_line(const char *s)
{
	if (!s)
		return NULL;
	char *t = text_normalise_space(xstrdup(s));
	for (char *p = t; *p; p++)
		if (*p == '\n')
			*p = ' ';
	text_normalise_space(t);
	if (!*t) {
		free(t);
		return NULL;
	}
	return t;
}

/* Compare two strings ignoring case (ASCII), spaces and punctuation. */
static int same_words(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	for (;;) {
		while (*a && (unsigned char)*a < 0x80 && !isalnum((unsigned char)*a))
			a++;
		while (*b && (unsigned char)*b < 0x80 && !isalnum((unsigned char)*b))
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
}

/* "Headline | Site" -> "Headline" when the other part is the site name
 * (or, without a site name, a short part after the last separator). */
static char *strip_site(char *t, const char *site)
{
	static const char *const seps[] = {
		" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " • ", " / ", NULL
	};
	if (!t)
		return t;
	for (int i = 0; seps[i]; i++) {
		char *last = NULL;
		for (char *p = strstr(t, seps[i]); p; p = strstr(p + 1, seps[i]))
			last = p;
		if (last) {
			const char *tail = last + strlen(seps[i]);
			if ((site && same_words(tail, site)) ||
			    (site && strstr(site, tail))) {
				*last = 0;
				return t;
			}
		}
		/* "Site | Headline" */
		char *first = strstr(t, seps[i]);
		if (first && site) {
			char save = *first;
			*first = 0;
			int match = same_words(t, site);
			*first = save;
			if (match) {
				const char *rest = first + strlen(seps[i]);
				memmove(t, rest, strlen(rest) + 1);
				return t;
			}
		}
	}
	return t;
}

static char *clean_author(const char *s)
{
	char *a = clean_line(s);
	if (!a)
		return NULL;
	char *p = a;
	if (ascii_startswith(p, "by "))
		p += 3;
	else if (ascii_startswith(p, "par "))
		p += 4;
	else if (ascii_startswith(p, "von "))
		p += 4;
	if (p != a)
		memmove(a, p, strlen(p) + 1);
	str_trim(a);
	if (!*a || strlen(a) > 200) {
		free(a);
		return NULL;
	}
	return a;
}

/* BCP 47 tag from "en_US", "en-us", "fr, en": first tag, '-' separated. */
static char *clean_lang(const char *s)
{
	if (!s)
		return NULL;
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = 0;
	while (s[n] && (isalnum((unsigned char)s[n]) || s[n] == '-' || s[n] == '_'))
		n++;
	if (n < 2 || n > 35)
		return NULL;
	char *t = xstrndup(s, n);
	for (char *p = t; *p; p++)
		if (*p == '_')
			*p = '-';
	if (!isalpha((unsigned char)t[0]) || !isalpha((unsigned char)t[1])) {
		free(t);
		return NULL;
	}
	return t;
}

/* The first sentences of the text, about max bytes. */
static char *first_sentences(const char *text, size_t max)
{
	if (!text)
		return NULL;
	const char *end = strstr(text, "\n\n");
	size_t n = end ? (size_t)(end - text) : strlen(text);
	if (n <= max)
		return xstrndup(text, n);
	/* last sentence end before max */
	size_t cut = 0;
	for (size_t i = 40; i < max; i++) {
		if ((text[i] == '.' || text[i] == '!' || text[i] == '?') &&
		    (text[i + 1] == ' ' || text[i + 1] == '\n'))
			cut = i + 1;
		else if (i + 3 <= max && (unsigned char)text[i] == 0xE3 &&
		    (unsigned char)text[i + 1] == 0x80 && (unsigned char)text[i + 2] == 0x82)
			cut = i + 3;   /* 。 */
	}
	if (cut)
		return xstrndup(text, cut);
	size_t c = utf8_cut(text, n, max);
	while (c > 0 && text[c - 1] != ' ')
		c--;
	if (c == 0)
		c = utf8_cut(text, n, max);
	char *s = xstrndup(text, c);
	str_trim(s);
	char *r = xasprintf("%s…", s);
	free(s);
	return r;
}

/* Remove the first paragraph when it repeats the title. */
static void drop_title_para(char *text, const char *title)
{
	if (!text || !title)
		return;
	char *end = strstr(text, "\n\n");
	if (!end)
		return;
	*end = 0;
	int same = same_words(text, title);
	*end = '\n';
	if (same)
		memmove(text, end + 2, strlen(end + 2) + 1);
}

/* Pages built by scripts may hold their text only in the JSON-LD
 * articleBody: used when the page itself gives (almost) nothing. */
static void use_ld_body(struct xbody *b, const char *ld)
{
	size_t have = b->text ? strlen(b->text) : 0;
	if (!ld || have >= 250)
		return;
	char *t = html_looks_like_markup(ld) ? html_to_text(ld, strlen(ld)) :
	    text_normalise_space(xstrdup(ld));
	if (strlen(t) < 2 * have + 200) {
		free(t);
		return;
	}
	free(b->text);
	b->text = t;
	cJSON_Delete(b->links);   /* the links were those of the page */
	b->links = NULL;
}

/* ------------------------------------------------------------------ */
/* URLs */

/* Resolve and keep only http(s) URLs (malloc'd, or NULL). */
static char *web_url(const char *base, const char *ref)
{
	if (str_empty(ref))
		return NULL;
	char *u = url_resolve(base, ref);
	if (u && !url_safe(u)) {
		free(u);
		u = NULL;
	}
	return u;
}

/* The path of an http(s) URL is the root ("/" or empty)? */
static int is_root_url(const char *u)
{
	const char *p = strstr(u, "://");
	if (!p)
		return 0;
	p = strchr(p + 3, '/');
	return !p || !p[1] || p[1] == '?' || p[1] == '#';
}

/* Same URL up to the fragment? */
static int same_page(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	size_t la = strcspn(a, "#"), lb = strcspn(b, "#");
	return la == lb && strncmp(a, b, la) == 0;
}

/* The base for relative links: <base href> over the document URL. */
static char *doc_base(const struct parse_ctx *ctx, const struct xmeta *m)
{
	if (m->base_href) {
		char *u = url_resolve(ctx->base_url, m->base_href);
		if (u)
			return u;
	}
	return ctx->base_url ? xstrdup(ctx->base_url) : NULL;
}

/* ------------------------------------------------------------------ */
/* The item */

static void set_date_field(struct parse_ctx *ctx, cJSON *item, const char *key,
    const char *const *cands, size_t ncands)
{
	char buf[32];
	const char *first = NULL;
	for (size_t i = 0; i < ncands; i++) {
		if (str_empty(cands[i]))
			continue;
		if (!first)
			first = cands[i];
		if (date_normalise(cands[i], buf)) {
			rec_set_str(item, key, buf);
			return;
		}
	}
	if (first)
		item_set_date(ctx, item, key, first);   /* reports it */
}

static char *choose_site(const struct xmeta *m)
{
	return clean_line(m->site_name ? m->site_name :
	    m->ld_publisher ? m->ld_publisher : m->site_name2);
}

/* og:title, JSON-LD headline, the first <h1>, <title>: without the
 * site name around it. */
static char *choose_title(const struct xmeta *m)
{
	char *site = choose_site(m);
	const char *tsrc = m->og_title ? m->og_title : m->ld_headline ?
	    m->ld_headline : m->h1 ? m->h1 : m->doc_title;
	char *title = strip_site(clean_line(tsrc), site);
	if ((!title || !*title) && tsrc != m->doc_title) {
		free(title);
		title = strip_site(clean_line(m->doc_title), site);
	}
	free(site);
	if (title && !*title) {
		free(title);
		title = NULL;
	}
	return title;
}

static void fill_meta(struct parse_ctx *ctx, cJSON *item, struct xmeta *m,
    const char *base, const char *text)
{
	char *site_c = choose_site(m);

	/* url: canonical unless it is the site's home page */
	char *url = NULL;
	if (m->canonical) {
		url = web_url(base, m->canonical);
		if (url && is_root_url(url) && ctx->base_url && !is_root_url(ctx->base_url)) {
			free(url);
			url = NULL;
		}
	}
	if (url) {
		rec_set_str(item, F_URL, url);
		free(url);
	} else if (ctx->base_url) {
		rec_set_str(item, F_URL, ctx->base_url);
	}

	char *title = choose_title(m);
	rec_set_str(item, F_TITLE, title);

	char *author = NULL;
	const char *asrc[] = { m->ld_author, m->author, m->micro_author, m->rel_author,
		m->byline_author };
	for (size_t i = 0; i < sizeof asrc / sizeof asrc[0] && !author; i++)
		author = clean_author(asrc[i]);
	rec_set_str(item, F_AUTHOR, author);
	free(author);

	char udate[16];
	const char *page = ctx->url ? ctx->url : ctx->base_url;
	const char *pub[] = {
		m->ld_published, m->published, m->meta_date, m->time_pub,
		m->time_datetime, url_is_web(page, 0) ? xmeta_url_date(page, udate) : NULL,
	};
	set_date_field(ctx, item, F_PUBLISHED, pub, sizeof pub / sizeof pub[0]);
	const char *upd[] = { m->ld_updated, m->updated };
	set_date_field(ctx, item, F_UPDATED, upd, 2);
	/* an "updated" equal to or before "published" says nothing */
	const char *p = rec_str(item, F_PUBLISHED), *u = rec_str(item, F_UPDATED);
	if (p && u && strcmp(u, p) <= 0)
		rec_set(item, F_UPDATED, NULL);

	const char *ssrc = m->description ? m->description : m->og_description ?
	    m->og_description : m->ld_description;
	char *summary = NULL;
	if (!str_empty(ssrc)) {
		char *d = html_looks_like_markup(ssrc) ? html_to_text(ssrc, strlen(ssrc)) :
		    text_normalise_space(xstrdup(ssrc));
		/* some pages put the whole article there */
		summary = first_sentences(d, 600);
		free(d);
	}
	if (str_empty(summary)) {
		free(summary);
		summary = first_sentences(text, 320);
	}
	item_set_text(item, F_SUMMARY, summary, 0);
	free(summary);

	rec_set_str(item, F_CONTENT, text);

	char *img = web_url(base, m->image ? m->image : m->image2 ? m->image2 : m->ld_image);
	rec_set_str(item, F_IMAGE, img);
	free(img);

	/* <html lang>, the HTTP Content-Language of the fetch, <meta>... */
	const char *http_lang = NULL;
	const cJSON *hdr = ctx->carry ?
	    cJSON_GetObjectItemCaseSensitive(ctx->carry, F_HEADERS) : NULL;
	if (cJSON_IsObject(hdr))
		http_lang = rec_str(hdr, "content-language");
	char *lang = NULL;
	const char *lsrc[] = { m->lang, http_lang, m->meta_lang, m->og_locale, m->ld_lang };
	for (size_t i = 0; i < sizeof lsrc / sizeof lsrc[0] && !lang; i++)
		lang = clean_lang(lsrc[i]);
	rec_set_str(item, F_LANG, lang);
	free(lang);

	rec_set_str(item, F_SITE_NAME, site_c);
	free(site_c);
	free(title);
}

static cJSON *resolve_links(const cJSON *raw, const char *base, const char *page)
{
	if (!raw)
		return NULL;
	cJSON *out = cJSON_CreateArray();
	int n = 0;
	/* each once, REC_MAX_LIST at most (veille(7)): the check for a
	 * duplicate was quadratic on a page of 50,000 links (5 s) */
	for (const cJSON *h = raw->child; h && n < REC_MAX_LIST; h = h->next) {
		if (!cJSON_IsString(h))
			continue;
		const char *r = h->valuestring;
		while (*r == ' ' || *r == '\t' || *r == '\n')
			r++;
		if (*r == '#')
			continue;   /* in-page anchor */
		char *u = web_url(base, r);
		if (!u)
			continue;
		int dup = same_page(u, page);
		for (const cJSON *o = out->child; o && !dup; o = o->next)
			dup = strcmp(o->valuestring, u) == 0;
		if (!dup) {
			cJSON_AddItemToArray(out, cJSON_CreateString(u));
			n++;
		}
		free(u);
	}
	if (!out->child) {
		cJSON_Delete(out);
		return NULL;
	}
	return out;
}

int extract_article(struct parse_ctx *ctx, const char *html, size_t len)
{
	struct xmeta m;
	struct xbody b;
	memset(&m, 0, sizeof m);
	memset(&b, 0, sizeof b);
	const char *why = refuse(html, len);
	htmlDocPtr doc = NULL;
	if (!why)
		doc = parse_page(ctx, html, len, &why);
	if (!why) {
		xmeta_collect(doc, &m);
		xbody_extract(doc, ctx->want_links, &b);
		use_ld_body(&b, m.ld_body);
		if (!b.text)
			why = b.why ? b.why : "no text block found";
	}
	if (doc)
		xmlFreeDoc(doc);

	char *base = doc_base(ctx, &m);
	cJSON *item = cJSON_CreateObject();
	if (b.text) {
		char *title = choose_title(&m);
		drop_title_para(b.text, title);
		free(title);
		if (!*b.text) {
			free(b.text);
			b.text = NULL;
			why = "no text beyond the title";
		}
	}
	fill_meta(ctx, item, &m, base, b.text);
	if (b.text && ctx->want_links) {
		cJSON *links = resolve_links(b.links, base, rec_str(item, F_URL));
		rec_set(item, F_LINKS, links);
	}
	int rc = 0;
	if (!b.text) {
		char *msg = xasprintf("no main text found: %s", why);
		parse_warn(ctx, "%s", msg);
		rec_set_str(item, F_ERROR, msg);
		rec_set_str(item, F_ERROR_CODE, "no_main_text");
		free(msg);
		rc = -1;
	}
	item_emit(ctx, item, NULL);
	free(base);
	xmeta_free(&m);
	xbody_free(&b);
	return rc;
}

char *extract_main_text(const char *html, size_t len, const char *base_url)
{
	if (refuse(html, len))
		return NULL;
	struct parse_ctx ctx;
	parse_ctx_init(&ctx);
	ctx.base_url = base_url;
	const char *why = NULL;
	htmlDocPtr doc = parse_page(&ctx, html, len, &why);
	if (!doc)
		return NULL;
	struct xmeta m;
	struct xbody b;
	xmeta_collect(doc, &m);
	xbody_extract(doc, 0, &b);
	use_ld_body(&b, m.ld_body);
	xmlFreeDoc(doc);
	char *t = b.text;
	b.text = NULL;
	xbody_free(&b);
	xmeta_free(&m);
	return t;
}

/* ------------------------------------------------------------------ */
/* --links-only */

/* Host of u without "www." (malloc'd) or NULL. */
static char *site_host(const char *u)
{
	char *h = u ? url_host(u) : NULL;
	if (h && strncmp(h, "www.", 4) == 0)
		memmove(h, h + 4, strlen(h + 4) + 1);
	return h;
}

/* Same site: equal hosts, or one a subdomain of the other. */
static int same_site(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	size_t la = strlen(a), lb = strlen(b);
	if (la == lb)
		return strcmp(a, b) == 0;
	const char *l = la > lb ? a : b, *s = la > lb ? b : a;
	size_t ll = la > lb ? la : lb, ls = la > lb ? lb : la;
	return l[ll - ls - 1] == '.' && strcmp(l + ll - ls, s) == 0;
}

/* Paths that are never articles: sections, tags, authors, feeds,
 * accounts, legal pages, media files, pagination. */
static int path_is_furniture(const char *u)
{
	const char *p = strstr(u, "://");
	p = p ? strchr(p + 3, '/') : NULL;
	if (!p || !p[1] || p[1] == '?' || p[1] == '#')
		return 1;   /* home page */
	char path[512];
	size_t n = strcspn(p, "?#");
	if (n >= sizeof path)
		n = sizeof path - 1;
	for (size_t i = 0; i < n; i++)
		path[i] = (char)tolower((unsigned char)p[i]);
	path[n] = 0;
	static const char *const parts[] = {
		"/tag/", "/tags/", "/category/", "/categories/", "/author/",
		"/authors/", "/topic/", "/topics/", "/search", "/feed", "/rss",
		"/login", "/signin", "/sign-in", "/signup", "/register", "/account",
		"/subscribe", "/newsletter", "/about", "/contact", "/privacy",
		"/terms", "/cookie", "/legal", "/impressum", "/mentions-legales",
		"/advertis", "/careers", "/jobs/", "/page/", "/wp-login", "/cart",
		"/user/", "/users/", "/profile", "/share", "/print/", "/comments",
		"/wp-content/", "/cdn-cgi/", NULL
	};
	for (int i = 0; parts[i]; i++)
		if (strstr(path, parts[i]))
			return 1;
	static const char *const exts[] = {
		".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".pdf", ".zip",
		".mp3", ".mp4", ".css", ".js", ".xml", ".rss", ".atom", ".json",
		".ico", ".exe", ".dmg", ".gz", NULL
	};
	for (int i = 0; exts[i]; i++) {
		size_t le = strlen(exts[i]);
		if (n >= le && strcmp(path + n - le, exts[i]) == 0)
			return 1;
	}
	const char *q = strchr(u, '?');
	if (q && (strstr(q, "page=") || strstr(q, "replytocom=") || strstr(q, "share=")))
		return 1;
	return 0;
}

/* Does the path look like an article's (a date, a long id, a slug)? */
static int path_is_articleish(const char *u)
{
	char d[16];
	if (xmeta_url_date(u, d))
		return 1;
	const char *p = strstr(u, "://");
	p = p ? strchr(p + 3, '/') : NULL;
	if (!p)
		return 0;
	size_t n = strcspn(p, "?#");
	int digits = 0, maxdigits = 0, dashes = 0, maxdashes = 0;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (isdigit((unsigned char)c))
			digits++;
		else
			digits = 0;
		if (digits > maxdigits)
			maxdigits = digits;
		if (c == '-' || c == '_')
			dashes++;
		else if (c == '/')
			dashes = 0;
		if (dashes > maxdashes)
			maxdashes = dashes;
	}
	return maxdigits >= 5 || maxdashes >= 3;
}

/* Characters (not bytes) and words in s. */
static void count_text(const char *s, size_t *chars, size_t *words)
{
	*chars = *words = 0;
	int in = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) != 0x80)
			(*chars)++;
		if (isspace(*p))
			in = 0;
		else if (!in) {
			in = 1;
			(*words)++;
		}
	}
}

/* Inside page furniture (nav, footer...) by tag or role? */
static int in_furniture(const xmlNode *n)
{
	for (const xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
		if (xt_is(p, "nav") || xt_is(p, "footer") || xt_is(p, "menu") ||
		    xt_is(p, "header"))
			return 1;
		const char *r = xt_attr(p, "role");
		if (r && (!strcmp(r, "navigation") || !strcmp(r, "contentinfo") ||
		    !strcmp(r, "menu") || !strcmp(r, "menubar")))
			return 1;
	}
	return 0;
}

long extract_links(struct parse_ctx *ctx, const char *html, size_t len)
{
	const char *why = refuse(html, len);
	htmlDocPtr doc = NULL;
	if (!why)
		doc = parse_page(ctx, html, len, &why);
	if (why) {
		if (doc)
			xmlFreeDoc(doc);
		parse_warn(ctx, "no links: %s", why);
		return -1;
	}
	struct xmeta m;
	memset(&m, 0, sizeof m);
	xmlNode *root = xmlDocGetRootElement(doc);
	for (xmlNode *n = root; n; n = xt_next(n, root, 0))
		if (xt_is(n, "base")) {
			const char *h = xt_attr(n, "href");
			if (h)
				m.base_href = xstrdup(h);
			break;
		}
	char *base = doc_base(ctx, &m);
	char *home = site_host(ctx->base_url);
	/* url -> best title, in document order */
	cJSON *found = cJSON_CreateArray();
	long visited = 0;
	for (xmlNode *n = root; n && visited < 2000000; n = xt_next(n, root, 0), visited++) {
		if (!xt_is(n, "a"))
			continue;
		const char *href = xt_attr(n, "href");
		if (!href || !*href || href[0] == '#')
			continue;
		char *u = web_url(base, href);
		if (!u)
			continue;
		char *hash = strchr(u, '#');
		if (hash)
			*hash = 0;
		char *h = site_host(u);
		int ok = same_site(h, home) && !same_page(u, ctx->base_url) &&
		    !path_is_furniture(u);
		int same_host = h && home && strcmp(h, home) == 0;
		free(h);
		if (!ok) {
			free(u);
			continue;
		}
		struct buf tb;
		buf_init(&tb);
		xt_text(n, &tb);
		char *title = clean_line(tb.data ? tb.data : "");
		buf_free(&tb);
		if (!title) {
			const char *t = xt_attr(n, "title");
			title = clean_line(t ? t : "");
		}
		size_t chars = 0, words = 0;
		if (title)
			count_text(title, &chars, &words);
		/* Score: a headline-like text, an article-like path, outside
		 * the page furniture, on the page's own host. */
		int score = 0;
		if (words >= 7 || (title && chars >= 20 && chars * 2 < strlen(title)))
			score += 3;
		else if (words >= 4 || (title && chars >= 8 && chars * 2 < strlen(title)))
			score += 2;   /* CJK: few spaces, multibyte characters */
		else if (words >= 2)
			score += 1;
		if (path_is_articleish(u))
			score += 2;
		if (in_furniture(n))
			score -= 2;
		if (!same_host)
			score -= 1;
		if (score < 3 && !(title == NULL && path_is_articleish(u))) {
			free(u);
			free(title);
			continue;
		}
		cJSON *seen = NULL;
		if (cJSON_GetArraySize(found) >= 5000) {
			free(u);
			free(title);
			break;
		}
		for (cJSON *o = found->child; o; o = o->next)
			if (!strcmp(rec_str(o, F_URL), u)) {
				seen = o;
				break;
			}
		if (!seen) {
			seen = cJSON_CreateObject();
			rec_set_str(seen, F_URL, u);
			cJSON_AddItemToArray(found, seen);
		}
		const char *old = rec_str(seen, F_TITLE);
		if (title && (!old || strlen(title) > strlen(old)))
			rec_set_str(seen, F_TITLE, title);
		free(u);
		free(title);
	}
	xmlFreeDoc(doc);
	long count = 0;
	while (found->child) {
		cJSON *o = cJSON_DetachItemViaPointer(found, found->child);
		if (!rec_str(o, F_TITLE)) {
			cJSON_Delete(o);   /* an image link never given a title */
			continue;
		}
		cJSON *rec = cJSON_CreateObject();
		rec_set_str(rec, F_URL, rec_str(o, F_URL));
		rec_set_str(rec, F_KIND, "target");
		rec_set_str(rec, F_TITLE, rec_str(o, F_TITLE));
		cJSON_Delete(o);
		item_emit(ctx, rec, NULL);
		count++;
	}
	cJSON_Delete(found);
	free(base);
	free(home);
	xmeta_free(&m);
	return count;
}
