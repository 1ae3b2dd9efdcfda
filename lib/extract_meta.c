/* extract_meta.c — article metadata: <meta> tags (OpenGraph, Twitter,
 * Dublin Core, Parse.ly, Sailthru...), <link rel=canonical>, <html lang>,
 * microdata (itemprop), <time datetime>, and schema.org JSON-LD
 * (an object, an array, or an @graph; Article, NewsArticle, BlogPosting and
 * the other CreativeWork kinds). One walk over the document. */
#include "extract_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Replace *slot with a trimmed copy of v unless already set (first wins)
 * or v is empty. */
static void set_once(char **slot, const char *v)
{
	if (*slot || !v)
		return;
	while (*v && isspace((unsigned char)*v))
		v++;
	if (!*v)
		return;
	char *c = xstrdup(v);
	str_trim(c);
	*slot = c;
}

static int looks_like_url(const char *s)
{
	return s && (strstr(s, "://") || strncmp(s, "www.", 4) == 0 ||
	    s[0] == '/');
}

/* ---- JSON-LD ---- */

static const char *const article_types[] = {
	"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle",
	"AnalysisNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle",
	"BackgroundNewsArticle", "AskPublicSpaceNewsArticle", "LiveBlogPosting",
	"TechArticle", "ScholarlyArticle", "SocialMediaPosting", "Report",
	"DiscussionForumPosting", "SatiricalArticle", "AdvertiserContentArticle",
	"MedicalScholarlyArticle", "Review", "Recipe", "HowTo", "Posting",
	"CreativeWork", NULL
};

/* 2: an article kind, 1: a web page, 0: other. */
static int ld_kind(const cJSON *o)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "@type");
	int best = 0;
	const cJSON *one = t;
	if (cJSON_IsArray(t))
		one = t->child;
	for (; one; one = cJSON_IsArray(t) ? one->next : NULL) {
		if (!cJSON_IsString(one))
			continue;
		const char *v = one->valuestring;
		const char *h = strrchr(v, '/');   /* "http://schema.org/Article" */
		if (h)
			v = h + 1;
		for (int i = 0; article_types[i]; i++)
			if (strcmp(v, article_types[i]) == 0)
				best = 2;
		if (!best && (strcmp(v, "WebPage") == 0 || strcmp(v, "ItemPage") == 0))
			best = 1;
	}
	return best;
}

static const char *ld_str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsArray(v) && cJSON_IsString(v->child))
		return v->child->valuestring;
	return NULL;
}

/* An object given by {"@id"} alone, looked up in the graph. */
static const cJSON *ld_deref(const cJSON *v, const cJSON *graph)
{
	if (!cJSON_IsObject(v) || !graph)
		return v;
	const char *id = ld_str(v, "@id");
	if (!id || cJSON_GetObjectItemCaseSensitive(v, "name"))
		return v;
	for (const cJSON *g = graph->child; g; g = g->next)
		if (cJSON_IsObject(g) && g != v && ld_str(g, "@id") &&
		    strcmp(ld_str(g, "@id"), id) == 0)
			return g;
	return v;
}

/* The name(s) of an author value: string, object, or array of them. */
static char *ld_names(const cJSON *v, const cJSON *graph)
{
	struct buf b;
	buf_init(&b);
	const cJSON *one = cJSON_IsArray(v) ? v->child : v;
	int n = 0;
	for (; one && n < 8; one = cJSON_IsArray(v) ? one->next : NULL) {
		const char *name = NULL;
		if (cJSON_IsString(one))
			name = one->valuestring;
		else if (cJSON_IsObject(one))
			name = ld_str(ld_deref(one, graph), "name");
		if (!name || !*name || looks_like_url(name))
			continue;
		if (b.len)
			buf_adds(&b, ", ");
		buf_adds(&b, name);
		n++;
	}
	if (!b.len) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

static const char *ld_image(const cJSON *v)
{
	if (cJSON_IsArray(v))
		v = v->child;
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsObject(v)) {
		const char *u = ld_str(v, "url");
		return u ? u : ld_str(v, "contentUrl");
	}
	return NULL;
}

