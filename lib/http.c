/* http.c — see http.h */
#include "http.h"
#include "base64.h"
#include "gunzip.h"
#include "charset.h"
#include "fields.h"
#include "record.h"
#include "robots.h"
#include "url.h"
#include "utf8.h"
#include "util.h"

#include <curl/curl.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ROBOTS_CACHE_MAX 4096      /* origins remembered per run */
#define ERROR_BODY_MAX (64 * 1024) /* bytes of a 4xx/5xx body read at most */
#define SNIFF_LEN 1024
/* A body past this size goes on in a temporary file (spill): sixteen
 * transfers of 30 MB at once must not hold 480 MB. */
#define SPILL_AT (1L << 20)
#define KEPT_HEADER_MAX 8192       /* bytes of one kept header's value */
#define KEPT_HEADERS_MAX 64        /* kept headers per response */

/* ---- a small string-keyed hash table (intrusive) ---- */

struct hnode {
	char *key;
	struct hnode *next;
};

struct map {
	struct hnode **b;
	size_t nb, n;
};

static size_t
hash_str(const char *s)
{
	size_t h = 1469598103934665603ULL & SIZE_MAX;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * (1099511628211ULL & SIZE_MAX);
	return h;
}

static struct hnode *
map_get(const struct map *m, const char *key)
{
	if (!m->nb)
		return NULL;
	for (struct hnode *n = m->b[hash_str(key) & (m->nb - 1)]; n; n = n->next)
		if (!strcmp(n->key, key))
			return n;
	return NULL;
}

static void
map_put(struct map *m, struct hnode *node)
{
	if (m->n + 1 > m->nb) {
		size_t nb = m->nb ? m->nb * 2 : 64;
		struct hnode **b = xcalloc(nb, sizeof *b);
		for (size_t i = 0; i < m->nb; i++) {
			for (struct hnode *n = m->b[i], *next; n; n = next) {
				next = n->next;
				size_t k = hash_str(n->key) & (nb - 1);
				n->next = b[k];
				b[k] = n;
			}
		}
		free(m->b);
		m->b = b;
		m->nb = nb;
	}
	size_t k = hash_str(node->key) & (m->nb - 1);
	node->next = m->b[k];
	m->b[k] = node;
	m->n++;
}

static void
map_del(struct map *m, struct hnode *node)
{
	struct hnode **pp = &m->b[hash_str(node->key) & (m->nb - 1)];
	for (; *pp; pp = &(*pp)->next) {
		if (*pp == node) {
			*pp = node->next;
			m->n--;
			return;
		}
	}
}

/* ---- engine structures ---- */

enum host_where { H_NONE, H_WAITING, H_IDLE };

struct xfer;

struct host {
	struct hnode node;        /* key: host name ("" for file://) */
	int active;
	int held;                 /* requests waiting for a retry */
	long long next_ok;        /* no start before this (monotonic ms) */
	struct xfer *qhead, *qtail;
	enum host_where where;
	struct host *prev, *next; /* in the waiting ring or the idle list */
};

struct rentry {
	struct hnode node;        /* key: origin, "https://host:443" */
	struct robots *rules;     /* NULL while robots.txt is being fetched */
	char *why;                /* when everything is disallowed */
	struct rentry *fifo;      /* insertion order, for eviction */
};

enum abort_reason { ABORT_NONE, ABORT_TOO_LARGE, ABORT_BINARY, ABORT_ERROR_BODY };

struct xfer {
	struct http *h;
	struct xfer *next;        /* host queue */
	struct xfer *aprev, *anext; /* all transfers, for http_free */
	struct host *host;
	char *url, *etag, *last_modified;
	char **headers;
	void *udata;
	char *origin, *rpath;     /* robots origin and path, or NULL */
	struct rentry *robots_of; /* set on a robots.txt request */
	int attempts;
	long elapsed_ms;
	int running;
	long long not_before;     /* a retry waiting on its own */

	/* the attempt in progress */
	CURL *easy;
	struct curl_slist *hlist;
	struct buf body;
	/* the body's first bytes.spilled bytes, in an unlinked temporary
	 * file (-1: none); body holds the bytes after them */
	int spill_fd;
	int no_spill;             /* the file failed: the rest stays in memory */
	unsigned long long spilled;
	unsigned long long received;
	enum abort_reason abort;
	int decided;
	enum http_kind kind;
	char errbuf[CURL_ERROR_SIZE];
	/* headers of the last response */
	char *reason, *ctype, *charset, *etag_r, *lastmod_r, *retry_after;
	cJSON *hdrs;

	/* the outcome */
	char *error, *final_url;
	const char *error_code;
	long status;
	char fetched_at[32];
};

struct http {
	struct http_opts o;
	char *ua;
	char *protocols;
	http_done_fn done;
	void *arg;
	CURLM *multi;
	struct map hosts, robots;
	struct rentry *rfifo_head, *rfifo_tail;
	struct host *waiting;     /* ring of hosts with queued requests */
	struct host *idle;        /* hosts remembered for their delay */
	struct xfer *all;
	struct xfer *instant, *instant_tail; /* done without the network */
	struct xfer *delayed;     /* retries waiting for their not_before */
	struct host **vec;        /* dispatch's snapshot of waiting hosts */
	size_t vcap;
	size_t pending;
	int active;
	unsigned long long bytes;
};

void
http_opts_default(struct http_opts *o)
{
	memset(o, 0, sizeof *o);
	o->parallel = 16;
	o->per_host = 2;
	o->delay_ms = 0;
	o->timeout_ms = 30000;
	o->connect_timeout_ms = 10000;
	o->retries = 2;
	o->max_size = 32LL * 1024 * 1024;
	o->max_redirs = 5;
}

/* ---- host lists ---- */

static void
host_unlink(struct http *h, struct host *hs)
{
	if (hs->where == H_WAITING) {
		if (hs->next == hs) {
			h->waiting = NULL;
		} else {
			hs->prev->next = hs->next;
			hs->next->prev = hs->prev;
			if (h->waiting == hs)
				h->waiting = hs->next;
		}
	} else if (hs->where == H_IDLE) {
		if (hs->prev)
			hs->prev->next = hs->next;
		else
			h->idle = hs->next;
		if (hs->next)
			hs->next->prev = hs->prev;
	}
	hs->prev = hs->next = NULL;
	hs->where = H_NONE;
}

static void
host_set_waiting(struct http *h, struct host *hs)
{
	if (hs->where == H_WAITING)
		return;
	host_unlink(h, hs);
	if (!h->waiting) {
		hs->prev = hs->next = hs;
		h->waiting = hs;
	} else {
		/* Insert before the cursor: last in round-robin order. */
		hs->next = h->waiting;
		hs->prev = h->waiting->prev;
		hs->prev->next = hs;
		h->waiting->prev = hs;
	}
	hs->where = H_WAITING;
}

