/* select.c — see select.h */
#include "select.h"
#include "html.h"
#include "util.h"

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlerror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct attr_test {
	char *name;
	char *value;            /* NULL: presence only */
};

struct compound {
	char *tag;              /* NULL: any ('*' or none written) */
	char *id;
	char **classes;
	size_t nclasses;
	struct attr_test *attrs;
	size_t nattrs;
	char comb;              /* how it relates to the compound before: ' ' or '>' */
};

struct complex {
	struct compound *parts;
	size_t n;
};

struct selector {
	int xpath;
	xmlXPathCompExprPtr comp;
	struct complex *alts;
	size_t nalts;
};

static void
silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void
silent_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

static void
quiet_libxml(void)
{
	xmlSetGenericErrorFunc(NULL, silent);
	xmlSetStructuredErrorFunc(NULL, silent_structured);
}

static void
compound_free(struct compound *c)
{
	free(c->tag);
	free(c->id);
	for (size_t i = 0; i < c->nclasses; i++)
		free(c->classes[i]);
	free(c->classes);
	for (size_t i = 0; i < c->nattrs; i++) {
		free(c->attrs[i].name);
		free(c->attrs[i].value);
	}
	free(c->attrs);
}

void
select_free(struct selector *s)
{
	if (!s)
		return;
	if (s->comp)
		xmlXPathFreeCompExpr(s->comp);
	for (size_t i = 0; i < s->nalts; i++) {
		for (size_t j = 0; j < s->alts[i].n; j++)
			compound_free(&s->alts[i].parts[j]);
		free(s->alts[i].parts);
	}
	free(s->alts);
	free(s);
}

int
select_is_xpath(const struct selector *s)
{
	return s->xpath;
}

/* --- the CSS parser --- */

struct cparse {
	const char *s, *p;
	char *err;
};

static int
is_ident(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '_' || c >= 0x80;
}

static int
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void
fail(struct cparse *cp, const char *what)
{
	if (!cp->err)
		cp->err = xasprintf("%s at offset %zu", what, (size_t)(cp->p - cp->s));
}

static char *
ident(struct cparse *cp, const char *what)
{
	const char *b = cp->p;
	while (is_ident((unsigned char)*cp->p))
		cp->p++;
	if (cp->p == b) {
		fail(cp, what);
		return NULL;
	}
	return xstrndup(b, (size_t)(cp->p - b));
}

static void
skip_blank(struct cparse *cp)
{
	while (is_blank((unsigned char)*cp->p))
		cp->p++;
}

static int
parse_attr(struct cparse *cp, struct compound *c)
{
	cp->p++;        /* '[' */
	skip_blank(cp);
	char *name = ident(cp, "attribute name expected");
	if (!name)
		return -1;
	skip_blank(cp);
	char *value = NULL;
	if (*cp->p == '=') {
		cp->p++;
		skip_blank(cp);
		if (*cp->p == '"' || *cp->p == '\'') {
			char q = *cp->p++;
			const char *e = strchr(cp->p, q);
			if (!e) {
				free(name);
				fail(cp, "unterminated quoted value");
				return -1;
			}
			value = xstrndup(cp->p, (size_t)(e - cp->p));
			cp->p = e + 1;
		} else if (!(value = ident(cp, "attribute value expected"))) {
			free(name);
			return -1;
		}
		skip_blank(cp);
	}
	if (*cp->p != ']') {
		free(name);
		free(value);
		fail(cp, *cp->p && strchr("~|^$*", *cp->p) ?
		    "only [attr] and [attr=value] are supported" : "']' expected");
		return -1;
	}
	cp->p++;
	c->attrs = xrealloc(c->attrs, (c->nattrs + 1) * sizeof *c->attrs);
	c->attrs[c->nattrs++] = (struct attr_test){ name, value };
	return 0;
}

