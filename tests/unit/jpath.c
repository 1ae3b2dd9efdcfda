/* Unit tests of lib/jpath.c: the path syntax, maps built from JSON, and
 * the pure cursor functions veille-fetch uses for since-id paging. */
#include "cursor.h"
#include "jpath.h"
#include "tap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static cJSON *doc;

/* The text of the first match of path in doc, "(none)" or "(invalid)". */
static char got[256];
static const char *
first(const char *path)
{
	char *e = NULL;
	struct jpath *p = jpath_compile(path, &e);
	if (!p) {
		free(e);
		return "(invalid)";
	}
	const cJSON *n = jpath_first(doc, p);
	jpath_free(p);
	if (!n)
		return "(none)";
	char *s = jpath_scalar_text(n);
	if (!s) {
		char *j = cJSON_PrintUnformatted(n);
		snprintf(got, sizeof got, "%s", j);
		free(j);
	} else {
		snprintf(got, sizeof got, "%s", s);
		free(s);
	}
	return got;
}

static int
join_cb(const cJSON *node, void *arg)
{
	struct buf *b = arg;
	char *s = jpath_scalar_text(node);
	if (b->len)
		buf_addc(b, ',');
	buf_adds(b, s ? s : "?");
	free(s);
	return 0;
}

static char all_buf[256];
static const char *
all(const char *path)
{
	struct jpath *p = jpath_compile(path, NULL);
	if (!p)
		return "(invalid)";
	struct buf b;
	buf_init(&b);
	long n = jpath_each(doc, p, join_cb, &b);
	snprintf(all_buf, sizeof all_buf, "%ld:%s", n, b.data ? b.data : "");
	buf_free(&b);
	jpath_free(p);
	return all_buf;
}

static char err_buf[256];
static const char *
compile_error(const char *path)
{
	char *e = NULL;
	struct jpath *p = jpath_compile(path, &e);
	if (p) {
		jpath_free(p);
		return "(compiled)";
	}
	snprintf(err_buf, sizeof err_buf, "%s", e ? e : "(no message)");
	free(e);
	return err_buf;
}

