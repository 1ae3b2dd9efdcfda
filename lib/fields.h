/* fields.h — the field names of veille records, mirroring man/veille.7
 * (the single source of truth): the names, which of them are carried from
 * a record onto what is made from it, and every error_code a tool writes.
 * A unit test checks these tables against the man page, both ways. */
#ifndef VEILLE_FIELDS_H
#define VEILLE_FIELDS_H

/* Item records (veille-parse output, input of every analysis tool). */
#define F_ID          "id"
#define F_URL         "url"
#define F_TITLE       "title"
#define F_SUMMARY     "summary"
#define F_CONTENT     "content"
#define F_AUTHOR      "author"
#define F_PUBLISHED   "published"
#define F_UPDATED     "updated"
#define F_CATEGORIES  "categories"
#define F_ENCLOSURES  "enclosures"
#define F_LANG        "lang"
#define F_SOURCE      "source"
#define F_FETCHED_AT  "fetched_at"
#define F_IMAGE       "image"
#define F_SITE_NAME   "site_name"
#define F_LINKS       "links"
#define F_PLATFORM    "platform"
#define F_HANDLE      "handle"
#define F_ENGAGEMENT  "engagement"
#define F_KIND        "kind"
#define F_ERROR       "error"
#define F_ERROR_CODE  "error_code"
/* Reserved for the analysis tools. */
#define F_TAGS         "tags"
#define F_SENTIMENT    "sentiment"
#define F_DUPLICATE_OF "duplicate_of"
#define F_DUPLICATE_KEY      "duplicate_key"      /* veille-dedupe --explain */
#define F_DUPLICATE_DISTANCE "duplicate_distance"
#define F_SCORE        "score"
#define F_MATCHES      "matches"
#define F_LANG_DECLARED   "lang_declared"
#define F_LANG_CONFIDENCE "lang_confidence"
#define F_SEVERITY        "severity"
#define F_ALERTED_AT   "alerted_at"
#define F_STORED_AT    "stored_at"
/* Written by veille-store history: a version's text hash, and when a
 * later version replaced it. */
#define F_TEXT_SHA256  "text_sha256"
#define F_SUPERSEDED_AT "superseded_at"

/* Stat records (veille-store stats). */
#define F_STAT    "stat"
#define F_KEY     "key"
#define F_COUNT   "count"
#define F_ECHOES  "echoes"
#define F_SOURCES "sources"

/* engagement object members: the figures a source exposes. */
#define F_ENG_LIKES   "likes"
#define F_ENG_REPOSTS "reposts"
#define F_ENG_REPLIES "replies"
#define F_ENG_VIEWS   "views"
#define F_ENG_SCORE   "score"
#define F_NENGAGEMENT 5
/* The engagement names in the order of veille(7), NULL-terminated. */
extern const char *const engagement_names[];

/* sentiment object members */
#define F_SENTIMENT_SCORE "score"
#define F_SENTIMENT_LABEL "label"

/* source object members */
#define F_SOURCE_TITLE "title"
#define F_SOURCE_URL   "url"
#define F_SOURCE_SITE  "site_url"
#define F_SOURCE_NAME  "name"      /* the analyst's label of the source */

/* enclosure object members */
#define F_ENC_URL     "url"
#define F_ENC_TYPE    "type"
#define F_ENC_LENGTH  "length"
#define F_ENC_MEDIUM  "medium"

/* Fetch-result records (veille-fetch output, veille-parse input). */
#define F_FINAL_URL     "final_url"
#define F_STATUS        "status"
#define F_CONTENT_TYPE  "content_type"
#define F_CHARSET       "charset"
#define F_HEADERS       "headers"
#define F_ETAG          "etag"
#define F_LAST_MODIFIED "last_modified"
#define F_ELAPSED_MS    "elapsed_ms"
#define F_BODY          "body"
#define F_BODY_ENCODING "body_encoding"
#define F_UNCHANGED     "unchanged"
#define F_ATTEMPTS      "attempts"
#define F_RENDERED      "rendered" /* the body is the DOM after scripts ran */

/* Target records (veille-sources output, veille-fetch input). */
#define F_CURSOR        "cursor"   /* since-id paging spec, see jpath.h */
/* Page-change watch (lib/pagewatch.h): labels of a target, carried onto
 * its fetch result; the fetch result of a watched page has body_sha256;
 * the change item has diff and changed_at. */
#define F_WATCH         "watch"
#define F_SELECT        "select"
#define F_IGNORE        "ignore"
#define F_BODY_SHA256   "body_sha256"
#define F_DIFF          "diff"
#define F_CHANGED_AT    "changed_at"
#define F_RENDER        "render"   /* true/false: render in a browser, see render.h */

/* Item fields veille-alert reads (written by veille-classify and source
 * lists). */
/* F_SEVERITY: low, medium, high, critical (veille-classify, above). */
#define F_AUDIENCE      "audience"

/* Alert records (veille-alert output). */
#define F_ALERT         "alert"     /* spike, severity, influencer, tone, ... */
#define F_ALERT_ID      "alert_id"
#define F_RESOLVES      "resolves"
/* F_KEY, F_COUNT, F_SOURCES: shared with the stat records, above. */
#define F_BY            "by"
#define F_GROUP         "group"
#define F_WINDOW        "window"
#define F_WINDOW_START  "start"
#define F_WINDOW_END    "end"
#define F_BASELINE      "baseline"
#define F_FIRST_SEEN    "first_seen"
#define F_REPEAT        "repeat"
#define F_TERMS         "terms"
#define F_ITEMS         "items"
#define F_MESSAGE       "message"

struct field_doc {
	const char *name;
	const char *record;  /* "item", "fetch", "both", "reserved", "stat", "alert" */
};
extern const struct field_doc field_table[];

/* Fields that describe the record they are in (the transfer, the item,
 * what an analysis tool found), as opposed to labels: they are never
 * carried from a target onto its fetch result, nor from a fetch result
 * onto its items. Every other field (source, tags, platform, unknown
 * names) is a label and is carried. NULL-terminated. */
extern const char *const field_not_carried[];
int field_is_carried(const char *name);

/* Every error_code a tool writes, with its meaning (veille(7), ERROR
 * CODES) and the tools that write it ("fetch", "parse", "fetch parse"). */
struct error_doc {
	const char *code;
	const char *tools;
	const char *meaning;
};
extern const struct error_doc error_table[];

#endif
