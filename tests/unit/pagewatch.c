/* pagewatch.c — unit test of lib/pagewatch.h: the watched and compared
 * texts (white space, ignore patterns, the 256 KiB cut), the verdicts
 * against a previous state (first, same, seen lately, changed) and the
 * bounded list of versions. */
#include "pagewatch.h"
#include "tap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static struct pw_result r;

static int
rd(const char *target, const char *html, const struct state_watch *prev)
{
	cJSON *rec = cJSON_Parse(target);
	char *err = NULL;
	pw_result_free(&r);
	int rc = pw_read(rec, html, strlen(html), prev, &r, &err);
	if (rc < 0)
		printf("# error: %s\n", err);
	free(err);
	cJSON_Delete(rec);
	return rc;
}

int
main(void)
{
	const char *t = "{\"url\":\"http://x/\",\"watch\":\"change\",\"ignore\":[\"[0-9]+ vues\"]}";
	ok(rd(t, "<title>T</title><p>  Un\t deux  </p><p>\xc2\xa0</p><p>12 vues</p>", NULL) == 0,
	    "a page is read");
	is_str(r.shown, "Un deux\n12 vues\n", "blanks collapsed, blank lines dropped");
	is_str(r.compared, "Un deux\n", "the ignored part removed, the line left blank dropped");
	is_str(r.title, "T", "the title");
	ok(r.verdict == PW_FIRST, "no previous state: the first version");

	char h1[17];
	memcpy(h1, r.hash, 17);
	struct state_watch prev = { .text = "Un deux\n", .text_len = 8 };
	prev.versions = xasprintf("%s 0123456789abcdef", h1);
	rd(t, "<p>Un   deux</p><div>99 vues</div>", &prev);
	ok(r.verdict == PW_SAME, "other blanks and another count: the same version");
	free(prev.versions);
	prev.versions = xasprintf("0123456789abcdef %s", h1);
	rd(t, "<p>Un deux</p>", &prev);
	ok(r.verdict == PW_SEEN, "a version seen lately but not last: seen (A/B)");
	rd(t, "<p>Un trois</p>", &prev);
	ok(r.verdict == PW_CHANGED, "a version not seen: changed");
	free(prev.versions);

	char *v = pw_versions_push("a b c", "b");
	is_str(v, "b a c", "a version seen again moves first, once");
	free(v);
	v = pw_versions_push("1 2 3 4 5 6 7 8", "9");
	is_str(v, "9 1 2 3 4 5 6 7", "PW_VERSIONS at most");
	free(v);
	v = pw_versions_push(NULL, "1");
	is_str(v, "1", "from nothing");
	free(v);

	rd("{\"watch\":\"change\",\"ignore\":\"x*\"}", "<p>abc</p>", NULL);
	is_str(r.compared, "abc\n", "a pattern matching the empty string removes nothing else");
	rd("{\"watch\":\"change\",\"select\":\"li\"}", "<ul><li>a</li><li>b</li></ul><p>c</p>", NULL);
	is_str(r.shown, "a\nb\n", "select keeps its part only");
	ok(r.selected == 2, "and counts what it picked");

	struct buf big;
	buf_init(&big);
	for (int i = 0; i < 40000; i++)
		buf_printf(&big, "<p>ligne numéro %d</p>", i);
	buf_addc(&big, '\0');
	rd("{\"watch\":\"change\"}", big.data, NULL);
	ok(strlen(r.shown) <= STATE_WATCH_MAX_TEXT && strlen(r.shown) > STATE_WATCH_MAX_TEXT - 64,
	    "the watched text is cut at STATE_WATCH_MAX_TEXT (%zu bytes)", strlen(r.shown));
	ok(r.shown[strlen(r.shown) - 1] == '\n', "at a line end");
	buf_free(&big);

	ok(rd("{\"watch\":\"change\",\"ignore\":\"(\"}", "<p>a</p>", NULL) < 0, "a bad pattern is an error");
	ok(rd("{\"watch\":\"change\",\"select\":\"p:first\"}", "<p>a</p>", NULL) < 0,
	    "a bad selector is an error");
	pw_result_free(&r);

	cJSON *a = cJSON_Parse("{\"select\":\"p\",\"ignore\":[\"x\"]}");
	cJSON *b = cJSON_Parse("{\"select\":\"p\",\"ignore\":[\"y\"]}");
	char ka[65], kb[65], kc[65];
	pw_sync_key(a, "h", ka);
	pw_sync_key(b, "h", kb);
	pw_sync_key(a, "h2", kc);
	ok(strcmp(ka, kb) && strcmp(ka, kc), "the sync key changes with ignore and with the body");
	pw_sync_key(a, "h", kb);
	is_str(ka, kb, "and is stable");
	cJSON_Delete(a);
	cJSON_Delete(b);
	return tap_done();
}