static void
host_free(struct http *h, struct host *hs)
{
	host_unlink(h, hs);
	map_del(&h->hosts, &hs->node);
	free(hs->node.key);
	free(hs);
}

/* A host with nothing queued or running is kept (idle) only as long as
 * its delay runs, so the table stays as small as the active set. */
static void
host_settle(struct http *h, struct host *hs, long long now)
{
	if (hs->qhead) {
		host_set_waiting(h, hs);
		return;
	}
	if (hs->where == H_WAITING)
		host_unlink(h, hs);
	if (hs->active > 0 || hs->held > 0)
		return;
	if (hs->next_ok <= now) {
		host_free(h, hs);
		return;
	}
	if (hs->where != H_IDLE) {
		hs->prev = NULL;
		hs->next = h->idle;
		if (h->idle)
			h->idle->prev = hs;
		h->idle = hs;
		hs->where = H_IDLE;
	}
}

static struct host *
host_get(struct http *h, const char *url)
{
	char *name = url_host(url);
	if (!name)
		name = xstrdup("");
	struct host *hs = (struct host *)map_get(&h->hosts, name);
	if (hs) {
		free(name);
		return hs;
	}
	hs = xcalloc(1, sizeof *hs);
	hs->node.key = name;
	map_put(&h->hosts, &hs->node);
	return hs;
}

static void
enqueue(struct http *h, struct xfer *x, int at_head)
{
	struct host *hs = x->host;
	if (at_head) {
		x->next = hs->qhead;
		hs->qhead = x;
		if (!hs->qtail)
			hs->qtail = x;
	} else {
		x->next = NULL;
		if (hs->qtail)
			hs->qtail->next = x;
		else
			hs->qhead = x;
		hs->qtail = x;
	}
	host_set_waiting(h, hs);
}

static struct xfer *
dequeue(struct host *hs)
{
	struct xfer *x = hs->qhead;
	if (x) {
		hs->qhead = x->next;
		if (!hs->qhead)
			hs->qtail = NULL;
		x->next = NULL;
	}
	return x;
}

/* ---- transfers ---- */

static void
reset_response(struct xfer *x)
{
	free(x->reason);
	free(x->ctype);
	free(x->charset);
	free(x->etag_r);
	free(x->lastmod_r);
	free(x->retry_after);
	x->reason = x->ctype = x->charset = x->etag_r = x->lastmod_r = NULL;
	x->retry_after = NULL;
	cJSON_Delete(x->hdrs);
	x->hdrs = NULL;
}

static void
reset_attempt(struct xfer *x)
{
	reset_response(x);
	buf_free(&x->body);
	if (x->spill_fd >= 0)
		close(x->spill_fd);
	x->spill_fd = -1;
	x->no_spill = 0;
	x->spilled = 0;
	x->received = 0;
	x->abort = ABORT_NONE;
	x->decided = 0;
	x->kind = HTTP_KIND_TEXT;
	x->errbuf[0] = '\0';
}

static void
xfer_free(struct http *h, struct xfer *x)
{
	if (x->easy) {
		if (x->running)
			curl_multi_remove_handle(h->multi, x->easy);
		curl_easy_cleanup(x->easy);
	}
	curl_slist_free_all(x->hlist);
	reset_attempt(x);
	if (x->aprev)
		x->aprev->anext = x->anext;
	else if (h->all == x)
		h->all = x->anext;
	if (x->anext)
		x->anext->aprev = x->aprev;
	free(x->url);
	free(x->etag);
	free(x->last_modified);
	if (x->headers) {
		for (char **p = x->headers; *p; p++)
			free(*p);
		free(x->headers);
	}
	free(x->origin);
	free(x->rpath);
	free(x->error);
	free(x->final_url);
	free(x);
}

