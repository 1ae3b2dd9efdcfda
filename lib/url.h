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
/* 1 if url may stand in a record as a link taken from a document:
 * absolute http or https, nothing else. The one test every parser's
 * links go through (item_emit, lib/parse.c): javascript:, data:,
 * vbscript:, file:, mailto: and unresolved relative references are
 * left out, so that no dashboard or reader turns a hostile feed's link
 * into a script or a local file. */
int url_safe(const char *url);
/* The host part (lowercase, malloc'd) or NULL. */
char *url_host(const char *url);
/* The shard, 0..n-1, that url belongs to when a list of targets is
 * split over n fetchers (veille-fetch --shard): a hash of its host, the
 * key of the fetcher's per-host limits (lib/http.c), so that every URL of
 * one host lands on one shard and per-host politeness holds on each
 * machine; a URL with no host goes by the hash of the whole URL. FNV-1a
 * (mem_hash64) of the lowercase host, mixed, modulo n: the same answer on
 * every machine, build and word size, since the shards never talk. */
unsigned url_shard(const char *url, unsigned n);
#define URL_SHARD_MAX 4096
/* Parse "K/N" (decimal digits only, 1 <= K <= N <= URL_SHARD_MAX) into
 * *k = K - 1 (the url_shard value this shard takes) and *n. 0, or -1
 * with *why set to a sentence for the usage message. */
int url_shard_parse(const char *s, unsigned *k, unsigned *n, const char **why);
/* Percent-encode s for a query component (RFC 3986 unreserved kept). */
char *url_encode(const char *s);
/* Decode %XX (and + as space when plus) into a malloc'd string. */
char *url_decode(const char *s, int plus);
/* The value of query parameter name in url, decoded (malloc'd) or NULL. */
char *url_query_param(const char *url, const char *name);

#endif
