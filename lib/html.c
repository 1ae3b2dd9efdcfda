/* html.c — see html.h. The walk is iterative (an explicit parent chain
 * through the tree's own links), so no document can exhaust the stack. */
#include "html.h"
#include "utf8.h"

#include <libxml/HTMLtree.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

enum { K_INLINE, K_SKIP, K_LINE, K_PARA, K_CELL, K_PRE, K_BR };

#define MARK_LINE '\x04'
#define MARK_PARA '\x02'
/* Two bytes, so that the folding never writes more than it reads
 * (a paragraph break is two newlines). */
static const char MARK_PARA_S[] = { MARK_PARA, MARK_PARA, 0 };

/* Element names are looked up for every tag of every field: a switch on
 * the first letter, then exact comparisons on lowercase names (the
 * tokenizer lowercases; libxml2's HTML parser does too). */
static int
kind_of(const char *n)
{
	char low[16];
	size_t i;
	for (i = 0; n[i] && i < sizeof low - 1; i++)
		low[i] = (char)((n[i] >= 'A' && n[i] <= 'Z') ? n[i] + 32 : n[i]);
	if (n[i])
		return K_INLINE;
	low[i] = '\0';
#define IS(x) (!strcmp(low, x))
	switch (low[0]) {
	case 'a':
		if (IS("article") || IS("aside") || IS("address")) return K_PARA;
		if (IS("audio") || IS("applet")) return K_SKIP;
		break;
	case 'b':
		if (IS("br")) return K_BR;
		if (IS("blockquote")) return K_PARA;
		if (IS("body")) return K_LINE;
		if (IS("button")) return K_SKIP;
		break;
	case 'c':
		if (IS("canvas")) return K_SKIP;
		if (IS("center")) return K_PARA;
		if (IS("caption")) return K_LINE;
		break;
	case 'd':
		if (IS("div") || IS("dt") || IS("dd")) return K_LINE;
		if (IS("dl") || IS("details")) return K_PARA;
		break;
	case 'e':
		if (IS("embed")) return K_SKIP;
		break;
	case 'f':
		if (IS("footer") || IS("form") || IS("figure") || IS("fieldset")) return K_PARA;
		if (IS("figcaption")) return K_LINE;
		if (IS("frameset") || IS("frame")) return K_SKIP;
		break;
	case 'h':
		if (low[1] >= '1' && low[1] <= '6' && !low[2]) return K_PARA;
		if (IS("header") || IS("hr")) return K_PARA;
		if (IS("head")) return K_SKIP;
		if (IS("html")) return K_LINE;
		break;
	case 'i':
		if (IS("iframe")) return K_SKIP;
		break;
	case 'l':
		if (IS("li") || IS("legend")) return K_LINE;
		if (IS("listing")) return K_PRE;
		break;
	case 'm':
		if (IS("main")) return K_PARA;
		if (IS("map")) return K_SKIP;
		break;
	case 'n':
		if (IS("nav")) return K_PARA;
		if (IS("noscript")) return K_SKIP;
		break;
	case 'o':
		if (IS("ol")) return K_PARA;
		if (IS("object")) return K_SKIP;
		if (IS("option")) return K_LINE;
		break;
	case 'p':
		if (IS("p")) return K_PARA;
		if (IS("pre")) return K_PRE;
		break;
	case 's':
		if (IS("section")) return K_PARA;
		if (IS("script") || IS("style") || IS("svg") || IS("select")) return K_SKIP;
		if (IS("summary")) return K_LINE;
		break;
	case 't':
		if (IS("td") || IS("th")) return K_CELL;
		if (IS("tr") || IS("thead") || IS("tbody") || IS("tfoot")) return K_LINE;
		if (IS("table")) return K_PARA;
		if (IS("template") || IS("textarea")) return K_SKIP;
		break;
	case 'u':
		if (IS("ul")) return K_PARA;
		break;
	case 'v':
		if (IS("video")) return K_SKIP;
		break;
	case 'x':
		if (IS("xmp")) return K_PRE;
		break;
	}
#undef IS
	return K_INLINE;
}