/* A copy of s[0..n) that is valid UTF-8 without control characters. */
static char *
clean_text(const char *s, size_t n)
{
	struct buf b;
	buf_init(&b);
	utf8_repair(s, n, &b);
	char *t = buf_steal(&b);
	for (char *p = t; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return str_trim(t);
}

static int
kept_header(const char *name)
{
	return !strcmp(name, "content-language") || !strcmp(name, "retry-after") ||
	    !strcmp(name, "link") || !strncmp(name, "x-ratelimit-", 12) ||
	    !strncmp(name, "x-rate-limit-", 13) || !strcmp(name, "ratelimit") ||
	    !strncmp(name, "ratelimit-", 10);
}

static void
set_dup(char **dst, const char *v, size_t n)
{
	free(*dst);
	*dst = clean_text(v, n);
}

static size_t
on_header(char *p, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb, len = n;
	while (len && (p[len - 1] == '\n' || p[len - 1] == '\r'))
		len--;
	if (len >= 5 && !memcmp(p, "HTTP/", 5)) {
		/* A new response (after a redirect or 1xx): forget the last. */
		reset_response(x);
		const char *sp = memchr(p, ' ', len);
		if (sp) {
			const char *sp2 = memchr(sp + 1, ' ', len - (size_t)(sp + 1 - p));
			if (sp2 && (size_t)(p + len - sp2 - 1) > 0) {
				size_t rn = (size_t)(p + len - sp2 - 1);
				x->reason = clean_text(sp2 + 1, utf8_cut(sp2 + 1, rn, 100));
			}
		}
		return n;
	}
	const char *colon = memchr(p, ':', len);
	if (!colon || colon == p || colon - p > 100)
		return n;
	char name[104];
	size_t nn = (size_t)(colon - p);
	memcpy(name, p, nn);
	name[nn] = '\0';
	ascii_lower(str_trim(name));
	const char *v = colon + 1;
	size_t vn = len - nn - 1;
	if (!strcmp(name, "content-type")) {
		set_dup(&x->ctype, v, vn);
	} else if (!strcmp(name, "etag")) {
		set_dup(&x->etag_r, v, vn);
	} else if (!strcmp(name, "last-modified")) {
		set_dup(&x->lastmod_r, v, vn);
	}
	if (!strcmp(name, "retry-after"))
		set_dup(&x->retry_after, v, vn);
	if (kept_header(name)) {
		char *val = clean_text(v, vn);
		if (*val) {
			if (!x->hdrs)
				x->hdrs = cJSON_CreateObject();
			const char *old = rec_str(x->hdrs, name);
			if (old) {
				/* Repeated headers are joined, up to a point: a
				 * server may send thousands. */
				if (strlen(old) + strlen(val) < KEPT_HEADER_MAX) {
					char *j = xasprintf("%s, %s", old, val);
					rec_set_str(x->hdrs, name, j);
					free(j);
				}
			} else if (cJSON_GetArraySize(x->hdrs) < KEPT_HEADERS_MAX) {
				rec_set_str(x->hdrs, name, val);
			}
		}
		free(val);
	}
	return n;
}

static int
is_error_status(long st)
{
	return st >= 300 && st != 304;
}

static void
split_ctype(struct xfer *x, char **mtype, char **cs)
{
	*mtype = *cs = NULL;
	if (!x->ctype)
		return;
	char *t = xstrdup(x->ctype);
	char *semi = strchr(t, ';');
	if (semi)
		*semi = '\0';
	ascii_lower(str_trim(t));
	if (*t)
		*mtype = t;
	else
		free(t);
	char *c = charset_from_content_type(x->ctype);
	if (c) {
		str_trim(c);
		ascii_lower(c);
		/* Quotes and junk are not a charset name. */
		int ok = *c != '\0';
		for (char *q = c; *q; q++)
			if (!(*q == '-' || *q == '_' || *q == '.' || *q == ':' ||
			    (*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'z')))
				ok = 0;
		if (ok)
			*cs = c;
		else
			free(c);
	}
}

static void
decide_kind(struct xfer *x)
{
	char *mt, *cs;
	split_ctype(x, &mt, &cs);
	x->kind = http_body_kind(mt, cs, x->body.data, x->body.len);
	x->decided = 1;
	free(mt);
	free(cs);
}

/* Move the body held in memory to the temporary file (made in $TMPDIR,
 * else /tmp, and unlinked at once). A file that cannot be made or
 * written leaves the rest of the body in memory, as without it. */
static void
spill(struct xfer *x)
{
	if (x->spill_fd < 0) {
		const char *dir = getenv("TMPDIR");
		char *path = xasprintf("%s/veille-fetch-XXXXXX", dir && *dir ? dir : "/tmp");
		x->spill_fd = mkstemp(path);
		if (x->spill_fd >= 0)
			unlink(path);
		free(path);
		if (x->spill_fd < 0) {
			x->no_spill = 1;
			return;
		}
	}
	size_t off = 0;
	while (off < x->body.len) {
		ssize_t w = write(x->spill_fd, x->body.data + off, x->body.len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			/* what was written of this part is dropped: kept in memory */
			if (ftruncate(x->spill_fd, (off_t)x->spilled) < 0)
				x->no_spill = 1;
			x->no_spill = 1;
			return;
		}
		off += (size_t)w;
	}
	x->spilled += x->body.len;
	/* from now on each part goes to the file as it comes */
	buf_free(&x->body);
}

/* The whole body back in memory, when the transfer is done: one at a
 * time, as the records are written. -1 (errno) on a read error. */
static int
unspill(struct xfer *x)
{
	if (x->spill_fd < 0)
		return 0;
	struct buf all;
	buf_init(&all);
	buf_grow(&all, (size_t)x->spilled + x->body.len + 1);
	int rc = 0;
	while (all.len < x->spilled) {
		ssize_t r = pread(x->spill_fd, all.data + all.len, (size_t)x->spilled - all.len,
		    (off_t)all.len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			rc = -1;
			break;
		}
		all.len += (size_t)r;
	}
	close(x->spill_fd);
	x->spill_fd = -1;
	x->spilled = 0;
	if (rc < 0) {
		buf_free(&all);
		buf_free(&x->body);
		return -1;
	}
	buf_add(&all, x->body.data ? x->body.data : "", x->body.len);
	buf_free(&x->body);
	x->body = all;
	return 0;
}

static size_t
on_body(char *p, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	struct http *h = x->h;
	size_t n = size * nmemb;
	long status = 0;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	x->received += n;
	h->bytes += n;
	if (!x->robots_of && is_error_status(status)) {
		/* Error pages are not kept; do not read a huge one. */
		if (x->received > ERROR_BODY_MAX) {
			x->abort = ABORT_ERROR_BODY;
			return 0;
		}
		return n;
	}
	long long max = x->robots_of ? HTTP_ROBOTS_MAX_SIZE : h->o.max_size;
	if (max > 0 && (long long)(x->spilled + x->body.len + n) > max) {
		x->abort = ABORT_TOO_LARGE;
		return 0;
	}
	buf_add(&x->body, p, n);
	if (!x->robots_of && !h->o.keep_binary && !x->decided &&
	    x->body.len >= SNIFF_LEN) {
		decide_kind(x);
		if (x->kind == HTTP_KIND_BINARY && !gunzip_is(x->body.data, x->body.len)) {
			x->abort = ABORT_BINARY;
			return 0;
		}
	}
	if (!x->robots_of && !x->no_spill && (x->spill_fd >= 0 || x->body.len >= SPILL_AT)) {
		if (!x->decided)        /* from the first bytes, still here */
			decide_kind(x);
		spill(x);
	}
	return n;
}

static int
start(struct http *h, struct xfer *x, long long now)
{
	reset_attempt(x);
	curl_slist_free_all(x->hlist);
	x->hlist = NULL;
	CURL *e = x->easy = curl_easy_init();
	if (!e)
		return -1;
	curl_easy_setopt(e, CURLOPT_URL, x->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	/* NOSIGNAL stays 0: libcurl then shields its own socket writes from
	 * SIGPIPE (which OpenSSL can raise when a server hangs up); DNS is
	 * threaded, so no alarm() is involved. */
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 0L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, h->protocols);
	/* A server must never send us to a local file or another protocol. */
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, h->o.max_redirs);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	/* Waiting to multiplex pays only where HTTP/2 may be offered (TLS
	 * ALPN, known at the handshake); over http it would hold the second
	 * request to a host until the first one has its whole answer. */
	if (ascii_startswith(x->url, "https:"))
		curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(e, CURLOPT_USERAGENT, h->ua);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, h->o.timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, h->o.connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	long long max = x->robots_of ? 0 : h->o.max_size;
	if (max > 0)
		curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
	if (h->o.insecure) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (x->etag) {
		char *l = xasprintf("If-None-Match: %s", x->etag);
		x->hlist = curl_slist_append(x->hlist, l);
		free(l);
	}
	if (x->last_modified) {
		char *l = xasprintf("If-Modified-Since: %s", x->last_modified);
		x->hlist = curl_slist_append(x->hlist, l);
		free(l);
	}
	/* Feeds first, then pages and JSON: a server that negotiates
	 * (content type by Accept) gives the feed. */
	int own_accept = 0;
	for (char **p = x->headers; p && *p; p++)
		own_accept |= ascii_startswith(*p, "accept:");
	if (!own_accept)
		x->hlist = curl_slist_append(x->hlist, "Accept: " HTTP_ACCEPT);
	for (char **p = x->headers; p && *p; p++)
		x->hlist = curl_slist_append(x->hlist, *p);
	if (x->hlist)
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->hlist);
	if (curl_multi_add_handle(h->multi, e) != CURLM_OK) {
		curl_easy_cleanup(e);
		x->easy = NULL;
		return -1;
	}
	x->running = 1;
	x->attempts++;
	h->active++;
	struct host *hs = x->host;
	hs->active++;
	long delay = h->o.delay_ms;
	if (x->origin) {
		struct rentry *re = (struct rentry *)map_get(&h->robots, x->origin);
		if (re && re->rules) {
			long cd = robots_crawl_delay_ms(re->rules);
			if (cd > HTTP_CRAWL_DELAY_MAX_MS)
				cd = HTTP_CRAWL_DELAY_MAX_MS;
			if (cd > delay)
				delay = cd;
		}
	}
	if (now + delay > hs->next_ok)
		hs->next_ok = now + delay;
	return 0;
}

