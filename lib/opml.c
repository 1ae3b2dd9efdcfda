/* opml.c — see opml.h */
#include "opml.h"
#include "feed.h"
#include "fields.h"
#include "msg.h"
#include "record.h"
#include "strmap.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

/* Nested folders deeper than this are read as their first levels. The
 * parser stops at 256 elements anyway. */
#define MAX_FOLDERS 32

struct walk {
	const char *name;
	opml_fn fn;
	void *arg;
	struct strmap *seen;
	const char *folders[MAX_FOLDERS];
	int depth;
	long skipped;
	int stop;
};

static int
is_outline(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST "outline");
}

/* An attribute's value, white space squashed, or NULL when blank. */
static char *
attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	if (!v)
		return NULL;
	char *s = str_squash((const char *)v, 0);
	xmlFree(v);
	if (str_empty(s)) {
		free(s);
		return NULL;
	}
	return s;
}

static char *
group_of(const struct walk *w)
{
	struct buf b;
	buf_init(&b);
	for (int i = 0; i < w->depth && i < MAX_FOLDERS; i++) {
		if (!w->folders[i])
			continue;
		if (b.len)
			buf_addc(&b, '/');
		buf_adds(&b, w->folders[i]);
	}
	return b.len ? buf_steal(&b) : (buf_free(&b), NULL);
}

static void outlines(struct walk *w, const xmlNode *first);

static void
outline(struct walk *w, const xmlNode *n)
{
	char *url = attr(n, "xmlUrl");
	char *title = attr(n, "title");
	if (!title)
		title = attr(n, "text");
	long line = xmlGetLineNo(n);
	int has_children = 0;
	for (const xmlNode *c = n->children; c; c = c->next)
		has_children |= is_outline(c);
	if (url && (ascii_startswith(url, "http://") || ascii_startswith(url, "https://"))) {
		int isnew;
		strmap_put(w->seen, url, strlen(url), &isnew);
		if (!isnew) {
			msg_warn(w->name, "line %ld: %s is listed again: kept once, where it came first",
			    line, msg_quote(url, 200));
		} else if (!w->stop) {
			char *site = attr(n, "htmlUrl");
			char *group = group_of(w);
			struct opml_feed f = { url, title, site, group, line };
			w->stop = w->fn(w->arg, &f) != 0;
			free(site);
			free(group);
		}
	} else if (url) {
		msg_warn(w->name, "line %ld: outline '%s': xmlUrl %s is not http or https: skipped",
		    line, msg_quote(title ? title : "", 80), msg_quote(url, 200));
		w->skipped++;
	} else if (!has_children && (xmlHasProp(n, BAD_CAST "type") || xmlHasProp(n, BAD_CAST "url"))) {
		/* a link, an include: not a feed (an empty folder is
		 * nothing to import) */
		msg_warn(w->name, "line %ld: outline '%s' has no xmlUrl (not a feed): skipped",
		    line, msg_quote(title ? title : "", 80));
		w->skipped++;
	}
	if (has_children) {
		/* A folder (or a feed with outlines inside: its own title
		 * is their folder too). */
		if (w->depth < MAX_FOLDERS)
			w->folders[w->depth] = title;
		w->depth++;
		outlines(w, n->children);
		w->depth--;
	}
	free(url);
	free(title);
}

static void
outlines(struct walk *w, const xmlNode *first)
{
	for (const xmlNode *c = first; c; c = c->next)
		if (is_outline(c))
			outline(w, c);
}

static const xmlNode *
child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !xmlStrcmp(c->name, BAD_CAST name))
			return c;
	return NULL;
}

/* The first error of a parse (libxml2 keeps the last one, often a
 * "Premature end of data" far from the cause). */
struct first_error {
	int line;
	char *message;
};

static void
keep_first(void *arg, xmlErrorPtr e)
{
	struct first_error *f = arg;
	if (f->message || !e || e->level < XML_ERR_ERROR)
		return;
	f->line = e->line;
	f->message = xstrdup(e->message ? e->message : "not well-formed");
	str_trim(f->message);
}

