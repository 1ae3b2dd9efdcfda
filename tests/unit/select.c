/* select.c — unit test of lib/select.h: each part of the CSS subset on a
 * small page, XPath told apart by its first character, what is refused
 * (with where), and the step limit on a deep page. */
#include "select.h"
#include "html.h"
#include "tap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char page[] =
    "<html><head><title>T</title><script>var x = 1;</script></head><body>"
    "<div id=\"top\" class=\"news main\"><h2>Prix</h2><p class=\"price\">12 €</p>"
    "<ul><li lang=\"fr\">un</li><li lang=\"en\">one</li><li>rien</li></ul></div>"
    "<div class=\"news\"><p class=\"price old\">15 €</p><span><p>deep</p></span></div>"
    "<p class=\"price\">outside</p>"
    "</body></html>";

static char *
sel(xmlDoc *doc, const char *expr, long *count)
{
	char *err = NULL;
	struct selector *s = select_compile(expr, &err);
	if (!s) {
		char *r = xasprintf("ERR %s", err);
		free(err);
		*count = -2;
		return r;
	}
	struct buf out;
	buf_init(&out);
	*count = select_text(s, doc, &out, &err);
	select_free(s);
	if (*count < 0) {
		buf_free(&out);
		char *r = xasprintf("ERR %s", err);
		free(err);
		return r;
	}
	buf_addc(&out, '\0');
	return buf_steal(&out);
}

#define T(expr, want, n, what) do { \
	long c_; \
	char *got_ = sel(doc, expr, &c_); \
	is_str(got_, want, what); \
	ok(c_ == (n), "  and counts %ld (got %ld)", (long)(n), c_); \
	free(got_); \
} while (0)

#define REFUSED(expr, want, what) do { \
	char *e_ = NULL; \
	struct selector *s_ = select_compile(expr, &e_); \
	ok(!s_, what); \
	is_str(e_, want, "  saying: %s", want); \
	select_free(s_); \
	free(e_); \
} while (0)

int
main(void)
{
	xmlDoc *doc = html_parse_document(page, sizeof page - 1, NULL);
	ok(doc != NULL, "the page parses");

	T("h2", "Prix", 1, "a type selector");
	T("H2", "Prix", 1, "type selectors ignore case");
	T("#top h2", "Prix", 1, "an id, then a descendant");
	T(".price", "12 €\n15 €\noutside", 3, "a class, in document order");
	T("p.price.old", "15 €", 1, "two classes on one element");
	T("div > p", "12 €\n15 €", 2, "the child combinator");
	T("div>p", "12 €\n15 €", 2, "the child combinator without blanks");
	T("div p", "12 €\n15 €\ndeep", 3, "the descendant combinator");
	T("div > span > p", "deep", 1, "two child combinators");
	T("li[lang]", "un\none", 2, "an attribute present");
	T("li[lang=en]", "one", 1, "an attribute value, bare");
	T("li[lang=\"fr\"]", "un", 1, "an attribute value, quoted");
	T("li[ lang = 'fr' ]", "un", 1, "blanks inside brackets");
	T("h2, li[lang=en]", "Prix\none", 2, "a comma list, in document order");
	T("*#top > h2", "Prix", 1, "the universal selector");
	T(".news", "Prix\n\n12 €\n\nun\none\nrien\n15 €\n\ndeep", 2,
	    "an element inside one selected is not selected again");
	T("div .nothing", "", 0, "nothing selected: empty, 0");
	T("head", "", 1, "the text of scripts is left out");

	T("//h2", "Prix", 1, "an expression starting with / is XPath");
	T("//li[@lang='en']/text()", "one", 1, "XPath text nodes");
	T("//li/@lang", "fr\nen", 2, "XPath attributes give their values");
	T("(//p)[2]", "15 €", 1, "an expression starting with ( is XPath");
	T("(count(//li))", "3", 1, "an XPath number is its value");
	T("(string(//p[@class='price']))", "12 €", 1, "an XPath string is its value");
	T("(//nothing)", "", 0, "XPath selecting nothing: empty, 0");

	REFUSED("", "empty selector at offset 0", "an empty selector is refused");
	REFUSED("a:hover", "pseudo-classes are not supported at offset 1", "pseudo-classes are refused");
	REFUSED("a + b", "only the descendant and '>' combinators are supported at offset 2",
	    "sibling combinators are refused");
	REFUSED("a[href^=x]", "only [attr] and [attr=value] are supported at offset 6",
	    "other attribute operators are refused");
	REFUSED("a[href='x", "unterminated quoted value at offset 8", "an open quote is refused");
	REFUSED("a,", "selector expected at offset 2", "a trailing comma is refused");
	REFUSED("div >", "selector expected at offset 5", "a dangling combinator is refused");
	REFUSED("//p[", "not a valid XPath expression", "broken XPath is refused");
	REFUSED("a a a a a a a a a a a a a a a a a", "too many parts in one selector at offset 32",
	    "more than SELECT_MAX_PARTS compounds is refused");
	struct buf longx;
	buf_init(&longx);
	for (int i = 0; i < SELECT_MAX_LEN + 1; i++)
		buf_addc(&longx, 'a');
	buf_addc(&longx, '\0');
	REFUSED(longx.data, "longer than 1024 bytes", "an expression over SELECT_MAX_LEN is refused");
	buf_free(&longx);
	xmlFreeDoc(doc);

	/* a deep page and a selector that backtracks: the step limit */
	struct buf deep;
	buf_init(&deep);
	for (int i = 0; i < 250; i++)
		buf_adds(&deep, "<div>");
	buf_adds(&deep, "x");
	buf_addc(&deep, '\0');
	doc = html_parse_document(deep.data, deep.len - 1, NULL);
	T("span div div div div div div div div div div div div div div div",
	    "ERR selector needs more than 2000000 steps on this page", -1,
	    "a selector backtracking over a deep page stops at SELECT_MAX_STEPS");
	T("div > div > div", "x", 1, "a cheap selector on the same page works");
	xmlFreeDoc(doc);
	buf_free(&deep);
	return tap_done();
}