static void ld_take(struct xmeta *m, const cJSON *o, const cJSON *graph)
{
	set_once(&m->ld_headline, ld_str(o, "headline"));
	set_once(&m->ld_headline, ld_str(o, "name"));
	set_once(&m->ld_description, ld_str(o, "description"));
	set_once(&m->ld_published, ld_str(o, "datePublished"));
	set_once(&m->ld_published, ld_str(o, "dateCreated"));
	set_once(&m->ld_updated, ld_str(o, "dateModified"));
	set_once(&m->ld_image, ld_image(cJSON_GetObjectItemCaseSensitive(o, "image")));
	set_once(&m->ld_image, ld_image(cJSON_GetObjectItemCaseSensitive(o, "thumbnailUrl")));
	set_once(&m->ld_body, ld_str(o, "articleBody"));
	set_once(&m->ld_body, ld_str(o, "text"));
	if (!m->lang)
		set_once(&m->ld_lang, ld_str(o, "inLanguage"));
	if (!m->ld_author) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "author");
		if (!a)
			a = cJSON_GetObjectItemCaseSensitive(o, "creator");
		if (a)
			m->ld_author = ld_names(a, graph);
	}
	if (!m->ld_publisher) {
		const cJSON *p = ld_deref(cJSON_GetObjectItemCaseSensitive(o, "publisher"), graph);
		if (cJSON_IsObject(p))
			set_once(&m->ld_publisher, ld_str(p, "name"));
	}
	set_once(&m->ld_type, ld_str(o, "@type"));
}

/* Walk a parsed JSON-LD value: objects, arrays, @graph, mainEntity. */
static void ld_walk(struct xmeta *m, const cJSON *root)
{
	/* two rounds: articles first, then web pages */
	for (int want = 2; want >= 1; want--) {
		const cJSON *stack[64];
		const cJSON *graphs[64];
		int sp = 0;
		stack[sp] = root;
		graphs[sp++] = NULL;
		while (sp > 0) {
			sp--;
			const cJSON *v = stack[sp], *graph = graphs[sp];
			if (cJSON_IsArray(v)) {
				int first = sp;
				for (const cJSON *c = v->child; c && sp < 64; c = c->next) {
					stack[sp] = c;
					graphs[sp++] = graph ? graph : v;
				}
				/* pop in document order */
				for (int i = first, j = sp - 1; i < j; i++, j--) {
					const cJSON *t = stack[i];
					stack[i] = stack[j];
					stack[j] = t;
					t = graphs[i];
					graphs[i] = graphs[j];
					graphs[j] = t;
				}
				continue;
			}
			if (!cJSON_IsObject(v))
				continue;
			const cJSON *g = cJSON_GetObjectItemCaseSensitive(v, "@graph");
			if (g && sp < 64) {
				stack[sp] = g;
				graphs[sp++] = cJSON_IsArray(g) ? g : graph;
			}
			const cJSON *me = cJSON_GetObjectItemCaseSensitive(v, "mainEntity");
			if (cJSON_IsObject(me) && sp < 64) {
				stack[sp] = me;
				graphs[sp++] = graph;
			}
			if (ld_kind(v) == want)
				ld_take(m, v, graph);
		}
	}
}

static void ld_parse(struct xmeta *m, const char *s)
{
	if (!s)
		return;
	while (*s && isspace((unsigned char)*s))
		s++;
	/* CDATA or HTML comment wrappers seen in the wild */
	if (strncmp(s, "<!--", 4) == 0)
		s += 4;
	else if (strncmp(s, "//<![CDATA[", 11) == 0)
		s += 11;
	cJSON *j = cJSON_Parse(s);
	if (!j) {
		/* trailing junk (";", "-->"): retry on the outermost {...} */
		const char *a = strpbrk(s, "{[");
		const char *e = a ? strrchr(a, *a == '[' ? ']' : '}') : NULL;
		if (a && e && e > a) {
			char *cut = xstrndup(a, (size_t)(e - a + 1));
			j = cJSON_Parse(cut);
			free(cut);
		}
	}
	if (!j)
		return;
	ld_walk(m, j);
	cJSON_Delete(j);
}

/* ---- <meta> ---- */

