/* pagewatch.h — the change of a page, rather than its articles: targets
 * with "watch": "change" (veille(7), PAGE-CHANGE WATCH).
 *
 * The watched text of a page is the text of what its "select" picks
 * (lib/select.h; the whole <body> without one), one line a block, each
 * line with its blanks collapsed and trimmed, blank lines dropped, cut at
 * STATE_WATCH_MAX_TEXT bytes. The compared text is the same with every
 * match of the "ignore" patterns (POSIX extended regular expressions,
 * applied to each line) removed, and the lines left blank dropped: two
 * versions whose compared texts are equal are the same version, so
 * changes of white space and of ignored parts never count.
 *
 * A version is known by a hash of its compared text. The state keeps the
 * last compared text and the hashes of the last PW_VERSIONS distinct
 * versions seen, newest first. A version is reported when it is not among
 * them: a page alternating between versions it showed lately (an A/B
 * test, a rotating banner) is reported once per version, not on every
 * fetch. The first version seen is reported too, without a diff. */
#ifndef VEILLE_PAGEWATCH_H
#define VEILLE_PAGEWATCH_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include "fields.h"
#include "parse.h"
#include "record.h"
#include "sha256.h"
#include "state.h"
#include <stdlib.h>
#include <string.h>

#define PW_VERSIONS 8          /* version hashes remembered per page */
#define PW_MAX_IGNORE 32       /* "ignore" patterns per target */
#define PW_DIFF_MAX 16384      /* bytes of "diff" at most (diff.h cuts) */

/* Is rec a target or record of a watched page ("watch": "change")?
 * Inline: veille-fetch asks too, without linking the HTML side. */
static inline int
pw_is_watch(const cJSON *rec)
{
	const char *w = rec_str(rec, F_WATCH);
	return w && !strcmp(w, "change");
}

/* The key that ties a page's watch row to what it was read from: the
 * SHA-256 (hex, into out) of the body's hash (veille-fetch's
 * body_sha256) with the target's "select" and "ignore". veille-parse
 * stores it, veille-fetch compares it (state_watch_synced) before it
 * marks a watched page unchanged: a body not read yet, or read with
 * another select or ignore, is passed on again. Inline: veille-fetch
 * asks too, without linking the HTML side. */
static inline void
pw_sync_key(const cJSON *target, const char *body_sha256, char out[65])
{
	struct sha256 c;
	const cJSON *ign = cJSON_GetObjectItemCaseSensitive(target, F_IGNORE);
	char *ij = ign ? cJSON_PrintUnformatted(ign) : NULL;
	const char *sel = rec_str(target, F_SELECT);
	unsigned char d[32];
	sha256_init(&c);
	sha256_update(&c, body_sha256, strlen(body_sha256) + 1);
	sha256_update(&c, sel ? sel : "", strlen(sel ? sel : "") + 1);
	sha256_update(&c, ij ? ij : "", strlen(ij ? ij : ""));
	sha256_final(&c, d);
	hex_encode(out, d, 32);
	free(ij);
}

enum pw_verdict {
	PW_FIRST,       /* no version known: reported, no diff */
	PW_CHANGED,     /* a version not among the last PW_VERSIONS: reported */
	PW_SAME,        /* the latest version again */
	PW_SEEN,        /* a version seen lately (A/B): not reported */
};

/* What one fetch of a watched page gave. */
struct pw_result {
	enum pw_verdict verdict;
	char *shown;            /* the watched text (item content) */
	char *compared;         /* with the ignored parts removed */
	char hash[17];          /* 16 hex digits of SHA-256(compared) */
	char *title;            /* the page's <title>, or NULL */
	long selected;          /* nodes the selector picked (1 without one) */
};

/* Read the page html[0..n) of the record rec (its "select" and "ignore"),
 * compare it with prev (NULL: none known) and fill *r (free with
 * pw_result_free). 0, or -1 and *err (malloc'd): a "select" or "ignore"
 * that is invalid, a selection that failed on this page. */
int pw_read(const cJSON *rec, const char *html, size_t n, const struct state_watch *prev,
    struct pw_result *r, char **err);
void pw_result_free(struct pw_result *r);

/* "h v1 v2 ...": h in front of versions (without its earlier place),
 * PW_VERSIONS at most. malloc'd. */
char *pw_versions_push(const char *versions, const char *h);

/* One fetch-result record of a watched page: read it against the state
 * (st may be NULL: every version is then the first), emit the change
 * item through ctx when there is one, then, once that item is written
 * out, queue the new watch row. 0, or -1 and *code, *err (malloc'd) for
 * an error record. */
int pagewatch_record(struct parse_ctx *ctx, struct state *st, const cJSON *rec,
    const char **code, char **err);

#endif
