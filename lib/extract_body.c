/* extract_body.c — finding the main text of an article page.
 *
 * A readability-style algorithm on libxml2's tree, with no recursion (the
 * tree may be as deep as the parser allows) and linear passes only:
 *
 *  1. Clean: remove comments, script, style, template, hidden elements.
 *  2. Number the elements of <body> in document order (pre-order), each
 *     with a struct xi reached through node->_private.
 *  3. Mark boilerplate: navigation/aside/footer/header/form/figure by tag,
 *     ARIA roles, and class/id patterns (comments, share, related...).
 *     Marks are per pass so a later pass can relax them.
 *  4. Measure every element bottom-up (reverse pre-order): text length,
 *     link text, commas, paragraphs, images, and its "inline text" (text
 *     reachable without crossing a block element).
 *  5. Score: every block with >= 25 characters of inline text is a
 *     paragraph; its score (1 + commas + length/100, capped, damped by
 *     link density) goes to its parent, grandparent... (1, 1/2, 1/6...).
 *     Candidates start from a tag weight and a class/id weight; content
 *     containers named like article bodies get a bonus.
 *  6. Pick the best candidate (score x (1 - link density)), move up when
 *     several close candidates share an ancestor or the parent scores
 *     better, merge qualifying siblings, and add the "twins" of an
 *     article cut into sections by full-width media.
 *  7. Write the text of the chosen nodes as paragraphs separated by
 *     blank lines, dropping furniture found by structure (tag lists,
 *     itemprop dates and bylines, nested <article>s, figures, "Related:"
 *     lines) and, in the first passes, by readability's conditional
 *     cleaning (link lists, share bars, captions, small widgets).
 *  8. When the result is short, retry with fewer marks (as readability
 *     does); a later pass wins only with a clearly longer text.
 *
 * The input was stripped of script/style text, comments, inline SVG and
 * unused attributes before parsing (extract.c). */
#include "extract.h"
#include "extract_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>

/* ------------------------------------------------------------------ */
/* Tags */

enum {
	TB_BLOCK  = 1 << 0,   /* breaks inline text (paragraph boundary) */
	TB_REMOVE = 1 << 1,   /* removed from the tree at once */
	TB_BOILER = 1 << 2,   /* page furniture unless it holds the page */
	TB_HEAD   = 1 << 3,   /* h1..h6 */
	TB_LIST   = 1 << 4,   /* ul, ol, dl */
	TB_EMBED  = 1 << 5,   /* iframe, object, embed, video, audio */
	TB_INPUT  = 1 << 6,   /* form controls */
	TB_NOTEXT = 1 << 7,   /* content never written out */
	TB_COND   = 1 << 8,   /* cleaned conditionally in the output */
	TB_CELL   = 1 << 9,   /* td, th */
};

enum tag {
	T_OTHER = 0, T_A, T_ADDRESS, T_ARTICLE, T_ASIDE, T_AUDIO, T_B, T_BLOCKQUOTE,
	T_BODY, T_BR, T_BUTTON, T_CANVAS, T_CAPTION, T_CENTER, T_DD, T_DETAILS,
	T_DIALOG, T_DIV, T_DL, T_DT, T_EMBED, T_FIELDSET, T_FIGCAPTION, T_FIGURE,
	T_FOOTER, T_FORM, T_FRAME, T_H1, T_H2, T_H3, T_H4, T_H5, T_H6, T_HEADER,
	T_HGROUP, T_HR, T_HTML, T_IFRAME, T_IMG, T_INPUT, T_LABEL, T_LEGEND,
	T_LI, T_LINK, T_MAIN, T_MAP, T_MATH, T_MENU, T_META, T_NAV, T_NOSCRIPT,
	T_OBJECT, T_OL, T_OPTION, T_P, T_PICTURE, T_PRE, T_SCRIPT, T_SECTION,
	T_SELECT, T_SOURCE, T_STYLE, T_SUMMARY, T_SVG, T_TABLE, T_TBODY, T_TD,
	T_TEMPLATE, T_TEXTAREA, T_TFOOT, T_TH, T_THEAD, T_TITLE, T_TR, T_UL,
	T_VIDEO, T_HEAD, T_BASE, T_TIME,
};

struct tagdef {
	const char *name;
	unsigned char tag;
	unsigned short bits;
};

/* Sorted by name for bsearch. */
static const struct tagdef tagdefs[] = {
	{ "a", T_A, 0 },
	{ "address", T_ADDRESS, TB_BLOCK },
	{ "applet", T_OBJECT, TB_REMOVE | TB_EMBED },
	{ "area", T_OTHER, TB_REMOVE },
	{ "article", T_ARTICLE, TB_BLOCK },
	{ "aside", T_ASIDE, TB_BLOCK | TB_BOILER | TB_COND },
	{ "audio", T_AUDIO, TB_BLOCK | TB_EMBED | TB_NOTEXT },
	{ "b", T_B, 0 },
	{ "base", T_BASE, TB_REMOVE },
	{ "blockquote", T_BLOCKQUOTE, TB_BLOCK },
	{ "body", T_BODY, TB_BLOCK },
	{ "br", T_BR, 0 },
	{ "button", T_BUTTON, TB_INPUT | TB_NOTEXT },
	{ "canvas", T_CANVAS, TB_REMOVE },
	{ "caption", T_CAPTION, TB_BLOCK },
	{ "center", T_CENTER, TB_BLOCK },
	{ "datalist", T_OTHER, TB_REMOVE },
	{ "dd", T_DD, TB_BLOCK },
	{ "details", T_DETAILS, TB_BLOCK },
	{ "dialog", T_DIALOG, TB_BLOCK | TB_NOTEXT },
	{ "dir", T_UL, TB_BLOCK | TB_LIST | TB_COND },
	{ "div", T_DIV, TB_BLOCK | TB_COND },
	{ "dl", T_DL, TB_BLOCK | TB_LIST | TB_COND },
	{ "dt", T_DT, TB_BLOCK },
	{ "embed", T_EMBED, TB_REMOVE | TB_EMBED },
	{ "fieldset", T_FIELDSET, TB_BLOCK | TB_COND },
	{ "figcaption", T_FIGCAPTION, TB_BLOCK | TB_NOTEXT },
	{ "figure", T_FIGURE, TB_BLOCK | TB_COND },
	{ "footer", T_FOOTER, TB_BLOCK | TB_BOILER | TB_COND },
	{ "form", T_FORM, TB_BLOCK | TB_BOILER | TB_COND },
	{ "frame", T_FRAME, TB_REMOVE },
	{ "frameset", T_FRAME, TB_REMOVE },
	{ "h1", T_H1, TB_BLOCK | TB_HEAD },
	{ "h2", T_H2, TB_BLOCK | TB_HEAD },
	{ "h3", T_H3, TB_BLOCK | TB_HEAD },
	{ "h4", T_H4, TB_BLOCK | TB_HEAD },
	{ "h5", T_H5, TB_BLOCK | TB_HEAD },
	{ "h6", T_H6, TB_BLOCK | TB_HEAD },
	{ "head", T_HEAD, TB_REMOVE },
	{ "header", T_HEADER, TB_BLOCK | TB_BOILER | TB_COND },
	{ "hgroup", T_HGROUP, TB_BLOCK },
	{ "hr", T_HR, TB_BLOCK },
	{ "html", T_HTML, TB_BLOCK },
	{ "iframe", T_IFRAME, TB_REMOVE | TB_EMBED },
	{ "img", T_IMG, 0 },
	{ "input", T_INPUT, TB_INPUT | TB_NOTEXT },
	{ "label", T_LABEL, 0 },
	{ "legend", T_LEGEND, TB_BLOCK | TB_NOTEXT },
	{ "li", T_LI, TB_BLOCK },
	{ "link", T_LINK, TB_REMOVE },
	{ "main", T_MAIN, TB_BLOCK },
	{ "map", T_MAP, TB_REMOVE },
	{ "math", T_MATH, TB_REMOVE },
	{ "menu", T_MENU, TB_BLOCK | TB_BOILER | TB_LIST },
	{ "meta", T_META, TB_REMOVE },
	{ "nav", T_NAV, TB_BLOCK | TB_BOILER | TB_COND },
	{ "noscript", T_NOSCRIPT, TB_REMOVE },
	{ "object", T_OBJECT, TB_REMOVE | TB_EMBED },
	{ "ol", T_OL, TB_BLOCK | TB_LIST | TB_COND },
	{ "optgroup", T_OPTION, TB_INPUT | TB_NOTEXT },
	{ "option", T_OPTION, TB_INPUT | TB_NOTEXT },
	{ "output", T_OTHER, TB_NOTEXT },
	{ "p", T_P, TB_BLOCK },
	{ "param", T_OTHER, TB_REMOVE },
	{ "picture", T_PICTURE, 0 },
	{ "pre", T_PRE, TB_BLOCK },
	{ "progress", T_OTHER, TB_NOTEXT },
	{ "script", T_SCRIPT, TB_REMOVE },
	{ "section", T_SECTION, TB_BLOCK | TB_COND },
	{ "select", T_SELECT, TB_INPUT | TB_NOTEXT },
	{ "source", T_SOURCE, 0 },
	{ "style", T_STYLE, TB_REMOVE },
	{ "summary", T_SUMMARY, TB_BLOCK },
	{ "svg", T_SVG, TB_REMOVE },
	{ "table", T_TABLE, TB_BLOCK | TB_COND },
	{ "tbody", T_TBODY, TB_BLOCK },
	{ "td", T_TD, TB_BLOCK | TB_CELL },
	{ "template", T_TEMPLATE, TB_REMOVE },
	{ "textarea", T_TEXTAREA, TB_INPUT | TB_NOTEXT },
	{ "tfoot", T_TFOOT, TB_BLOCK },
	{ "th", T_TH, TB_BLOCK | TB_CELL },
	{ "thead", T_THEAD, TB_BLOCK },
	{ "time", T_TIME, 0 },
	{ "title", T_TITLE, TB_REMOVE },
	{ "tr", T_TR, TB_BLOCK },
	{ "track", T_OTHER, 0 },
	{ "ul", T_UL, TB_BLOCK | TB_LIST | TB_COND },
	{ "video", T_VIDEO, TB_BLOCK | TB_EMBED | TB_NOTEXT },
};