static void take_meta(struct xmeta *m, const char *key, const char *v)
{
	char k[64];
	size_t i = 0;
	for (; key[i] && i + 1 < sizeof k; i++)
		k[i] = (char)tolower((unsigned char)key[i]);
	k[i] = 0;
	if (!strcmp(k, "og:title") || !strcmp(k, "twitter:title"))
		set_once(&m->og_title, v);
	else if (!strcmp(k, "description"))
		set_once(&m->description, v);
	else if (!strcmp(k, "og:description") || !strcmp(k, "twitter:description") ||
	    !strcmp(k, "dc.description"))
		set_once(&m->og_description, v);
	else if (!strcmp(k, "author") || !strcmp(k, "dc.creator") ||
	    !strcmp(k, "dcterms.creator") || !strcmp(k, "parsely-author") ||
	    !strcmp(k, "sailthru.author") || !strcmp(k, "byl") ||
	    !strcmp(k, "article:author") || !strcmp(k, "citation_author") ||
	    !strcmp(k, "twitter:creator")) {
		if (!looks_like_url(v) && !(v && v[0] == '@' && strcmp(k, "twitter:creator") == 0))
			set_once(&m->author, v);
	} else if (!strcmp(k, "article:published_time") ||
	    !strcmp(k, "og:article:published_time") ||
	    !strcmp(k, "article:published") || !strcmp(k, "datepublished"))
		set_once(&m->published, v);
	else if (!strcmp(k, "article:modified_time") || !strcmp(k, "og:updated_time") ||
	    !strcmp(k, "article:modified") || !strcmp(k, "datemodified") ||
	    !strcmp(k, "dcterms.modified") || !strcmp(k, "last-modified"))
		set_once(&m->updated, v);
	else if (!strcmp(k, "date") || !strcmp(k, "dc.date") ||
	    !strcmp(k, "dc.date.issued") || !strcmp(k, "dcterms.date") ||
	    !strcmp(k, "dcterms.issued") || !strcmp(k, "dcterms.created") ||
	    !strcmp(k, "dc.date.created") || !strcmp(k, "parsely-pub-date") ||
	    !strcmp(k, "sailthru.date") || !strcmp(k, "pubdate") ||
	    !strcmp(k, "publishdate") || !strcmp(k, "publish-date") ||
	    !strcmp(k, "publish_date") || !strcmp(k, "published_time") ||
	    !strcmp(k, "citation_publication_date") || !strcmp(k, "citation_date") ||
	    !strcmp(k, "og:pubdate") || !strcmp(k, "article.published") ||
	    !strcmp(k, "release_date") || !strcmp(k, "originalpublicationdate"))
		set_once(&m->meta_date, v);
	else if (!strcmp(k, "og:image") || !strcmp(k, "og:image:url") ||
	    !strcmp(k, "og:image:secure_url"))
		set_once(&m->image, v);
	else if (!strcmp(k, "twitter:image") || !strcmp(k, "twitter:image:src") ||
	    !strcmp(k, "thumbnail"))
		set_once(&m->image2, v);
	else if (!strcmp(k, "og:site_name"))
		set_once(&m->site_name, v);
	else if (!strcmp(k, "application-name") || !strcmp(k, "twitter:site") ||
	    !strcmp(k, "publisher") || !strcmp(k, "dc.publisher"))
		set_once(&m->site_name2, v && v[0] == '@' ? NULL : v);
	else if (!strcmp(k, "og:url"))
		set_once(&m->og_url, v);
	else if (!strcmp(k, "content-language") || !strcmp(k, "language") ||
	    !strcmp(k, "dc.language"))
		set_once(&m->meta_lang, v);
	else if (!strcmp(k, "og:locale"))
		set_once(&m->og_locale, v);
}

static void text_of(xmlNode *n, char **slot)
{
	if (*slot)
		return;
	struct buf b;
	buf_init(&b);
	xt_text(n, &b);
	if (b.data) {
		str_trim(b.data);
		if (*b.data && b.len < 2000)
			*slot = buf_steal(&b);
	}
	buf_free(&b);
}

