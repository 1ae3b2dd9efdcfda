/* render.c — see render.h */
#define _GNU_SOURCE             /* posix_spawn_file_actions_addclosefrom_np */
#include "render.h"
#include "msg.h"
#include "record.h"
#include "strmap.h"
#include "url.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define STDERR_TAIL 2048        /* bytes of the browser's stderr looked at */

struct page {
	struct page *next;
	char *url, *host;
	void *udata;
	long long submitted, not_before, started;
	pid_t pid;                /* 0 while queued */
	int out_fd, err_fd;
	char *pdir;              /* the page's own directory, removed after */
};

struct render {
	struct render_opts o;
	char *browser;
	const char *why;          /* no browser: the sentence */
	int looked;               /* render_find_browser was called */
	render_done_fn done;
	void *arg;
	struct page *queue, *running;
	int nrunning;
	size_t pending;
	struct strmap *last_start; /* host -> long long, monotonic ms */
};

void
render_opts_default(struct render_opts *o)
{
	memset(o, 0, sizeof *o);
	o->parallel = 2;
	o->per_host = 2;
	o->timeout_ms = 30000;
	o->max_size = 32LL * 1024 * 1024;
}

void
render_opts_from_http(struct render_opts *o, const struct http_opts *h)
{
	o->per_host = h->per_host;
	o->delay_ms = h->delay_ms;
	o->max_size = h->max_size;
	o->user_agent = h->user_agent ? h->user_agent : HTTP_DEFAULT_USER_AGENT;
	if (o->profile)
		o->parallel = 1;
}

static int
executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

char *
render_find_browser(const char **why)
{
	static const char *const names[] = {
		"chromium", "chromium-browser", "google-chrome-stable", "google-chrome", NULL,
	};
	static char msg[400];
	const char *env = getenv("VEILLE_CHROMIUM");
	if (env && *env) {
		if (executable(env))
			return xstrdup(env);
		snprintf(msg, sizeof msg, "VEILLE_CHROMIUM=%.200s is not an executable file; "
		    "install the Debian package " RENDER_PACKAGE " or point it at a Chromium", env);
		*why = msg;
		return NULL;
	}
	const char *path = getenv("PATH");
	for (int i = 0; path && *path && names[i]; i++) {
		for (const char *p = path; *p;) {
			size_t n = strcspn(p, ":");
			if (n) {
				char *cand = xasprintf("%.*s/%s", (int)n, p, names[i]);
				if (executable(cand))
					return cand;
				free(cand);
			}
			p += n;
			if (*p == ':')
				p++;
		}
	}
	*why = "no Chromium found (chromium, chromium-browser, google-chrome on PATH, "
	    "or $VEILLE_CHROMIUM): install the Debian package " RENDER_PACKAGE;
	return NULL;
}

struct render *
render_new(const struct render_opts *o, render_done_fn done, void *arg)
{
	struct render *r = xcalloc(1, sizeof *r);
	r->o = *o;
	if (r->o.parallel < 1)
		r->o.parallel = 1;
	if (r->o.per_host < 1)
		r->o.per_host = 1;
	if (o->browser) {
		r->browser = xstrdup(o->browser);
		r->looked = 1;
	}
	r->done = done;
	r->arg = arg;
	r->last_start = strmap_new(sizeof(long long));
	return r;
}

void
render_submit(struct render *r, const char *url, void *udata)
{
	struct page *p = xcalloc(1, sizeof *p);
	p->url = xstrdup(url);
	p->host = url_host(url);
	if (!p->host)
		p->host = xstrdup("");
	p->udata = udata;
	p->submitted = monotonic_ms();
	p->not_before = p->submitted + r->o.delay_ms;
	p->out_fd = p->err_fd = -1;
	struct page **pp = &r->queue;
	while (*pp)
		pp = &(*pp)->next;
	*pp = p;
	r->pending++;
}

size_t
render_pending(const struct render *r)
{
	return r->pending;
}

