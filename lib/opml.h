/* opml.h — a feed reader's OPML export (OPML 1.0 and 2.0, as Feedly,
 * Inoreader, NetNewsWire, Thunderbird... write it) read as veille
 * sources: each outline with an xmlUrl is a feed, the outlines around it
 * are its folders. See veille(1), import-opml.
 *
 * The document is parsed by libxml2 with no network, no DTD and no
 * external entity loaded; a document that declares entities is refused
 * (OPML needs none, and they are how expansion bombs work). */
#ifndef VEILLE_OPML_H
#define VEILLE_OPML_H

#include <stddef.h>
#include <stdio.h>

/* The largest document read (bytes). */
#define OPML_MAX (16u << 20)

struct opml_feed {
	const char *url;     /* xmlUrl, http or https */
	const char *title;   /* title, else text; NULL when both are blank */
	const char *site;    /* htmlUrl, or NULL */
	const char *group;   /* the folders' titles joined by "/", or NULL */
	long line;           /* of the outline */
};

/* fn gets each feed in document order and returns 0 to go on. */
typedef int (*opml_fn)(void *arg, const struct opml_feed *f);

/* Read len bytes of OPML; name for the messages. Returns the number of
 * outlines skipped (each reported: not a feed, not http(s), a feed
 * listed twice is not counted), or -1 when the document is not OPML
 * (reported: not XML and where, entities, no <opml> or <body>). */
long opml_parse(const char *data, size_t len, const char *name, opml_fn fn, void *arg);

/* veille import-opml: the file ("-": stdin) as source-list lines on out,
 * one target record a line (veille-sources(1)):
 *   {"url":"...","source":{"title":"...","site_url":"..."},"group":"..."}
 * Returns an exit status: 0, 1 (outlines skipped, or the document
 * refused), 2 (the file cannot be read). */
int opml_import(const char *path, FILE *out);

#endif
