/* extract_int.h — internals shared by extract.c (entry points),
 * extract_body.c (main text) and extract_meta.c (metadata). Not an API. */
#ifndef VEILLE_EXTRACT_INT_H
#define VEILLE_EXTRACT_INT_H

#include <stddef.h>
#include <libxml/HTMLparser.h>
#include <cjson/cJSON.h>
#include "util.h"

/* ---- tree helpers (extract_body.c) ---- */

/* Next node in document order below root; children skipped when skip. */
xmlNode *xt_next(xmlNode *n, const xmlNode *root, int skip);
/* The attribute value (not copied; NULL if absent or not plain text). */
const char *xt_attr(const xmlNode *n, const char *name);
/* Element name equals (lowercase) name. */
int xt_is(const xmlNode *n, const char *name);
/* First element named name below root (document order), or NULL. */
xmlNode *xt_find(xmlNode *root, const char *name);
/* Text under n (whole subtree), spaces collapsed, appended to out. */
void xt_text(const xmlNode *n, struct buf *out);

/* ---- main text (extract_body.c) ---- */

struct xbody {
	char *text;         /* paragraphs separated by "\n\n", or NULL */
	cJSON *links;       /* array of hrefs (raw) in the main text, or NULL */
	const char *why;    /* when text is NULL: a reason */
};

/* Find the main text of a parsed document. The tree is modified (script,
 * style, comments... are removed). With want_links, the hrefs of the
 * links in the text are collected too. */
void xbody_extract(htmlDocPtr doc, int want_links, struct xbody *out);
void xbody_free(struct xbody *b);

/* ---- metadata (extract_meta.c) ---- */

struct xmeta {
	/* raw strings as found (not normalised), NULL when absent */
	char *og_title, *ld_headline, *doc_title, *h1;
	char *description, *og_description, *ld_description;
	char *author, *ld_author, *micro_author, *rel_author, *byline_author;
	char *published, *updated, *meta_date, *ld_published, *ld_updated;
	char *time_datetime, *time_pub;
	char *lang, *meta_lang, *og_locale, *ld_lang;
	char *canonical, *og_url, *base_href;
	char *image, *image2, *ld_image;
	char *site_name, *site_name2, *ld_publisher;
	char *ld_body, *ld_type;
};

/* Collect metadata from the whole document (before xbody_extract). */
void xmeta_collect(htmlDocPtr doc, struct xmeta *m);
void xmeta_free(struct xmeta *m);
/* A date found in a URL path (/2019/11/19/, /2019-11-19/, /20191119/):
 * "YYYY-MM-DD" into buf (>= 11 bytes), or NULL. */
char *xmeta_url_date(const char *url, char *buf);

#endif
