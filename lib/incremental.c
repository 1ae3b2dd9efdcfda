/* incremental.c — see incremental.h */
#include "incremental.h"
#include "cursor.h"
#include "sha256.h"

#include <stdlib.h>
#include <string.h>

const char *
incr_before(struct state *st, const char *url, const cJSON *cursor,
    struct incr *inc, const char **etag, const char **last_modified)
{
	memset(inc, 0, sizeof *inc);
	if (st)
		inc->have_old = state_get(st, url, &inc->old) == 1;
	char *cv = NULL;
	if (cursor && st && state_get_cursor(st, url, &cv) == 0 && cv)
		inc->req_url = cursor_apply(url, cursor, cv);
	free(cv);
	*etag = inc->have_old ? inc->old.etag : NULL;
	*last_modified = inc->have_old ? inc->old.last_modified : NULL;
	return inc->req_url ? inc->req_url : url;
}

int
incr_after(struct state *st, const char *url, const cJSON *cursor,
    struct incr *inc, const struct http_result *res)
{
	int flags = 0;
	char *hex = inc->body_sha256;
	if (cursor && st && !res->error_code && res->status / 100 == 2 && res->body.len) {
		char *v = cursor_from_body(cursor, res->body.data);
		if (v)
			state_set_cursor(st, url, v);
		free(v);
	}
	if (!res->error_code && st) {
		struct state_entry e = { 0 };
		e.fetched_at = (char *)res->fetched_at;
		e.status = res->status;
		if (res->status == 304) {
			flags = HTTP_REC_UNCHANGED;
			e.etag = (char *)(res->etag ? res->etag : inc->old.etag);
			e.last_modified = (char *)(res->last_modified ? res->last_modified :
			    inc->old.last_modified);
			e.body_sha256 = inc->old.body_sha256;
		} else {
			sha256_hex(res->body.data ? res->body.data : "", res->body.len, hex);
			if (inc->have_old && inc->old.body_sha256 && !strcmp(inc->old.body_sha256, hex))
				flags = HTTP_REC_UNCHANGED;
			e.etag = (char *)res->etag;
			e.last_modified = (char *)res->last_modified;
			e.body_sha256 = hex;
		}
		state_put(st, url, &e);
	} else if (!res->error_code && res->status == 304) {
		flags = HTTP_REC_UNCHANGED;
	}
	return flags;
}

void
incr_free(struct incr *inc)
{
	state_entry_free(&inc->old);
	free(inc->req_url);
	inc->req_url = NULL;
}
