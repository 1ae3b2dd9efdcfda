/* sitemap.c — see sitemap.h.
 *
 * libxml2's reader goes through the document once; each <url> (or
 * <sitemap>) child of the root is expanded into a small tree, read and
 * written, then freed as the reader moves on, as lib/feed.c reads a large
 * feed (stream_feed), with the same hardened options (feed_xml_options:
 * no network, no DTD, no entity substitution: an entity reference in a
 * sitemap is left out, never expanded). Every text read is bounded, and
 * so are the keywords and enclosures of one URL: a hostile sitemap costs
 * time in proportion to its size, memory in proportion to its largest
 * <url>. */
#include "sitemap.h"
#include "feed.h"
#include "fields.h"
#include "gunzip.h"
#include "html.h"
#include "record.h"
#include "robots.h"
#include "strmap.h"
#include "url.h"
#include "util.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bounds of what one <url> gives. */
#define TEXT_MAX   (64 * 1024)  /* bytes of one text (title, description) */
#define TERMS_MAX  32           /* categories (keywords, video tags) */
#define ENCS_MAX   100          /* enclosures (images, videos) */

enum ext { EXT_NONE, EXT_SITEMAP, EXT_NEWS, EXT_IMAGE, EXT_VIDEO, EXT_OTHER };

/* Which vocabulary an element is from: by its namespace (sitemaps.org,
 * Google's older 0.84/0.9 ones, the news, image and video extensions),
 * else by a prefix left undeclared (news:title in a sitemap that forgot
 * its xmlns:news). *local: the name without that prefix. */
static enum ext
ext_of(const xmlNode *n, const char **local)
{
	const char *name = (const char *)n->name;
	*local = name;
	const char *href = n->ns && n->ns->href ? (const char *)n->ns->href : NULL;
	if (!href) {
		const char *colon = strchr(name, ':');
		if (!colon)
			return EXT_NONE;
		*local = colon + 1;
		size_t pl = (size_t)(colon - name);
		return pl == 4 && !memcmp(name, "news", 4) ? EXT_NEWS :
		    pl == 5 && !memcmp(name, "image", 5) ? EXT_IMAGE :
		    pl == 5 && !memcmp(name, "video", 5) ? EXT_VIDEO : EXT_OTHER;
	}
	/* the namespace of the last element asked about: a sitemap has a
	 * few, and its elements come in runs of one */
	static char last[256];
	static enum ext last_ext;
	if (last[0] && !strcmp(href, last))
		return last_ext;
	enum ext e = strstr(href, "sitemap-news") ? EXT_NEWS :
	    strstr(href, "sitemap-image") ? EXT_IMAGE :
	    strstr(href, "sitemap-video") ? EXT_VIDEO :
	    strstr(href, "sitemaps.org/schemas/sitemap") ||
	    strstr(href, "google.com/schemas/sitemap") ? EXT_SITEMAP : EXT_OTHER;
	if (strlen(href) < sizeof last) {
		strcpy(last, href);
		last_ext = e;
	}
	return e;
}

/* An element of the sitemap's own vocabulary (or of none) named name. */
static int
is_own(const xmlNode *n, const char *name)
{
	const char *local;
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	enum ext e = ext_of(n, &local);
	return (e == EXT_NONE || e == EXT_SITEMAP) && !strcmp(local, name);
}

/* The text of n's children (text and CDATA; entity references are not
 * expanded), at most TEXT_MAX bytes, cut at a character boundary;
 * malloc'd, or NULL when there is none. */
static char *
node_text(const xmlNode *n)
{
	struct buf b;
	buf_init(&b);
	for (const xmlNode *c = n->children; c && b.len < TEXT_MAX; c = c->next) {
		if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) || !c->content)
			continue;
		size_t l = strlen((const char *)c->content);
		if (l > TEXT_MAX - b.len) {
			l = TEXT_MAX - b.len;
			while (l > 0 && ((unsigned char)c->content[l] & 0xC0) == 0x80)
				l--;
		}
		buf_add(&b, c->content, l);
	}
	if (!b.len) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

static void
set_text(cJSON *item, const char *key, const xmlNode *n)
{
	if (rec_str(item, key))
		return;         /* the first source wins (news over video) */
	char *t = node_text(n);
	item_set_text(item, key, t, 0);
	free(t);
}