enum { NTAGDEFS = sizeof tagdefs / sizeof tagdefs[0] };

/* Every element of every pass is looked up: the table is searched from
 * the first entry with the name's first letter (a binary search calls
 * strcmp seven times for a name that is not there, like "span"). */
static const struct tagdef *tag_lookup(const xmlNode *n)
{
	static unsigned char first[27];   /* a..z: start in tagdefs */
	static int ready;
	if (n->type != XML_ELEMENT_NODE || !n->name)
		return NULL;
	if (!ready) {
		size_t i = 0;
		for (int c = 0; c < 26; c++) {
			while (i < NTAGDEFS && tagdefs[i].name[0] < 'a' + c)
				i++;
			first[c] = (unsigned char)i;
		}
		first[26] = NTAGDEFS;
		ready = 1;
	}
	const char *name = (const char *)n->name;
	unsigned c = (unsigned char)name[0] - 'a';
	if (c >= 26)
		return NULL;
	for (size_t i = first[c]; i < first[c + 1]; i++)
		if (tagdefs[i].name[1] == name[1] &&
		    strcmp(tagdefs[i].name, name) == 0)
			return &tagdefs[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Tree helpers */

xmlNode *xt_next(xmlNode *n, const xmlNode *root, int skip)
{
	if (!skip && n->children && n->type != XML_ENTITY_REF_NODE)
		return n->children;
	while (n && n != root) {
		if (n->next)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

/* The value of an attribute as xt_attr gives it. */
static const char *attr_value(const xmlAttr *a)
{
	if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
		return (const char *)a->children->content;
	return "";
}

const char *xt_attr(const xmlNode *n, const char *name)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (a->name && a->name[0] == (const xmlChar)name[0] &&
		    strcmp((const char *)a->name, name) == 0)
			return attr_value(a);
	return NULL;
}

/* The attributes read of every element by the clean-up and the
 * numbering, found in one walk over them (as xt_attr finds them). */
enum { A_CLASS, A_ID, A_STYLE, A_HIDDEN, A_ARIA_HIDDEN, A_ROLE, A_ITEMPROP,
	A_REL, A_N };

static void element_attrs(const xmlNode *n, const char *v[A_N])
{
	static const char *const names[A_N] = {
		"class", "id", "style", "hidden", "aria-hidden", "role",
		"itemprop", "rel"
	};
	unsigned found = 0;
	for (int k = 0; k < A_N; k++)
		v[k] = NULL;
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		if (!a->name)
			continue;
		for (int k = 0; k < A_N; k++) {
			if ((found & 1u << k) || a->name[0] != (const xmlChar)names[k][0] ||
			    strcmp((const char *)a->name, names[k]) != 0)
				continue;
			v[k] = attr_value(a);
			found |= 1u << k;
			break;
		}
	}
}

int xt_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->name &&
	    strcmp((const char *)n->name, name) == 0;
}

xmlNode *xt_find(xmlNode *root, const char *name)
{
	for (xmlNode *n = root; n; n = xt_next(n, root, 0))
		if (xt_is(n, name))
			return n;
	return NULL;
}

/* ' ', '\t', '\n', '\v', '\f', '\r' */
static int is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static size_t uspace_len_slow(const unsigned char *s)
{
	if (is_space(s[0]))
		return 1;
	if (s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] >= 0x80 && s[2] <= 0x8B))
		return 3;   /* U+2000..U+200B */
	if (s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0xAF)
		return 3;   /* U+202F */
	if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;   /* U+3000 */
	if (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return 3;   /* BOM / ZWNBSP */
	return 0;
}

/* U+00A0 (C2 A0) and the other Unicode spaces common in pages: their
 * length at s, or 0. Asked of every byte of the text. */
static inline size_t uspace_len(const unsigned char *s)
{
	/* most bytes: printable ASCII, or not the first byte of a space */
	if (s[0] > ' ' && s[0] < 0xC2)
		return 0;
	return uspace_len_slow(s);
}

/* Append text with runs of white space collapsed to one space. */
static void add_collapsed(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t k = uspace_len(p);
		if (k) {
			while ((k = uspace_len(p)) != 0)
				p += k;
			if (out->len && out->data[out->len - 1] != ' ' &&
			    out->data[out->len - 1] != '\n')
				buf_addc(out, ' ');
			continue;
		}
		const unsigned char *q = p;
		while (*q && !uspace_len(q))
			q++;
		buf_add(out, p, (size_t)(q - p));
		p = q;
	}
}

