/* url.h — URL resolution and checks, over libcurl's URL API (RFC 3986),
 * which url.c loads the first time a URL needs more than its fast path. */
#ifndef VEILLE_URL_H
#define VEILLE_URL_H

/* Resolve ref against base (either may be NULL). Returns a malloc'd
 * absolute URL, or NULL when ref cannot be made absolute (then the caller
 * may keep ref as it is). Leading/trailing white space in ref is ignored.
 * The result is written as libcurl writes it, with every percent-escape
 * in uppercase (RFC 3986 6.2.2.1), whichever version of libcurl. */
char *url_resolve(const char *base, const char *ref);
/* 1 if url is absolute with a scheme among http, https (and file when
 * allow_file). */
int url_is_web(const char *url, int allow_file);
/* The host part (lowercase, malloc'd) or NULL. */
char *url_host(const char *url);
/* Percent-encode s for a query component (RFC 3986 unreserved kept). */
char *url_encode(const char *s);
/* Decode %XX (and + as space when plus) into a malloc'd string. */
char *url_decode(const char *s, int plus);
/* The value of query parameter name in url, decoded (malloc'd) or NULL. */
char *url_query_param(const char *url, const char *name);

#endif
