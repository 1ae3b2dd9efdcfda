/* document.h — one document in, records out: how veille reads what it
 * fetched (veille-parse(1), veille(7)).
 *
 * A document is a fetch-result record (its body, body_encoding, charset,
 * content_type, final_url, headers) or the bytes of a file. Reading it:
 *
 *   1. the body is decoded (base64) and checked against max_size;
 *   2. its bytes are sniffed (feed_sniff) and decoded to UTF-8 by what
 *      they are: a BOM first, then HTML's, JSON's or XML's charset rules;
 *   3. the text is recognised as one kind of document (document.c,
 *      doc_kind_of) and handed to that kind's parser (doc_dispatch): XML
 *      feeds, JSON (JSON Feed, social APIs, --map), HTML articles.
 *
 * Every record made — items, --links-only targets, error records for a
 * document that cannot be read, failed fetches passed on — goes to the
 * sink of struct doc_opts, one call a record, in output order. A new kind
 * of document (a sitemap, say) is one more value of enum doc_kind, one
 * more test in doc_kind_of and one more case in doc_dispatch; its parser
 * makes items with parse.h's item_emit, which sends them to the sink. */
#ifndef VEILLE_DOCUMENT_H
#define VEILLE_DOCUMENT_H

#include <cjson/cJSON.h>
#include "jpath.h"

/* Where records go: rec is complete and stays the caller's (copy it to
 * keep it). */
typedef void doc_sink(void *arg, const cJSON *rec);

struct doc_opts {
	char mode;              /* 'a' auto, 'f' feed only, 'h' html only */
	int quiet;              /* no warnings (parse_quiet) */
	int want_links;         /* HTML items get "links" */
	int links_only;         /* target records instead of items */
	long long max_size;     /* larger documents are refused (too_large) */
	const char *base_url;   /* overrides the record's URL for links, ids */
	const struct jmap *map; /* JSON documents read with this map */
	doc_sink *sink;         /* NULL: out_write (record.h) */
	void *sink_arg;
};
#define DOC_OPTS_INIT { .mode = 'a', .max_size = 32LL << 20 }

/* What documents gave, added up over calls. */
struct doc_stats {
	unsigned long nitems;   /* records sent to the sink (error records not) */
	unsigned long nfailed;  /* documents or entries that failed: exit 1 */
};

/* One fetch-result record. rec may be changed (a string "source" label
 * becomes an object, carry.h). where names it in messages when it has
 * no url ("line 12"). */
void document_parse_record(const struct doc_opts *o, cJSON *rec,
    const char *where, struct doc_stats *st);

/* One file ("-": stdin) holding a raw document; its records name its
 * file:// URL unless o->base_url is set. Returns 0, or -1 with errno set
 * when the file cannot be read at all (missing, a directory, a read
 * error): no record then, the caller says so (a usage error). */
int document_parse_file(const struct doc_opts *o, const char *path,
    struct doc_stats *st);

/* One raw document of n bytes (a page, a feed, a JSON document) read
 * from url (may be NULL), content_type and charset as HTTP gave them
 * (may be NULL). For callers that hold the bytes themselves. */
void document_parse_bytes(const struct doc_opts *o, const char *s, size_t n,
    const char *url, const char *content_type, const char *charset,
    struct doc_stats *st);

#endif