void xt_text(const xmlNode *n, struct buf *out)
{
	const xmlNode *root = n;
	for (const xmlNode *c = n; c; c = xt_next((xmlNode *)c, root, 0)) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				add_collapsed(out, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE && c != root) {
			const struct tagdef *d = tag_lookup(c);
			if (d && (d->bits & TB_BLOCK) && out->len &&
			    out->data[out->len - 1] != ' ')
				buf_addc(out, ' ');
		}
	}
}

/* ------------------------------------------------------------------ */
/* Per-element data */

enum { W_ARTICLE = 1, W_FIGURE = 2 };

enum {
	M_HARD   = 1 << 0,  /* never content (hidden, dialogs, controls) */
	M_TAG    = 1 << 1,  /* boilerplate by tag or role */
	M_CLASS  = 1 << 2,  /* unlikely by class/id */
	M_ALL    = M_HARD | M_TAG | M_CLASS,
};

struct xi {
	xmlNode *node;
	int parent;            /* index, -1 for the root */
	unsigned short bits;   /* tagdef bits */
	unsigned char tag;
	unsigned char marks;   /* M_* found on this element itself */
	unsigned char skip;    /* skipped in the current pass */
	unsigned char cand;    /* is a candidate (initialised) */
	signed char weight;    /* class/id weight: -50..+50 */
	unsigned char strong;  /* named like an article body */
	unsigned char embed;   /* an embedded post, or holds one closely */
	unsigned char taglink; /* <a rel=tag> */
	unsigned char metaprop; /* itemprop date/author/publisher: not text */
	unsigned char within;  /* W_*: has an ancestor of that kind */
	double score;
	/* measures of the current pass */
	unsigned tlen, llen, commas;  /* text, text in links, commas */
	unsigned itlen, illen, icommas; /* inline text of this block */
	unsigned np, nimg, nli, ninput, nembed, hlen, listlen;
	unsigned nblockp;      /* paragraphs (blocks with >= 25 chars inline) */
	unsigned depth;        /* below body */
	unsigned nbr;          /* <br> children */
	unsigned ntaglinks;    /* <a rel=tag> below */
	/* its own text nodes (the same in every pass), once measured */
	unsigned char own_done;
	unsigned own_len, own_commas;
};

/* What the class and id of an element say, cached per distinct value. */
struct cinfo {
	signed char weight;
	unsigned char strong, comments, unlikely;
};

struct centry {
	size_t key;   /* offset + 1 of the key in keys; 0: free slot */
	struct cinfo v;
};

enum { CCACHE_MAX = 4096 };   /* a power of 2 */

struct xctx {
	htmlDocPtr doc;
	struct centry *cache;
	size_t ncache, cachesize;   /* cachesize: a power of 2 */
	struct buf keys;            /* the keys, NUL-terminated, end to end */
	xmlNode *body;
	struct xi *xi;
	size_t n;
	size_t cap;
	unsigned maxdepth;
	const char *why;
};

static struct xi *XI(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE ? (struct xi *)n->_private : NULL;
}

/* ------------------------------------------------------------------ */
/* Class and id patterns */

/* Lowercased "class id" (and itemprop/role) into a small buffer. */
static const char *class_id(const char *c, const char *i, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = 0;
	for (int k = 0; k < 2; k++) {
		const char *s = k ? i : c;
		if (!s)
			continue;
		if (len && len + 1 < size)
			buf[len++] = ' ';
		for (; *s && len + 1 < size; s++)
			buf[len++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
	}
	buf[len] = 0;
	return buf;
}

static const char *const unlikely_pats[] = {
	"-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment",
	"community", "cover-wrap", "disqus", "extra", "footer", "gdpr",
	"header", "legends", "menu", "related", "remark", "replies", "rss",
	"shoutbox", "sidebar", "skyscraper", "social", "sponsor",
	"supplemental", "ad-break", "agegate", "pagination", "pager", "popup",
	"yom-remote", "cookie", "consent", "newsletter", "subscribe", "signup",
	"sign-up", "share", "sharing", "outbrain", "taboola", "recirc",
	"most-popular", "mostpopular", "trending", "promo", "widget",
	"toolbar", "masthead", "navbar", "topbar", "modal", "overlay",
	"login", "author-bio", "authorbio", "more-stories",
	"read-more", "readmore", "recommend", NULL
};
static const char *const maybe_pats[] = {
	"and", "article", "body", "column", "content", "main", "shadow",
	"story", "entry", "post", NULL
};
static const char *const negative_pats[] = {
	"-ad-", "hidden", "banner", "combx", "comment", "com-", "contact",
	"footer", "gdpr", "masthead", "media", "meta", "outbrain", "promo",
	"related", "scroll", "share", "shoutbox", "sidebar", "skyscraper",
	"sponsor", "shopping", "tags", "widget", "caption", "credit", "byline",
	"social", "newsletter", "subscribe", "taboola", "recirc", "teaser",
	"breadcrumb", "cookie", "disclaimer", "copyright", "toolbar",
	"author", "signup", "trending", "popular", "recommend", NULL
};
static const char *const negative_toks[] = {
	"ad", "ads", "advert", "advertisement", "hid", "nav", "aside", "tag",
	"topics", "rail", "sidebar", "date", "time", "timestamp", "dateline",
	"pubdate", "published", "updated", "posted", NULL
};
static const char *const positive_pats[] = {
	"article", "body", "content", "entry", "hentry", "h-entry", "main",
	"page", "pagination", "post", "text", "blog", "story", "prose",
	"paragraph", NULL
};
/* Containers named like an article's body by common CMSes. */
static const char *const strong_pats[] = {
	"articlebody", "article-body", "article_body", "article__body",
	"article-content", "article_content", "article__content",
	"articlecontent", "article-text", "article_text", "article__text",
	"articletext", "entry-content", "entry_content", "entry__content",
	"entrycontent", "post-content", "post_content", "post__content",
	"postcontent", "post-body", "post_body", "postbody", "post-text",
	"post-entry", "postentry", "story-body", "story_body", "storybody",
	"story-content", "story-text", "storytext", "body-text", "bodytext",
	"body-copy", "text-content", "content-body", "article-main",
	"main-text", "maintext", "article-fulltext", "rich-text", "richtext",
	"text-body", "article-detail", "article_detail", "news-text",
	"news-body", "news_body", "newsbody", "single-content",
	"detail-content", "detail-body", NULL
};

/* Names that stay unlikely even next to a "maybe" word
 * ("article-comments", "content-sidebar"). */
static const char *const still_unlikely_pats[] = {
	"comment", "related", "share", "sidebar", "footer", "newsletter",
	"recommend", "promo", "cookie", "consent", "popup", "modal", NULL
};
static const char *const unlikely_toks[] = {
	"ad", "ads", "advert", "advertisement", "nav", "share",
	"social", "related", "comments", "aside", "rail", NULL
};
/* A comment section (the readers', not the article's). */
static const char *const comments_toks[] = {
	"comment", "comments", "commentlist", "commentslist", "disqus",
	"respond", "reply", "replies", NULL
};

/* Which of the lists above a class/id string matches: P_* lists are
 * substrings, K_* lists whole tokens (split on anything but a-z0-9). */
enum {
	P_UNLIKELY = 1 << 0, P_MAYBE = 1 << 1, P_NEGATIVE = 1 << 2,
	P_POSITIVE = 1 << 3, P_STRONG = 1 << 4, P_STILL_UNLIKELY = 1 << 5,
	K_NEGATIVE = 1 << 6, K_UNLIKELY = 1 << 7, K_COMMENTS = 1 << 8,
};

/* All the lists in one table, so that a string is read once whatever the
 * number of lists and patterns: a substring is looked up by its first two
 * bytes, a token by its length and first byte, and each entry carries the
 * bits of the lists that hold it. */
enum { PM_BUCKETS = 256 };   /* a power of 2 */

struct pmentry {
	const char *s;
	size_t len;
	int next;
	unsigned bits;
};

static struct {
	int ready;
	int head[PM_BUCKETS];    /* substrings */
	int thead[PM_BUCKETS];   /* tokens */
	int n;
	struct pmentry *e;
} pm;

static unsigned pm_pair(const unsigned char *s)
{
	return (s[0] * 31u + s[1]) & (PM_BUCKETS - 1);
}

static unsigned pm_tok(const unsigned char *s, size_t len)
{
	return ((unsigned)len * 31u + s[0]) & (PM_BUCKETS - 1);
}

static void pm_add(const char *const *list, unsigned bit, int token)
{
	for (; *list; list++) {
		const unsigned char *u = (const unsigned char *)*list;
		size_t len = strlen(*list);
		int *head = token ? &pm.thead[pm_tok(u, len)] : &pm.head[pm_pair(u)];
		int i = *head;
		while (i >= 0 && strcmp(pm.e[i].s, *list) != 0)
			i = pm.e[i].next;
		if (i < 0) {
			i = pm.n++;
			pm.e[i] = (struct pmentry){ *list, len, *head, 0 };
			*head = i;
		}
		pm.e[i].bits |= bit;
	}
}

static void pm_init(void)
{
	static const struct {
		const char *const *list;
		unsigned bit;
		int token;
	} lists[] = {
		{ unlikely_pats, P_UNLIKELY, 0 }, { maybe_pats, P_MAYBE, 0 },
		{ negative_pats, P_NEGATIVE, 0 }, { positive_pats, P_POSITIVE, 0 },
		{ strong_pats, P_STRONG, 0 },
		{ still_unlikely_pats, P_STILL_UNLIKELY, 0 },
		{ negative_toks, K_NEGATIVE, 1 }, { unlikely_toks, K_UNLIKELY, 1 },
		{ comments_toks, K_COMMENTS, 1 },
	};
	size_t total = 0;
	for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++)
		for (const char *const *p = lists[k].list; *p; p++)
			total++;
	pm.e = xcalloc(total, sizeof *pm.e);
	for (int i = 0; i < PM_BUCKETS; i++)
		pm.head[i] = pm.thead[i] = -1;
	for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++)
		pm_add(lists[k].list, lists[k].bit, lists[k].token);
	pm.ready = 1;
}