static void
fmt_ms(char *buf, size_t n, long ms)
{
	if (ms % 1000 == 0)
		snprintf(buf, n, "%ld s", ms / 1000);
	else if (ms > 1000)
		snprintf(buf, n, "%.1f s", ms / 1000.0);
	else
		snprintf(buf, n, "%ld ms", ms);
}

static void
fmt_size(char *buf, size_t n, long long v)
{
	if (v >= 1024 * 1024 && v % (1024 * 1024) == 0)
		snprintf(buf, n, "%lld MiB", v / (1024 * 1024));
	else if (v >= 1024 && v % 1024 == 0)
		snprintf(buf, n, "%lld KiB", v / 1024);
	else
		snprintf(buf, n, "%lld bytes", v);
}

static const char *
errbuf_or(struct xfer *x, CURLcode rc)
{
	size_t n = strlen(x->errbuf);
	while (n && (x->errbuf[n - 1] == '\n' || x->errbuf[n - 1] == '\r'))
		x->errbuf[--n] = '\0';
	return n ? x->errbuf : curl_easy_strerror(rc);
}

static void
set_error(struct xfer *x, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
set_error(struct xfer *x, const char *code, const char *fmt, ...)
{
	va_list ap;
	struct buf b;
	buf_init(&b);
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		buf_grow(&b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b.data, (size_t)n + 1, fmt, ap);
		va_end(ap);
		b.len = (size_t)n;
	}
	free(x->error);
	x->error = buf_steal(&b);
	x->error_code = code;
}

/* Classify the attempt that just ended: sets error_code/error (or clears
 * them) and returns 1 when it is worth another attempt. */
static int
classify(struct http *h, struct xfer *x, CURLcode rc, long status)
{
	char t[32];
	free(x->error);
	x->error = NULL;
	x->error_code = NULL;
	x->status = status;

	if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && x->abort == ABORT_ERROR_BODY)) {
		if (!is_error_status(status))
			return 0;
		if (x->reason && *x->reason)
			set_error(x, "http", "HTTP %ld %s", status, x->reason);
		else
			set_error(x, "http", "HTTP %ld", status);
		return status == 429 || status == 502 || status == 503 || status == 504;
	}
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST: {
		char *host = url_host(x->url);
		set_error(x, "dns", "could not resolve host %s", host ? host : x->url);
		free(host);
		return 0;
	}
	case CURLE_COULDNT_RESOLVE_PROXY:
		set_error(x, "dns", "%s", errbuf_or(x, rc));
		return 0;
	case CURLE_COULDNT_CONNECT:
		set_error(x, "connect", "%s", errbuf_or(x, rc));
		return 1;
	case CURLE_OPERATION_TIMEDOUT: {
		curl_off_t ct = 0;
		curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &ct);
		if (ct == 0 && !status) {
			long lim = h->o.connect_timeout_ms;
			if (!lim || (h->o.timeout_ms && h->o.timeout_ms < lim))
				lim = h->o.timeout_ms;
			fmt_ms(t, sizeof t, lim);
			set_error(x, "timeout", "connection timeout after %s", t);
		} else {
			fmt_ms(t, sizeof t, h->o.timeout_ms);
			set_error(x, "timeout", "timeout after %s", t);
		}
		return 1;
	}
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_USE_SSL_FAILED:
		set_error(x, "tls", "TLS: %s", errbuf_or(x, rc));
		return 0;
	case CURLE_TOO_MANY_REDIRECTS:
		set_error(x, "too_many_redirects", "more than %ld redirects",
		    h->o.max_redirs);
		return 0;
	case CURLE_UNSUPPORTED_PROTOCOL: {
		/* libcurl points the effective URL at the refused location. */
		char *loc = NULL;
		curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &loc);
		if (status / 100 == 3 && loc) {
			char *l = clean_text(loc, utf8_cut(loc, strlen(loc), 200));
			set_error(x, "protocol", "redirect to a forbidden scheme: %s", l);
			free(l);
			free(x->final_url);
			x->final_url = NULL;
		} else {
			set_error(x, "protocol", "%s", errbuf_or(x, rc));
		}
		return 0;
	}
	case CURLE_FILESIZE_EXCEEDED:
		fmt_size(t, sizeof t, h->o.max_size);
		set_error(x, "too_large", "body larger than %s (--max-size)", t);
		return 0;
	case CURLE_WRITE_ERROR:
		if (x->abort == ABORT_TOO_LARGE) {
			fmt_size(t, sizeof t, x->robots_of ? HTTP_ROBOTS_MAX_SIZE : h->o.max_size);
			set_error(x, "too_large", "body larger than %s (--max-size)", t);
			return 0;
		}
		if (x->abort == ABORT_BINARY) {
			char *mt, *cs;
			split_ctype(x, &mt, &cs);
			set_error(x, "binary", "binary content (%s), not kept without --binary",
			    mt ? mt : "no content type");
			free(mt);
			free(cs);
			return 0;
		}
		set_error(x, "io", "%s", errbuf_or(x, rc));
		return 0;
	case CURLE_PARTIAL_FILE:
		set_error(x, "truncated", "body truncated: %s", errbuf_or(x, rc));
		return 0;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
		if (status && x->received) {
			set_error(x, "truncated", "body truncated: %s", errbuf_or(x, rc));
			return 0;
		}
		set_error(x, "connect", "%s", errbuf_or(x, rc));
		return 1;
	case CURLE_BAD_CONTENT_ENCODING:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_HTTP3:
	case CURLE_UNKNOWN_OPTION:
	case CURLE_RANGE_ERROR:
		set_error(x, "protocol", "%s", errbuf_or(x, rc));
		return 0;
	case CURLE_URL_MALFORMAT:
		set_error(x, "invalid_target", "%s", errbuf_or(x, rc));
		return 0;
	default:
		set_error(x, "io", "%s", errbuf_or(x, rc));
		return 0;
	}
}