static void
set_date(struct parse_ctx *ctx, cJSON *item, const char *key, const xmlNode *n)
{
	if (rec_str(item, key))
		return;
	char *t = node_text(n);
	item_set_date(ctx, item, key, t);
	free(t);
}

/* What one <url> is building. */
struct entry {
	cJSON *item;
	int nterms, nencs;
};

/* Keywords ("a, b, c") or one video tag, as categories. */
static void
add_terms(struct entry *e, const xmlNode *n, int split)
{
	char *t = node_text(n);
	if (!t)
		return;
	for (char *p = t, *next; p && e->nterms < TERMS_MAX; p = next) {
		next = split ? strchr(p, ',') : NULL;
		if (next)
			*next++ = '\0';
		char *term = text_normalise_space(xstrdup(p));
		e->nterms += rec_add_unique(e->item, F_CATEGORIES, term);
		free(term);
	}
	free(t);
}

/* The enclosure's URL as added (owned by the item), or NULL. */
static const char *
add_enclosure(struct parse_ctx *ctx, struct entry *e, const xmlNode *n, const char *medium)
{
	char *ref = node_text(n);
	char *u = ref ? url_resolve(ctx->base_url, ref) : NULL;
	free(ref);
	if (!u || !url_safe(u) || e->nencs >= ENCS_MAX) {
		free(u);
		return NULL;
	}
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(e->item, F_ENCLOSURES);
	if (!arr) {
		arr = cJSON_CreateArray();
		cJSON_AddItemToObject(e->item, F_ENCLOSURES, arr);
	}
	for (const cJSON *o = arr->child; o; o = o->next)
		if (!strcmp(rec_str(o, F_ENC_URL), u)) {
			free(u);
			return NULL;
		}
	cJSON *o = cJSON_CreateObject();
	rec_set_owned(o, F_ENC_URL, u);
	rec_set_str(o, F_ENC_MEDIUM, medium);
	cJSON_AddItemToArray(arr, o);
	e->nencs++;
	return rec_str(o, F_ENC_URL);
}

static void
read_news(struct parse_ctx *ctx, struct entry *e, const xmlNode *news)
{
	const char *local;
	for (const xmlNode *c = news->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || ext_of(c, &local) != EXT_NEWS)
			continue;
		if (!strcmp(local, "title")) {
			set_text(e->item, F_TITLE, c);
		} else if (!strcmp(local, "publication_date")) {
			set_date(ctx, e->item, F_PUBLISHED, c);
		} else if (!strcmp(local, "keywords")) {
			add_terms(e, c, 1);
		} else if (!strcmp(local, "publication")) {
			for (const xmlNode *p = c->children; p; p = p->next) {
				if (p->type != XML_ELEMENT_NODE || ext_of(p, &local) != EXT_NEWS)
					continue;
				if (!strcmp(local, "name"))
					set_text(e->item, F_SITE_NAME, p);
				else if (!strcmp(local, "language"))
					set_text(e->item, F_LANG, p);
			}
		}
	}
}

static void
read_image(struct parse_ctx *ctx, struct entry *e, const xmlNode *img)
{
	const char *local;
	for (const xmlNode *c = img->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && ext_of(c, &local) == EXT_IMAGE &&
		    !strcmp(local, "loc")) {
			const char *u = add_enclosure(ctx, e, c, "image");
			if (u && !rec_str(e->item, F_IMAGE))
				rec_set_str(e->item, F_IMAGE, u);
		}
}

static void
read_video(struct parse_ctx *ctx, struct entry *e, const xmlNode *vid)
{
	const char *local;
	const xmlNode *content = NULL, *player = NULL;
	for (const xmlNode *c = vid->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || ext_of(c, &local) != EXT_VIDEO)
			continue;
		if (!strcmp(local, "content_loc"))
			content = c;
		else if (!strcmp(local, "player_loc"))
			player = c;
		else if (!strcmp(local, "thumbnail_loc") && !rec_str(e->item, F_IMAGE)) {
			char *t = node_text(c);
			item_set_url(ctx, e->item, F_IMAGE, NULL, t);
			free(t);
		} else if (!strcmp(local, "title"))
			set_text(e->item, F_TITLE, c);
		else if (!strcmp(local, "description"))
			set_text(e->item, F_SUMMARY, c);
		else if (!strcmp(local, "publication_date"))
			set_date(ctx, e->item, F_PUBLISHED, c);
		else if (!strcmp(local, "tag"))
			add_terms(e, c, 0);
	}
	/* the video file, else the page of its player */
	if (content || player)
		add_enclosure(ctx, e, content ? content : player, "video");
}

