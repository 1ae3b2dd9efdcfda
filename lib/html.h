/* html.h — HTML to plain text.
 *
 * Used for feed titles, summaries and contents, and for HTML inside
 * social posts and JSON-LD: block elements become line breaks (paragraphs:
 * a blank line), <br> a line break, script/style/noscript/template/head
 * content is dropped, entities are decoded, white space is normalised.
 * html_parse_document is libxml2's HTML parser for whole pages (article
 * extraction). */
#ifndef VEILLE_HTML_H
#define VEILLE_HTML_H

#include <stddef.h>
#include <libxml/HTMLparser.h>
#include "util.h"

/* A numeric character reference as browsers read it: C1 code points are
 * windows-1252 (&#146; is a right quote), NUL, C0 controls other than
 * white space, surrogates and non-characters become U+FFFD. */
long html_fix_codepoint(long cp);

/* The numeric character reference at s[i] ("&#65", "&#x41", "&#X41"):
 * *cp its code point as written (capped above U+10FFFF), *end the index
 * after its digits. 0 when no digit follows. */
int html_numeric_ref(const char *s, size_t i, size_t n, long *cp, size_t *end);

/* Plain text of an HTML fragment (malloc'd, valid UTF-8, trimmed).
 * A streaming tokenizer, not a tree: this runs on every feed field. */
char *html_to_text(const char *html, size_t len);
/* The same for text known to be valid UTF-8 (libxml2's tree, cJSON
 * strings read by lib/ndjson): skips the repair pass. */
char *html_to_text_valid(const char *html, size_t len);
/* The same rules over libxml2's HTML tree. No tool calls it any more:
 * it is the reference tests/unit/html.c holds the tokenizer to. */
char *html_to_text_dom(const char *html, size_t len);
void html_node_text(xmlNode *node, struct buf *out);
/* Does s look like it holds markup or entities worth parsing? */
int html_looks_like_markup(const char *s);
/* Collapse runs of blanks, keep single "\n" and "\n\n" paragraph breaks,
 * trim; in place, returns s. */
char *text_normalise_space(char *s);
/* Parse a whole HTML document from UTF-8 bytes (NONET, no errors on
 * stderr, recover). Caller frees with xmlFreeDoc. NULL on failure. */
htmlDocPtr html_parse_document(const char *s, size_t n, const char *url);

#endif
