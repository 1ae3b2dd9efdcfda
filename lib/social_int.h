/* social_int.h — shared between the lib/social*.c parsers (not a public
 * interface). */
#ifndef VEILLE_SOCIAL_INT_H
#define VEILLE_SOCIAL_INT_H

#include "social.h"

/* Member accessors: a string that is not empty, a number, an object. */
const char *sj_str(const cJSON *o, const char *key);
const cJSON *sj_num(const cJSON *o, const char *key);
const cJSON *sj_obj(const cJSON *o, const char *key);
const cJSON *sj_arr(const cJSON *o, const char *key);

/* item_set_text/item_set_url/item_set_date that do nothing for a NULL
 * or blank value. */
void s_text(cJSON *item, const char *key, const char *text, int is_html);
void s_url(struct parse_ctx *ctx, cJSON *item, const char *key, const char *ref);
void s_date(struct parse_ctx *ctx, cJSON *item, const char *key, const char *text);

/* Collapse white space of a string field to one line (titles). */
void social_one_line(cJSON *item, const char *key);
/* Append to an array field, creating it, skipping empties and duplicates. */
void social_add_str(cJSON *item, const char *key, const char *s);
/* Append an enclosure {url, type, medium} (url resolved, NULLs left out). */
void social_add_enclosure(struct parse_ctx *ctx, cJSON *item, const char *url,
    const char *type, const char *medium);
/* Set an engagement figure from a JSON number (absent/non-number: nothing). */
void social_engage(cJSON *item, const char *name, const cJSON *num);
void social_engage_num(cJSON *item, const char *name, double v);
/* Set a date field from Unix time. */
void social_set_epoch(cJSON *item, const char *key, double t);
/* The absolute http(s) links of an HTML fragment, added to "links";
 * anchors whose class holds "mention" or "hashtag" (or rel="tag") are
 * left out when skip_mentions. */
void social_html_links(struct parse_ctx *ctx, cJSON *item, const char *html,
    const char *base, int skip_mentions);
/* Add an absolute http(s) URL to "links". */
void social_add_link(struct parse_ctx *ctx, cJSON *item, const char *url);
/* Host of a URL, lowercase, malloc'd, or NULL. */
char *social_host(const char *url);

/* The parsers: >= 0 items emitted if the document is theirs, -1 if not. */
long social_mastodon_json(struct parse_ctx *ctx, const cJSON *doc, int probe);
long social_bluesky_json(struct parse_ctx *ctx, const cJSON *doc, int probe);
long social_reddit_json(struct parse_ctx *ctx, const cJSON *doc, int probe);
long social_hn_json(struct parse_ctx *ctx, const cJSON *doc, int probe);

/* Feed fixups: 1 if the entry was the platform's. */
int social_youtube_fixup(struct parse_ctx *ctx, cJSON *item, xmlNode *entry);
int social_google_fixup(struct parse_ctx *ctx, cJSON *item, xmlNode *entry);
int social_mastodon_feed_fixup(struct parse_ctx *ctx, cJSON *item, xmlNode *entry);

/* XML helpers: first child element with this local name in namespace ns
 * (NULL: no namespace), its text (malloc'd, trimmed) and attributes. */
xmlNode *sx_child(xmlNode *parent, const char *ns, const char *name);
char *sx_text(xmlNode *node);
char *sx_attr(xmlNode *node, const char *name);

#endif
