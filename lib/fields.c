/* fields.c — the table of field names, see fields.h and veille(7). */
#include "fields.h"
#include <stddef.h>

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
	{ F_SOURCE_SITE, "item" },
	{ F_ENC_TYPE, "item" }, { F_ENC_LENGTH, "item" }, { F_ENC_MEDIUM, "item" },
	{ F_FINAL_URL, "fetch" }, { F_STATUS, "fetch" },
	{ F_CONTENT_TYPE, "fetch" }, { F_CHARSET, "fetch" },
	{ F_HEADERS, "fetch" }, { F_ETAG, "fetch" },
	{ F_LAST_MODIFIED, "fetch" }, { F_ELAPSED_MS, "fetch" },
	{ F_BODY, "fetch" }, { F_BODY_ENCODING, "fetch" },
	{ F_UNCHANGED, "fetch" }, { F_ATTEMPTS, "fetch" },
	{ F_CURSOR, "fetch" },
	{ NULL, NULL },
};
