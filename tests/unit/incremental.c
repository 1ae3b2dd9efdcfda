/* tests/unit/incremental.c — lib/incremental.c: validators sent, bodies
 * compared by SHA-256, the cursor moved only after a 2xx with a value. */
#include "incremental.h"
#include "tap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *U = "https://api.example/posts";

/* A response of status with body (NULL: none) and an ETag. */
static struct http_result
response(long status, const char *body, const char *etag)
{
	struct http_result r;
	memset(&r, 0, sizeof r);
	r.url = U;
	r.status = status;
	r.etag = etag;
	r.fetched_at = "2026-01-02T03:04:05Z";
	buf_init(&r.body);
	if (body)
		buf_adds(&r.body, body);
	return r;
}

/* One request and its response: the flags incr_after returns; the URL
 * and ETag the request was made with in req and etag. */
static char req[256], etag[64];
static int
round_trip(struct state *st, const cJSON *cursor, struct http_result *res)
{
	struct incr inc;
	const char *e, *lm;
	snprintf(req, sizeof req, "%s", incr_before(st, U, cursor, &inc, &e, &lm));
	snprintf(etag, sizeof etag, "%s", e ? e : "(none)");
	int flags = incr_after(st, U, cursor, &inc, res);
	incr_free(&inc);
	buf_free(&res->body);
	return flags;
}

int
main(void)
{
	char dir[] = "/tmp/veille-incr-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	char *path = xasprintf("%s/st.db", dir);
	struct state *st = state_open(path);
	ok(st != NULL, "a new state file opens");
	cJSON *cur = cJSON_Parse("{\"param\":\"since_id\",\"path\":\".[0].id\"}");

	struct http_result r = response(200, "[{\"id\":\"7\"}]", "\"v1\"");
	ok(round_trip(st, cur, &r) == 0, "a first response is new");
	is_str(req, U, "asked for without a cursor");
	is_str(etag, "(none)", "and without validators");

	r = response(200, "[{\"id\":\"7\"}]", "\"v1\"");
	ok(round_trip(st, cur, &r) == HTTP_REC_UNCHANGED, "the same body again is unchanged (SHA-256)");
	is_str(req, "https://api.example/posts?since_id=7", "asked for with the cursor of the last page");
	is_str(etag, "\"v1\"", "and its ETag");

	r = response(304, NULL, NULL);
	ok(round_trip(st, cur, &r) == HTTP_REC_UNCHANGED, "a 304 is unchanged");
	r = response(200, "[{\"id\":\"7\"}]", NULL);
	ok(round_trip(st, cur, &r) == HTTP_REC_UNCHANGED,
	    "the body hash survives a 304: the same body after it is still unchanged");
	is_str(etag, "\"v1\"", "and the ETag a 304 did not repeat is kept");

	r = response(429, "[{\"id\":\"99\"}]", NULL);
	r.error_code = "http";
	ok(round_trip(st, cur, &r) == 0, "an error is not unchanged");
	r = response(200, "[]", NULL);
	ok(round_trip(st, cur, &r) == 0, "a changed body (an empty page) is new");
	is_str(req, "https://api.example/posts?since_id=7", "the error did not move the cursor");
	r = response(200, "[{\"id\":\"8\"}]", NULL);
	round_trip(st, cur, &r);
	is_str(req, "https://api.example/posts?since_id=7", "nor did the empty page");
	r = response(200, "[]", NULL);
	round_trip(st, cur, &r);
	is_str(req, "https://api.example/posts?since_id=8", "a page with an id moves it");

	r = response(200, "x", NULL);
	ok(round_trip(NULL, NULL, &r) == 0, "without a state a 200 is new");
	r = response(304, NULL, NULL);
	ok(round_trip(NULL, NULL, &r) == HTTP_REC_UNCHANGED, "and a 304 is unchanged");
	is_str(req, U, "the URL as it is");

	ok(state_close(st) == 0, "the state closes");
	cJSON_Delete(cur);
	unlink(path);
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
	unlink(wal);
	unlink(shm);
	rmdir(dir);
	free(wal);
	free(shm);
	free(path);
	return tap_done();
}
