/* social_feed.c — platform details of feed entries: YouTube channel and
 * playlist feeds, Google Alerts and Google News RSS.
 *
 * YouTube (an entry with yt:videoId):
 *   platform "youtube"; handle: yt:channelId (feeds carry no @handle);
 *   author: author/name when the feed parser left it out;
 *   image: media:group/media:thumbnail; content: media:description when
 *   the entry has neither content nor summary;
 *   engagement: views (media:statistics views), likes
 *   (media:starRating count); the obsolete Flash media:content
 *   enclosure is dropped.
 * Google Alerts (entry id tag:google.com,2013:googlealerts/…, a feed URL
 * https://www.google.com/alerts/feeds/…, or a link
 * https://www.google.com/url?…&url=REAL&ct=ga…):
 *   platform "google-alerts"; url: the real article URL; title and
 *   content: the HTML (<b> around the matched words) converted to text.
 * Google News (links on news.google.com):
 *   platform "google-news"; url: the article URL when it can be read
 *   from the link (a url= parameter, or the older CBMi… article ids that
 *   hold it), else the news.google.com link is kept; site_name: <source>;
 *   title: without the " - Source" suffix; a description that only
 *   repeats the title and the source is dropped. */
#include "social_int.h"
#include "fields.h"
#include "html.h"
#include "record.h"
#include "url.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define NS_YT    "http://www.youtube.com/xml/schemas/2015"
#define NS_MEDIA "http://search.yahoo.com/mrss/"
#define NS_ATOM  "http://www.w3.org/2005/Atom"

/* ---- YouTube ---- */

static double
attr_num(xmlNode *n, const char *name, int *ok)
{
	char *s = sx_attr(n, name);
	*ok = 0;
	double v = 0;
	if (s) {
		char *end;
		v = strtod(s, &end);
		*ok = end != s && *end == '\0';
	}
	free(s);
	return v;
}

int
social_youtube_fixup(struct parse_ctx *ctx, cJSON *item, xmlNode *entry)
{
	xmlNode *vid = sx_child(entry, NS_YT, "videoId");
	if (!vid)
		return 0;
	rec_set_str(item, F_PLATFORM, "youtube");
	char *chan = sx_text(sx_child(entry, NS_YT, "channelId"));
	rec_set_str(item, F_HANDLE, chan);
	free(chan);
	if (!rec_str(item, F_AUTHOR)) {
		char *name = sx_text(sx_child(sx_child(entry, NS_ATOM, "author"), NS_ATOM, "name"));
		rec_set_str(item, F_AUTHOR, name);
		free(name);
	}
	if (!rec_str(item, F_URL)) {
		char *id = sx_text(vid);
		if (id) {
			char *u = xasprintf("https://www.youtube.com/watch?v=%s", id);
			s_url(ctx, item, F_URL, u);
			free(u);
		}
		free(id);
	}
	xmlNode *group = sx_child(entry, NS_MEDIA, "group");
	if (!rec_str(item, F_IMAGE)) {
		char *thumb = sx_attr(sx_child(group, NS_MEDIA, "thumbnail"), "url");
		s_url(ctx, item, F_IMAGE, thumb);
		free(thumb);
	}
	if (!rec_str(item, F_CONTENT) && !rec_str(item, F_SUMMARY)) {
		char *desc = sx_text(sx_child(group, NS_MEDIA, "description"));
		s_text(item, F_CONTENT, desc, 0);
		free(desc);
	}
	/* The media:content of these feeds is a Flash player URL. */
	cJSON *encs = cJSON_GetObjectItemCaseSensitive(item, F_ENCLOSURES);
	if (cJSON_IsArray(encs)) {
		for (cJSON *e = encs->child, *next; e; e = next) {
			next = e->next;
			const char *type = rec_str(e, F_ENC_TYPE);
			if (type && !strcmp(type, "application/x-shockwave-flash"))
				cJSON_Delete(cJSON_DetachItemViaPointer(encs, e));
		}
		if (!encs->child)
			rec_set(item, F_ENCLOSURES, NULL);
	}
	xmlNode *comm = sx_child(group, NS_MEDIA, "community");
	int ok;
	double v = attr_num(sx_child(comm, NS_MEDIA, "statistics"), "views", &ok);
	if (ok)
		social_engage_num(item, F_ENG_VIEWS, v);
	v = attr_num(sx_child(comm, NS_MEDIA, "starRating"), "count", &ok);
	if (ok)
		social_engage_num(item, F_ENG_LIKES, v);
	return 1;
}