/* Marks in the raw buffer, resolved by text_normalise_space:
 * MARK_LINE ends a block that is a line (div, li, tr): several in a row
 * are one line break; MARK_PARA ends a paragraph (a blank line); '\n'
 * counts (<br>, and the lines of plain text): two make a blank line.
 * Inside <pre> white space is kept by writing \v for newlines and \x01
 * for spaces, restored after the collapse. */
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
		if (c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v' ||
		    c == '\x01' || c == MARK_PARA || c == MARK_LINE)
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
					buf_adds(out, MARK_PARA_S);
				else if (k == K_LINE)
					buf_addc(out, MARK_LINE);
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
					buf_adds(out, MARK_PARA_S);
				else if (k == K_LINE)
					buf_addc(out, MARK_LINE);
				if (k == K_PRE && pre > 0)
					pre--;
			}
		}
		if (n == root)
			return;
		n = n->next;
	}
}

/* Past the leading 8-byte words of r that text_normalise_space copies as
 * they are: no byte below 0x21 but single spaces followed by an ordinary
 * byte, and no lead byte of U+00A0, U+2009, U+200B or U+202F (C2 A0,
 * E2 80 89/8B/AF; other C2 and E2 sequences, like the quote mark E2 80
 * 99, are ordinary text). A space or a lead byte whose followers are in
 * the next word is looked at byte by byte. Eight bytes a test instead of
 * a mispredicted branch per word of text. */
static const char *
ordinary_words(const char *r, const char *end, const unsigned char *special)
{
	const uint64_t last = 0x80ULL << 56, last2 = 0x8080ULL << 48;
#ifdef __SSE2__
	/* The same test on sixteen bytes at a time (SSE2 is part of every
	 * x86-64): one bit a byte, bit i for byte i. The eight-byte loop
	 * below then finds where in the last block the run stops. */
	const __m128i sp20 = _mm_set1_epi8(0x20);
	while (end - r >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)r);
		unsigned spec = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(x, sp20), x));
		unsigned space = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, sp20));
		unsigned c2 = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xC2)));
		unsigned e2 = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE2)));
		if (c2 | e2) {
#define EQ(v) ((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)(v)))))
			spec |= c2 & ((EQ(0xA0) >> 1) | 0x8000u);
			spec |= e2 & (((EQ(0x80) >> 1) & ((EQ(0x89) | EQ(0x8B) | EQ(0xAF)) >> 2)) |
			    0xC000u);
#undef EQ
		}
		if (spec) {
			if ((spec & ~space) | (space & (spec >> 1)))
				break;
			if (space & 0x8000u && (end - r == 16 || special[(unsigned char)r[16]]))
				break;
		}
		r += 16;
	}
#endif
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
	return r;       /* the shifts below read the text little endian */
#endif
	while (end - r >= 8) {
		uint64_t x;
		memcpy(&x, r, 8);
		uint64_t spec = word_bytes_below(x, 0x21);
		/* both lead bytes are computed: a branch on "any byte above
		 * 0x7F" would be mispredicted in French text */
		uint64_t c2 = word_bytes_eq(x, 0xC2);
		uint64_t e2 = word_bytes_eq(x, 0xE2);
		if (c2 | e2) {
			/* little endian: byte i+1 of the text is shifted onto
			 * byte i */
			if (c2)
				spec |= c2 & ((word_bytes_eq(x, 0xA0) >> 8) | last);
			if (e2) {
				uint64_t third = word_bytes_eq(x, 0x89) |
				    word_bytes_eq(x, 0x8B) |
				    word_bytes_eq(x, 0xAF);
				spec |= e2 & (((word_bytes_eq(x, 0x80) >> 8) &
				    (third >> 16)) | last2);
			}
		}
		if (spec) {
			uint64_t space = word_bytes_eq(x, 0x20);
			if ((spec & ~space) | (space & (spec >> 8)))
				break;
			/* a space in the last byte: its follower is the next
			 * word's */
			if (space & last && (end - r == 8 || special[(unsigned char)r[8]]))
				break;
		}
		r += 8;
	}
	return r;
}

