/* http.h — the HTTP engine: many transfers at once on libcurl's multi
 * interface, in one thread, politely.
 *
 * Requests are queued per host (url_host) and started by a scheduler
 * that keeps at most `parallel` transfers running, at most `per_host` to
 * one host, and at least `delay_ms` between two starts to one host.
 * Transient failures (connect errors, timeouts, 429, 502, 503, 504) are
 * retried up to `retries` times after an exponential backoff with jitter
 * (HTTP_BACKOFF_MS, doubled each time) or the server's Retry-After,
 * capped at HTTP_RETRY_AFTER_MAX_MS; while waiting, the host gets no
 * other request either. With `robots`, /robots.txt is fetched once per
 * origin (through the same queues) before the first request to it, and
 * disallowed requests fail with error code "robots".
 *
 * Only http and https are spoken (and file, for requests only, with
 * allow_file); redirects may only lead to http or https. Bodies are
 * decompressed (every Content-Encoding libcurl has) and limited to
 * max_size bytes after decompression.
 *
 * Usage: http_new, then http_submit requests and call http_run in a loop
 * while http_pending() > 0; each request ends in exactly one call of the
 * done callback, from inside http_run. */
#ifndef VEILLE_HTTP_H
#define VEILLE_HTTP_H

#include <stddef.h>
#include <cjson/cJSON.h>
#include "util.h"

#define HTTP_BACKOFF_MS 500L                 /* first retry wait, doubled */
#define HTTP_RETRY_AFTER_MAX_MS (300L * 1000) /* Retry-After cap: 5 min */
#define HTTP_ROBOTS_MAX_SIZE (512L * 1024)    /* robots.txt read at most */
#define HTTP_CRAWL_DELAY_MAX_MS (60L * 1000)  /* robots Crawl-delay cap */
#define HTTP_ROBOTS_TOKEN "veille"

struct http_opts {
	int parallel;             /* transfers at once, overall */
	int per_host;             /* transfers at once to one host */
	long delay_ms;            /* between two request starts to one host */
	long timeout_ms;          /* whole attempt; 0: none */
	long connect_timeout_ms;  /* 0: libcurl's default */
	int retries;              /* extra attempts for transient failures */
	long long max_size;       /* body bytes after decoding; 0: no limit */
	long max_redirs;
	int allow_file;           /* accept file:// requests */
	int insecure;             /* skip TLS verification */
	int keep_binary;          /* keep binary bodies (else error "binary") */
	int robots;               /* fetch and obey robots.txt */
	const char *user_agent;   /* NULL: HTTP_DEFAULT_USER_AGENT */
};

/* The Accept header of every request (unless the request has its own):
 * feeds first, then pages, then JSON, then anything. */
#define HTTP_ACCEPT \
	"application/rss+xml, application/atom+xml, application/feed+json, " \
	"application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, " \
	"text/html;q=0.8, application/xhtml+xml;q=0.8, application/json;q=0.7, " \
	"*/*;q=0.1"

#define HTTP_DEFAULT_USER_AGENT \
	"veille/" VEILLE_VERSION " (+https://github.com/veille/veille)"

/* The defaults of veille-fetch (16, 2, 0, 30 s, 10 s, 2, 32 MiB, 5). */
void http_opts_default(struct http_opts *o);

struct http_request {
	const char *url;
	const char *etag;            /* If-None-Match, or NULL */
	const char *last_modified;   /* If-Modified-Since, or NULL */
	const char *const *headers;  /* extra "Name: value" lines, NULL-ended */
	void *udata;                 /* handed back to the callback */
};

/* What the body looks like, decided from Content-Type and the first
 * bytes (see http_body_kind). */
enum http_kind { HTTP_KIND_TEXT, HTTP_KIND_XML, HTTP_KIND_HTML, HTTP_KIND_BINARY };

struct http_result {
	const char *url;          /* as requested */
	const char *final_url;    /* after redirects, NULL when the same */
	long status;              /* final HTTP status, 0 when none */
	const char *content_type; /* media type, lowercase, no parameters */
	const char *charset;      /* charset parameter, lowercase, or NULL */
	const char *etag;
	const char *last_modified;
	cJSON *headers;           /* selected response headers, or NULL */
	struct buf body;          /* decoded body (empty on error) */
	enum http_kind kind;
	long elapsed_ms;          /* over all attempts */
	int attempts;
	const char *fetched_at;   /* RFC 3339 UTC */
	const char *error_code;   /* NULL on success (2xx, 304) */
	const char *error;        /* sentence, without the URL */
};

struct http;
typedef void (*http_done_fn)(struct http_result *res, void *udata, void *arg);

struct http *http_new(const struct http_opts *o, http_done_fn done, void *arg);
/* Queue a request (everything is copied). */
void http_submit(struct http *h, const struct http_request *req);
/* Requests submitted and not yet done (queued, running or waiting). */
size_t http_pending(const struct http *h);
/* Start what may start, move transfers on, call back finished ones,
 * then wait for network activity, for fd (-1: none) to become readable,
 * or at most max_wait_ms (-1: until something happens). Returns 1 when
 * fd is readable, 0 otherwise, -1 on an engine failure (reported). */
int http_run(struct http *h, long max_wait_ms, int fd);
/* Bytes of bodies received so far (for progress lines). */
unsigned long long http_bytes(const struct http *h);
/* Abort what is left (without done callbacks; drop, when not NULL, gets
 * the udata of each request never done) and free. */
void http_free(struct http *h, void (*drop)(void *udata));

/* 0 if url may be requested; else -1 with *code ("invalid_target" or
 * "protocol") and *msg (static sentence). */
int http_check_url(const char *url, int allow_file, const char **code,
    const char **msg);

/* What a body is: by media type (text/..., ...xml..., rss, atom, json: text;
 * image/audio/video/font, application/octet-stream and other application
 * types: binary) and, when the type is missing or octet-stream, by its
 * first bytes; NUL bytes in the first KiB of a body with no UTF-16/32 BOM
 * or charset make it binary. */
enum http_kind http_body_kind(const char *ctype, const char *charset,
    const char *s, size_t n);

/* Add the fetch-result fields of veille(7) to rec, in this order:
 * final_url, status, content_type, charset, headers, etag,
 * last_modified, fetched_at, elapsed_ms, attempts, unchanged, error,
 * error_code, body_encoding, body. Text bodies are converted to UTF-8
 * (lib/charset.h: charset_decode_xml for XML types, charset_decode_html
 * for HTML, else the HTTP charset or UTF-8 with invalid bytes repaired)
 * and "charset" says what they were in; binary bodies (only there with
 * keep_binary) are base64. HTTP_REC_UNCHANGED adds "unchanged": true and
 * leaves the body out. Returns the number of U+FFFD the conversion put
 * in for bytes that were not valid in the body's charset (0 when the
 * body was clean), for the caller to report. */
#define HTTP_REC_UNCHANGED 1
int http_result_record(const struct http_result *res, cJSON *rec, int flags);
/* The same with the body apart: left out of rec and handed in *body
 * (empty when there is none, or when rec held a body member already),
 * to be written last by out_write_string_last(rec, F_BODY, ...), where
 * http_result_record puts it, without being copied into the record.
 * Both return the number of bytes replaced by U+FFFD (see HEAD's comment). */
int http_result_record_apart(const struct http_result *res, cJSON *rec, int flags,
    struct buf *body);

#endif