/* ---- Google ---- */

static int
host_is_google(const char *host)
{
	if (!host)
		return 0;
	if (!strncmp(host, "www.", 4))
		host += 4;
	return !strncmp(host, "google.", 7);
}

/* The path of an absolute URL (after the authority), or NULL. */
static const char *
url_path(const char *url)
{
	const char *p = strstr(url, "://");
	if (!p)
		return NULL;
	p = strchr(p + 3, '/');
	return p;
}

/* https://www.google.com/url?…&url=REAL (or q=REAL): REAL, malloc'd. */
static char *
google_redirect_target(const char *link)
{
	if (!link)
		return NULL;
	char *host = social_host(link);
	int google = host_is_google(host) || (host && !strcmp(host, "news.google.com"));
	free(host);
	const char *path = url_path(link);
	if (!google || !path || (strncmp(path, "/url?", 5) && strncmp(path, "/news/url?", 10)))
		return NULL;
	char *real = url_query_param(link, "url");
	if (!real || !url_is_web(real, 0)) {
		free(real);
		real = url_query_param(link, "q");
	}
	if (real && url_is_web(real, 0))
		return real;
	free(real);
	return NULL;
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-' || c == '+')
		return 62;
	if (c == '_' || c == '/')
		return 63;
	return -1;
}

static int
read_varint(const unsigned char *p, size_t n, size_t *i, unsigned long *v)
{
	*v = 0;
	for (int shift = 0; shift < 35 && *i < n; shift += 7) {
		unsigned char c = p[(*i)++];
		*v |= (unsigned long)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return 0;
	}
	return -1;
}

/* Older Google News article ids ("CBMi…") are base64url protobuf messages
 * whose field 4 is the article URL. Newer ids are opaque: NULL. */
static char *
gnews_article_target(const char *link)
{
	char *host = social_host(link);
	int gnews = host && !strcmp(host, "news.google.com");
	free(host);
	const char *path = gnews ? url_path(link) : NULL;
	if (!path)
		return NULL;
	const char *art = strstr(path, "/articles/");
	if (!art)
		return NULL;
	art += 10;
	size_t len = strcspn(art, "?#/");
	unsigned char *bytes = xmalloc(len + 1);
	size_t nb = 0;
	unsigned long acc = 0;
	int bits = 0;
	for (size_t i = 0; i < len; i++) {
		if (art[i] == '=')
			break;
		int v = b64val((unsigned char)art[i]);
		if (v < 0) {
			free(bytes);
			return NULL;
		}
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			bytes[nb++] = (unsigned char)(acc >> bits);
			acc &= (1UL << bits) - 1;
		}
	}
	char *r = NULL;
	size_t i = 0;
	unsigned long v, ulen;
	if (nb > 3 && bytes[i++] == 0x08 && read_varint(bytes, nb, &i, &v) == 0 &&
	    i < nb && bytes[i++] == 0x22 && read_varint(bytes, nb, &i, &ulen) == 0 &&
	    ulen <= nb - i && ulen > 8) {
		const unsigned char *u = bytes + i;
		int clean = 1;
		for (unsigned long k = 0; k < ulen; k++)
			if (u[k] <= 0x20 || u[k] >= 0x7f)
				clean = 0;
		if (clean && (!strncmp((const char *)u, "https://", 8) ||
		    !strncmp((const char *)u, "http://", 7))) {
			r = xstrndup((const char *)u, ulen);
			if (!url_is_web(r, 0)) {
				free(r);
				r = NULL;
			}
		}
	}
	free(bytes);
	return r;
}

static int
is_news_link(const char *link)
{
	if (!ascii_casestr(link, "news.google.com"))
		return 0;
	char *host = social_host(link);
	int r = host && !strcmp(host, "news.google.com");
	free(host);
	return r;
}