char *
text_normalise_space(char *s)
{
	/* 1. collapse horizontal blanks (and U+00A0) to one space;
	 * 2. strip blanks around line breaks; 3. a run of breaks is a blank
	 * line if it holds a paragraph mark or two newlines, else one line
	 * break (block marks do not add up: </li><li> is one break). */
	/* Bytes that need a look: NUL, controls and blanks, and the lead
	 * bytes of U+00A0 and U+2009/U+200B/U+202F. */
	static unsigned char special[256];
	if (!special[0]) {
		for (int i = 0; i <= ' '; i++)
			special[i] = 1;
		special[0xC2] = special[0xE2] = 1;
	}
	char *w = s;
	const char *end = s + strlen(s);
	int nl = 0, sp = 0, soft = 0, started = 0;
	for (char *r = s; *r;) {
		unsigned char c = (unsigned char)*r;
		/* fast path: a run of ordinary bytes with nothing pending; a
		 * single space between two of them is ordinary too */
#define ORDINARY(p) (!special[(unsigned char)*(p)] || \
	(*(p) == ' ' && !special[(unsigned char)(p)[1]]))
		if (!special[c] && !nl && !sp && !soft && started) {
			/* found first, then moved in one piece: a byte copy
			 * loop here compiles to one slow movsb per byte */
			char *start = r;
			for (;;) {
				/* words of eight, then the word that stopped
				 * them byte by byte, and on */
				r = (char *)ordinary_words(r, end, special);
				const char *stop = end - r > 8 ? r + 8 : end;
				while (r < stop && ORDINARY(r))
					r++;
				if (r < stop || r >= end)
					break;
			}
			if (w != start)
				memmove(w, start, (size_t)(r - start));
			w += r - start;
			continue;
		}
#undef ORDINARY
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
		if (c == '\n' || c == MARK_PARA) {
			nl++;
			r++;
			continue;
		}
		if (c == MARK_LINE) {
			soft = 1;
			r++;
			continue;
		}
		/* <pre> white space at the very start is trimmed like any */
		if (!started && (c == '\v' || c == '\x01')) {
			r++;
			continue;
		}
		if (started) {
			if (nl >= 2)
				*w++ = '\n', *w++ = '\n';
			else if (nl || soft)
				*w++ = '\n';
			else if (sp)
				*w++ = ' ';
		}
		nl = sp = soft = 0;
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
	    HTML_PARSE_NONET);
}

long
html_fix_codepoint(long cp)
{
	static const unsigned short w1252[32] = {
		0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
		0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
	};
	if (cp >= 0x80 && cp <= 0x9F)
		return w1252[cp - 0x80];
	if ((cp < 0x20 && cp != 9 && cp != 10 && cp != 13) || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    cp > 0x10FFFF || cp == 0xFFFE || cp == 0xFFFF)
		return 0xFFFD;
	return cp;
}

