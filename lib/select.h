/* select.h — the part of an HTML page a watch looks at: a CSS selector
 * (a subset) or an XPath expression, over libxml2's tree.
 *
 * An expression whose first non-blank character is '/' or '(' is XPath
 * 1.0 (//div[@id='prix'], (//h2)[1], (string(//span[@class='p']))),
 * evaluated by libxml2 with an operation limit; anything else is CSS.
 *
 * The CSS subset: type selectors (div, case ignored) and '*', #id,
 * .class, [attr], [attr=value] (value bare or quoted with ' or "), any
 * number of them in a compound (div.news#top[lang=fr]), the descendant
 * (space) and child ('>') combinators, and comma-separated lists. No
 * pseudo-classes, no other attribute operators, no escapes: they are
 * refused when compiled, with a message saying where.
 *
 * Limits: SELECT_MAX_LEN bytes of expression, SELECT_MAX_PARTS compounds
 * per selector and alternatives per list; matching stops after
 * SELECT_MAX_STEPS compound tests per page (a deep page and a selector
 * like "div div div div" cannot take exponential time): an error then. */
#ifndef VEILLE_SELECT_H
#define VEILLE_SELECT_H

#include <libxml/tree.h>
#include "util.h"

#define SELECT_MAX_LEN 1024
#define SELECT_MAX_PARTS 16
#define SELECT_MAX_STEPS 2000000L
#define SELECT_XPATH_OPS 10000000UL

struct selector;

/* The compiled expression, or NULL and *err (malloc'd) saying why. */
struct selector *select_compile(const char *expr, char **err);
void select_free(struct selector *s);
/* Is it XPath (1) or CSS (0)? */
int select_is_xpath(const struct selector *s);

/* Append the text of what s selects in doc to out, in document order:
 * each element's text (html.h rules: blocks are lines, scripts left
 * out), one after the other, separated by a line break; an attribute or
 * text node its value; an XPath string, number or boolean its value.
 * The number of nodes (or values) selected, 0 when none, -1 on error
 * (*err, malloc'd: XPath evaluation failed, or too many steps). An
 * element inside one already selected is not selected again (CSS). */
long select_text(const struct selector *s, xmlDoc *doc, struct buf *out, char **err);

#endif