/* rm -r of dir (no symbolic link followed); errors are left as they are:
 * what cannot be removed is reported once by the caller. */
static int
rm_tree_at(int parent, const char *name)
{
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return unlinkat(parent, name, 0);
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (unlinkat(fd, e->d_name, 0) < 0 && rm_tree_at(fd, e->d_name) < 0)
			rc = -1;
	}
	closedir(d);
	if (unlinkat(parent, name, AT_REMOVEDIR) < 0)
		rc = -1;
	return rc;
}

static const char *
tmp_dir(void)
{
	const char *dir = getenv("TMPDIR");
	return dir && *dir ? dir : "/tmp";
}

/* An unlinked temporary file, close-on-exec; -1 on failure. */
static int
tmp_file(void)
{
	char *path = xasprintf("%s/veille-render-XXXXXX", tmp_dir());
	int fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);
	free(path);
	return fd;
}

static void
page_free(struct page *p)
{
	if (p->out_fd >= 0)
		close(p->out_fd);
	if (p->err_fd >= 0)
		close(p->err_fd);
	if (p->pdir) {
		if (rm_tree_at(AT_FDCWD, p->pdir) < 0 && errno != ENOENT)
			msg_warn(NULL, "cannot remove the browser profile %s: %s",
			    msg_quote(p->pdir, 200), strerror(errno));
		free(p->pdir);
	}
	free(p->url);
	free(p->host);
	free(p);
}

/* The last non-blank line of the browser's stderr, ASCII, cut. */
static char *
stderr_tail(int fd)
{
	char b[STDERR_TAIL + 1];
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size <= 0)
		return xstrdup("");
	off_t off = st.st_size > STDERR_TAIL ? st.st_size - STDERR_TAIL : 0;
	ssize_t n = pread(fd, b, STDERR_TAIL, off);
	if (n <= 0)
		return xstrdup("");
	b[n] = '\0';
	while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r' || b[n - 1] == ' '))
		b[--n] = '\0';
	char *line = strrchr(b, '\n');
	line = line ? line + 1 : b;
	for (char *q = line; *q; q++)
		if ((unsigned char)*q < 0x20 || (unsigned char)*q >= 0x7f)
			*q = '?';
	if (strlen(line) > 200)
		line[200] = '\0';
	return xstrdup(line);
}

/* Kill the browser's process group (the browser and every helper it
 * started) and reap the browser. */
static void
kill_page(struct page *p)
{
	if (p->pid <= 0)
		return;
	kill(-p->pid, SIGKILL);
	while (waitpid(p->pid, NULL, 0) < 0 && errno == EINTR)
		;
	p->pid = 0;
}

static void
fmt_ms(char *buf, size_t n, long ms)
{
	if (ms % 1000 == 0)
		snprintf(buf, n, "%ld s", ms / 1000);
	else
		snprintf(buf, n, "%.1f s", ms / 1000.0);
}

/* The page is done: call back and free it (it is off every list). */
static void
page_done(struct render *r, struct page *p, struct buf *body, const char *code,
    char *error)
{
	struct render_result res;
	memset(&res, 0, sizeof res);
	res.url = p->url;
	res.elapsed_ms = (long)(monotonic_ms() - (p->started ? p->started : p->submitted));
	res.error_code = code;
	res.error = error;
	if (body)
		res.body = *body;
	else
		buf_init(&res.body);
	r->pending--;
	r->done(&res, p->udata, r->arg);
	buf_free(&res.body);
	free(error);
	page_free(p);
}

static void
env_set(char **env, size_t *n, const char *name, const char *value)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i < *n; i++) {
		if (!strncmp(env[i], name, nl) && env[i][nl] == '=') {
			free(env[i]);
			env[i] = xasprintf("%s=%s", name, value);
			return;
		}
	}
	env[(*n)++] = xasprintf("%s=%s", name, value);
}