static void
gnews_fixup(struct parse_ctx *ctx, cJSON *item, xmlNode *entry, const char *link)
{
	rec_set_str(item, F_PLATFORM, "google-news");
	char *real = google_redirect_target(link);
	if (!real)
		real = gnews_article_target(link);
	if (real)
		s_url(ctx, item, F_URL, real);
	free(real);
	char *source = sx_text(sx_child(entry, NULL, "source"));
	if (source)
		rec_set_str(item, F_SITE_NAME, source);
	const char *title = rec_str(item, F_TITLE);
	char *full_title = title ? xstrdup(title) : NULL;
	if (title && source) {
		size_t tl = strlen(title), sl = strlen(source);
		if (tl > sl + 3 && !strcmp(title + tl - sl, source) &&
		    !strncmp(title + tl - sl - 3, " - ", 3)) {
			char *t = xstrndup(title, tl - sl - 3);
			rec_set_str(item, F_TITLE, t);
			free(t);
		}
	}
	/* The description of a single article is "<a>title</a> source". */
	const char *keys[] = { F_SUMMARY, F_CONTENT };
	for (size_t k = 0; k < 2 && full_title; k++) {
		const char *v = rec_str(item, keys[k]);
		if (!v)
			continue;
		char *sv = str_squash(v, 1), *st = str_squash(rec_str(item, F_TITLE), 1);
		char *sft = str_squash(full_title, 1);
		char *both = source ? xasprintf("%s %s", st, source) : xstrdup(st);
		if (!strcmp(sv, both) || !strcmp(sv, st) || !strcmp(sv, sft))
			rec_set(item, keys[k], NULL);
		free(sv);
		free(st);
		free(sft);
		free(both);
	}
	free(full_title);
	free(source);
}

/* The text of an element holding HTML (Atom type="html" or escaped). */
static void
retext(cJSON *item, const char *key, xmlNode *node)
{
	char *t = sx_text(node);
	if (t) {
		char *type = sx_attr(node, "type");
		int xhtml = type && !strcmp(type, "xhtml");
		free(type);
		if (!xhtml) {
			s_text(item, key, t, 1);
			if (!strcmp(key, F_TITLE))
				social_one_line(item, key);
		}
	}
	free(t);
}

static void
galerts_fixup(struct parse_ctx *ctx, cJSON *item, xmlNode *entry, const char *link)
{
	rec_set_str(item, F_PLATFORM, "google-alerts");
	char *real = google_redirect_target(link);
	if (real)
		s_url(ctx, item, F_URL, real);
	free(real);
	retext(item, F_TITLE, sx_child(entry, NS_ATOM, "title"));
	xmlNode *content = sx_child(entry, NS_ATOM, "content");
	if (content && rec_str(item, F_CONTENT))
		retext(item, F_CONTENT, content);
	else if (content && rec_str(item, F_SUMMARY))
		retext(item, F_SUMMARY, content);
}

int
social_google_fixup(struct parse_ctx *ctx, cJSON *item, xmlNode *entry)
{
	const char *link = rec_str(item, F_URL);
	char *id = sx_text(sx_child(entry, NS_ATOM, "id"));
	int alert = id && !strncmp(id, "tag:google.com,2013:googlealerts", 32);
	free(id);
	/* url_host parses the whole URL: only for URLs that may be Google's */
	if (!alert && ctx->url && ascii_casestr(ctx->url, "google.")) {
		char *host = social_host(ctx->url);
		const char *path = url_path(ctx->url);
		alert = host_is_google(host) && path && !strncmp(path, "/alerts/feeds/", 14);
		free(host);
	}
	if (!alert && link && ascii_casestr(link, "google.")) {
		/* Alert links say ct=ga ("Google Alerts"). */
		char *host = social_host(link);
		if (host_is_google(host)) {
			char *r = google_redirect_target(link);
			char *ct = url_query_param(link, "ct");
			alert = r && ct && !strcmp(ct, "ga");
			free(r);
			free(ct);
		}
		free(host);
	}
	if (alert) {
		galerts_fixup(ctx, item, entry, link);
		return 1;
	}
	int news = link && is_news_link(link);
	if (!news && ctx->url && ascii_casestr(ctx->url, "news.google.com")) {
		char *host = social_host(ctx->url);
		news = host && !strcmp(host, "news.google.com");
		free(host);
	}
	if (news) {
		gnews_fixup(ctx, item, entry, link);
		return 1;
	}
	return 0;
}