static void
test_paths(void)
{
	doc = cJSON_Parse("{\"data\":{\"children\":[{\"kind\":\"t3\",\"data\":{\"name\":\"t3_a\",\"score\":12}},"
	    "{\"kind\":\"t3\",\"data\":{\"name\":\"t3_b\",\"score\":1.5}}],\"after\":null},"
	    "\"key with space\":\"v1\",\"it's\":\"v2\",\"$type\":\"app.bsky.feed.post\","
	    "\"données\":{\"clé\":\"é\"},\"big\":1700000000,\"neg\":-3,\"t\":true,"
	    "\"o\":{\"x\":1,\"y\":2},\"q\\\"k\":\"quoted\"}");
	ok(doc != NULL, "test document parses");
	char root[512];
	snprintf(root, sizeof root, "%s", first("."));
	ok(!strncmp(root, "{\"data\":{\"children\":[", strlen("{\"data\":{\"children\":[")),
	    "'.' is the node itself");
	is_str(first(""), root, "'' is the node itself");
	is_str(first("$"), root, "'$' is the node itself");
	is_str(first(".data.children[0].data.name"), "t3_a", "names and an index");
	is_str(first(".data.children[-1].data.name"), "t3_b", "negative index from the end");
	is_str(first(".data.children[2]"), "(none)", "index past the end");
	is_str(first(".data.children[-3]"), "(none)", "negative index past the start");
	is_str(first(".data.children[].data.name"), "t3_a", "first match of []");
	is_str(first(".data.after"), "null", "null is matched...");
	ok(jpath_scalar_text(jpath_get(doc, ".data.after")) == NULL, "...but has no text");
	is_str(first("[\"key with space\"]"), "v1", "double-quoted key");
	is_str(first(".['key with space']"), "v1", "single-quoted key after a dot");
	is_str(first("[\"it's\"]"), "v2", "quote inside a quoted key");
	is_str(first("['q\"k']"), "quoted", "double quote inside single quotes");
	is_str(first("[\"q\\\"k\"]"), "quoted", "escaped quote");
	is_str(first(".$type"), "app.bsky.feed.post", "$ inside a name");
	is_str(first(".données.clé"), "é", "UTF-8 names");
	is_str(first("[\"donn\\u00e9es\"][\"cl\\u00e9\"]"), "é", "\\u escapes in keys");
	is_str(first(".big"), "1700000000", "whole numbers printed as integers");
	is_str(first(".data.children[1].data.score"), "1.5", "fractions printed as they are");
	is_str(first(".neg"), "-3", "negative numbers");
	is_str(first(".t"), "true", "booleans");
	is_str(first(".o"), "{\"x\":1,\"y\":2}", "objects are not scalars");
	is_str(first(".missing.deeper"), "(none)", "missing member");
	is_str(first(".big.x"), "(none)", "member of a number");
	is_str(first(".o[0]"), "(none)", "index into an object");
	is_str(first(" .big "), "1700000000", "surrounding blanks");
	is_str(all(".data.children[].data.name"), "2:t3_a,t3_b", "[] visits every element");
	is_str(all(".o[]"), "2:1,2", "[] visits the values of an object");
	is_str(all(".data.children[].data.nothing"), "0:", "[] with no matches");
	is_str(all(".big[]"), "0:", "[] of a scalar");
	cJSON *arr = cJSON_Parse("[{\"id\":\"9\"},{\"id\":\"8\"}]");
	char *nine = jpath_scalar_text(jpath_get(arr, ".[0].id"));
	is_str(nine, "9", "jpath_get on a top-level array");
	free(nine);
	ok(jpath_get(arr, ".[") == NULL, "jpath_get with a bad path is NULL");
	cJSON_Delete(arr);

	struct jpath *p = jpath_compile(".a[].b", NULL);
	ok(p && jpath_is_multi(p), "a path with [] is multi");
	is_str(jpath_text(p), ".a[].b", "the path keeps its text");
	jpath_free(p);
	p = jpath_compile(".a[0].b", NULL);
	ok(p && !jpath_is_multi(p), "a path without [] is single");
	jpath_free(p);

	is_str(compile_error(".a["), "expected a number, a quoted key or ']' after '[' at offset 2", "unclosed [");
	is_str(compile_error(".a[1"), "expected ']' at offset 4", "unclosed index");
	is_str(compile_error(".a[\"x]"), "unterminated string at offset 3", "unterminated string");
	is_str(compile_error(".a..b"), "empty name at offset 3", "empty name");
	is_str(compile_error(".a."), "path ends with '.'", "trailing dot");
	is_str(compile_error("a.b"), "expected '.' or '[' at offset 0", "no leading dot");
	is_str(compile_error(".a b"), "unexpected space at offset 2", "space inside");
	is_str(compile_error(".a[x]"), "expected a number, a quoted key or ']' after '[' at offset 2", "bare word in brackets");
	is_str(compile_error(".a[-0]"), "bad index at offset 3", "minus zero");
	is_str(compile_error(".a[\"\\u12\"]"), "bad \\u escape at offset 8", "short \\u escape");
	cJSON_Delete(doc);
}

static cJSON *
spec(const char *json)
{
	cJSON *s = cJSON_Parse(json);
	if (!s)
		printf("# bad test JSON: %s\n", json);
	return s;
}