/* Milliseconds to wait for Retry-After (seconds or an HTTP date), or -1. */
static long
retry_after_ms(const char *v)
{
	if (!v || !*v)
		return -1;
	const char *p = v;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p != v && *p == '\0') {
		if (p - v > 6)
			return HTTP_RETRY_AFTER_MAX_MS;
		long s = strtol(v, NULL, 10);
		return s * 1000 > HTTP_RETRY_AFTER_MAX_MS ? HTTP_RETRY_AFTER_MAX_MS : s * 1000;
	}
	time_t t = curl_getdate(v, NULL);
	if (t <= 0)
		return -1;
	time_t now = time(NULL);
	if (t <= now)
		return 0;
	if ((double)(t - now) * 1000 > HTTP_RETRY_AFTER_MAX_MS)
		return HTTP_RETRY_AFTER_MAX_MS;
	return (long)(t - now) * 1000;
}

static long
backoff_ms(int attempt)
{
	long base = HTTP_BACKOFF_MS;
	for (int i = 1; i < attempt && base < HTTP_RETRY_AFTER_MAX_MS; i++)
		base *= 2;
	if (base > HTTP_RETRY_AFTER_MAX_MS)
		base = HTTP_RETRY_AFTER_MAX_MS;
	return base + (long)(random() % (base / 2 + 1));
}

static void finish(struct http *h, struct xfer *x);

static void
robots_done(struct http *h, struct xfer *x)
{
	struct rentry *re = x->robots_of;
	int partial = x->error_code && !strcmp(x->error_code, "too_large") && x->body.len;
	if (!x->error_code || partial) {
		/* 2xx (or a file): the rules; a robots.txt cut at the size
		 * limit still gives the rules read so far. */
		re->rules = robots_parse(x->body.data ? x->body.data : "",
		    x->body.len, HTTP_ROBOTS_TOKEN);
	} else if (!strcmp(x->error_code, "http") && x->status >= 400 && x->status < 500) {
		/* 4xx: there are no rules (RFC 9309 2.3.1.3). */
		re->rules = robots_new_all(1);
	} else {
		/* 5xx or unreachable: assume complete disallow (2.3.1.4). */
		re->rules = robots_new_all(0);
		re->why = xasprintf("robots.txt unavailable (%s), not fetching", x->error);
	}
}

static void
finish(struct http *h, struct xfer *x)
{
	snprintf(x->fetched_at, sizeof x->fetched_at, "%s", now_rfc3339());
	h->pending--;
	if (x->robots_of) {
		robots_done(h, x);
		return;
	}
	if (!x->error_code && unspill(x) < 0)
		set_error(x, "io", "reading the body back from its temporary file: %s",
		    strerror(errno));
	if (!x->error_code && x->status != 304 && x->body.len) {
		if (!x->decided)
			decide_kind(x);
		/* gzip-compressed files (sitemap.xml.gz) are kept: veille-parse
		 * reads them */
		if (x->kind == HTTP_KIND_BINARY && !h->o.keep_binary &&
		    !gunzip_is(x->body.data, x->body.len)) {
			char *mt, *cs;
			split_ctype(x, &mt, &cs);
			set_error(x, "binary", "binary content (%s), not kept without --binary",
			    mt ? mt : "no content type");
			free(mt);
			free(cs);
		}
	}
	if (x->error_code) {
		buf_free(&x->body);
		if (x->attempts > 1) {
			char *m = xasprintf("%s (%d attempts)", x->error, x->attempts);
			free(x->error);
			x->error = m;
		}
	}

	struct http_result r;
	memset(&r, 0, sizeof r);
	char *mt = NULL, *cs = NULL;
	split_ctype(x, &mt, &cs);
	r.url = x->url;
	r.final_url = x->final_url;
	r.status = x->status;
	r.content_type = mt;
	r.charset = cs;
	r.etag = x->etag_r;
	r.last_modified = x->lastmod_r;
	r.headers = x->hdrs;
	r.body = x->body;
	r.kind = x->kind;
	r.elapsed_ms = x->elapsed_ms;
	r.attempts = x->attempts;
	r.fetched_at = x->fetched_at;
	r.error_code = x->error_code;
	r.error = x->error;
	buf_init(&x->body);
	h->done(&r, x->udata, h->arg);
	buf_free(&r.body);
	free(mt);
	free(cs);
}

/* The attempt of x ended with rc: retry it, or finish it. */
static void
attempt_done(struct http *h, struct xfer *x, CURLcode rc)
{
	long long now = monotonic_ms();
	long status = 0, nredir = 0;
	curl_off_t total = 0;
	char *eff = NULL;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME_T, &total);
	curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_COUNT, &nredir);
	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &eff);
	x->elapsed_ms += (long)(total / 1000);
	free(x->final_url);
	x->final_url = NULL;
	if (nredir > 0 && eff && strcmp(eff, x->url))
		x->final_url = clean_text(eff, strlen(eff));

	int again = classify(h, x, rc, status);
	curl_multi_remove_handle(h->multi, x->easy);
	x->running = 0;
	h->active--;
	x->host->active--;

	if (again && x->attempts <= h->o.retries) {
		long wait = backoff_ms(x->attempts);
		long ra = retry_after_ms(x->retry_after);
		if (ra > wait)
			wait = ra;
		curl_easy_cleanup(x->easy);
		x->easy = NULL;
		if (ra >= 0 || status == 429 || status == 503) {
			/* The server asked for a pause: the whole host waits. */
			if (now + wait > x->host->next_ok)
				x->host->next_ok = now + wait;
			enqueue(h, x, 1);
		} else {
			/* A connect error or a timeout: this request waits, the
			 * others to the host go on (and fail fast if it is down). */
			x->not_before = now + wait;
			x->next = h->delayed;
			h->delayed = x;
			x->host->held++;
			host_settle(h, x->host, now);
		}
		return;
	}
	struct host *hs = x->host;
	finish(h, x);
	xfer_free(h, x);
	host_settle(h, hs, now);
}

static void
instant_fail(struct http *h, struct xfer *x, const char *code, const char *msg)
{
	x->error_code = code;
	free(x->error);
	x->error = xstrdup(msg);
	x->next = NULL;
	if (h->instant_tail)
		h->instant_tail->next = x;
	else
		h->instant = x;
	h->instant_tail = x;
}

static void
flush_instant(struct http *h)
{
	while (h->instant) {
		struct xfer *x = h->instant;
		h->instant = x->next;
		if (!h->instant)
			h->instant_tail = NULL;
		finish(h, x);
		xfer_free(h, x);
	}
}

static struct xfer *
xfer_new(struct http *h, const char *url)
{
	struct xfer *x = xcalloc(1, sizeof *x);
	x->h = h;
	x->spill_fd = -1;
	x->url = xstrdup(url);
	x->anext = h->all;
	if (h->all)
		h->all->aprev = x;
	h->all = x;
	h->pending++;
	return x;
}

static void
evict_robots(struct http *h)
{
	while (h->robots.n > ROBOTS_CACHE_MAX && h->rfifo_head && h->rfifo_head->rules) {
		struct rentry *re = h->rfifo_head;
		h->rfifo_head = re->fifo;
		if (!h->rfifo_head)
			h->rfifo_tail = NULL;
		map_del(&h->robots, &re->node);
		robots_free(re->rules);
		free(re->why);
		free(re->node.key);
		free(re);
	}
}