/* One compound at cp->p: 0, or -1 (cp->err). */
static int
parse_compound(struct cparse *cp, struct compound *c)
{
	const char *start = cp->p;
	if (*cp->p == '*') {
		cp->p++;
	} else if (is_ident((unsigned char)*cp->p)) {
		if (!(c->tag = ident(cp, "element name expected")))
			return -1;
	}
	for (;;) {
		char ch = *cp->p;
		if (ch == '#') {
			cp->p++;
			free(c->id);
			if (!(c->id = ident(cp, "id expected after '#'")))
				return -1;
		} else if (ch == '.') {
			cp->p++;
			char *cl = ident(cp, "class expected after '.'");
			if (!cl)
				return -1;
			if (c->nclasses >= SELECT_MAX_PARTS) {
				free(cl);
				fail(cp, "too many classes");
				return -1;
			}
			c->classes = xrealloc(c->classes, (c->nclasses + 1) * sizeof *c->classes);
			c->classes[c->nclasses++] = cl;
		} else if (ch == '[') {
			if (c->nattrs >= SELECT_MAX_PARTS) {
				fail(cp, "too many attribute tests");
				return -1;
			}
			if (parse_attr(cp, c) < 0)
				return -1;
		} else if (ch == ':') {
			fail(cp, "pseudo-classes are not supported");
			return -1;
		} else {
			break;
		}
	}
	if (cp->p == start) {
		fail(cp, *cp->p ? "unexpected character" : "selector expected");
		return -1;
	}
	return 0;
}

static int
parse_css(struct selector *sel, struct cparse *cp)
{
	skip_blank(cp);
	for (;;) {
		if (sel->nalts >= SELECT_MAX_PARTS) {
			fail(cp, "too many selectors in the list");
			return -1;
		}
		sel->alts = xrealloc(sel->alts, (sel->nalts + 1) * sizeof *sel->alts);
		struct complex *cx = &sel->alts[sel->nalts++];
		memset(cx, 0, sizeof *cx);
		char comb = ' ';
		for (;;) {
			if (cx->n >= SELECT_MAX_PARTS) {
				fail(cp, "too many parts in one selector");
				return -1;
			}
			cx->parts = xrealloc(cx->parts, (cx->n + 1) * sizeof *cx->parts);
			struct compound *c = &cx->parts[cx->n++];
			memset(c, 0, sizeof *c);
			c->comb = comb;
			if (parse_compound(cp, c) < 0)
				return -1;
			const char *before = cp->p;
			skip_blank(cp);
			if (*cp->p == '>') {
				cp->p++;
				skip_blank(cp);
				comb = '>';
			} else if (!*cp->p || *cp->p == ',') {
				break;
			} else if (cp->p > before && *cp->p != '+' && *cp->p != '~') {
				comb = ' ';
			} else {
				fail(cp, *cp->p == '+' || *cp->p == '~' ?
				    "only the descendant and '>' combinators are supported" :
				    "unexpected character");
				return -1;
			}
		}
		if (!*cp->p)
			return 0;
		cp->p++;        /* ',' */
		skip_blank(cp);
	}
}

struct selector *
select_compile(const char *expr, char **err)
{
	*err = NULL;
	if (strlen(expr) > SELECT_MAX_LEN) {
		*err = xasprintf("longer than %d bytes", SELECT_MAX_LEN);
		return NULL;
	}
	const char *p = expr;
	while (is_blank((unsigned char)*p))
		p++;
	struct selector *sel = xcalloc(1, sizeof *sel);
	if (*p == '/' || *p == '(') {
		sel->xpath = 1;
		quiet_libxml();
		sel->comp = xmlXPathCompile((const xmlChar *)p);
		if (!sel->comp) {
			*err = xstrdup("not a valid XPath expression");
			select_free(sel);
			return NULL;
		}
		return sel;
	}
	struct cparse cp = { expr, p, NULL };
	if (!*p)
		fail(&cp, "empty selector");
	else
		parse_css(sel, &cp);
	if (cp.err) {
		*err = cp.err;
		select_free(sel);
		return NULL;
	}
	return sel;
}

/* --- CSS matching --- */

static const char *
attr_value(const xmlNode *n, const char *name, int *present)
{
	*present = 0;
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		if (!a->name || xmlStrcasecmp(a->name, (const xmlChar *)name))
			continue;
		*present = 1;
		if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
			return (const char *)a->children->content;
		return "";
	}
	return NULL;
}

static int
has_class(const char *list, const char *cl)
{
	size_t n = strlen(cl);
	for (const char *p = list; *p;) {
		while (*p && is_blank((unsigned char)*p))
			p++;
		const char *e = p;
		while (*e && !is_blank((unsigned char)*e))
			e++;
		if ((size_t)(e - p) == n && !memcmp(p, cl, n))
			return 1;
		p = e;
	}
	return 0;
}

