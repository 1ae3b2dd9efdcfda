/* social.c — dispatch of social JSON documents and feed entries, and the
 * helpers the platform parsers share. See social.h. */
#include "social_int.h"
#include "date.h"
#include "feed.h"
#include "fields.h"
#include "record.h"
#include "url.h"
#include "util.h"

#include <libxml/HTMLparser.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- JSON accessors ---- */

const char *
sj_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

const cJSON *
sj_num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v : NULL;
}

const cJSON *
sj_obj(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsObject(v) ? v : NULL;
}

const cJSON *
sj_arr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsArray(v) ? v : NULL;
}

/* ---- item helpers ---- */

void
s_text(cJSON *item, const char *key, const char *text, int is_html)
{
	if (!str_empty(text))
		item_set_text(item, key, text, is_html);
}

void
s_url(struct parse_ctx *ctx, cJSON *item, const char *key, const char *ref)
{
	if (!str_empty(ref))
		item_set_url(ctx, item, key, NULL, ref);
}

void
s_date(struct parse_ctx *ctx, cJSON *item, const char *key, const char *text)
{
	if (!str_empty(text))
		item_set_date(ctx, item, key, text);
}

void
social_one_line(cJSON *item, const char *key)
{
	cJSON *t = cJSON_GetObjectItemCaseSensitive(item, key);
	if (!cJSON_IsString(t))
		return;
	char *one = str_squash(t->valuestring, 0);
	rec_set_str(item, key, one);
	free(one);
}

void
social_add_str(cJSON *item, const char *key, const char *s)
{
	rec_add_unique(item, key, s);
}

void
social_add_enclosure(struct parse_ctx *ctx, cJSON *item, const char *url,
    const char *type, const char *medium)
{
	if (str_empty(url))
		return;
	cJSON *enc = cJSON_CreateObject();
	s_url(ctx, enc, F_ENC_URL, url);
	if (!cJSON_GetObjectItemCaseSensitive(enc, F_ENC_URL)) {
		cJSON_Delete(enc);
		return;
	}
	rec_set_str(enc, F_ENC_TYPE, type);
	rec_set_str(enc, F_ENC_MEDIUM, medium);
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(item, F_ENCLOSURES);
	if (!cJSON_IsArray(arr)) {
		arr = cJSON_CreateArray();
		rec_set(item, F_ENCLOSURES, arr);
	}
	const char *u = rec_str(enc, F_ENC_URL);
	for (const cJSON *e = arr->child; e; e = e->next) {
		const char *eu = rec_str(e, F_ENC_URL);
		if (eu && !strcmp(eu, u)) {
			cJSON_Delete(enc);
			return;
		}
	}
	cJSON_AddItemToArray(arr, enc);
}

void
social_engage_num(cJSON *item, const char *name, double v)
{
	if (!isfinite(v) || v < 0)
		return;
	cJSON *eng = cJSON_GetObjectItemCaseSensitive(item, F_ENGAGEMENT);
	if (!cJSON_IsObject(eng)) {
		eng = cJSON_CreateObject();
		rec_set(item, F_ENGAGEMENT, eng);
	}
	rec_set_num(eng, name, v);
}

void
social_engage(cJSON *item, const char *name, const cJSON *num)
{
	if (cJSON_IsNumber(num))
		social_engage_num(item, name, num->valuedouble);
}

void
social_set_epoch(cJSON *item, const char *key, double t)
{
	if (!isfinite(t) || t <= 0 || t > 1e11)
		return;
	char buf[32];
	date_format((time_t)t, buf);
	rec_set_str(item, key, buf);
}

char *
social_host(const char *url)
{
	if (!url)
		return NULL;
	return url_host(url);
}

void
social_add_link(struct parse_ctx *ctx, cJSON *item, const char *url)
{
	if (str_empty(url))
		return;
	char *abs = url_resolve(ctx->base_url, url);
	if (abs && url_safe(abs))
		social_add_str(item, F_LINKS, abs);
	free(abs);
}

static int
class_has(const char *cls, const char *word)
{
	if (!cls)
		return 0;
	size_t n = strlen(word);
	for (const char *p = cls; (p = strstr(p, word)); p += n) {
		int start = p == cls || p[-1] == ' ';
		int end = p[n] == '\0' || p[n] == ' ';
		if (start && end)
			return 1;
	}
	return 0;
}