static int is_tokc(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static unsigned class_bits(const char *ci)
{
	if (!pm.ready)
		pm_init();
	unsigned bits = 0;
	for (const char *p = ci; *p; p++)
		for (int i = pm.head[pm_pair((const unsigned char *)p)]; i >= 0;
		    i = pm.e[i].next) {
			const struct pmentry *e = &pm.e[i];
			if (p[0] != e->s[0] || p[1] != e->s[1])
				continue;
			/* stops at the end of p too: 0 is in no pattern */
			size_t k = 2;
			while (k < e->len && p[k] == e->s[k])
				k++;
			if (k == e->len)
				bits |= e->bits;
		}
	for (const char *s = ci; *s;) {
		while (*s && !is_tokc(*s))
			s++;
		const char *t = s;
		while (is_tokc(*t))
			t++;
		size_t len = (size_t)(t - s);
		if (len)
			for (int i = pm.thead[pm_tok((const unsigned char *)s, len)];
			    i >= 0; i = pm.e[i].next)
				if (pm.e[i].len == len && memcmp(pm.e[i].s, s, len) == 0)
					bits |= pm.e[i].bits;
		s = t;
	}
	return bits;
}

/* Weight from class and id: readability's -25/+25 each, plus more. */
static int class_weight(unsigned bits, int *strong)
{
	int w = 0;
	*strong = 0;
	if (bits & (P_NEGATIVE | K_NEGATIVE))
		w -= 25;
	if (bits & P_POSITIVE)
		w += 25;
	if (bits & P_STRONG) {
		*strong = 1;
		w += 25;
	}
	return w;
}

static int is_unlikely(unsigned bits)
{
	if (!(bits & (P_UNLIKELY | K_UNLIKELY)))
		return 0;
	if ((bits & P_MAYBE) && !(bits & P_STILL_UNLIKELY))
		return 0;
	return 1;
}

static char ascii_lc(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* A lowercase word and its length: the lists below are compared with
 * every class name of every element, by length first. */
struct word {
	const char *s;
	size_t len;
};

#define WORD(s) { s, sizeof s - 1 }

/* hidden, display:none, visibility:hidden, aria-hidden="true" */
/* Does the class attribute hold one of these exact class names
 * (ignoring ASCII case)? */
static int class_has(const char *cls, const struct word *names)
{
	if (!cls)
		return 0;
	const char *s = cls;
	while (*s) {
		while (*s && is_space((unsigned char)*s))
			s++;
		const char *e = s;
		while (*e && !is_space((unsigned char)*e))
			e++;
		size_t n = (size_t)(e - s);
		for (const struct word *w = names; w->s; w++) {
			if (w->len != n)
				continue;
			size_t i = 0;
			while (i < n && ascii_lc(s[i]) == w->s[i])
				i++;
			if (i == n)
				return 1;
		}
		s = e;
	}
	return 0;
}

/* Class names that hide an element in the usual CSS frameworks, or that
 * name hover cards and tooltips (hidden until hovered). */
static int hidden_by_class(const char *cls)
{
	static const struct word hide[] = {
		WORD("hidden"), WORD("hide"), WORD("invisible"), WORD("sr-only"),
		WORD("visually-hidden"), WORD("visuallyhidden"),
		WORD("screen-reader-text"), WORD("screen-reader-only"),
		WORD("element-invisible"), WORD("offscreen"), WORD("u-hidden"),
		WORD("is-hidden"), WORD("display-none"), WORD("d-none"),
		WORD("tooltip"), WORD("tooltip-content"), WORD("popover"),
		WORD("hovercard"), WORD("rollover-block"), { NULL, 0 }
	};
	if (!class_has(cls, hide))
		return 0;
	/* d-none d-md-block: shown on larger screens */
	if (strstr(cls, "d-sm-") || strstr(cls, "d-md-") || strstr(cls, "d-lg-") ||
	    strstr(cls, "d-xl-"))
		return 0;
	return 1;
}

static int is_hidden(const xmlNode *n)
{
	const char *at[A_N];
	element_attrs(n, at);
	if (at[A_HIDDEN])
		return 1;
	if (hidden_by_class(at[A_CLASS]))
		return 1;
	const char *s = at[A_STYLE];
	if (s) {
		char b[256];
		size_t k = 0;
		for (; *s && k + 1 < sizeof b; s++)
			if (!is_space((unsigned char)*s))
				b[k++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
		b[k] = 0;
		if (strstr(b, "display:none") || strstr(b, "visibility:hidden"))
			return 1;
	}
	const char *a = at[A_ARIA_HIDDEN];
	if (a && strcmp(a, "true") == 0) {
		const char *c = at[A_CLASS];
		if (!c || !strstr(c, "fallback-image"))
			return 1;
	}
	return 0;
}

static int role_is_boiler(const char *r)
{
	if (!r)
		return 0;
	static const char *const roles[] = {
		"navigation", "complementary", "banner", "contentinfo", "dialog",
		"alertdialog", "menu", "menubar", "search", "toolbar", "tablist",
		NULL
	};
	for (const char *const *p = roles; *p; p++)
		if (strcmp(r, *p) == 0)
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Stage 1: physical clean-up. Returns the number of elements left in
 * body, or -1 when there are too many. */

static long clean_tree(struct xctx *x, size_t max_nodes)
{
	long count = 0;
	xmlNode *n = x->body;
	while (n) {
		int drop = 0;
		if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE ||
		    n->type == XML_DTD_NODE)
			drop = 1;
		else if (n->type == XML_ELEMENT_NODE && n != x->body) {
			const struct tagdef *d = tag_lookup(n);
			if (d && (d->bits & TB_REMOVE))
				drop = 1;
			else if (is_hidden(n))
				drop = 1;
			else if (++count > (long)max_nodes)
				return -1;
		}
		if (drop) {
			xmlNode *next = xt_next(n, x->body, 1);
			xmlUnlinkNode(n);
			xmlFreeNode(n);
			n = next;
			continue;
		}
		n = xt_next(n, x->body, 0);
	}
	return count;
}

static struct cinfo classify(const char *ci)
{
	struct cinfo c;
	memset(&c, 0, sizeof c);
	if (!*ci)
		return c;
	unsigned bits = class_bits(ci);
	int strong = 0;
	c.weight = (signed char)class_weight(bits, &strong);
	c.strong = (unsigned char)strong;
	c.comments = (bits & K_COMMENTS) != 0;
	c.unlikely = (unsigned char)is_unlikely(bits);
	return c;
}

static struct cinfo classify_cached(struct xctx *x, const char *ci)
{
	if (!*ci || !x->cache)
		return classify(ci);
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)ci; *p; p++)
		h = (h ^ *p) * 16777619u;
	size_t mask = x->cachesize - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct centry *ce = &x->cache[i];
		if (!ce->key) {
			struct cinfo c = classify(ci);
			if (x->ncache * 4 < x->cachesize * 3) {
				ce->key = x->keys.len + 1;
				buf_add(&x->keys, ci, strlen(ci) + 1);
				ce->v = c;
				x->ncache++;
			}
			return c;
		}
		if (strcmp(x->keys.data + ce->key - 1, ci) == 0)
			return ce->v;
	}
}