/* One <url>: an item (item_emit makes it a target with --links-only);
 * 0 when it has no usable <loc> and is left out. */
static int
read_url(struct parse_ctx *ctx, const xmlNode *u)
{
	struct entry e = { cJSON_CreateObject(), 0, 0 };
	const char *local;
	for (const xmlNode *c = u->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		switch (ext_of(c, &local)) {
		case EXT_NONE:
		case EXT_SITEMAP:
			if (!strcmp(local, "loc") && !rec_str(e.item, F_URL)) {
				char *t = node_text(c);
				item_set_url(ctx, e.item, F_URL, NULL, t);
				free(t);
			} else if (!strcmp(local, "lastmod")) {
				set_date(ctx, e.item, F_UPDATED, c);
			}
			break;
		case EXT_NEWS:
			if (!strcmp(local, "news"))
				read_news(ctx, &e, c);
			break;
		case EXT_IMAGE:
			if (!strcmp(local, "image"))
				read_image(ctx, &e, c);
			break;
		case EXT_VIDEO:
			if (!strcmp(local, "video"))
				read_video(ctx, &e, c);
			break;
		case EXT_OTHER:
			break;
		}
	}
	if (!url_safe(rec_str(e.item, F_URL))) {
		cJSON_Delete(e.item);
		return 0;
	}
	item_emit(ctx, e.item, NULL);
	return 1;
}

/* One <sitemap> of an index: a target for the child sitemap; 0 when it
 * has no usable <loc>. */
static int
read_child(struct parse_ctx *ctx, const xmlNode *s)
{
	cJSON *t = cJSON_CreateObject();
	for (const xmlNode *c = s->children; c; c = c->next) {
		if (is_own(c, "loc") && !rec_str(t, F_URL)) {
			char *u = node_text(c);
			item_set_url(ctx, t, F_URL, NULL, u);
			free(u);
		} else if (is_own(c, "lastmod")) {
			set_date(ctx, t, F_UPDATED, c);
		}
	}
	if (!url_safe(rec_str(t, F_URL))) {
		cJSON_Delete(t);
		return 0;
	}
	rec_set_str(t, F_KIND, "target");
	item_emit(ctx, t, NULL);
	return 1;
}

static char why_buf[160];

/* The reader's walk: the root, then each of its children. *broken: the
 * reader met an error (the document is not well-formed, or its gzip data
 * is bad): what came before was read. */
static long
read_stream(struct parse_ctx *ctx, xmlTextReaderPtr r, const char **why, int *broken)
{
	int err = 0, kind = 0;
	long before = (long)ctx->nitems, nentries = 0, nskipped = 0;
	xmlTextReaderSetStructuredErrorHandler(r, feed_reader_error, &err);
	int rc = xmlTextReaderRead(r);
	while (rc == 1 && err != 2) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) {
			rc = xmlTextReaderRead(r);
			continue;
		}
		int depth = xmlTextReaderDepth(r);
		xmlNode *n = xmlTextReaderCurrentNode(r);
		if (!n)
			break;
		if (depth == 0) {
			kind = is_own(n, "urlset") ? 'U' : is_own(n, "sitemapindex") ? 'I' : 0;
			if (!kind) {
				snprintf(why_buf, sizeof why_buf, "root element <%.40s> is not a sitemap",
				    (const char *)n->name);
				*why = why_buf;
				return -1;
			}
			rc = xmlTextReaderRead(r);
			continue;
		}
		if (depth != 1 || !is_own(n, kind == 'U' ? "url" : "sitemap")) {
			rc = xmlTextReaderNext(r);
			continue;
		}
		xmlNode *e = xmlTextReaderExpand(r);
		if (!e)
			break;
		nskipped += !(kind == 'U' ? read_url(ctx, e) : read_child(ctx, e));
		nentries++;
		rc = xmlTextReaderNext(r);
	}
	if (err == 2) {
		/* libxml2 says so of a text node over its 10 MB limit too */
		*why = "a text of the sitemap is over libxml2's limit (10 MB), or memory ran out";
		return -2;
	}
	if (!kind) {
		*why = err ? "not well-formed XML before its root element (entity loops and "
		    "bombs are refused)" : "not XML";
		return -1;
	}
	if (nskipped)
		parse_warn(ctx, "%ld sitemap entr%s without an http(s) <loc> left out", nskipped,
		    nskipped == 1 ? "y" : "ies");
	*broken = rc < 0 || err;
	if (*broken)
		snprintf(why_buf, sizeof why_buf, "sitemap not well-formed: read up to its "
		    "entry %ld, the rest is lost", nentries);
	return (long)ctx->nitems - before;
}