static int
match_compound(const struct compound *c, const xmlNode *n)
{
	int present;
	if (c->tag && (!n->name || xmlStrcasecmp(n->name, (const xmlChar *)c->tag)))
		return 0;
	if (c->id) {
		const char *v = attr_value(n, "id", &present);
		if (!v || strcmp(v, c->id))
			return 0;
	}
	if (c->nclasses) {
		const char *v = attr_value(n, "class", &present);
		if (!v)
			return 0;
		for (size_t i = 0; i < c->nclasses; i++)
			if (!has_class(v, c->classes[i]))
				return 0;
	}
	for (size_t i = 0; i < c->nattrs; i++) {
		const char *v = attr_value(n, c->attrs[i].name, &present);
		if (!present || (c->attrs[i].value && strcmp(v, c->attrs[i].value)))
			return 0;
	}
	return 1;
}

static xmlNode *
parent_element(const xmlNode *n)
{
	for (xmlNode *p = n->parent; p; p = p->parent)
		if (p->type == XML_ELEMENT_NODE)
			return p;
	return NULL;
}

/* Does n match parts[0..i], n matching parts[i]? *steps counts down. */
static int
match_at(const struct complex *cx, size_t i, const xmlNode *n, long *steps)
{
	if (--*steps < 0)
		return 0;
	if (!match_compound(&cx->parts[i], n))
		return 0;
	if (i == 0)
		return 1;
	xmlNode *p = parent_element(n);
	if (cx->parts[i].comb == '>')
		return p && match_at(cx, i - 1, p, steps);
	for (; p && *steps >= 0; p = parent_element(p))
		if (match_at(cx, i - 1, p, steps))
			return 1;
	return 0;
}

static void
add_node_text(xmlNode *n, struct buf *out)
{
	struct buf t;
	buf_init(&t);
	if (n->type == XML_ATTRIBUTE_NODE) {
		xmlChar *v = xmlNodeGetContent(n);
		if (v)
			buf_adds(&t, (const char *)v);
		xmlFree(v);
	} else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content)
			buf_adds(&t, (const char *)n->content);
	} else {
		html_node_text(n, &t);
	}
	buf_addc(&t, '\0');
	text_normalise_space(t.data);
	if (out->len && out->data[out->len - 1] != '\n')
		buf_addc(out, '\n');
	buf_adds(out, t.data);
	buf_free(&t);
}

static long
css_text(const struct selector *s, xmlDoc *doc, struct buf *out, char **err)
{
	long steps = SELECT_MAX_STEPS, count = 0;
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNode *n = root;
	while (n) {
		int matched = 0;
		if (n->type == XML_ELEMENT_NODE) {
			for (size_t i = 0; i < s->nalts && !matched; i++)
				matched = match_at(&s->alts[i], s->alts[i].n - 1, n, &steps);
			if (steps < 0) {
				*err = xasprintf("selector needs more than %ld steps on this page",
				    SELECT_MAX_STEPS);
				return -1;
			}
		}
		if (matched) {
			add_node_text(n, out);
			count++;
		} else if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n && n != root && !n->next)
			n = n->parent;
		if (!n || n == root)
			break;
		n = n->next;
	}
	return count;
}

static long
xpath_text(const struct selector *s, xmlDoc *doc, struct buf *out, char **err)
{
	quiet_libxml();
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	if (!ctx) {
		*err = xstrdup("out of memory");
		return -1;
	}
	ctx->opLimit = SELECT_XPATH_OPS;
	ctx->opCount = 0;
	xmlXPathObjectPtr r = xmlXPathCompiledEval(s->comp, ctx);
	long count = 0;
	if (!r) {
		*err = xstrdup(ctx->opCount >= ctx->opLimit ?
		    "XPath expression too costly on this page" : "XPath evaluation failed");
		count = -1;
	} else if (r->type == XPATH_NODESET) {
		for (int i = 0; r->nodesetval && i < r->nodesetval->nodeNr; i++) {
			xmlNode *n = r->nodesetval->nodeTab[i];
			if (n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE)
				n = xmlDocGetRootElement(doc);
			if (!n || n->type == XML_NAMESPACE_DECL)
				continue;
			add_node_text(n, out);
			count++;
		}
	} else {
		xmlChar *v = xmlXPathCastToString(r);
		if (v && *v) {
			buf_adds(out, (const char *)v);
			count = 1;
		}
		xmlFree(v);
	}
	xmlXPathFreeObject(r);
	xmlXPathFreeContext(ctx);
	return count;
}

long
select_text(const struct selector *s, xmlDoc *doc, struct buf *out, char **err)
{
	*err = NULL;
	if (!doc || !xmlDocGetRootElement(doc))
		return 0;
	return s->xpath ? xpath_text(s, doc, out, err) : css_text(s, doc, out, err);
}
