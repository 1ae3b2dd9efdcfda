/* fields.c — the table of field names, see fields.h and veille(7). */
#include "fields.h"
#include <stddef.h>
#include <string.h>

const struct field_doc field_table[] = {
	{ F_ID, "item" }, { F_URL, "both" }, { F_TITLE, "item" },
	{ F_SUMMARY, "item" }, { F_CONTENT, "item" }, { F_AUTHOR, "item" },
	{ F_PUBLISHED, "item" }, { F_UPDATED, "item" },
	{ F_CATEGORIES, "item" }, { F_ENCLOSURES, "item" }, { F_LANG, "item" },
	{ F_SOURCE, "both" }, { F_FETCHED_AT, "both" }, { F_IMAGE, "item" },
	{ F_SITE_NAME, "item" }, { F_LINKS, "item" }, { F_PLATFORM, "item" },
	{ F_HANDLE, "item" }, { F_ENGAGEMENT, "item" }, { F_KIND, "item" },
	{ F_ERROR, "both" }, { F_ERROR_CODE, "both" },
	{ F_TAGS, "item" }, { F_SENTIMENT, "item" },
	{ F_DUPLICATE_OF, "item" }, { F_DUPLICATE_KEY, "item" },
	{ F_DUPLICATE_DISTANCE, "item" }, { F_SCORE, "reserved" },
	{ F_MATCHES, "item" }, { F_LANG_DECLARED, "item" },
	{ F_LANG_CONFIDENCE, "item" }, { F_SEVERITY, "item" }, { F_ALERTED_AT, "reserved" },
	{ F_STORED_AT, "reserved" },
	{ F_TEXT_SHA256, "item" }, { F_SUPERSEDED_AT, "item" },
	{ F_STAT, "stat" }, { F_KEY, "stat" }, { F_COUNT, "stat" },
	{ F_ECHOES, "stat" }, { F_SOURCES, "stat" },
	{ F_SOURCE_SITE, "item" }, { F_SOURCE_NAME, "item" },
	{ F_ENC_TYPE, "item" }, { F_ENC_LENGTH, "item" }, { F_ENC_MEDIUM, "item" },
	{ F_FINAL_URL, "fetch" }, { F_STATUS, "fetch" },
	{ F_CONTENT_TYPE, "fetch" }, { F_CHARSET, "fetch" },
	{ F_HEADERS, "fetch" }, { F_ETAG, "fetch" },
	{ F_LAST_MODIFIED, "fetch" }, { F_ELAPSED_MS, "fetch" },
	{ F_BODY, "fetch" }, { F_BODY_ENCODING, "fetch" },
	{ F_UNCHANGED, "fetch" }, { F_ATTEMPTS, "fetch" },
	{ F_CURSOR, "fetch" },
	{ F_WATCH, "fetch" }, { F_SELECT, "fetch" }, { F_IGNORE, "fetch" },
	{ F_BODY_SHA256, "fetch" }, { F_DIFF, "item" }, { F_CHANGED_AT, "item" },
	{ F_RENDERED, "fetch" }, { F_RENDER, "fetch" },
	{ F_AUDIENCE, "item" },
	{ F_ALERT, "alert" }, { F_ALERT_ID, "alert" }, { F_RESOLVES, "alert" },
	{ F_KEY, "alert" }, { F_BY, "alert" }, { F_GROUP, "alert" },
	{ F_WINDOW, "alert" }, { F_WINDOW_START, "alert" }, { F_WINDOW_END, "alert" },
	{ F_COUNT, "alert" }, { F_BASELINE, "alert" }, { F_FIRST_SEEN, "alert" },
	{ F_REPEAT, "alert" }, { F_TERMS, "alert" }, { F_ITEMS, "alert" }, { F_SOURCES, "alert" },
	{ F_MESSAGE, "alert" },
	{ NULL, NULL },
};

const char *const engagement_names[F_NENGAGEMENT + 1] = {
	F_ENG_LIKES, F_ENG_REPOSTS, F_ENG_REPLIES, F_ENG_VIEWS, F_ENG_SCORE, NULL,
};

const char *const field_not_carried[] = {
	/* the transfer (fetch-result and target records) */
	F_URL, F_FINAL_URL, F_STATUS, F_CONTENT_TYPE, F_CHARSET, F_HEADERS,
	F_ETAG, F_LAST_MODIFIED, F_FETCHED_AT, F_ELAPSED_MS, F_ATTEMPTS,
	F_UNCHANGED, F_BODY, F_BODY_ENCODING, F_ERROR, F_ERROR_CODE, F_CURSOR,
	F_BODY_SHA256,
	F_RENDER, F_RENDERED,
	/* the item itself (a link record fed back to veille-fetch included) */
	F_ID, F_KIND, F_TITLE, F_SUMMARY, F_CONTENT, F_AUTHOR, F_HANDLE,
	F_PUBLISHED, F_UPDATED, F_CATEGORIES, F_ENCLOSURES, F_IMAGE, F_LANG,
	F_SITE_NAME, F_LINKS, F_ENGAGEMENT, F_DIFF, F_CHANGED_AT,
	/* what the analysis tools found about an item */
	F_SENTIMENT, F_DUPLICATE_OF, F_DUPLICATE_KEY, F_DUPLICATE_DISTANCE,
	F_SCORE, F_MATCHES, F_LANG_DECLARED, F_LANG_CONFIDENCE, F_SEVERITY,
	F_ALERTED_AT, F_STORED_AT, F_TEXT_SHA256, F_SUPERSEDED_AT,
	NULL,
};

int
field_is_carried(const char *name)
{
	for (int i = 0; field_not_carried[i]; i++)
		if (field_not_carried[i][0] == name[0] && !strcmp(field_not_carried[i], name))
			return 0;
	return 1;
}

const struct error_doc error_table[] = {
	{ "dns", "fetch", "the host name could not be resolved" },
	{ "connect", "fetch", "no connection, or closed without an answer" },
	{ "tls", "fetch", "TLS handshake or certificate verification failed" },
	{ "timeout", "fetch", "an attempt took longer than allowed" },
	{ "http", "fetch", "the final status was 4xx or 5xx (or an unfollowed 3xx)" },
	{ "too_large", "fetch parse", "the body or document is over --max-size (decompressed)" },
	{ "too_many_redirects", "fetch", "more redirects than --max-redirs" },
	{ "protocol", "fetch", "a scheme not allowed, or a reply breaking the protocol" },
	{ "truncated", "fetch", "the connection ended before the whole body" },
	{ "binary", "fetch", "a binary body, not kept without --binary" },
	{ "robots", "fetch", "disallowed by robots.txt, or robots.txt unavailable" },
	{ "invalid_target", "fetch", "the target holds no usable URL" },
	{ "io", "fetch", "a local error: a file:// target that cannot be read or is a directory" },
	{ "render", "fetch", "the browser rendering the page failed, or none was found" },
	{ "empty", "parse", "the document is empty: nothing to read, no items" },
	{ "bad_body", "parse", "the body cannot be decoded (body_encoding, corrupt gzip)" },
	{ "invalid_json", "parse", "a JSON document that does not parse" },
	{ "not_a_feed", "parse", "a document of no known kind, or not the kind --mode asks" },
	{ "no_main_text", "parse", "an HTML page where no article text was found" },
	{ "bad_watch", "parse", "a watched page whose select or ignore is invalid, or whose selection failed" },
	{ "too_deep", "parse", "an entry nested past libxml2's depth limit, cut there" },
	{ NULL, NULL, NULL },
};
