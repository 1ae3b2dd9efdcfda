/* markup.h — text from the web made inert in HTML, SVG and XML (Atom).
 *
 * Every string a report shows comes from strangers: it is escaped for
 * its context, stripped of what could hide or reorder it (control
 * characters, bidirectional overrides and isolates, zero-width
 * characters) and bounded in length. Links are http and https only. */
#ifndef VEILLE_MARKUP_H
#define VEILLE_MARKUP_H

#include "util.h"

/* Append s escaped for HTML or XML text and quoted attribute values
 * (& < > " ' as references), without C0/C1 controls (but newline and
 * tab), U+200B-U+200F, U+202A-U+202E, U+2060-U+2069, U+FEFF and
 * non-characters; at most max characters (0: no limit), "…" when cut. */
void markup_escape(struct buf *b, const char *s, size_t max);
/* The same cleaning, no escaping (for text and Markdown output). */
void markup_clean(struct buf *b, const char *s, size_t max);
/* url when it is an http or https URL with nothing that could break out
 * of an attribute, else NULL. */
const char *markup_safe_url(const char *url);

#endif