/* Start the browser for p; -1 with *error on failure. */
static int
start(struct render *r, struct page *p, char **error)
{
	/* A directory of the page's own, removed after it: the profile
	 * (unless one is kept) and whatever else the browser writes. */
	char *t = xasprintf("%s/veille-render-XXXXXX", tmp_dir());
	if (!mkdtemp(t)) {
		*error = xasprintf("cannot make a browser profile in %s: %s", tmp_dir(),
		    strerror(errno));
		free(t);
		return -1;
	}
	p->pdir = t;
	const char *profile = r->o.profile ? r->o.profile : t;
	p->out_fd = tmp_file();
	p->err_fd = tmp_file();
	if (p->out_fd < 0 || p->err_fd < 0) {
		*error = xasprintf("cannot make a temporary file in %s: %s", tmp_dir(),
		    strerror(errno));
		return -1;
	}

	char *udd = xasprintf("--user-data-dir=%s", profile);
	char *ua = r->o.user_agent ? xasprintf("--user-agent=%s", r->o.user_agent) : NULL;
	char *vt = xasprintf("--virtual-time-budget=%ld", RENDER_VIRTUAL_TIME_MS);
	const char *argv[40];
	int a = 0;
	argv[a++] = r->browser;
	argv[a++] = "--headless";
	/* The sandbox cannot work for root (Chromium refuses to start):
	 * there, and only there, it goes; see veille-fetch(1). */
	if (geteuid() == 0)
		argv[a++] = "--no-sandbox";
	argv[a++] = "--disable-gpu";
	argv[a++] = "--no-first-run";
	argv[a++] = "--no-default-browser-check";
	argv[a++] = "--disable-extensions";
	argv[a++] = "--disable-default-apps";
	argv[a++] = "--disable-sync";
	argv[a++] = "--disable-background-networking";
	argv[a++] = "--disable-component-update";
	argv[a++] = "--disable-breakpad";
	argv[a++] = "--disable-dev-shm-usage";
	argv[a++] = "--mute-audio";
	argv[a++] = "--hide-scrollbars";
	/* Images change no DOM: not loading them spares the site. */
	argv[a++] = "--blink-settings=imagesEnabled=false";
	argv[a++] = udd;
	if (ua)
		argv[a++] = ua;
	argv[a++] = vt;
	argv[a++] = "--dump-dom";
	argv[a++] = "--";         /* the URL is never read as a switch */
	argv[a++] = p->url;
	argv[a] = NULL;

	/* HOME, the XDG directories and TMPDIR in the page's directory: what
	 * the browser writes beside its profile (~/.pki, caches, its
	 * temporary files) goes with it, even when it is killed. */
	size_t ne = 0, n = 0;
	while (environ[ne])
		ne++;
	char **env = xcalloc(ne + 6, sizeof *env);
	for (; n < ne; n++)
		env[n] = xstrdup(environ[n]);
	env_set(env, &n, "HOME", t);
	env_set(env, &n, "XDG_CONFIG_HOME", t);
	env_set(env, &n, "XDG_CACHE_HOME", t);
	env_set(env, &n, "XDG_DATA_HOME", t);
	env_set(env, &n, "TMPDIR", t);

	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p->out_fd, 1);
	posix_spawn_file_actions_adddup2(&fa, p->err_fd, 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
	/* Sockets of other transfers are none of the browser's business. */
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
#endif
	posix_spawnattr_init(&at);
	sigset_t none, dfl;
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGHUP);
	sigaddset(&dfl, SIGPIPE);
	sigaddset(&dfl, SIGCHLD);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dfl);
	/* A group of its own: the whole browser is killed at once, and a
	 * Ctrl-C at the terminal reaches veille-fetch, which cleans up. */
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF);
	int rc = posix_spawn(&p->pid, r->browser, &fa, &at, (char *const *)argv, env);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	for (size_t i = 0; i < n; i++)
		free(env[i]);
	free(env);
	free(udd);
	free(ua);
	free(vt);
	if (rc != 0) {
		p->pid = 0;
		*error = xasprintf("cannot start %s: %s", r->browser, strerror(rc));
		return -1;
	}
	p->started = monotonic_ms();
	return 0;
}