long
opml_parse(const char *data, size_t len, const char *name, opml_fn fn, void *arg)
{
	if (len > OPML_MAX) {
		msg_warn(name, "larger than %u MB: not read", OPML_MAX >> 20);
		return -1;
	}
	feed_xml_harden();
	xmlParserCtxtPtr pc = xmlNewParserCtxt();
	if (!pc) {
		msg_warn(name, "out of memory");
		return -1;
	}
	struct first_error fe = { 0, NULL };
	xmlSetStructuredErrorFunc(&fe, keep_first);
	xmlDocPtr doc = xmlCtxtReadMemory(pc, data, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	xmlSetStructuredErrorFunc(NULL, NULL);
	long rc = -1;
	if (!doc || !pc->wellFormed) {
		msg_warn(name, "line %d: not an OPML document (not XML: %s)",
		    fe.line > 0 ? fe.line : 1, msg_quote(fe.message ? fe.message : "not well-formed", 200));
	} else if (doc->intSubset && doc->intSubset->entities) {
		msg_warn(name, "declares entities (an OPML document needs none): not read");
	} else {
		const xmlNode *root = xmlDocGetRootElement(doc);
		const xmlNode *body = root && !xmlStrcmp(root->name, BAD_CAST "opml") ?
		    child(root, "body") : NULL;
		if (!body) {
			msg_warn(name, "not an OPML document (%s)",
			    root && !xmlStrcmp(root->name, BAD_CAST "opml") ? "no <body>" :
			    "its root is not <opml>");
		} else {
			struct walk w = { .name = name, .fn = fn, .arg = arg, .seen = strmap_new(0) };
			outlines(&w, body->children);
			strmap_free(w.seen);
			rc = w.skipped;
		}
	}
	free(fe.message);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(pc);
	return rc;
}

struct writer {
	FILE *out;
	const char *name;
	long n;
};

static int
write_feed(void *arg, const struct opml_feed *f)
{
	struct writer *wr = arg;
	if (!wr->n)
		fprintf(wr->out, "# veille import-opml %s\n", wr->name);
	cJSON *o = cJSON_CreateObject();
	rec_set_str(o, F_URL, f->url);
	if (f->title || f->site) {
		cJSON *s = cJSON_AddObjectToObject(o, F_SOURCE);
		if (f->title)
			rec_set_str(s, "title", f->title);
		if (f->site)
			rec_set_str(s, "site_url", f->site);
	}
	if (f->group)
		rec_set_str(o, F_GROUP, f->group);
	char *j = cJSON_PrintUnformatted(o);
	fprintf(wr->out, "%s\n", j);
	free(j);
	cJSON_Delete(o);
	wr->n++;
	return 0;
}

int
opml_import(const char *path, FILE *out)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY) : 0;
	const char *name = strcmp(path, "-") ? path : "stdin";
	struct buf b;
	buf_init(&b);
	if (fd < 0 || read_all(fd, OPML_MAX, &b) < 0) {
		if (errno == EFBIG)
			msg_warn(name, "larger than %u MB: not read", OPML_MAX >> 20);
		else
			msg_warn(name, "%s", strerror(errno));
		if (fd > 0)
			close(fd);
		buf_free(&b);
		return errno == EFBIG ? 1 : 2;
	}
	if (fd > 0)
		close(fd);
	struct writer wr = { out, msg_quote(name, 200), 0 };
	long skipped = opml_parse(b.data ? b.data : "", b.len, name, write_feed, &wr);
	buf_free(&b);
	if (fflush(out) != 0 || ferror(out)) {
		msg_warn(NULL, "write error");
		return 1;
	}
	if (skipped >= 0 && !wr.n)
		msg_warn(name, "no feed in this OPML document");
	return skipped == 0 && wr.n ? 0 : 1;
}