/* Official markup of embedded social posts. */
static int is_social_embed(const char *cls)
{
	static const struct word names[] = {
		WORD("twitter-tweet"), WORD("twitter-video"), WORD("instagram-media"),
		WORD("tiktok-embed"), WORD("fb-post"), WORD("bluesky-embed"),
		WORD("mastodon-embed"), WORD("reddit-embed-bq"), { NULL, 0 }
	};
	return class_has(cls, names);
}

/* Stage 2: number the elements. */
static void number_tree(struct xctx *x)
{
	size_t i = 0;
	for (xmlNode *n = x->body; n; n = xt_next(n, x->body, 0)) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (i >= x->cap)
			break;
		struct xi *e = &x->xi[i];
		memset(e, 0, sizeof *e);
		e->node = n;
		n->_private = e;
		const struct xi *p = n == x->body ? NULL : XI(n->parent);
		e->parent = p ? (int)(p - x->xi) : -1;
		e->depth = p ? p->depth + 1 : 0;
		if (p)
			e->within = (unsigned char)(p->within |
			    (p->tag == T_ARTICLE ? W_ARTICLE : 0) |
			    (p->tag == T_FIGURE ? W_FIGURE : 0));
		if (e->depth > x->maxdepth)
			x->maxdepth = e->depth;
		const struct tagdef *d = tag_lookup(n);
		e->tag = d ? d->tag : T_OTHER;
		e->bits = d ? d->bits : 0;
		const char *at[A_N];
		element_attrs(n, at);
		char ci[512];
		class_id(at[A_CLASS], at[A_ID], ci, sizeof ci);
		struct cinfo c = classify_cached(x, ci);
		e->weight = c.weight;
		e->strong = c.strong;
		const char *ip = at[A_ITEMPROP];
		if (ip && (strstr(ip, "articleBody") || strstr(ip, "articlebody"))) {
			e->strong = 1;
			if (e->weight < 25)
				e->weight = 25;
		}
		if (ip && (!strcmp(ip, "datePublished") || !strcmp(ip, "dateModified") ||
		    !strcmp(ip, "dateCreated") || !strcmp(ip, "author") ||
		    !strcmp(ip, "publisher") || !strcmp(ip, "keywords") ||
		    !strcmp(ip, "creator")))
			e->metaprop = 1;
		if (e->tag == T_A) {
			const char *rel = at[A_REL];
			static const struct word tag[] = { WORD("tag"), { NULL, 0 } };
			e->taglink = rel && class_has(rel, tag);
		}
		if (n != x->body) {
			if ((e->bits & TB_NOTEXT) || e->tag == T_DIALOG || c.comments)
				e->marks |= M_HARD;
			if ((e->bits & TB_BOILER) || role_is_boiler(at[A_ROLE]))
				e->marks |= M_TAG;
			if (e->tag != T_BODY && e->tag != T_A && e->tag != T_HTML &&
			    e->tag != T_MAIN && !e->strong && c.unlikely)
				e->marks |= M_CLASS;
		}
		if (is_social_embed(at[A_CLASS])) {
			/* a post quoted by the article (official embed markup):
			 * text, and so are the wrappers just around it */
			struct xi *w = e;
			for (int k = 0; w && k < 4; k++) {
				w->embed = 1;
				w->marks &= (unsigned char)~M_CLASS;
				if (w->weight < 0)
					w->weight = 0;
				w = w->parent >= 0 ? &x->xi[w->parent] : NULL;
			}
		}
		i++;
	}
	x->n = i;
}

/* ------------------------------------------------------------------ */
/* Stage 4: measures */

struct tstat {
	unsigned len, commas;
};

/* Length in characters of a text (white space runs count 1) and commas. */
static struct tstat text_stat(const char *s)
{
	struct tstat t = { 0, 0 };
	const unsigned char *p = (const unsigned char *)s;
	int sp = 0;
	while (*p) {
		if (*p > ' ' && *p < 0x80) {
			/* printable ASCII, most of the text */
			sp = 0;
			if (*p == ',')
				t.commas++;
			t.len++;
			p++;
			continue;
		}
		size_t k = uspace_len(p);
		if (k) {
			p += k;
			if (!sp)
				t.len++;
			sp = 1;
			continue;
		}
		sp = 0;
		if (*p == ',')
			t.commas++;
		else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C)
			t.commas++;   /* U+FF0C fullwidth comma */
		else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x81)
			t.commas++;   /* U+3001 ideographic comma */
		else if (p[0] == 0xD8 && p[1] == 0x8C)
			t.commas++;   /* U+060C Arabic comma */
		if ((*p & 0xC0) != 0x80)
			t.len++;
		p++;
	}
	return t;
}