static int
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_alnum(unsigned char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

int
html_numeric_ref(const char *s, size_t i, size_t n, long *cp, size_t *end)
{
	size_t k = i + 2;
	int hex = k < n && (s[k] == 'x' || s[k] == 'X');
	if (hex)
		k++;
	size_t d0 = k;
	long v = 0;
	while (k < n && (hex ? isxdigit((unsigned char)s[k]) : isdigit((unsigned char)s[k]))) {
		if (v < 0x110000)
			v = v * (hex ? 16 : 10) + (isdigit((unsigned char)s[k]) ? s[k] - '0' :
			    (tolower((unsigned char)s[k]) - 'a' + 10));
		k++;
	}
	*cp = v;
	*end = k;
	return k > d0;
}

/* Decode the character reference at s[i] ('&'); appends its text and
 * returns the length consumed, 0 if it is no reference (a literal &). */
static size_t
decode_ref(const char *s, size_t i, size_t n, struct buf *out)
{
	size_t k = i + 1;
	if (k < n && s[k] == '#') {
		long cp;
		if (!html_numeric_ref(s, i, n, &cp, &k))
			return 0;
		if (k < n && s[k] == ';')
			k++;
		utf8_put(out, html_fix_codepoint(cp));
		return k - i;
	}
	while (k < n && is_alnum((unsigned char)s[k]) && k - i < 32)
		k++;
	size_t nl = k - i - 1;
	if (!nl || nl >= 32)
		return 0;
	char name[33];
	memcpy(name, s + i + 1, nl);
	name[nl] = '\0';
	int semi = k < n && s[k] == ';';
	/* Without ';' only the few legacy names browsers accept are read. */
	if (!semi && strcmp(name, "amp") && strcmp(name, "lt") && strcmp(name, "gt") &&
	    strcmp(name, "quot") && strcmp(name, "nbsp") && strcmp(name, "copy"))
		return 0;
	const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)name);
	if (!d) {
		if (!strcmp(name, "apos"))
			buf_addc(out, '\'');
		else
			return 0;
	} else {
		utf8_put(out, (long)d->value);
	}
	return nl + 1 + (size_t)semi;
}

/* Elements whose content is skipped and which are not void: their end
 * tag is searched for. */
static int
has_skipped_content(const char *name)
{
	return strcmp(name, "embed") && strcmp(name, "frame");
}

/* From s[i] (just after "<name ...>"), the index after the matching
 * "</name>", or n when there is none. */
static size_t
skip_element(const char *s, size_t i, size_t n, const char *name)
{
	size_t nl = strlen(name);
	while (i < n) {
		const char *lt = memchr(s + i, '<', n - i);
		if (!lt)
			return n;
		size_t at = (size_t)(lt - s);
		if (at + 2 + nl <= n && s[at + 1] == '/' && !strncasecmp(s + at + 2, name, nl) &&
		    !is_alnum((unsigned char)(at + 2 + nl < n ? s[at + 2 + nl] : ' '))) {
			const char *gt = memchr(s + at, '>', n - at);
			return gt ? (size_t)(gt - s) + 1 : n;
		}
		i = at + 1;
	}
	return n;
}

/* The end of a tag starting at s[i] ('<'): the index after its '>',
 * quotes in attribute values respected. */
static size_t
tag_end(const char *s, size_t i, size_t n, int *selfclose)
{
	char q = 0;
	*selfclose = 0;
	for (size_t k = i + 1; k < n; k++) {
		char c = s[k];
		if (q) {
			if (c == q)
				q = 0;
		} else if (c == '"' || c == '\'') {
			/* a quote opens a value only after '=' */
			size_t j = k;
			while (j > i && (s[j - 1] == ' ' || s[j - 1] == '\t' || s[j - 1] == '\n'))
				j--;
			if (j > i && s[j - 1] == '=')
				q = c;
		} else if (c == '>') {
			*selfclose = k > i + 1 && s[k - 1] == '/';
			return k + 1;
		}
	}
	return n;
}

static char *to_text(const char *html, size_t len, int valid);

char *
html_to_text(const char *html, size_t len)
{
	return to_text(html, len, 0);
}

char *
html_to_text_valid(const char *html, size_t len)
{
	return to_text(html, len, 1);
}