/* The browser of p ended with wait status ws: read the DOM back. */
static void
collect(struct render *r, struct page *p, int ws)
{
	struct buf body;
	buf_init(&body);
	char *tail = NULL;
	const char *code = NULL;
	char *error = NULL;
	struct stat st;
	if (WIFSIGNALED(ws)) {
		tail = stderr_tail(p->err_fd);
		code = "render";
		error = xasprintf("Chromium was killed by signal %d%s%s", WTERMSIG(ws),
		    *tail ? ": " : "", tail);
	} else if (WEXITSTATUS(ws) != 0) {
		tail = stderr_tail(p->err_fd);
		code = "render";
		error = xasprintf("Chromium failed (exit status %d)%s%s", WEXITSTATUS(ws),
		    *tail ? ": " : "", tail);
	} else if (fstat(p->out_fd, &st) < 0 || st.st_size == 0) {
		code = "render";
		error = xstrdup("Chromium wrote no page");
	} else if (r->o.max_size > 0 && (long long)st.st_size > r->o.max_size) {
		code = "too_large";
		error = xasprintf("rendered page larger than %lld bytes (--max-size)",
		    r->o.max_size);
	} else {
		buf_grow(&body, (size_t)st.st_size + 1);
		while (body.len < (size_t)st.st_size) {
			ssize_t n = pread(p->out_fd, body.data + body.len,
			    (size_t)st.st_size - body.len, (off_t)body.len);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				code = "io";
				error = xasprintf("reading the rendered page back: %s",
				    n < 0 ? strerror(errno) : "file shrank");
				buf_free(&body);
				break;
			}
			body.len += (size_t)n;
		}
		if (body.data)
			body.data[body.len] = '\0';
	}
	free(tail);
	page_done(r, p, code ? NULL : &body, code, error);
}