static void
test_cursor(void)
{
	cJSON *s = spec("{\"param\":\"min_id\",\"path\":\".[0].id\"}");
	char *v;
	char *e = NULL;
	ok(cursor_check(s, &e) == 0 && e == NULL, "a valid cursor spec");

	v = cursor_from_body(s, "[{\"id\":\"113200000000000003\"},{\"id\":\"113200000000000002\"}]");
	is_str(v, "113200000000000003", "mastodon: newest id of the page");
	free(v);
	v = cursor_from_body(s, "[]");
	is_str(v, NULL, "empty page: no cursor (keep the previous one)");
	free(v);
	v = cursor_from_body(s, "not json");
	is_str(v, NULL, "a body that is not JSON: no cursor");
	free(v);
	v = cursor_from_body(s, NULL);
	is_str(v, NULL, "no body: no cursor");
	free(v);
	v = cursor_from_body(s, "[{\"id\":\"\"}]");
	is_str(v, NULL, "an empty value is no cursor");
	free(v);
	v = cursor_from_body(s, "[{\"id\":{\"x\":1}}]");
	is_str(v, NULL, "an object is no cursor");
	free(v);

	v = cursor_apply("https://m.example/api/v1/timelines/tag/greve?limit=40", s, "1132");
	is_str(v, "https://m.example/api/v1/timelines/tag/greve?limit=40&min_id=1132", "param appended");
	free(v);
	v = cursor_apply("https://m.example/api/v1/timelines/tag/greve", s, "1132");
	is_str(v, "https://m.example/api/v1/timelines/tag/greve?min_id=1132", "first query param");
	free(v);
	v = cursor_apply("https://m.example/x?min_id=1&limit=40&min_id=2", s, "3");
	is_str(v, "https://m.example/x?limit=40&min_id=3", "existing values replaced");
	free(v);
	v = cursor_apply("https://m.example/x?limit=40#frag", s, "3");
	is_str(v, "https://m.example/x?limit=40&min_id=3#frag", "fragment kept at the end");
	free(v);
	v = cursor_apply("https://m.example/x?min%5Fid=1&a=b", s, "3");
	is_str(v, "https://m.example/x?a=b&min_id=3", "encoded parameter names recognised");
	free(v);
	v = cursor_apply("https://m.example/x?", s, "3");
	is_str(v, "https://m.example/x?min_id=3", "empty query");
	free(v);
	v = cursor_apply("https://m.example/x?limit=40", s, NULL);
	is_str(v, "https://m.example/x?limit=40", "no value: the URL unchanged");
	free(v);
	v = cursor_apply("https://m.example/x", s, "a b&c=d/é");
	is_str(v, "https://m.example/x?min_id=a%20b%26c%3Dd%2F%C3%A9", "the value is percent-encoded");
	free(v);
	cJSON_Delete(s);

	s = spec("{\"param\":\"numericFilters\",\"path\":\".hits[0].created_at_i\",\"template\":\"created_at_i>{}\"}");
	ok(cursor_check(s, NULL) == 0, "a cursor with a template");
	v = cursor_from_body(s, "{\"hits\":[{\"created_at_i\":1795334400},{\"created_at_i\":1}],\"nbHits\":2}");
	is_str(v, "1795334400", "numbers as integers");
	char *u = cursor_apply("https://hn.algolia.com/api/v1/search_by_date?query=curl&tags=story", s, v);
	is_str(u, "https://hn.algolia.com/api/v1/search_by_date?query=curl&tags=story&numericFilters=created_at_i%3E1795334400",
	    "template applied, then encoded");
	free(u);
	free(v);
	cJSON_Delete(s);

	s = spec("{\"param\":\"before\",\"path\":\".data.children[0].data.name\"}");
	v = cursor_from_body(s, "{\"kind\":\"Listing\",\"data\":{\"children\":[{\"kind\":\"t3\",\"data\":{\"name\":\"t3_1gx0001\"}}]}}");
	is_str(v, "t3_1gx0001", "reddit: fullname of the newest post");
	free(v);
	cJSON_Delete(s);

	static const struct {
		const char *json, *msg;
	} bad[] = {
		{ "[]", "cursor must be an object" },
		{ "{\"path\":\".a\"}", "cursor: \"param\" must be a non-empty string" },
		{ "{\"param\":\"\",\"path\":\".a\"}", "cursor: \"param\" must be a non-empty string" },
		{ "{\"param\":\"p\"}", "cursor: \"path\" must be a path string" },
		{ "{\"param\":\"p\",\"path\":\".a[\"}", "cursor: bad path '.a[': expected a number, a quoted key or ']' after '[' at offset 2" },
		{ "{\"param\":\"p\",\"path\":\".a\",\"template\":\"x\"}", "cursor: \"template\" must be a string holding {}" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		s = spec(bad[i].json);
		e = NULL;
		ok(cursor_check(s, &e) < 0, "invalid cursor %s", bad[i].json);
		is_str(e, bad[i].msg, "message for %s", bad[i].json);
		free(e);
		v = cursor_from_body(s, "{\"a\":\"1\"}");
		is_str(v, NULL, "no value from an invalid spec %s", bad[i].json);
		free(v);
		v = cursor_apply("https://x.example/?a=1", s, "2");
		is_str(v, "https://x.example/?a=1", "an invalid spec leaves the URL alone %s", bad[i].json);
		free(v);
		cJSON_Delete(s);
	}
	ok(cursor_check(NULL, NULL) < 0, "no spec");
}

static void
test_map_errors(void)
{
	static const struct {
		const char *json, *msg;
	} bad[] = {
		{ "{\"url\":\".u\"}", "m.json: \"items\" is missing (where the entries are, e.g. \".data[]\")" },
		{ "{\"items\":\".[]\"}", "m.json: map at least one of \"url\", \"title\", \"content\" or \"id\"" },
		{ "{\"items\":3,\"url\":\".u\"}", "m.json: \"items\" must be a path string" },
		{ "{\"items\":\".[]\",\"url\":3}", "m.json: url: expected a path string or an object" },
		{ "{\"items\":\".[]\",\"url\":{\"path\":\".a\",\"const\":\"b\"}}", "m.json: url: needs exactly one of \"path\", \"template\" or \"const\"" },
		{ "{\"items\":\".[]\",\"url\":{\"pth\":\".a\"}}", "m.json: url: unknown member \"pth\" (path, template, const, html, prefix, lookup, match, value)" },
		{ "{\"items\":\".[]\",\"url\":{\"template\":\"a}b\"}}", "m.json: url: unmatched '}' in template 'a}b'" },
		{ "{\"items\":\".[]\",\"url\":{\"template\":\"{.a[}\"}}", "m.json: url: bad path '.a[': expected a number, a quoted key or ']' after '[' at offset 2" },
		{ "{\"items\":\".[]\",\"url\":{\"template\":\"x/{.a}\",\"lookup\":\"$.u[]\",\"match\":\".id\",\"value\":\".v\"}}", "m.json: url: \"lookup\" works with \"path\" only" },
		{ "{\"items\":\".[]\",\"url\":\".u\",\"content_is_html\":\"yes\"}", "m.json: \"content_is_html\" must be true or false" },
		{ "{\"items\":\".[]\",\"url\":\".u\",\"engagement\":[]}", "m.json: \"engagement\" must be an object of paths" },
		{ "{\"items\":\".[]\",\"url\":\".u\",\"skip_if\":true}", "m.json: \"skip_if\" must be a path string" },
		{ "{\"items\":\".[]\",\"url\":{\"path\":\".u\",\"html\":1}}", "m.json: url: \"html\" must be true or false" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cJSON *s = spec(bad[i].json);
		char *e = NULL;
		struct jmap *m = jmap_from_json(s, "m.json", &e);
		ok(m == NULL, "bad map %s", bad[i].json);
		is_str(e, bad[i].msg, "message for %s", bad[i].json);
		free(e);
		jmap_free(m);
		cJSON_Delete(s);
	}
	cJSON *s = spec("{\"items\":\".[]\",\"url\":{\"template\":\"https://x/{{{.id}}}\"},\"platform\":\".not a path\",\"_note\":\"ignored\",\"description\":\"d\"}");
	char *e = NULL;
	struct jmap *m = jmap_from_json(s, "m.json", &e);
	ok(m != NULL && e == NULL, "a good map with literal braces, a constant platform and notes");
	jmap_free(m);
	cJSON_Delete(s);
	e = NULL;
	m = jmap_load("/nonexistent/map.json", &e);
	ok(m == NULL && e && !strncmp(e, "/nonexistent/map.json: ", 23), "a missing file is named");
	free(e);
}

int
main(void)
{
	test_paths();
	test_cursor();
	test_map_errors();
	return tap_done();
}