/* libxml2's input callbacks over a gunzip reader. */
static int
gz_read(void *arg, char *buf, int len)
{
	long k = gunzip_read(arg, buf, len > 0 ? (size_t)len : 0);
	return k < 0 ? -1 : (int)k;
}

static int
gz_close(void *arg)
{
	(void)arg;
	return 0;
}

long
sitemap_parse(struct parse_ctx *ctx, const char *s, size_t n, size_t max,
    const char **code, const char **why)
{
	feed_xml_harden();
	*code = "not_a_feed";
	*why = NULL;
	int opts = feed_xml_options();
	struct gunzip *g = NULL;
	xmlTextReaderPtr r;
	if (gunzip_is(s, n)) {
		g = gunzip_open(s, n, max);
		/* raw bytes: the encoding declaration counts */
		r = xmlReaderForIO(gz_read, gz_close, g, ctx->base_url, NULL,
		    opts & ~XML_PARSE_IGNORE_ENC);
	} else {
		if (n > 0x7fffffff) {
			*code = "too_large";
			*why = "document too large";
			return -1;
		}
		if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
			s += 3;
			n -= 3;
		}
		r = xmlReaderForMemory(s, (int)n, ctx->base_url, "UTF-8", opts);
	}
	if (!r) {
		gunzip_close(g);
		xalloc_failed();
	}
	int broken = 0;
	long count = read_stream(ctx, r, why, &broken);
	xmlFreeTextReader(r);
	int too_large = 0;
	const char *gerr = g ? gunzip_error(g, &too_large) : NULL;
	if (gerr) {
		snprintf(why_buf, sizeof why_buf, "%s%s", gerr,
		    count > 0 ? "; the URLs before it are kept" : "");
		*why = why_buf;
		*code = too_large ? "too_large" : "bad_body";
		count = -1;
	} else if (count == -2) {
		*code = "too_large";
		count = -1;
	} else if (broken && count >= 0) {
		/* recover mode read what it could; the rest is lost: said,
		 * and counted as a failure */
		parse_warn(ctx, "%s", why_buf);
		ctx->nfailed++;
	}
	gunzip_close(g);
	return count;
}

/* ---- robots.txt ---- */

/* The path of a web URL is /robots.txt (the path starts at the first
 * '/' after "scheme://host"); a file is named robots.txt. */
int
sitemap_is_robots(const struct parse_ctx *ctx)
{
	if (!ctx->url && ctx->file_url) {
		size_t n = strlen(ctx->file_url);
		return n >= 11 && !strcmp(ctx->file_url + n - 11, "/robots.txt");
	}
	const char *p = ctx->url ? strstr(ctx->url, "://") : NULL;
	p = p ? strchr(p + 3, '/') : NULL;
	return p && !strncmp(p, "/robots.txt", 11) && strchr("?#", p[11]);
}

struct robots_walk {
	struct parse_ctx *ctx;
	struct strmap *seen;
	long n;
};

static void
one_sitemap(const char *url, size_t len, void *arg)
{
	struct robots_walk *w = arg;
	if (len > TEXT_MAX)
		return;
	char *ref = xstrndup(url, len);
	cJSON *t = cJSON_CreateObject();
	item_set_url(w->ctx, t, F_URL, NULL, ref);
	free(ref);
	const char *u = rec_str(t, F_URL);
	int isnew = 0;
	if (!url_safe(u) || (strmap_put(w->seen, u, strlen(u), &isnew), !isnew)) {
		cJSON_Delete(t);
		return;
	}
	rec_set_str(t, F_KIND, "target");
	item_emit(w->ctx, t, NULL);
	w->n++;
}

long
sitemap_from_robots(struct parse_ctx *ctx, const char *s, size_t n)
{
	struct robots_walk w = { ctx, strmap_new(1), 0 };
	robots_sitemaps(s, n, one_sitemap, &w);
	if (!w.n)
		one_sitemap("/sitemap.xml", 12, &w);
	strmap_free(w.seen);
	return w.n ? w.n : -1;
}
