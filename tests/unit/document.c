/* Unit tests of lib/document.c: a document in, records out through the
 * sink, never on stdout (TAP is there): feeds, JSON, HTML, fetch records
 * and the error records of documents that cannot be read. */
#include "base64.h"
#include "document.h"
#include "record.h"
#include "tap.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static cJSON *got;      /* the records the sink received, in order */

static void
collect(void *arg, const cJSON *rec)
{
	(void)arg;
	cJSON_AddItemToArray(got, cJSON_Duplicate(rec, 1));
}

static const char rss[] =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>C</title>"
    "<link>https://news.example/</link>"
    "<item><title>One</title><link>https://news.example/1</link></item>"
    "<item><title>Two</title><link>/2</link></item>"
    "</channel></rss>";

static const char jsonfeed[] =
    "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"J\","
    "\"items\":[{\"id\":\"a\",\"url\":\"https://j.example/a\",\"title\":\"A\"}]}";

/* A fresh list, fresh counts and default options writing to it. */
static struct doc_opts o;
static struct doc_stats st;
static void
reset(void)
{
	cJSON_Delete(got);
	got = cJSON_CreateArray();
	struct doc_opts d = DOC_OPTS_INIT;
	o = d;
	o.sink = collect;
	o.quiet = 1;
	memset(&st, 0, sizeof st);
}

static const char *
field(int i, const char *key)
{
	return rec_str(cJSON_GetArrayItem(got, i), key);
}

static cJSON *
fetch_record(const char *json)
{
	cJSON *r = cJSON_Parse(json);
	if (!r)
		abort();
	return r;
}

int
main(void)
{
	reset();
	document_parse_bytes(&o, rss, strlen(rss), "https://news.example/feed",
	    "application/rss+xml", NULL, &st);
	ok(cJSON_GetArraySize(got) == 2 && st.nitems == 2 && st.nfailed == 0,
	    "an RSS feed of two entries gives two items to the sink (%d)", cJSON_GetArraySize(got));
	is_str(field(0, "title"), "One", "the first item is the first entry");
	is_str(field(1, "url"), "https://news.example/2", "relative links resolve against the document's URL");

	reset();
	document_parse_bytes(&o, jsonfeed, strlen(jsonfeed), "https://j.example/feed.json",
	    NULL, NULL, &st);
	is_str(field(0, "title"), "A", "a JSON Feed is recognised by its first byte and read");

	reset();
	o.mode = 'f';
	static const char page[] = "<!DOCTYPE html><html><body><p>Hi</p></body></html>";
	document_parse_bytes(&o, page, strlen(page), "https://p.example/", "text/html", NULL, &st);
	is_str(field(0, "error_code"), "not_a_feed", "feed mode turns an HTML page into an error record");
	ok(st.nfailed == 1 && st.nitems == 0, "which counts as failed, not as an item");

	reset();
	o.links_only = 1;
	document_parse_bytes(&o, rss, strlen(rss), "https://news.example/feed", NULL, NULL, &st);
	is_str(field(0, "kind"), "target", "links only: an entry becomes a target record");
	is_str(field(1, "url"), "https://news.example/2", "naming the entry's link");

	reset();
	o.max_size = 10;
	document_parse_bytes(&o, rss, strlen(rss), "https://news.example/feed", NULL, NULL, &st);
	is_str(field(0, "error_code"), "too_large", "a document over max_size is refused");

	reset();
	cJSON *r = fetch_record("{\"url\":\"https://x.example/\",\"error\":\"timed out\","
	    "\"error_code\":\"timeout\",\"source\":\"lbl\"}");
	document_parse_record(&o, r, "line 1", &st);
	is_str(field(0, "error_code"), "timeout", "a failed fetch is passed on as it came");
	ok(cJSON_IsObject(cJSON_GetObjectItem(cJSON_GetArrayItem(got, 0), "source")),
	    "with its source label made an object");
	cJSON_Delete(r);

	reset();
	r = fetch_record("{\"url\":\"https://x.example/\",\"unchanged\":true}");
	document_parse_record(&o, r, "line 2", &st);
	ok(cJSON_GetArraySize(got) == 0 && st.nfailed == 0, "an unchanged document gives nothing, and is no failure");
	cJSON_Delete(r);

	reset();
	r = fetch_record("{\"url\":\"https://x.example/\",\"body\":\"\"}");
	document_parse_record(&o, r, "line 3", &st);
	is_str(field(0, "error_code"), "empty", "an empty body is an error record");
	is_str(field(0, "url"), "https://x.example/", "naming the document's URL");
	cJSON_Delete(r);

	reset();
	r = fetch_record("{\"url\":\"https://x.example/\",\"body\":\"!!\",\"body_encoding\":\"base64\"}");
	document_parse_record(&o, r, "line 4", &st);
	is_str(field(0, "error_code"), "bad_body", "a body that is not base64 is an error record");
	cJSON_Delete(r);

	reset();
	/* the RSS feed above, base64, with a label to carry */
	struct buf b64;
	buf_init(&b64);
	base64_encode(rss, strlen(rss), &b64);
	buf_addc(&b64, 0);
	r = cJSON_CreateObject();
	rec_set_str(r, "url", "https://news.example/feed");
	rec_set_str(r, "body", b64.data);
	rec_set_str(r, "body_encoding", "base64");
	rec_set_str(r, "fetched_at", "2026-01-02T03:04:05Z");
	rec_set_str(r, "label_x", "kept");
	document_parse_record(&o, r, "line 5", &st);
	ok(st.nitems == 2, "a base64 body is decoded and parsed (%lu items)", st.nitems);
	is_str(field(1, "fetched_at"), "2026-01-02T03:04:05Z", "items get the record's fetched_at");
	is_str(field(1, "label_x"), "kept", "and its other fields");
	ok(!cJSON_GetObjectItem(cJSON_GetArrayItem(got, 1), "body"), "but not its body");
	cJSON_Delete(r);
	buf_free(&b64);

	reset();
	errno = 0;
	ok(document_parse_file(&o, "/nonexistent/feed.xml", &st) < 0 && errno == ENOENT,
	    "a missing file is -1 and ENOENT, for the caller to report");
	ok(document_parse_file(&o, "/", &st) < 0 && errno == EISDIR, "a directory is EISDIR");
	ok(cJSON_GetArraySize(got) == 0, "and neither makes a record");

	cJSON_Delete(got);
	return tap_done();
}
