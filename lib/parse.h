/* parse.h — what every document parser (feeds, JSON Feed, HTML articles,
 * social JSON) shares: the context of the document being parsed and the
 * one way items leave it.
 *
 * A parser builds each item as a cJSON object with the item fields of
 * veille(7) and hands it to item_emit(), which completes it (id, source,
 * fetched_at, fields carried over from the input record) and sends it to
 * ctx's sink. Documents reach the parsers through document.h. */
#ifndef VEILLE_PARSE_H
#define VEILLE_PARSE_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct parse_ctx {
	/* Where the document came from. */
	const char *url;        /* requested URL (id scope), may be NULL */
	const char *base_url;   /* for relative links: final_url, else url */
	const char *where;      /* for messages: URL, file name or "line N" */
	const char *file_url;   /* a file argument's file:// URL: source.url */
	const char *fetched_at; /* copied onto items when set */
	const char *http_charset; /* charset from the HTTP header, or NULL */
	const char *content_type; /* media type from HTTP, or NULL */
	const cJSON *carry;     /* input-record fields copied onto every item */

	/* Options. */
	int want_links;         /* --links: add "links" to HTML items */
	int links_only;         /* --links-only: emit target records */
	/* Where records go (document.h's doc_sink): NULL is out_write. */
	void (*sink)(void *arg, const cJSON *rec);
	void *sink_arg;

	/* Filled in by parsers for the feed as a whole. */
	cJSON *source;          /* {"title","url","site_url"}; owned here */
	char *feed_lang;        /* default lang for items */
	char *own_url;          /* a file's self link, when ctx->url was NULL */
	/* Whether the entries' parent says generator Mastodon, read once
	 * per parent: each item asking again was quadratic in the feed. */
	const void *mastodon_parent;
	int mastodon_generator;
	/* Set while the entries read come from a tree libxml2 cut at its
	 * depth limit: item_emit marks them (error_code too_deep). */
	int text_cut;

	/* Worked out once per document by item_emit (lib/parse.c). */
	const cJSON *carry_for;        /* the carry the list was made for */
	const cJSON **carry_keep;      /* carried fields to copy, each key once */
	size_t ncarry_keep;
	cJSON *source_made;            /* the source object, copied per item */
	const void *source_made_for, *source_made_url;
	int source_made_ok;

	/* Counters. */
	unsigned long nitems;
	unsigned long nwarnings;
	unsigned long nfailed;  /* failures for the exit status: entries cut
	                         * (too_deep), entity references left out */
	int date_warned;        /* one unparseable-date message per feed */
};

void parse_ctx_init(struct parse_ctx *ctx);
void parse_ctx_free(struct parse_ctx *ctx);
/* Replace ctx->source (takes ownership of src). */
void parse_set_source(struct parse_ctx *ctx, cJSON *src);

/* "veille-parse: WHERE: message" on stderr, counted in nwarnings;
 * counted but not printed when parse_quiet is set (--quiet). */
extern int parse_quiet;
void parse_warn(struct parse_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Complete and write one item (takes ownership). guid is the entry's own
 * identifier (guid/id/uri) or NULL; the id is derived from it, else from
 * the item's url, else from title+published, scoped by ctx->url. */
void item_emit(struct parse_ctx *ctx, cJSON *item, const char *guid);

/* Hand one finished record to ctx's sink (the caller keeps rec). */
void parse_write(struct parse_ctx *ctx, const cJSON *rec);

/* Set a date field from a string in any supported format; an unparseable
 * date leaves the field out and is reported once per document. */
void item_set_date(struct parse_ctx *ctx, cJSON *item, const char *key,
    const char *text);
/* Set a URL field resolved against base (or ctx->base_url when NULL). */
void item_set_url(struct parse_ctx *ctx, cJSON *item, const char *key,
    const char *base, const char *ref);
/* Set a text field from HTML or plain text (converted, normalised). */
void item_set_text(cJSON *item, const char *key, const char *text, int is_html);

/* The stable item id: hex of SHA-256(scope "\n" key), 32 characters. */
char *item_make_id(const char *scope, const char *key);

#endif