/* The head of hs's queue needs robots.txt of its origin: 1 if it may go
 * now, 0 if the host must wait, -1 if it was refused (dequeued). */
static int
robots_gate(struct http *h, struct host *hs, struct xfer *x)
{
	struct rentry *re = (struct rentry *)map_get(&h->robots, x->origin);
	if (!re) {
		re = xcalloc(1, sizeof *re);
		re->node.key = xstrdup(x->origin);
		map_put(&h->robots, &re->node);
		if (h->rfifo_tail)
			h->rfifo_tail->fifo = re;
		else
			h->rfifo_head = re;
		h->rfifo_tail = re;
		evict_robots(h);
		char *u = xasprintf("%s/robots.txt", x->origin);
		struct xfer *r = xfer_new(h, u);
		free(u);
		r->host = hs;
		r->robots_of = re;
		enqueue(h, r, 1);
		return 0;
	}
	if (!re->rules)
		return 0;
	if (robots_allowed(re->rules, x->rpath))
		return 1;
	dequeue(hs);
	instant_fail(h, x, "robots", re->why ? re->why : "disallowed by robots.txt");
	return -1;
}

static void
dispatch(struct http *h, long long now, long long *wake)
{
	/* Retries whose wait is over go first in their host's queue. */
	for (struct xfer **pp = &h->delayed; *pp;) {
		struct xfer *x = *pp;
		if (x->not_before <= now) {
			*pp = x->next;
			x->host->held--;
			enqueue(h, x, 1);
		} else {
			if (*wake < 0 || x->not_before < *wake)
				*wake = x->not_before;
			pp = &x->next;
		}
	}
	/* Forget idle hosts whose delay has run out. */
	for (struct host *hs = h->idle, *next; hs; hs = next) {
		next = hs->next;
		if (hs->next_ok <= now)
			host_free(h, hs);
	}
	if (!h->waiting)
		return;
	/* One round over a snapshot of the waiting hosts, starting one
	 * further each time (round robin), so that settling a host (which
	 * may unlink or free it) cannot disturb the walk. */
	h->waiting = h->waiting->next;
	size_t n = 0;
	struct host *hs = h->waiting;
	do {
		if (n == h->vcap) {
			h->vcap = h->vcap ? h->vcap * 2 : 64;
			h->vec = xrealloc(h->vec, h->vcap * sizeof *h->vec);
		}
		h->vec[n++] = hs;
		hs = hs->next;
	} while (hs != h->waiting);

	for (size_t i = 0; i < n; i++) {
		hs = h->vec[i];
		while (hs->qhead && h->active < h->o.parallel &&
		    hs->active < h->o.per_host && hs->next_ok <= now) {
			struct xfer *x = hs->qhead;
			if (h->o.robots && x->origin && !x->robots_of) {
				int g = robots_gate(h, hs, x);
				if (g == 0 && hs->qhead == x)
					break;      /* robots.txt being fetched */
				if (g != 1)
					continue;   /* refused, or robots.txt queued first */
			}
			dequeue(hs);
			if (start(h, x, now) < 0)
				instant_fail(h, x, "io", "cannot start a transfer");
		}
		/* A host held only by its delay must wake us up in time. */
		if (hs->qhead && hs->next_ok > now && hs->active < h->o.per_host &&
		    (*wake < 0 || hs->next_ok < *wake))
			*wake = hs->next_ok;
		host_settle(h, hs, now);
	}
}

/* ---- public ---- */

struct http *
http_new(const struct http_opts *o, http_done_fn done, void *arg)
{
	static int inited;
	if (!inited) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			errx(2, "cannot initialise libcurl");
		inited = 1;
		srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	}
	struct http *h = xcalloc(1, sizeof *h);
	h->o = *o;
	if (h->o.parallel < 1)
		h->o.parallel = 1;
	if (h->o.per_host < 1)
		h->o.per_host = 1;
	h->ua = xstrdup(o->user_agent ? o->user_agent : HTTP_DEFAULT_USER_AGENT);
	h->protocols = xstrdup(o->allow_file ? "http,https,file" : "http,https");
	h->done = done;
	h->arg = arg;
	h->multi = curl_multi_init();
	if (!h->multi)
		errx(2, "cannot initialise libcurl");
	/* Without these a feed could lead libcurl to any protocol: refuse to
	 * run rather than fetch unprotected. */
	CURL *probe = curl_easy_init();
	if (!probe || curl_easy_setopt(probe, CURLOPT_PROTOCOLS_STR, h->protocols) != CURLE_OK ||
	    curl_easy_setopt(probe, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") != CURLE_OK)
		errx(2, "libcurl %s cannot restrict protocols (7.85 or later needed)",
		    curl_version_info(CURLVERSION_NOW)->version);
	curl_easy_cleanup(probe);
	curl_multi_setopt(h->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, (long)h->o.parallel * 4);
	return h;
}

static char *
origin_of(const char *url, char **path)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *p = NULL, *q = NULL;
	char *origin = NULL;
	*path = NULL;
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    (!strcmp(scheme, "http") || !strcmp(scheme, "https")) &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PATH, &p, 0) == CURLUE_OK) {
		ascii_lower(host);
		origin = xasprintf("%s://%s:%s", scheme, host, port);
		if (curl_url_get(u, CURLUPART_QUERY, &q, 0) == CURLUE_OK && q)
			*path = xasprintf("%s?%s", p, q);
		else
			*path = xstrdup(p);
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(p);
	curl_free(q);
	curl_url_cleanup(u);
	return origin;
}

void
http_submit(struct http *h, const struct http_request *req)
{
	struct xfer *x = xfer_new(h, req->url);
	x->udata = req->udata;
	if (req->etag && *req->etag)
		x->etag = xstrdup(req->etag);
	if (req->last_modified && *req->last_modified)
		x->last_modified = xstrdup(req->last_modified);
	if (req->headers) {
		size_t n = 0;
		while (req->headers[n])
			n++;
		x->headers = xcalloc(n + 1, sizeof *x->headers);
		for (size_t i = 0; i < n; i++)
			x->headers[i] = xstrdup(req->headers[i]);
	}
	if (h->o.robots)
		x->origin = origin_of(x->url, &x->rpath);
	x->host = host_get(h, x->url);
	enqueue(h, x, 0);
}

size_t
http_pending(const struct http *h)
{
	return h->pending;
}

unsigned long long
http_bytes(const struct http *h)
{
	return h->bytes;
}