static void
collect_links(struct parse_ctx *ctx, cJSON *item, xmlNode *n, const char *base,
    int skip_mentions)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!xmlStrcasecmp(n->name, (const xmlChar *)"a")) {
			char *href = (char *)xmlGetProp(n, (const xmlChar *)"href");
			char *cls = (char *)xmlGetProp(n, (const xmlChar *)"class");
			char *rel = (char *)xmlGetProp(n, (const xmlChar *)"rel");
			int mention = class_has(cls, "mention") ||
			    class_has(cls, "hashtag") || class_has(rel, "tag");
			if (href && !(skip_mentions && mention)) {
				char *abs = url_resolve(base ? base : ctx->base_url, href);
				if (abs && url_safe(abs))
					social_add_str(item, F_LINKS, abs);
				free(abs);
			}
			xmlFree(href);
			xmlFree(cls);
			xmlFree(rel);
		}
		collect_links(ctx, item, n->children, base, skip_mentions);
	}
}

void
social_html_links(struct parse_ctx *ctx, cJSON *item, const char *html,
    const char *base, int skip_mentions)
{
	if (str_empty(html) || !strstr(html, "<a"))
		return;
	htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_RECOVER | HTML_PARSE_NOBLANKS);
	if (!doc)
		return;
	collect_links(ctx, item, xmlDocGetRootElement(doc), base, skip_mentions);
	xmlFreeDoc(doc);
}

/* ---- XML helpers ---- */

xmlNode *
sx_child(xmlNode *parent, const char *ns, const char *name)
{
	if (!parent)
		return NULL;
	for (xmlNode *c = parent->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, name))
			continue;
		if (!ns && !c->ns)
			return c;
		if (ns && c->ns && c->ns->href && !strcmp((const char *)c->ns->href, ns))
			return c;
	}
	return NULL;
}

char *
sx_text(xmlNode *node)
{
	if (!node)
		return NULL;
	xmlChar *t = xmlNodeGetContent(node);
	if (!t)
		return NULL;
	char *x = feed_text_expand((const char *)t);
	char *s = str_trim(x ? x : xstrdup((const char *)t));
	xmlFree(t);
	if (!*s) {
		free(s);
		return NULL;
	}
	return s;
}

char *
sx_attr(xmlNode *node, const char *name)
{
	if (!node)
		return NULL;
	xmlChar *t = xmlGetProp(node, (const xmlChar *)name);
	if (!t)
		return NULL;
	char *s = str_trim(xstrdup((const char *)t));
	xmlFree(t);
	if (!*s) {
		free(s);
		return NULL;
	}
	return s;
}

/* ---- dispatch ---- */

typedef long (*json_parser)(struct parse_ctx *, const cJSON *, int);

static const struct {
	const char *name;
	json_parser fn;
} parsers[] = {
	{ "mastodon", social_mastodon_json },
	{ "bluesky", social_bluesky_json },
	{ "reddit", social_reddit_json },
	{ "hackernews", social_hn_json },
};

const char *
social_detect_json(const struct parse_ctx *ctx, const cJSON *doc)
{
	for (size_t i = 0; i < sizeof parsers / sizeof parsers[0]; i++)
		if (parsers[i].fn((struct parse_ctx *)ctx, doc, 1) >= 0)
			return parsers[i].name;
	return NULL;
}

long
social_parse_json(struct parse_ctx *ctx, const cJSON *doc)
{
	if (!doc)
		return -1;
	for (size_t i = 0; i < sizeof parsers / sizeof parsers[0]; i++)
		if (parsers[i].fn(ctx, doc, 1) >= 0)
			return parsers[i].fn(ctx, doc, 0);
	return -1;
}

void
social_fixup_feed_item(struct parse_ctx *ctx, cJSON *item, xmlNode *entry)
{
	if (!item || !entry)
		return;
	if (social_youtube_fixup(ctx, item, entry))
		return;
	if (social_google_fixup(ctx, item, entry))
		return;
	social_mastodon_feed_fixup(ctx, item, entry);
}