static char ascii_lc(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* A class or id (its first n bytes) that names a byline or an author,
 * ignoring ASCII case. One pass: the names are long in some pages. */
static int names_byline(const char *s, size_t n)
{
	static const char *const words[] = {
		"byline", "author", "auteur", "signature", NULL
	};
	for (size_t i = 0; i < n; i++) {
		char c = (char)(s[i] | 0x20);   /* a-z for A-Z; 'a', 'b', 's' only for them */
		if (c != 'b' && c != 'a' && c != 's')
			continue;
		for (const char *const *w = words; *w; w++) {
			const char *p = *w;
			for (size_t k = i; *p && k < n && ascii_lc(s[k]) == *p; k++)
				p++;
			if (!*p)
				return 1;
		}
	}
	return 0;
}

/* A visible byline, the last resort for the author: an element whose
 * class or id names a byline or an author, holding a short line that
 * starts with the word for "by" of a common language ("Par Marc Le
 * Bihan", "By Jane Doe", "Von ...", "Por ...", "Door ...", "Di ...").
 * The word is what tells a byline from an author box or a bio. */
static void byline(xmlNode *n, struct xmeta *m)
{
	const char *cls = xt_attr(n, "class"), *id = xt_attr(n, "id");
	if (!cls && !id)
		return;
	/* only the first 255 bytes of "class id" count; the two are read in
	 * place (no word holds a space, so none spans them) */
	size_t cn = cls ? strnlen(cls, 255) : 0;
	size_t in = id && cn < 254 ? strnlen(id, 254 - cn) : 0;
	if (!names_byline(cls, cn) && !names_byline(id, in))
		return;
	char *t = NULL;
	text_of(n, &t);
	if (!t)
		return;
	static const char *const by[] = { "by ", "par ", "von ", "por ", "door ", "di ", "av ", "af ", NULL };
	int ok = 0;
	for (int i = 0; by[i]; i++)
		if (ascii_startswith(t, by[i]))
			ok = 1;
	size_t words = 1;
	for (const char *p = t; *p; p++)
		if (*p == ' ')
			words++;
	if (ok && strlen(t) <= 80 && words <= 8 && !strchr(t, '\n'))
		m->byline_author = t;
	else
		free(t);
}

/* An element name, compared at its first byte first: this is asked of
 * every element of the page. */
static int name_is(const char *name, const char *w)
{
	return name[0] == w[0] && strcmp(name, w) == 0;
}

void xmeta_collect(htmlDocPtr doc, struct xmeta *m)
{
	memset(m, 0, sizeof *m);
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root)
		return;
	set_once(&m->lang, xt_attr(root, "lang"));
	set_once(&m->lang, xt_attr(root, "xml:lang"));
	long budget = 2000000;   /* nodes visited, a bound on the walk */
	for (xmlNode *n = root; n && budget-- > 0; n = xt_next(n, root, 0)) {
		if (n->type != XML_ELEMENT_NODE || !n->name)
			continue;
		const char *name = (const char *)n->name;
		if (name_is(name, "meta")) {
			const char *c = xt_attr(n, "content");
			if (!c)
				continue;
			const char *k;
			if ((k = xt_attr(n, "property")) != NULL)
				take_meta(m, k, c);
			if ((k = xt_attr(n, "name")) != NULL)
				take_meta(m, k, c);
			if ((k = xt_attr(n, "http-equiv")) != NULL)
				take_meta(m, k, c);
			if ((k = xt_attr(n, "itemprop")) != NULL)
				take_meta(m, k, c);
		} else if (name_is(name, "title")) {
			if (!m->doc_title && n->parent && !xt_is(n->parent, "svg"))
				text_of(n, &m->doc_title);
		} else if (name_is(name, "link")) {
			const char *rel = xt_attr(n, "rel"), *href = xt_attr(n, "href");
			if (rel && href && !ascii_casecmp(rel, "canonical"))
				set_once(&m->canonical, href);
		} else if (name_is(name, "base")) {
			set_once(&m->base_href, xt_attr(n, "href"));
		} else if (name_is(name, "script")) {
			const char *t = xt_attr(n, "type");
			if (t && !ascii_casecmp(t, "application/ld+json") && n->children) {
				struct buf b;
				buf_init(&b);
				for (xmlNode *c = n->children; c; c = c->next)
					if (c->content)
						buf_adds(&b, (const char *)c->content);
				if (b.data)
					ld_parse(m, b.data);
				buf_free(&b);
			}
		} else if (name_is(name, "time")) {
			const char *dt = xt_attr(n, "datetime");
			if (dt && (xt_attr(n, "pubdate") ||
			    (xt_attr(n, "itemprop") &&
			    strstr(xt_attr(n, "itemprop"), "datePublished"))))
				set_once(&m->time_pub, dt);
			set_once(&m->time_datetime, dt);
		} else if (name_is(name, "h1")) {
			if (!m->h1)
				text_of(n, &m->h1);
		}
		/* microdata outside <meta> */
		const char *ip = xt_attr(n, "itemprop");
		if (ip && !name_is(name, "meta")) {
			const char *v = xt_attr(n, "content");
			if (!v)
				v = xt_attr(n, "datetime");
			if (!strcmp(ip, "datePublished"))
				set_once(&m->published, v);
			else if (!strcmp(ip, "dateModified"))
				set_once(&m->updated, v);
			else if (!strcmp(ip, "author") && !m->micro_author) {
				/* <span itemprop=author><span itemprop=name>X</span> */
				xmlNode *t = n;
				for (xmlNode *c = n; c; c = xt_next(c, n, 0))
					if (xt_attr(c, "itemprop") &&
					    !strcmp(xt_attr(c, "itemprop"), "name")) {
						t = c;
						break;
					}
				if (v && !looks_like_url(v))
					set_once(&m->micro_author, v);
				else
					text_of(t, &m->micro_author);
			}
		}
		if (!m->rel_author && xt_is(n, "a")) {
			const char *rel = xt_attr(n, "rel");
			if (rel && strstr(rel, "author"))
				text_of(n, &m->rel_author);
		}
		if (!m->byline_author)
			byline(n, m);
	}
}

