/* feed.h — RSS 0.90/0.91/0.92/2.0, RSS 1.0 (RDF), Atom 0.3/1.0 and JSON
 * Feed 1.0/1.1 into item records (see parse.h, veille(7)). */
#ifndef VEILLE_FEED_H
#define VEILLE_FEED_H

#include <stddef.h>
#include <cjson/cJSON.h>
#include "parse.h"

/* Parse an XML feed given as UTF-8 text (any encoding declaration in it
 * is ignored: the caller has converted). Emits the items; returns their
 * number, or -1 when the document is not a feed (*why gets a static
 * sentence, e.g. "not XML" or "root element <html> is not a feed"). */
long feed_parse_xml(struct parse_ctx *ctx, const char *s, size_t n, const char **why);

/* Does this parsed JSON look like a JSON Feed? */
int feed_is_jsonfeed(const cJSON *doc);
long feed_parse_jsonfeed(struct parse_ctx *ctx, const cJSON *doc);

/* Cheap sniffing of UTF-8 text: 'F' feed XML, 'S' sitemap (lib/sitemap.h),
 * 'H' HTML, 'J' JSON, 0 unknown. */
int feed_sniff(const char *s, size_t n);

/* While an XML feed is being parsed: text read from its tree with the
 * long CDATA sections put back (they are sliced out before libxml2 sees
 * them). Malloc'd, or NULL when t needs no change. For code that reads
 * node text itself (lib/social_feed.c through sx_text). */
char *feed_text_expand(const char *t);

/* The options libxml2 reads untrusted feeds with (no network, no
 * entity substitution, no DTD, recover mode, encoding declarations
 * ignored: the text is UTF-8), for the other XML readers of veille
 * (lib/sitemap.c). */
int feed_xml_options(void);
/* The structured error handler of a streaming reader
 * (xmlTextReaderSetStructuredErrorHandler): *(int *)arg becomes 1 on a
 * fatal error, 2 when libxml2 ran out of memory. */
struct _xmlError;
void feed_reader_error(void *arg, struct _xmlError *e);

/* Refuse every external entity or DTD load, process-wide (XXE). */
void feed_xml_harden(void);

#endif
