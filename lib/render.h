/* render.h — JavaScript-rendered pages: the DOM of a page after its
 * scripts ran, from headless Chromium.
 *
 * A page is rendered after veille-fetch fetched it (so robots.txt, the
 * per-host limit and the delay have been through lib/http.c's gate, and
 * the status and type are known): one browser process per page,
 * `chromium --headless --dump-dom --virtual-time-budget=...`, spawned
 * (posix_spawn, no shell) in a process group of its own, with a fresh
 * profile (--user-data-dir in a new temporary directory, removed when
 * the page is done) unless opts.profile names one to keep. Its standard
 * output, the serialised DOM, goes to an unlinked temporary file, so a
 * big page is held on disk, not in memory, until it is read back whole;
 * past max_size the browser is killed ("too_large"). A page not done
 * after timeout_ms has the browser's whole process group killed
 * (SIGKILL) and reaped: error code "timeout". A browser that fails
 * (exit status, signal, no output) gives error code "render".
 *
 * Chromium follows redirects and script navigations by itself and
 * --dump-dom does not say where it ended: the DOM is that of the last
 * page, its URL is not known (the DevTools protocol would tell, at the
 * cost of a JSON conversation over a pipe per page; see veille-fetch(1)).
 *
 * At most `parallel` browsers run at once, at most `per_host` for one
 * host; a page starts no sooner than delay_ms after it was submitted
 * (it was just fetched from its host) and after the last start for its
 * host. Usage as http.h: render_new, render_submit, and render_run in
 * the loop while render_pending() > 0; each page ends in exactly one
 * call of the done callback, from inside render_run. */
#ifndef VEILLE_RENDER_H
#define VEILLE_RENDER_H

#include <stddef.h>
#include <cjson/cJSON.h>
#include "http.h"
#include "util.h"

/* Virtual time a page gets for its timers once loaded (setTimeout and
 * friends run fast-forwarded; network waits are real time). */
#define RENDER_VIRTUAL_TIME_MS 5000L
/* How often running browsers are looked at (exit, size, time). */
#define RENDER_TICK_MS 50L
/* The Debian package named when no browser is found. */
#define RENDER_PACKAGE "chromium"

struct render_opts {
	const char *browser;      /* executable; NULL: render_find_browser */
	int parallel;             /* browsers at once (2) */
	int per_host;             /* browsers at once for one host (2) */
	long delay_ms;            /* after the fetch, between starts per host */
	long timeout_ms;          /* one page (30 s) */
	long long max_size;       /* DOM bytes; 0: no limit */
	const char *user_agent;   /* NULL: the browser's own */
	const char *profile;      /* profile directory kept, or NULL: fresh */
};

/* The defaults (2, 2, 0, 30 s, 32 MiB). */
void render_opts_default(struct render_opts *o);
/* The politeness and limits of the fetch, for its pages: per_host,
 * delay_ms, max_size, user_agent (the fetch's, so the site sees one
 * name); a kept profile allows one browser at a time (Chromium locks
 * it). */
void render_opts_from_http(struct render_opts *o, const struct http_opts *h);

/* The browser to run: $VEILLE_CHROMIUM when set (it must be executable),
 * else the first of chromium, chromium-browser, google-chrome-stable,
 * google-chrome on $PATH. malloc'd path, or NULL with *why (a static
 * sentence naming the Debian package). */
char *render_find_browser(const char **why);

struct render_result {
	const char *url;          /* as submitted */
	struct buf body;          /* the DOM, UTF-8 HTML; empty on error */
	long elapsed_ms;
	const char *error_code;   /* NULL on success */
	const char *error;        /* sentence, without the URL */
};

struct render;
typedef void (*render_done_fn)(struct render_result *res, void *udata, void *arg);

struct render *render_new(const struct render_opts *o, render_done_fn done, void *arg);
/* Queue a page (url is copied). */
void render_submit(struct render *r, const char *url, void *udata);
/* Pages submitted and not yet done. */
size_t render_pending(const struct render *r);
/* Start what may start, collect the browsers that ended, kill those out
 * of time or size; calls back finished pages. Returns how many ms may
 * pass before the next call (-1: nothing waiting or running). */
long render_run(struct render *r);
/* Kill what runs (profiles removed) and free; drop, when not NULL, gets
 * the udata of each page never done. */
void render_free(struct render *r, void (*drop)(void *udata));

/* ---- between a fetch and its rendering ---- */

/* Is this fetch result a page to render: fetched without error, 2xx (or
 * a file), an HTML body? */
int render_wanted(const struct http_result *res);

/* What a page keeps of its fetch while it waits for the browser. */
struct render_fetch {
	char *final_url, *content_type;
	cJSON *headers;
	long status, elapsed_ms;
	int attempts;
	char fetched_at[32];
};
void render_fetch_keep(struct render_fetch *k, const struct http_result *res);
/* The result of the rendered page, for http_result_record: the fetch's
 * transfer fields, the DOM as an HTML body in UTF-8 (charset "utf-8"),
 * fetched_at when the browser finished, elapsed_ms of both; no
 * validators (they describe the HTML, not the DOM). On the browser's
 * error, its error and code, no body. Points into k and rr. */
void render_fetch_result(struct render_fetch *k, struct render_result *rr,
    struct http_result *out);
void render_fetch_free(struct render_fetch *k);

#endif