void xmeta_free(struct xmeta *m)
{
	char **all[] = {
		&m->og_title, &m->ld_headline, &m->doc_title, &m->h1,
		&m->description, &m->og_description, &m->ld_description,
		&m->author, &m->ld_author, &m->micro_author, &m->rel_author,
		&m->byline_author,
		&m->published, &m->updated, &m->meta_date, &m->ld_published,
		&m->ld_updated, &m->time_datetime, &m->time_pub, &m->lang,
		&m->meta_lang, &m->og_locale, &m->ld_lang, &m->canonical,
		&m->og_url, &m->base_href, &m->image, &m->image2, &m->ld_image,
		&m->site_name, &m->site_name2, &m->ld_publisher, &m->ld_body,
		&m->ld_type,
	};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		free(*all[i]);
		*all[i] = NULL;
	}
}

/* /2019/11/19/, /2019-11-19, /20191119/, /2019/11/ (day 1 is not
 * invented: month-only paths give nothing). */
char *xmeta_url_date(const char *url, char *buf)
{
	if (!url)
		return NULL;
	const char *p = strstr(url, "://");
	p = p ? strchr(p + 3, '/') : url;
	if (!p)
		return NULL;
	const char *q = strpbrk(p, "?#");
	size_t len = q ? (size_t)(q - p) : strlen(p);
	for (size_t i = 0; i + 5 <= len; i++) {
		if (p[i] != '/' && p[i] != '-' && p[i] != '_')
			continue;
		const char *s = p + i + 1;
		size_t rest = len - i - 1;
		int y, mo, d;
		if (rest >= 10 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
		    isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) &&
		    (s[4] == '/' || s[4] == '-' || s[4] == '_') &&
		    isdigit((unsigned char)s[5]) && isdigit((unsigned char)s[6]) &&
		    s[7] == s[4] && isdigit((unsigned char)s[8]) &&
		    isdigit((unsigned char)s[9]) &&
		    (rest == 10 || !isdigit((unsigned char)s[10]))) {
			y = atoi(s);
			mo = (s[5] - '0') * 10 + (s[6] - '0');
			d = (s[8] - '0') * 10 + (s[9] - '0');
		} else if (rest >= 8 && (rest == 8 || !isdigit((unsigned char)s[8])) &&
		    (rest == 8 || s[8] == '/' || s[8] == '-' || s[8] == '_' || s[8] == '.')) {
			int ok = 1;
			for (int k = 0; k < 8; k++)
				ok &= isdigit((unsigned char)s[k]) != 0;
			if (!ok)
				continue;
			y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
			mo = (s[4] - '0') * 10 + (s[5] - '0');
			d = (s[6] - '0') * 10 + (s[7] - '0');
		} else {
			continue;
		}
		if (y < 1995 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31)
			continue;
		snprintf(buf, 11, "%04d-%02d-%02d", y, mo, d);
		return buf;
	}
	return NULL;
}