static void measure(struct xctx *x, unsigned mask)
{
	/* skip flags, top-down */
	for (size_t i = 0; i < x->n; i++) {
		struct xi *e = &x->xi[i];
		e->skip = (e->marks & mask) ? 1 : 0;
		if (e->parent >= 0 && x->xi[e->parent].skip)
			e->skip = 1;
		e->tlen = e->llen = e->commas = 0;
		e->itlen = e->illen = e->icommas = 0;
		e->np = e->nimg = e->nli = e->ninput = e->nembed = 0;
		e->hlen = e->listlen = e->nblockp = 0;
		e->nbr = 0;
		e->ntaglinks = e->taglink;
		e->score = 0;
		e->cand = 0;
	}
	/* bottom-up */
	for (size_t k = x->n; k-- > 0;) {
		struct xi *e = &x->xi[k];
		if (e->skip)
			continue;
		if (!e->own_done) {
			for (xmlNode *c = e->node->children; c; c = c->next) {
				if (c->type != XML_TEXT_NODE &&
				    c->type != XML_CDATA_SECTION_NODE)
					continue;
				if (!c->content)
					continue;
				struct tstat t = text_stat((const char *)c->content);
				e->own_len += t.len;
				e->own_commas += t.commas;
			}
			e->own_done = 1;
		}
		e->tlen += e->own_len;
		e->commas += e->own_commas;
		e->itlen += e->own_len;
		e->icommas += e->own_commas;
		if (e->tag == T_A) {
			e->llen = e->tlen;
			e->illen = e->itlen;
		}
		if (e->tag == T_P)
			e->np++;
		else if (e->tag == T_IMG)
			e->nimg++;
		else if (e->tag == T_LI)
			e->nli++;
		if (e->bits & TB_INPUT)
			e->ninput++;
		if (e->bits & TB_EMBED)
			e->nembed++;
		if (e->bits & TB_HEAD)
			e->hlen = e->tlen;
		if (e->bits & TB_LIST)
			e->listlen = e->tlen;
		if ((e->bits & TB_BLOCK) && e->itlen >= 25 && !(e->bits & TB_HEAD))
			e->nblockp++;
		if (e->parent < 0)
			continue;
		struct xi *p = &x->xi[e->parent];
		if (e->tag == T_BR)
			p->nbr++;
		p->ntaglinks += e->ntaglinks;
		p->tlen += e->tlen;
		p->llen += e->llen;
		p->commas += e->commas;
		p->np += e->np;
		p->nimg += e->nimg;
		p->nli += e->nli;
		p->ninput += e->ninput;
		p->nembed += e->nembed;
		p->hlen += e->hlen;
		p->listlen += e->listlen;
		p->nblockp += e->nblockp;
		if (!(e->bits & TB_BLOCK)) {
			/* inline: its inline text belongs to the parent's */
			p->itlen += e->itlen;
			p->illen += e->tag == T_A ? e->itlen : e->illen;
			p->icommas += e->icommas;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Stage 5: scoring */

static void init_candidate(struct xi *e, int use_weight)
{
	if (e->cand)
		return;
	e->cand = 1;
	double s = 0;
	switch (e->tag) {
	case T_DIV: case T_ARTICLE: case T_MAIN: case T_SECTION: s = 5; break;
	case T_PRE: case T_TD: case T_BLOCKQUOTE: s = 3; break;
	case T_ADDRESS: case T_OL: case T_UL: case T_DL: case T_DD: case T_DT:
	case T_LI: case T_FORM: s = -3; break;
	case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
	case T_TH: s = -5; break;
	default: break;
	}
	if (use_weight)
		s += e->weight;
	e->score = s;
}

static double link_density(const struct xi *e)
{
	return e->tlen ? (double)e->llen / e->tlen : 0;
}

static void score_paragraphs(struct xctx *x, int use_weight)
{
	for (size_t i = 0; i < x->n; i++) {
		struct xi *e = &x->xi[i];
		if (e->skip || !(e->bits & TB_BLOCK) || e->itlen < 25)
			continue;
		if (e->bits & (TB_HEAD | TB_LIST))
			continue;
		if (e->tag == T_BODY || e->tag == T_HTML)
			continue;
		double cs = 1 + e->icommas + (e->itlen / 100 > 3 ? 3 : e->itlen / 100);
		double ild = e->itlen ? (double)e->illen / e->itlen : 0;
		cs *= 1 - ild;
		if (cs <= 0)
			continue;
		/* a paragraph scores through its parent; a cell or a block of
		 * <br>-separated text is a container itself */
		int a = e->parent;
		if ((e->nbr >= 2 && e->itlen >= 100) ||
		    (e->tlen != e->itlen && e->tag != T_P && e->tag != T_PRE &&
		    e->tag != T_LI))
			a = (int)i;
		for (int level = 0; a >= 0 && level < 5; level++) {
			struct xi *anc = &x->xi[a];
			if (anc->tag == T_HTML)
				break;
			init_candidate(anc, use_weight);
			double div = level == 0 ? 1 : level == 1 ? 2 : level * 3;
			anc->score += cs / div;
			a = anc->parent;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Stage 6: choosing */

static int is_ancestor(const struct xctx *x, int anc, int i)
{
	for (; i >= 0; i = x->xi[i].parent)
		if (i == anc)
			return 1;
	return 0;
}

static double final_score(const struct xi *e)
{
	double s = e->score * (1 - link_density(e));
	if (e->strong)
		s *= 1.25;
	return s;
}

static int pick_top(struct xctx *x)
{
	enum { NTOP = 5 };
	int top[NTOP];
	double ts[NTOP];
	int nt = 0;
	for (size_t i = 0; i < x->n; i++) {
		struct xi *e = &x->xi[i];
		if (!e->cand || e->skip)
			continue;
		double s = final_score(e);
		e->score = s;
		int k = nt < NTOP ? nt++ : NTOP;
		if (k == NTOP && s <= ts[NTOP - 1])
			continue;
		if (k == NTOP)
			k = NTOP - 1;
		while (k > 0 && ts[k - 1] < s) {
			top[k] = top[k - 1];
			ts[k] = ts[k - 1];
			k--;
		}
		top[k] = (int)i;
		ts[k] = s;
	}
	if (nt == 0 || ts[0] <= 0)
		return -1;
	int best = top[0];

	/* several close candidates under one ancestor: take the ancestor */
	int alt[NTOP], nalt = 0;
	for (int k = 1; k < nt; k++)
		if (ts[k] / ts[0] >= 0.75)
			alt[nalt++] = top[k];
	if (nalt >= 3) {
		for (int p = x->xi[best].parent; p > 0; p = x->xi[p].parent) {
			int c = 0;
			for (int k = 0; k < nalt; k++)
				c += is_ancestor(x, p, alt[k]);
			if (c >= 3) {
				best = p;
				break;
			}
		}
	}
	/* move up while the parent scores better */
	double last = x->xi[best].score, threshold = last / 3;
	for (int p = x->xi[best].parent; p > 0; p = x->xi[p].parent) {
		if (!x->xi[p].cand)
			continue;
		double ps = x->xi[p].score;
		if (ps < threshold)
			break;
		if (ps > last) {
			best = p;
			break;
		}
		last = ps;
	}
	/* an only child stands for its parent */
	for (;;) {
		int p = x->xi[best].parent;
		if (p <= 0)
			break;
		int nel = 0;
		for (xmlNode *c = x->xi[p].node->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && XI(c) && !XI(c)->skip)
				nel++;
		if (nel != 1)
			break;
		best = p;
	}
	return best;
}

/* Text of a node ends with sentence punctuation? */
static int ends_sentence(const xmlNode *n)
{
	struct buf b;
	buf_init(&b);
	xt_text(n, &b);
	if (!b.data)
		return 0;
	str_trim(b.data);
	size_t l = strlen(b.data);
	int r = l && strchr(".!?\"'", b.data[l - 1]);
	if (l >= 3 && !r) {
		const unsigned char *e = (const unsigned char *)b.data + l - 3;
		/* 。 ” ’ */
		r = (e[0] == 0xE3 && e[1] == 0x80 && e[2] == 0x82) ||
		    (e[0] == 0xE2 && e[1] == 0x80 && (e[2] == 0x9D || e[2] == 0x99));
	}
	buf_free(&b);
	return r;
}

/* Siblings of top worth keeping, top included; marks them in sel[]. */
static void pick_siblings(struct xctx *x, int top, unsigned char *sel)
{
	struct xi *t = &x->xi[top];
	sel[top] = 1;
	if (t->parent < 0)
		return;
	double threshold = t->score * 0.2 > 10 ? t->score * 0.2 : 10;
	const char *tclass = xt_attr(t->node, "class");
	for (xmlNode *c = x->xi[t->parent].node->children; c; c = c->next) {
		struct xi *s = XI(c);
		if (!s || s == t || s->skip || s->weight < 0)
			continue;
		double bonus = 0;
		const char *sc = xt_attr(c, "class");
		if (tclass && sc && *tclass && strcmp(tclass, sc) == 0)
			bonus = t->score * 0.2;
		int keep = 0;
		if (s->cand && s->score + bonus >= threshold)
			keep = 1;
		else if (s->tag == T_P || ((s->bits & TB_BLOCK) &&
		    s->tlen == s->itlen && !(s->bits & (TB_HEAD | TB_LIST)))) {
			double ld = link_density(s);
			if (s->tlen > 80 && ld < 0.25)
				keep = 1;
			else if (s->tlen < 80 && s->tlen > 0 && ld == 0 &&
			    ends_sentence(c))
				keep = 1;
		}
		if (keep)
			sel[s - x->xi] = 1;
	}
}

/* Same element name and same class attribute (a non-empty one)? */
static int same_kind(const xmlNode *a, const xmlNode *b, const char *cls)
{
	if (!a->name || !b->name || strcmp((const char *)a->name, (const char *)b->name))
		return 0;
	const char *c = xt_attr(b, "class");
	return c && strcmp(c, cls) == 0;
}

/* An article cut into several blocks by figures, videos or pull quotes
 * ("section, figure, section"): the blocks are twins, with the same name
 * and class, each holding a container of the same kind as the chosen
 * one. Twins of the chosen node and of its ancestors are added. */
static void pick_twins(struct xctx *x, int top, unsigned char *sel)
{
	const xmlNode *tn = x->xi[top].node;
	const char *tcls = xt_attr(tn, "class");
	if (!tcls || !*tcls)
		return;
	int a = top;
	for (int level = 0; a > 0 && level < 12; level++, a = x->xi[a].parent) {
		const xmlNode *an = x->xi[a].node;
		const char *acls = xt_attr(an, "class");
		if (!acls || !*acls)
			continue;
		for (xmlNode *c = an->parent ? an->parent->children : NULL; c; c = c->next) {
			struct xi *s = XI(c);
			if (!s || c == an || s->skip || sel[s - x->xi] || s->weight < 0 ||
			    !same_kind(an, c, acls))
				continue;
			if (s->nblockp < 1 || s->tlen < 80 || link_density(s) > 0.25)
				continue;
			/* it holds a container like the chosen one */
			int found = 0;
			for (xmlNode *d = c; d && !found; d = xt_next(d, c, 0))
				found = d->type == XML_ELEMENT_NODE && same_kind(tn, d, tcls);
			if (found)
				sel[s - x->xi] = 1;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Stage 7: output */


/* Does the text of the links in n look like a URL ("www.x.com/...")? */
static int link_is_url(xmlNode *n)
{
	struct buf b;
	buf_init(&b);
	xmlNode *c = n;
	while (c) {
		if (c != n && xt_is(c, "a")) {
			xt_text(c, &b);
			buf_addc(&b, ' ');
			c = xt_next(c, n, 1);
		} else {
			c = xt_next(c, n, 0);
		}
	}
	int url = b.data && (strstr(b.data, "://") || strstr(b.data, "www.") ||
	    strstr(b.data, ".com") || strchr(b.data, '@'));
	buf_free(&b);
	return url;
}

/* Readability's conditional cleaning, for an element inside the chosen
 * content (root: the chosen node it is under). 1 = drop it. */
static int drop_in_output(const struct xctx *x, int i, int root, int clean)
{
	const struct xi *e = &x->xi[i];
	const struct xi *r = &x->xi[root];
	if (e->skip)
		return 1;
	if (e->bits & TB_NOTEXT)
		return 1;
	if (e->tag == T_H1)
		return 1;
	if ((e->bits & TB_HEAD) && e->weight < 0)
		return 1;
	if (i == root || e->embed)
		return 0;
	int weight = e->weight;
	/* Page furniture recognised by structure, in every pass. */
	/* machine-readable metadata shown in the page: dates, bylines */
	if (e->metaprop && e->tlen < 200)
		return 1;
	/* a list of tag links ("Tags: a, b, c") */
	if (e->ntaglinks >= 2 && e->llen * 2 > e->tlen && e->tlen < 1000)
		return 1;
	/* an <article> inside the article: a related post, a comment */
	if (e->tag == T_ARTICLE && e->tlen * 2 < r->tlen &&
	    (e->within & W_ARTICLE))
		return 1;
	/* figures: captions and credits */
	if (e->tag == T_FIGURE && e->nblockp < 2)
		return 1;
	/* a line that is mostly a link: "Related: ...", "Read more ..." */
	if (e->tag == T_P &&
	    e->itlen && e->itlen == e->tlen && e->illen * 2 > e->itlen &&
	    e->itlen - e->illen < 40 && e->illen >= 20 && !link_is_url(e->node))
		return 1;
	if (!clean)
		return 0;
	/* Conditional cleaning (readability's, extended). */
	/* small blocks named like furniture (bylines, captions, share bars) */
	if (weight < 0 && (e->bits & TB_BLOCK) &&
	    (e->nblockp <= 2 || e->tlen * 3 < r->tlen))
		return 1;
	/* and inline ones: <span class="caption">, <span class="timestamp"> */
	if (weight < 0 && !(e->bits & TB_BLOCK) && e->tag != T_A && e->tlen < 200)
		return 1;
	/* image blocks: captions and credits */
	if ((e->bits & TB_COND) && e->nimg && e->tlen < 200 && e->nblockp <= 1)
		return 1;
	if (!(e->bits & TB_COND))
		return 0;
	if (weight < 0)
		return 1;
	if (e->tag == T_TABLE && link_density(e) < 0.3 && e->tlen >= 100)
		return 0;   /* a table of data in the article: kept */
	if (e->commas >= 10)
		return 0;
	int is_list = (e->bits & TB_LIST) ||
	    (e->tlen && (double)e->listlen / e->tlen > 0.9);
	double p = e->np, img = e->nimg, li = (double)e->nli - 100;
	double hd = e->tlen ? (double)e->hlen / e->tlen : 0;
	double ld = link_density(e);
	unsigned len = e->tlen;
	int in_figure = (e->within & W_FIGURE) != 0;
	if (img > 1 && p / img < 0.5 && !in_figure)
		return 1;
	if (!is_list && li > p)
		return 1;
	if (e->ninput > p / 3)
		return 1;
	if (!is_list && hd < 0.9 && len < 25 && (img == 0 || img > 2) &&
	    !in_figure)
		return 1;
	if (!is_list && weight < 25 && ld > 0.2)
		return 1;
	if (weight >= 25 && ld > 0.5)
		return 1;
	if ((e->nembed == 1 && len < 75) || e->nembed > 1)
		return 1;
	if (is_list && ld > 0.5)
		return 1;
	return 0;
}

struct writer {
	struct buf out;
	int pending;          /* 0: none, 1: line break, 2: paragraph break */
	cJSON *links;
};

static void w_break(struct writer *w, int kind)
{
	if (w->out.len && kind > w->pending)
		w->pending = kind;
}

static void w_text(struct writer *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t k = uspace_len(p);
		if (k) {
			while ((k = uspace_len(p)) != 0)
				p += k;
			if (w->out.len && !w->pending &&
			    w->out.data[w->out.len - 1] != ' ')
				buf_addc(&w->out, ' ');
			continue;
		}
		if (w->pending) {
			/* drop a trailing space before a break */
			while (w->out.len && w->out.data[w->out.len - 1] == ' ')
				w->out.len--;
			buf_add(&w->out, w->pending == 2 ? "\n\n" : "\n",
			    w->pending == 2 ? 2 : 1);
			w->pending = 0;
		}
		const unsigned char *q = p;
		while (*q && !uspace_len(q))
			q++;
		buf_add(&w->out, p, (size_t)(q - p));
		p = q;
	}
}

/* Around a block: a blank line; list items, definition terms and table
 * rows: a line break; table cells: a space. */
static void block_break(struct writer *w, const struct xi *e)
{
	switch (e->tag) {
	case T_LI: case T_DT: case T_DD: case T_TR:
		w_break(w, 1);
		break;
	case T_TD: case T_TH:
		if (w->out.len && !w->pending && w->out.data[w->out.len - 1] != ' ')
			buf_addc(&w->out, ' ');
		break;
	default:
		w_break(w, 2);
	}
}

static void write_node(struct xctx *x, int root, struct writer *w, int clean)
{
	xmlNode *rn = x->xi[root].node;
	if (drop_in_output(x, root, root, clean))
		return;
	xmlNode *n = rn;
	while (n) {
		int skip = 0;
		if (n->type == XML_ELEMENT_NODE) {
			struct xi *e = XI(n);
			if (!e || drop_in_output(x, (int)(e - x->xi), root, clean)) {
				skip = 1;
			} else if (e->bits & TB_BLOCK) {
				block_break(w, e);
			} else if (e->tag == T_BR) {
				/* two <br> in a row make a paragraph break */
				w_break(w, w->pending == 1 ? 2 : 1);
			} else if (e->tag == T_A && w->links) {
				const char *h = xt_attr(n, "href");
				if (h && *h && e->tlen)
					cJSON_AddItemToArray(w->links, cJSON_CreateString(h));
			}
		} else if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				w_text(w, (const char *)n->content);
		}
		/* leaving blocks: find the next node, closing blocks on the way */
		if (!skip && n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n && n != rn) {
			if (n->type == XML_ELEMENT_NODE && XI(n) &&
			    (XI(n)->bits & TB_BLOCK))
				block_break(w, XI(n));
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
		}
		if (n == rn)
			break;
	}
	w_break(w, 2);
}

/* Drop boilerplate paragraphs at the edges and trim. */
static char *finish_text(struct writer *w)
{
	while (w->out.len && (w->out.data[w->out.len - 1] == ' ' ||
	    w->out.data[w->out.len - 1] == '\n'))
		w->out.len--;
	buf_addc(&w->out, 0);
	w->out.len--;
	char *s = buf_steal(&w->out);
	size_t skip = 0;
	while (s[skip] == ' ' || s[skip] == '\n')
		skip++;
	if (skip)
		memmove(s, s + skip, strlen(s + skip) + 1);
	return s;
}

/* ------------------------------------------------------------------ */

struct attempt {
	char *text;
	cJSON *links;
	size_t len;
};

static void run_pass(struct xctx *x, unsigned mask, int use_weight, int clean,
    int want_links, struct attempt *a)
{
	memset(a, 0, sizeof *a);
	measure(x, mask);
	score_paragraphs(x, use_weight);
	int top = pick_top(x);
	if (top < 0)
		return;
	unsigned char *sel = xcalloc(x->n, 1);
	pick_siblings(x, top, sel);
	pick_twins(x, top, sel);
	struct writer w;
	memset(&w, 0, sizeof w);
	buf_init(&w.out);
	w.links = want_links ? cJSON_CreateArray() : NULL;
	for (size_t i = 0; i < x->n; i++)
		if (sel[i])
			write_node(x, (int)i, &w, clean);
	free(sel);
	a->text = finish_text(&w);
	a->len = strlen(a->text);
	a->links = w.links;
}

static void attempt_free(struct attempt *a)
{
	free(a->text);
	cJSON_Delete(a->links);
	memset(a, 0, sizeof *a);
}

void xbody_extract(htmlDocPtr doc, int want_links, struct xbody *out)
{
	memset(out, 0, sizeof *out);
	struct xctx x;
	memset(&x, 0, sizeof x);
	x.doc = doc;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root) {
		out->why = "empty document";
		return;
	}
	x.body = xt_find(root, "body");
	if (!x.body)
		x.body = root;
	long count = clean_tree(&x, EXTRACT_MAX_NODES);
	if (count < 0) {
		out->why = "too many elements";
		return;
	}
	x.cap = (size_t)count + 1;
	/* number_tree sets every entry it uses (cap <= EXTRACT_MAX_NODES + 1) */
	x.xi = xmalloc(x.cap * sizeof *x.xi);
	/* a slot per element, up to CCACHE_MAX: zeroing the largest table
	 * costs a small page more than it saves */
	x.cachesize = 64;
	while (x.cachesize < CCACHE_MAX && x.cachesize < x.cap)
		x.cachesize *= 2;
	x.cache = xcalloc(x.cachesize, sizeof *x.cache);
	buf_init(&x.keys);
	number_tree(&x);
	free(x.cache);
	x.cache = NULL;
	buf_free(&x.keys);
	if (x.maxdepth > EXTRACT_MAX_DEPTH) {
		for (size_t i = 0; i < x.n; i++)
			x.xi[i].node->_private = NULL;
		free(x.xi);
		out->why = "elements nested too deeply";
		return;
	}

	static const struct {
		unsigned mask;
		int weight, clean;
	} passes[] = {
		{ M_ALL, 1, 1 },
		{ M_HARD | M_TAG, 1, 1 },
		{ M_HARD, 1, 0 },
		{ M_HARD, 0, 0 },
	};
	struct attempt best;
	memset(&best, 0, sizeof best);
	for (size_t p = 0; p < sizeof passes / sizeof passes[0]; p++) {
		struct attempt a;
		run_pass(&x, passes[p].mask, passes[p].weight, passes[p].clean,
		    want_links, &a);
		if (a.len > best.len * 3 / 2 + 1) {
			attempt_free(&best);
			best = a;
		} else {
			attempt_free(&a);
		}
		if (best.len >= 500)
			break;
	}
	for (size_t i = 0; i < x.n; i++)
		x.xi[i].node->_private = NULL;
	free(x.xi);
	if (!best.len) {
		attempt_free(&best);
		/* libxml2 stops parsing at 256 levels: the rest is lost */
		out->why = x.maxdepth >= 250 ? "elements nested too deeply" :
		    "no text block found";
		return;
	}
	out->text = best.text;
	out->links = best.links;
}

void xbody_free(struct xbody *b)
{
	free(b->text);
	cJSON_Delete(b->links);
	memset(b, 0, sizeof *b);
}