static int
drain(struct http *h)
{
	CURLMsg *m;
	int left, n = 0;
	while ((m = curl_multi_info_read(h->multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		struct xfer *x = NULL;
		CURLcode rc = m->data.result;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		if (x) {
			attempt_done(h, x, rc);
			n++;
		}
	}
	return n;
}

int
http_run(struct http *h, long max_wait_ms, int fd)
{
	int running = 0;
	long long wake = -1;
	dispatch(h, monotonic_ms(), &wake);
	flush_instant(h);
	if (curl_multi_perform(h->multi, &running) != CURLM_OK) {
		warnx("libcurl: multi interface failure");
		return -1;
	}
	int finished = drain(h);
	if (finished > 0) {
		/* Slots freed: start what can start before waiting. */
		wake = -1;
		dispatch(h, monotonic_ms(), &wake);
		flush_instant(h);
		curl_multi_perform(h->multi, &running);
		drain(h);
	}

	long long now = monotonic_ms();
	long t = max_wait_ms < 0 || max_wait_ms > 1000 ? 1000 : max_wait_ms;
	long ct = -1;
	curl_multi_timeout(h->multi, &ct);
	if (ct >= 0 && ct < t)
		t = ct;
	if (wake >= 0) {
		long long d = wake - now;
		if (d < 0)
			d = 0;
		if (d < t)
			t = (long)d;
	}
	/* Something finished: the caller may have input to read or may be
	 * done; do not sleep before it had a look. */
	if (h->instant || finished > 0)
		t = 0;
	struct curl_waitfd w = { .fd = fd, .events = CURL_WAIT_POLLIN, .revents = 0 };
	if (curl_multi_poll(h->multi, fd >= 0 ? &w : NULL, fd >= 0 ? 1 : 0, (int)t,
	    NULL) != CURLM_OK) {
		warnx("libcurl: poll failure");
		return -1;
	}
	if (fd < 0)
		return 0;
	if (w.revents)
		return 1;
	/* libcurl does not pass POLLHUP on: ask directly (end of a pipe). */
	struct pollfd p = { .fd = fd, .events = POLLIN, .revents = 0 };
	return poll(&p, 1, 0) > 0 && p.revents ? 1 : 0;
}

void
http_free(struct http *h, void (*drop)(void *udata))
{
	if (!h)
		return;
	while (h->all) {
		if (drop && h->all->udata)
			drop(h->all->udata);
		xfer_free(h, h->all);
	}
	for (size_t i = 0; i < h->hosts.nb; i++) {
		for (struct hnode *n = h->hosts.b[i], *next; n; n = next) {
			next = n->next;
			free(n->key);
			free(n);
		}
	}
	free(h->hosts.b);
	for (struct rentry *re = h->rfifo_head, *next; re; re = next) {
		next = re->fifo;
		robots_free(re->rules);
		free(re->why);
		free(re->node.key);
		free(re);
	}
	free(h->robots.b);
	free(h->vec);
	curl_multi_cleanup(h->multi);
	free(h->ua);
	free(h->protocols);
	free(h);
	curl_global_cleanup();
}

/* ---- URLs, bodies, records ---- */

int
http_check_url(const char *url, int allow_file, const char **code, const char **msg)
{
	static char m[160];
	*code = "invalid_target";
	if (str_empty(url)) {
		*msg = "empty URL";
		return -1;
	}
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p <= 0x20 || *p == 0x7f) {
			*msg = "not a URL (white space or control character)";
			return -1;
		}
	}
	/* scheme ":" ... (RFC 3986 3.1) */
	const char *c = url;
	if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')) {
		while ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '+' || *c == '-' || *c == '.')
			c++;
	}
	if (c == url || *c != ':') {
		*msg = "not an absolute URL (no scheme)";
		return -1;
	}
	size_t sn = (size_t)(c - url);
	int web = (sn == 4 && !ascii_ncasecmp(url, "http", 4)) ||
	    (sn == 5 && !ascii_ncasecmp(url, "https", 5));
	int file = sn == 4 && !ascii_ncasecmp(url, "file", 4);
	if (!web && !(file && allow_file)) {
		*code = "protocol";
		if (file)
			snprintf(m, sizeof m, "file URLs are not fetched without --allow-file");
		else
			snprintf(m, sizeof m, "scheme '%.*s' is not allowed (only http and https)",
			    (int)(sn > 20 ? 20 : sn), url);
		*msg = m;
		return -1;
	}
	CURLU *u = curl_url();
	char *host = NULL;
	CURLUcode uc = u ? curl_url_set(u, CURLUPART_URL, url, 0) : CURLUE_OUT_OF_MEMORY;
	if (uc == CURLUE_OK && web &&
	    (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host || !*host))
		uc = CURLUE_NO_HOST;
	curl_free(host);
	/* libcurl reads a directory as an empty file: say what it is. */
	char *path = NULL;
	struct stat st;
	int dir = uc == CURLUE_OK && file &&
	    curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) == CURLUE_OK && path &&
	    stat(path, &st) == 0 && S_ISDIR(st.st_mode);
	curl_free(path);
	curl_url_cleanup(u);
	if (uc != CURLUE_OK) {
		snprintf(m, sizeof m, "not a valid URL: %s", curl_url_strerror(uc));
		*msg = m;
		return -1;
	}
	if (dir) {
		*code = "io";
		*msg = strerror(EISDIR);
		return -1;
	}
	return 0;
}

static int
has_nul(const char *s, size_t n)
{
	return memchr(s, '\0', n < SNIFF_LEN ? n : SNIFF_LEN) != NULL;
}

static int
wide_charset(const char *cs)
{
	return cs && (ascii_startswith(cs, "utf-16") || ascii_startswith(cs, "utf-32") ||
	    ascii_startswith(cs, "ucs-") || ascii_startswith(cs, "unicode"));
}

/* What the first bytes look like: markup, JSON, or nothing known. */
static enum http_kind
sniff(const char *s, size_t n, int *known)
{
	size_t i = 0;
	*known = 1;
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	const char *p = s + i;
	size_t m = n - i;
#define STARTS(lit) (m >= sizeof(lit) - 1 && !ascii_ncasecmp(p, lit, sizeof(lit) - 1))
	if (STARTS("<?xml") || STARTS("<rss") || STARTS("<feed") || STARTS("<rdf:rdf"))
		return HTTP_KIND_XML;
	if (STARTS("<!doctype html") || STARTS("<html") || STARTS("<head") ||
	    STARTS("<body"))
		return HTTP_KIND_HTML;
	if (m && (*p == '{' || *p == '['))
		return HTTP_KIND_TEXT;
#undef STARTS
	/* UTF-16/32 BOMs: text of some kind, the charset layer decides. */
	if (n >= 2 && ((s[0] == '\xFF' && s[1] == '\xFE') || (s[0] == '\xFE' && s[1] == '\xFF')))
		return HTTP_KIND_TEXT;
	*known = 0;
	return HTTP_KIND_TEXT;
}

