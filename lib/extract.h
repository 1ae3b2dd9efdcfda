/* extract.h — the main article of an HTML page, and the article links of
 * an index page, on libxml2's HTML parser (issue 4).
 *
 * The document is UTF-8 already (charset_decode_html). Both functions
 * write their records through item_emit() and never fail hard: hostile
 * input (deep nesting, huge scripts, garbage) ends in a warning. */
#ifndef VEILLE_EXTRACT_H
#define VEILLE_EXTRACT_H

#include <stddef.h>
#include "parse.h"

/* Limits. A document above EXTRACT_MAX_BYTES, or with more than
 * EXTRACT_MAX_NODES elements, or elements nested deeper than
 * EXTRACT_MAX_DEPTH, gives no main text (with a message). (libxml2's HTML
 * parser itself stops at 256 levels: deeper content is lost.) */
#define EXTRACT_MAX_BYTES (64UL * 1024 * 1024)
#define EXTRACT_MAX_NODES 400000
#define EXTRACT_MAX_DEPTH 1000

/* Extract the article of an HTML document and emit one item: title,
 * content (main text, paragraphs separated by a blank line), summary,
 * author, published/updated, lang, url, image, site_name and, with
 * ctx->want_links, links. Returns 0 when main text was found. When none
 * was (empty, binary, hostile or link-only page), the item is still
 * emitted with the metadata found, plus error "no main text found: WHY"
 * and error_code "no_main_text"; a warning is printed and -1 returned. */
int extract_article(struct parse_ctx *ctx, const char *html, size_t len);

/* --links-only: emit one record {"url", "kind":"target", "title"} per
 * article link of an index page (links to other sites, to the page
 * itself, to feeds, tags, authors, search and similar are left out).
 * Returns the number of records emitted, -1 if the page could not be
 * parsed (a warning is printed). */
long extract_links(struct parse_ctx *ctx, const char *html, size_t len);

/* For tests and tools: the main text alone (malloc'd, NULL if none). */
char *extract_main_text(const char *html, size_t len, const char *base_url);

#endif
