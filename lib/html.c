/* html.c — see html.h. The walk is iterative (an explicit parent chain
 * through the tree's own links), so no document can exhaust the stack. */
#include "html.h"
#include "utf8.h"

#include <libxml/HTMLtree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { K_INLINE, K_SKIP, K_LINE, K_PARA, K_CELL, K_PRE, K_BR };

static int
kind_of(const char *n)
{
	static const char *const skip[] = {
		"script", "style", "noscript", "template", "head", "iframe",
		"object", "embed", "svg", "canvas", "select", "textarea",
		"button", "audio", "video", "map", "frameset", "frame", "applet",
		NULL,
	};
	static const char *const para[] = {
		"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol",
		"dl", "table", "figure", "section", "article", "header", "footer",
		"hr", "main", "aside", "nav", "form", "fieldset", "details",
		"address", "center", NULL,
	};
	static const char *const line[] = {
		"div", "li", "tr", "dt", "dd", "figcaption", "summary", "caption",
		"legend", "option", "thead", "tbody", "tfoot", "body", "html", NULL,
	};
	for (int i = 0; skip[i]; i++)
		if (!strcasecmp(n, skip[i]))
			return K_SKIP;
	if (!strcasecmp(n, "br"))
		return K_BR;
	if (!strcasecmp(n, "pre") || !strcasecmp(n, "listing") || !strcasecmp(n, "xmp"))
		return K_PRE;
	if (!strcasecmp(n, "td") || !strcasecmp(n, "th"))
		return K_CELL;
	for (int i = 0; para[i]; i++)
		if (!strcasecmp(n, para[i]))
			return K_PARA;
	for (int i = 0; line[i]; i++)
		if (!strcasecmp(n, line[i]))
			return K_LINE;
	return K_INLINE;
}

/* Marks in the raw buffer, resolved by text_normalise_space:
 * '\n' is a line break, "\n\n" a paragraph break; inside <pre> the
 * white space is kept by writing it with \v (vertical tab) for newlines
 * and \x01 for spaces, restored after the collapse. */
static void
add_text(struct buf *out, const char *s, int pre)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if (pre) {
			if (c == '\n')
				buf_addc(out, '\v');
			else if (c == ' ' || c == '\t')
				buf_addc(out, '\x01');
			else if (c != '\r')
				buf_addc(out, (char)c);
			continue;
		}
		if (c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v')
			c = ' ';
		if (c == '\x01')
			c = ' ';
		buf_addc(out, (char)c);
	}
}

void
html_node_text(xmlNode *root, struct buf *out)
{
	if (!root)
		return;
	int pre = 0;
	xmlNode *n = root;
	/* Pre-order walk; on the way up, close block elements. */
	for (;;) {
		int descend = 0;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				add_text(out, (const char *)n->content, pre);
		} else if (n->type == XML_ELEMENT_NODE && n->name) {
			int k = kind_of((const char *)n->name);
			if (k == K_BR) {
				buf_addc(out, pre ? '\v' : '\n');
			} else if (k != K_SKIP) {
				if (k == K_PARA || k == K_PRE)
					buf_adds(out, "\n\n");
				else if (k == K_LINE)
					buf_addc(out, '\n');
				else if (k == K_CELL)
					buf_addc(out, ' ');
				if (k == K_PRE)
					pre++;
				descend = n->children != NULL;
				if (!descend && k == K_PRE)
					pre--;
			}
		} else if (n->type == XML_ENTITY_REF_NODE) {
			/* Undeclared entity kept as a reference: keep its text. */
			if (n->children && n->children->content)
				add_text(out, (const char *)n->children->content, pre);
		} else if ((n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE ||
		    n->type == XML_DOCUMENT_FRAG_NODE) && n->children) {
			descend = 1;
		}
		if (descend) {
			n = n->children;
			continue;
		}
		/* Up until there is a next sibling, closing elements. */
		while (n != root && !n->next) {
			n = n->parent;
			if (!n)
				return;
			if (n->type == XML_ELEMENT_NODE && n->name) {
				int k = kind_of((const char *)n->name);
				if (k == K_PARA || k == K_PRE)
					buf_adds(out, "\n\n");
				else if (k == K_LINE)
					buf_addc(out, '\n');
				if (k == K_PRE && pre > 0)
					pre--;
			}
		}
		if (n == root)
			return;
		n = n->next;
	}
}

char *
text_normalise_space(char *s)
{
	/* 1. collapse horizontal blanks (and U+00A0) to one space;
	 * 2. strip blanks around newlines; 3. at most two newlines in a row. */
	char *w = s;
	int nl = 0, sp = 0, started = 0;
	for (char *r = s; *r;) {
		unsigned char c = (unsigned char)*r;
		if (c == 0xC2 && (unsigned char)r[1] == 0xA0) {
			c = ' ';
			r++;
		} else if (c == 0xE2 && (unsigned char)r[1] == 0x80 &&
		    ((unsigned char)r[2] == 0xAF || (unsigned char)r[2] == 0x89 ||
		    (unsigned char)r[2] == 0x8B)) {
			/* narrow no-break space, thin space, zero width space */
			c = (unsigned char)r[2] == 0x8B ? 0 : ' ';
			r += 2;
			if (!c) {
				r++;
				continue;
			}
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
			sp = 1;
			r++;
			continue;
		}
		if (c == '\n') {
			nl++;
			sp = 0;
			r++;
			continue;
		}
		if (started) {
			if (nl)
				for (int i = 0; i < (nl > 2 ? 2 : nl); i++)
					*w++ = '\n';
			else if (sp)
				*w++ = ' ';
		}
		nl = sp = 0;
		started = 1;
		if (c == '\v')
			*w++ = '\n';
		else if (c == '\x01')
			*w++ = ' ';
		else
			*w++ = (char)c;
		r++;
	}
	*w = '\0';
	return s;
}

int
html_looks_like_markup(const char *s)
{
	for (const char *p = s; (p = strpbrk(p, "<&")); p++) {
		if (*p == '<') {
			char c = p[1];
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!')
				return 1;
		} else {
			const char *q = p + 1;
			if (*q == '#')
				q++;
			while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
			    (*q >= '0' && *q <= '9'))
				q++;
			if (*q == ';' && q > p + 1)
				return 1;
		}
	}
	return 0;
}

htmlDocPtr
html_parse_document(const char *s, size_t n, const char *url)
{
	if (n > (size_t)0x7fffffff)
		return NULL;
	return htmlReadMemory(s, (int)n, url, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED * 0);
}

char *
html_to_text(const char *html, size_t len)
{
	struct buf b;
	buf_init(&b);
	if (!html_looks_like_markup(html)) {
		buf_add(&b, html, len);
	} else {
		htmlDocPtr doc = html_parse_document(html, len, NULL);
		if (doc) {
			html_node_text((xmlNode *)doc, &b);
			xmlFreeDoc(doc);
		}
	}
	char *s = buf_steal(&b);
	size_t nrepl;
	char *fixed = utf8_repaired_copy(s, strlen(s), &nrepl);
	if (fixed) {
		free(s);
		s = fixed;
	}
	return text_normalise_space(s);
}