enum http_kind
http_body_kind(const char *ctype, const char *charset, const char *s, size_t n)
{
	enum http_kind k;
	int known;
	if (!s)
		n = 0;
	int bom16 = n >= 2 && ((s[0] == '\xFF' && s[1] == '\xFE') ||
	    (s[0] == '\xFE' && s[1] == '\xFF'));
	/* XML in UTF-16 without a BOM starts "<\0?\0" or "\0<\0?". */
	int xml16 = n >= 4 && ((s[0] == '<' && s[1] == '\0' && s[2] == '?') ||
	    (s[0] == '\0' && s[1] == '<' && s[2] == '\0'));
	int wide = bom16 || xml16 || wide_charset(charset);

	if (!ctype || !*ctype || !strcmp(ctype, "application/octet-stream") ||
	    !strcmp(ctype, "binary/octet-stream") || !strcmp(ctype, "application/unknown") ||
	    !strcmp(ctype, "unknown/unknown")) {
		if (xml16)
			return HTTP_KIND_XML;
		k = sniff(s, n, &known);
		if (!wide && has_nul(s, n))
			return HTTP_KIND_BINARY;
		if (known)
			return k;
		/* Declared octet-stream and nothing recognisable: binary. A
		 * missing type with text-looking bytes: text. */
		return ctype && *ctype ? HTTP_KIND_BINARY : HTTP_KIND_TEXT;
	}
	if (strstr(ctype, "xml") || strstr(ctype, "rss") || strstr(ctype, "atom"))
		k = ascii_startswith(ctype, "text/html") ? HTTP_KIND_HTML : HTTP_KIND_XML;
	else if (!strcmp(ctype, "text/html"))
		k = HTTP_KIND_HTML;
	else if (ascii_startswith(ctype, "text/") || strstr(ctype, "json") ||
	    strstr(ctype, "javascript") || strstr(ctype, "ecmascript") ||
	    !strcmp(ctype, "application/x-www-form-urlencoded") ||
	    strstr(ctype, "csv") || strstr(ctype, "yaml") || strstr(ctype, "toml") ||
	    !strcmp(ctype, "message/rfc822"))
		k = HTTP_KIND_TEXT;
	else
		return HTTP_KIND_BINARY;
	if (!wide && has_nul(s, n))
		return HTTP_KIND_BINARY;
	return k;
}

/* Convert a text body to UTF-8 into out; returns the charset used, and
 * in *nrepl the number of U+FFFD put in for bytes that were not text. */
static char *
body_to_utf8(const struct http_result *res, struct buf *out, int *nrepl)
{
	const char *s = res->body.data;
	size_t n = res->body.len;
	const char *used = NULL;
	int rc;

	switch (res->kind) {
	case HTTP_KIND_XML:
		rc = charset_decode_xml(s, n, res->charset, out, &used);
		break;
	case HTTP_KIND_HTML:
		rc = charset_decode_html(s, n, res->charset, out, &used);
		break;
	default: {
		size_t bom = 0;
		const char *cs = charset_from_bom(s, n, &bom);
		if (!cs)
			cs = res->charset;
		rc = charset_to_utf8(cs, s + bom, n - bom, out);
		used = cs ? charset_canonical(cs) : "utf-8";
		break;
	}
	}
	*nrepl = rc > 0 ? rc : 0;
	if (rc < 0 || !used)
		used = "utf-8";
	/* Belt and braces: the record must hold valid UTF-8 without NULs,
	 * and a BOM has no business in a converted body. */
	if (out->len >= 3 && !memcmp(out->data, "\xEF\xBB\xBF", 3)) {
		memmove(out->data, out->data + 3, out->len - 3);
		out->len -= 3;
		out->data[out->len] = '\0';
	}
	if (out->data && (memchr(out->data, '\0', out->len) || !utf8_valid(out->data, out->len))) {
		struct buf fixed;
		buf_init(&fixed);
		size_t k = utf8_repair(out->data, out->len, &fixed);
		*nrepl = k > (size_t)(INT_MAX - *nrepl) ? INT_MAX : *nrepl + (int)k;
		buf_free(out);
		*out = fixed;
	}
	return ascii_lower(xstrdup(used));
}

static int
result_record(const struct http_result *res, cJSON *rec, int flags, struct buf *apart)
{
	struct buf body;
	char *charset = NULL;
	int base64 = 0, nrepl = 0;

	buf_init(&body);
	if (!(flags & HTTP_REC_UNCHANGED) && !res->error_code && res->body.len) {
		if (res->kind == HTTP_KIND_BINARY) {
			base64_encode(res->body.data, res->body.len, &body);
			base64 = 1;
		} else {
			charset = body_to_utf8(res, &body, &nrepl);
		}
	}
	rec_set_str(rec, F_FINAL_URL, res->final_url);
	if (res->status)
		rec_set_num(rec, F_STATUS, (double)res->status);
	else
		rec_set(rec, F_STATUS, NULL);
	rec_set_str(rec, F_CONTENT_TYPE, res->content_type);
	rec_set_str(rec, F_CHARSET, charset);
	rec_set(rec, F_HEADERS, res->headers && res->headers->child ?
	    cJSON_Duplicate(res->headers, 1) : NULL);
	rec_set_str(rec, F_ETAG, res->etag);
	rec_set_str(rec, F_LAST_MODIFIED, res->last_modified);
	rec_set_str(rec, F_FETCHED_AT, res->fetched_at);
	rec_set_num(rec, F_ELAPSED_MS, (double)res->elapsed_ms);
	if (res->attempts > 1)
		rec_set_num(rec, F_ATTEMPTS, res->attempts);
	else
		rec_set(rec, F_ATTEMPTS, NULL);
	if (flags & HTTP_REC_UNCHANGED)
		rec_set_bool(rec, F_UNCHANGED, 1);
	else
		rec_set(rec, F_UNCHANGED, NULL);
	rec_set_str(rec, F_ERROR, res->error);
	rec_set_str(rec, F_ERROR_CODE, res->error_code);
	rec_set_str(rec, F_BODY_ENCODING, base64 ? "base64" : NULL);
	if (apart && body.len && !cJSON_GetObjectItemCaseSensitive(rec, F_BODY)) {
		/* last, where rec_set would have added it */
		*apart = body;
		buf_init(&body);
	} else {
		/* Not rec_set_str: a body of blanks is still the body. */
		rec_set(rec, F_BODY, body.len ? cJSON_CreateString(body.data) : NULL);
	}
	buf_free(&body);
	free(charset);
	return nrepl;
}

int
http_result_record(const struct http_result *res, cJSON *rec, int flags)
{
	return result_record(res, rec, flags, NULL);
}

int
http_result_record_apart(const struct http_result *res, cJSON *rec, int flags,
    struct buf *body)
{
	buf_init(body);
	return result_record(res, rec, flags, body);
}
