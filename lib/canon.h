/* canon.h — the canonical form of an article URL, for duplicate
 * detection: two links a reader would say lead to the same article give
 * the same string. The rules (veille-dedupe(1), CANONICAL URLS):
 *
 * - the URL is first normalised by url_resolve (dot segments, escapes);
 *   only absolute http and https URLs have a canonical form (not one
 *   with a space, a control character, or a port that is no number);
 * - http and https are one: the scheme is written "https";
 * - the host is lower-cased, its final dot dropped, its "www." dropped,
 *   and so is "m." or "mobile." (the mobile edition) when a domain of
 *   at least two labels remains; user and password are dropped; the
 *   ports 80 and 443 are dropped, others kept;
 * - AMP editions are mapped to the article: Google's AMP cache and
 *   viewer URLs (cdn.ampproject.org/c/s/HOST/..., google.com/amp/s/...)
 *   to the origin URL; a last path segment "amp" and a first one "amp"
 *   are removed; query parameters outputType=amp, amp, amp=1, _amp=true;
 * - the path: empty is "/", a final '/' on a longer path is dropped,
 *   percent-escapes of unreserved characters decoded, others uppercase;
 * - the query: empty parameters and the tracking parameters of
 *   canon_is_tracking dropped, the others sorted (byte order);
 * - the fragment is dropped, but for "#!" and "#/" ones (applications
 *   that route on them).
 */
#ifndef VEILLE_CANON_H
#define VEILLE_CANON_H

#include <stddef.h>

/* The canonical form of url (malloc'd), or NULL when url is not an
 * absolute http(s) URL. */
char *canon_url(const char *url);

/* 1 when the query parameter name (n bytes) is a tracking parameter the
 * canonical form drops: utm_*, fbclid, gclid, ... (case ignored). host
 * decides "ref", which code forges use for content. */
int canon_is_tracking(const char *name, size_t n, const char *host);

#endif