/* Running browsers: collect the ended ones, kill the late or too big. */
static void
poll_running(struct render *r, long long now)
{
	for (struct page **pp = &r->running; *pp;) {
		struct page *p = *pp;
		siginfo_t si;
		memset(&si, 0, sizeof si);
		/* Ended? Not reaped yet (WNOWAIT): the group cannot be reused
		 * while its leader is a zombie, so killing it is safe. */
		int ended = waitid(P_PID, (id_t)p->pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
		    si.si_pid == p->pid;
		struct stat st;
		const char *code = NULL;
		char *error = NULL;
		if (!ended && now - p->started >= r->o.timeout_ms && r->o.timeout_ms > 0) {
			char t[32];
			fmt_ms(t, sizeof t, r->o.timeout_ms);
			code = "timeout";
			error = xasprintf("page not rendered after %s (--render-timeout)", t);
		} else if (!ended && r->o.max_size > 0 && fstat(p->out_fd, &st) == 0 &&
		    (long long)st.st_size > r->o.max_size) {
			code = "too_large";
			error = xasprintf("rendered page larger than %lld bytes (--max-size)",
			    r->o.max_size);
		} else if (!ended) {
			pp = &p->next;
			continue;
		}
		*pp = p->next;
		r->nrunning--;
		if (code) {
			kill_page(p);
			page_done(r, p, NULL, code, error);
			continue;
		}
		/* The helpers it may have left go with it. */
		kill(-p->pid, SIGKILL);
		int ws = 0;
		while (waitpid(p->pid, &ws, 0) < 0 && errno == EINTR)
			;
		p->pid = 0;
		collect(r, p, ws);
	}
}

static int
host_running(const struct render *r, const char *host)
{
	int n = 0;
	for (const struct page *p = r->running; p; p = p->next)
		n += !strcmp(p->host, host);
	return n;
}

long
render_run(struct render *r)
{
	long long now = monotonic_ms();
	poll_running(r, now);
	long long wake = -1;
	for (struct page **pp = &r->queue; *pp && r->nrunning < r->o.parallel;) {
		struct page *p = *pp;
		long long *last = strmap_get(r->last_start, p->host, strlen(p->host));
		long long ok_at = p->not_before;
		if (last && *last + r->o.delay_ms > ok_at)
			ok_at = *last + r->o.delay_ms;
		if (ok_at > now || host_running(r, p->host) >= r->o.per_host) {
			if (ok_at > now && (wake < 0 || ok_at < wake))
				wake = ok_at;
			pp = &p->next;
			continue;
		}
		*pp = p->next;
		p->next = NULL;
		if (!r->looked) {
			r->browser = render_find_browser(&r->why);
			r->looked = 1;
		}
		char *error = NULL;
		if (!r->browser) {
			page_done(r, p, NULL, "render", xstrdup(r->why));
			continue;
		}
		if (start(r, p, &error) < 0) {
			page_done(r, p, NULL, "render", error);
			continue;
		}
		*(long long *)strmap_put(r->last_start, p->host, strlen(p->host), NULL) =
		    p->started;
		p->next = r->running;
		r->running = p;
		r->nrunning++;
	}
	if (r->running)
		return RENDER_TICK_MS;
	if (wake >= 0)
		return wake > now ? (long)(wake - now) : 0;
	return r->queue ? RENDER_TICK_MS : -1;
}

void
render_free(struct render *r, void (*drop)(void *udata))
{
	if (!r)
		return;
	for (int pass = 0; pass < 2; pass++) {
		struct page *list = pass ? r->queue : r->running;
		while (list) {
			struct page *p = list;
			list = p->next;
			kill_page(p);
			if (drop && p->udata)
				drop(p->udata);
			page_free(p);
		}
	}
	strmap_free(r->last_start);
	free(r->browser);
	free(r);
}

/* ---- between a fetch and its rendering ---- */

int
render_wanted(const struct http_result *res)
{
	return !res->error_code && (res->status == 0 || res->status / 100 == 2) &&
	    res->kind == HTTP_KIND_HTML && res->body.len > 0;
}

void
render_fetch_keep(struct render_fetch *k, const struct http_result *res)
{
	memset(k, 0, sizeof *k);
	k->final_url = res->final_url ? xstrdup(res->final_url) : NULL;
	k->content_type = res->content_type ? xstrdup(res->content_type) : NULL;
	k->headers = res->headers ? cJSON_Duplicate(res->headers, 1) : NULL;
	k->status = res->status;
	k->elapsed_ms = res->elapsed_ms;
	k->attempts = res->attempts;
}

void
render_fetch_result(struct render_fetch *k, struct render_result *rr,
    struct http_result *out)
{
	memset(out, 0, sizeof *out);
	out->url = rr->url;
	out->final_url = k->final_url;
	out->status = k->status;
	out->content_type = k->content_type;
	out->headers = k->headers;
	out->kind = HTTP_KIND_HTML;
	out->elapsed_ms = k->elapsed_ms + rr->elapsed_ms;
	out->attempts = k->attempts;
	snprintf(k->fetched_at, sizeof k->fetched_at, "%s", now_rfc3339());
	out->fetched_at = k->fetched_at;
	out->error_code = rr->error_code;
	out->error = rr->error;
	if (!rr->error_code) {
		/* Chromium serialises the DOM in UTF-8, whatever the <meta>
		 * it keeps says: the charset wins over it (charset.h). */
		out->charset = "utf-8";
		out->body = rr->body;
	} else {
		buf_init(&out->body);
	}
}

void
render_fetch_free(struct render_fetch *k)
{
	free(k->final_url);
	free(k->content_type);
	cJSON_Delete(k->headers);
	memset(k, 0, sizeof *k);
}