static char *
to_text(const char *html, size_t len, int valid)
{
	struct buf b;
	buf_init(&b);
	if (!html_looks_like_markup(html)) {
		buf_add(&b, html, len);
	} else {
		const char *s = html;
		size_t i = 0, n = len;
		int pre = 0;
		buf_grow(&b, n);
		const char *lt = memchr(s, '<', n), *amp = memchr(s, '&', n);
		while (i < n) {
			/* a run of plain text up to the next markup character */
			lt = mem_next(lt, s + i, s + n, '<');
			amp = mem_next(amp, s + i, s + n, '&');
			size_t j = n;
			if (lt)
				j = (size_t)(lt - s);
			if (amp && (size_t)(amp - s) < j)
				j = (size_t)(amp - s);
			if (j > i) {
				if (pre) {
					char *run = xstrndup(s + i, j - i);
					add_text(&b, run, 1);
					free(run);
				} else {
					/* copied whole, then the line breaks and
					 * marks of the source turned into spaces */
					size_t at = b.len;
					buf_add(&b, s + i, j - i);
					for (char *q = b.data + at; (q = strpbrk(q, "\n\r\t\f\v\x01\x02\x04")); q++)
						*q = ' ';
				}
				i = j;
				continue;
			}
			if (s[i] == '&') {
				size_t used = decode_ref(s, i, n, &b);
				if (!used) {
					buf_addc(&b, '&');
					used = 1;
				}
				i += used;
				continue;
			}
			/* '<' */
			if (i + 1 >= n) {
				buf_addc(&b, '<');
				i++;
				continue;
			}
			char c1 = s[i + 1];
			if (c1 == '!') {
				/* In HTML, <![CDATA[ is a bogus comment up to '>'. */
				if (n - i >= 4 && !memcmp(s + i, "<!--", 4)) {
					const char *e = mem_find(s + i + 4, n - i - 4, "-->", 3);
					i = e ? (size_t)(e - s) + 3 : n;
				} else {
					const char *e = memchr(s + i, '>', n - i);
					i = e ? (size_t)(e - s) + 1 : n;
				}
				continue;
			}
			if (c1 == '?') {
				const char *e = memchr(s + i, '>', n - i);
				i = e ? (size_t)(e - s) + 1 : n;
				continue;
			}
			int closing = c1 == '/';
			size_t k = i + 1 + (size_t)closing;
			if (k >= n || !is_alpha((unsigned char)s[k])) {
				buf_addc(&b, '<');
				i++;
				continue;
			}
			char name[24];
			size_t nl = 0;
			while (k < n && (is_alnum((unsigned char)s[k]) || s[k] == '-' || s[k] == ':')) {
				if (nl + 1 < sizeof name)
					name[nl++] = (char)tolower((unsigned char)s[k]);
				k++;
			}
			name[nl] = '\0';
			/* "xhtml:p" and friends: the local name decides */
			const char *local = strchr(name, ':') ? strchr(name, ':') + 1 : name;
			int selfclose;
			size_t after = tag_end(s, i, n, &selfclose);
			int kind = kind_of(local);
			i = after;
			if (closing) {
				if (kind == K_PARA || kind == K_PRE)
					buf_adds(&b, MARK_PARA_S);
				else if (kind == K_LINE)
					buf_addc(&b, MARK_LINE);
				if (kind == K_PRE && pre > 0)
					pre--;
				continue;
			}
			switch (kind) {
			case K_SKIP:
				if (!selfclose && has_skipped_content(local))
					i = skip_element(s, i, n, name);
				break;
			case K_BR:
				buf_addc(&b, pre ? '\v' : '\n');
				break;
			case K_PARA:
				buf_adds(&b, MARK_PARA_S);
				break;
			case K_PRE:
				buf_adds(&b, MARK_PARA_S);
				if (!selfclose)
					pre++;
				break;
			case K_LINE:
				buf_addc(&b, MARK_LINE);
				break;
			case K_CELL:
				buf_addc(&b, ' ');
				break;
			}
		}
	}
	char *out = buf_steal(&b);
	if (!valid) {
		/* Valid input gives valid output (bytes are copied, references
		 * encoded): only unchecked input needs the repair. */
		size_t nrepl;
		char *fixed = utf8_repaired_copy(out, strlen(out), &nrepl);
		if (fixed) {
			free(out);
			out = fixed;
		}
	}
	return text_normalise_space(out);
}

char *
html_to_text_dom(const char *html, size_t len)
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
