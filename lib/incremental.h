/* incremental.h — the rules that make a repeated fetch cheap, over the
 * state of state.h (veille-fetch(1), --state):
 *
 *   - before a request: the validators of the last response (ETag,
 *     Last-Modified) are sent, and a target with a since-id cursor (see
 *     jpath.h) asks for what is newer than the value kept;
 *   - after it: a 304, or a body whose SHA-256 is the one kept, is
 *     unchanged; the validators, status and body hash are kept for next
 *     time; the cursor moves only after a 2xx whose body gives a value,
 *     so an error, a 429 or an empty page keeps it.
 *
 * Without a state (st NULL) only a 304 is unchanged. */
#ifndef VEILLE_INCREMENTAL_H
#define VEILLE_INCREMENTAL_H

#include <cjson/cJSON.h>
#include "http.h"
#include "state.h"

/* What one target carries from before its request to after it. */
struct incr {
	struct state_entry old; /* the last response's state */
	int have_old;           /* old was found */
	char *req_url;          /* url with the cursor applied, or NULL */
	char body_sha256[65];   /* after incr_after: the body's SHA-256 when
	                         * a state is kept and a body came, else "" */
};

/* Before the request of url (cursor: the target's valid cursor spec, or
 * NULL): fills in, and returns, the request's URL (inc->req_url or url),
 * ETag and Last-Modified. */
const char *incr_before(struct state *st, const char *url, const cJSON *cursor,
    struct incr *inc, const char **etag, const char **last_modified);

/* After the response res to url: the state updated; HTTP_REC_UNCHANGED
 * (http.h) when the document did not change, else 0. */
int incr_after(struct state *st, const char *url, const cJSON *cursor,
    struct incr *inc, const struct http_result *res);

void incr_free(struct incr *inc);

#endif
