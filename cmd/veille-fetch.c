/* veille-fetch — fetch targets over HTTP, write one fetch-result record
 * per target (veille(7)). The engine is lib/http.c, the state lib/state.c,
 * the input lib/targets.c; this file wires them together. */
#include "carry.h"
#include "charset.h"
#include "cli.h"
#include "cursor.h"
#include "fields.h"
#include "http.h"
#include "incremental.h"
#include "msg.h"
#include "pagewatch.h"
#include "progress.h"
#include "record.h"
#include "render.h"
#include "state.h"
#include "targets.h"
#include "url.h"
#include "util.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
	O_PARALLEL = 256, O_PER_HOST, O_DELAY, O_TIMEOUT, O_CONNECT_TIMEOUT,
	O_RETRIES, O_MAX_SIZE, O_MAX_REDIRS, O_STATE, O_CHANGED_ONLY,
	O_ALLOW_FILE, O_BINARY, O_INSECURE, O_USER_AGENT, O_ROBOTS, O_QUIET,
	O_UNBUFFERED, O_PROGRESS, O_SHARD, O_RENDER, O_RENDER_PARALLEL,
	O_RENDER_TIMEOUT, O_RENDER_PROFILE,
};

static const struct cli_opt opts[] = {
	{ "parallel", 'p', "N", "transfers at once, overall (16)", O_PARALLEL },
	{ "per-host", 0, "N", "transfers at once to one host (2)", O_PER_HOST },
	{ "delay", 0, "DURATION", "wait between two requests to one host (0)", O_DELAY },
	{ "timeout", 't', "DURATION", "limit for one attempt, whole transfer (30s)", O_TIMEOUT },
	{ "connect-timeout", 0, "DURATION", "limit for connecting (10s)", O_CONNECT_TIMEOUT },
	{ "retries", 'r', "N", "extra attempts after a transient failure (2)", O_RETRIES },
	{ "max-size", 0, "SIZE", "largest body accepted, after decompression (32M)", O_MAX_SIZE },
	{ "max-redirs", 0, "N", "redirects followed at most (5)", O_MAX_REDIRS },
	{ "state", 's', "FILE", "SQLite state: conditional requests, unchanged bodies", O_STATE },
	{ "changed-only", 'c', NULL, "leave unchanged targets out of the output", O_CHANGED_ONLY },
	{ "allow-file", 0, NULL, "also accept file:// targets (never from redirects)", O_ALLOW_FILE },
	{ "binary", 0, NULL, "keep binary bodies, base64-encoded", O_BINARY },
	{ "insecure", 'k', NULL, "do not verify TLS certificates", O_INSECURE },
	{ "user-agent", 'A', "STR", "User-Agent header (veille/VERSION ...)", O_USER_AGENT },
	{ "robots", 0, NULL, "fetch and obey robots.txt (token \"veille\")", O_ROBOTS },
	{ "quiet", 'q', NULL, "no progress line and no summary; errors only", O_QUIET },
	{ "unbuffered", 'u', NULL, "flush each record as soon as it is written", O_UNBUFFERED },
	{ "shard", 0, "K/N", "fetch only the hosts of share K of N (split over N machines)", O_SHARD },
	{ "progress", 0, NULL, "show the progress line even when stderr is not a terminal", O_PROGRESS },
	{ "render", 0, NULL, "HTML pages: the DOM after their scripts ran (headless Chromium)", O_RENDER },
	{ "render-parallel", 0, "N", "browsers at once (2)", O_RENDER_PARALLEL },
	{ "render-timeout", 0, "DURATION", "limit for rendering one page (30s)", O_RENDER_TIMEOUT },
	{ "render-profile", 0, "DIR", "keep the browser profile (cookies, cache) in DIR", O_RENDER_PROFILE },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct cli cli = {
	.name = "veille-fetch",
	.synopsis = "[options] [file ...]",
	.summary = "Fetch the targets (URLs or JSON objects with \"url\", one a line, from\n"
	    "the files or standard input) and write one fetch-result record each.",
	.opts = opts,
	.epilog = "DURATION: 15, 15s, 500ms, 2m. SIZE: 512k, 32M, 1G.\n"
	    "error_code: dns connect tls timeout http too_large too_many_redirects\n"
	    "protocol truncated binary robots invalid_target io render.\n",
};

/* The options, checked (options()). */
static struct {
	struct http_opts http;
	struct render_opts render;
	const char *state_path;
	int changed_only, quiet, unbuffered, force_progress, render_all;
} opt;

/* What travels with a request: the target and its previous state. */
struct job {
	char *url;              /* the target URL: record url and state key */
	cJSON *fields;
	struct incr inc;        /* its state before the request */
	int render;             /* 1: to render once fetched, 2: rendering */
	struct render_fetch kept; /* the fetch, while the page renders */
};

struct run {
	struct http *h;
	struct render *r;
	struct state *st;
	int changed_only;
	unsigned long nread, ndone, nfailed, nunchanged, nbad;
	int write_failed;
};

static void
human_bytes(char *buf, size_t n, double v)
{
	const char *u[] = { "B", "kB", "MB", "GB", "TB" };
	int i = 0;
	while (v >= 1000 && i < 4) {
		v /= 1000;
		i++;
	}
	snprintf(buf, n, i ? "%.1f %s" : "%.0f %s", v, u[i]);
}

/* The progress line (lib/progress.h): done/read, failed, bytes, rate. */
static void
progress(struct run *R, int final)
{
	if (!progress_enabled())
		return;
	char bytes[32];
	double secs = progress_elapsed();
	human_bytes(bytes, sizeof bytes, (double)http_bytes(R->h));
	progress_update(final, "%lu/%lu done, %lu failed, %s, %.1f/s",
	    R->ndone, R->nread, R->nfailed, bytes, secs > 0 ? R->ndone / secs : 0.0);
	if (final)
		progress_done();
}

/* The record starts as the target's labels, in their order: the fields
 * that describe the target itself (its kind, id, title, a cursor) or a
 * transfer are not carried (fields.h, field_not_carried); the fetch
 * fields are the fetcher's to set. A string source label becomes the
 * object {"name": label}: one type for "source" everywhere. */
static cJSON *
record_base(const char *url, cJSON *fields)
{
	cJSON *rec = fields ? fields : cJSON_CreateObject();
	if (!rec)
		errx(2, "out of memory");
	carry_strip(rec, F_URL);
	carry_source_label(rec);
	rec_set_str(rec, F_URL, url);
	return rec;
}

/* body: a body kept apart (http_result_record_apart), or NULL. */
static void
emit(struct run *R, cJSON *rec, const struct buf *body)
{
	if (R->write_failed)
		return;
	if ((body && body->len ? out_write_string_last(rec, F_BODY, body->data, body->len) :
	    out_write(rec)) < 0)
		R->write_failed = 1;
}

static void
on_done(struct http_result *res, void *udata, void *arg)
{
	struct run *R = arg;
	struct job *j = udata;

	if (j->render == 1 && render_wanted(res)) {
		/* On to the browser (lib/render.h): on_rendered comes back
		 * here with the DOM as the body. */
		j->render = 2;
		render_fetch_keep(&j->kept, res);
		render_submit(R->r, res->final_url ? res->final_url : res->url, j);
		return;
	}
	R->ndone++;
	int flags = incr_after(R->st, j->url,
	    cJSON_GetObjectItemCaseSensitive(j->fields, F_CURSOR), &j->inc, res);
	cJSON *rec = record_base(j->url, j->fields);
	j->fields = NULL;
	struct buf body;
	/* veille-parse --state keeps it (pagewatch.h) */
	if (*j->inc.body_sha256 && !(flags & HTTP_REC_UNCHANGED) && pw_is_watch(rec))
		rec_set_str(rec, F_BODY_SHA256, j->inc.body_sha256);
	int nrepl = http_result_record_apart(res, rec, flags, &body);
	if (j->render == 2 && !res->error_code)
		rec_set_bool(rec, F_RENDERED, 1);
	if (nrepl > 0)
		msg_warn(NULL, "%s: %s", msg_quote(j->url, 200), charset_repl_message(rec_str(rec, F_CHARSET), nrepl));
	if (res->error_code) {
		R->nfailed++;
		msg_warn(NULL, "%s: %s", msg_quote(j->url, 200), res->error);
	}
	if (flags & HTTP_REC_UNCHANGED)
		R->nunchanged++;
	if (!((flags & HTTP_REC_UNCHANGED) && R->changed_only))
		emit(R, rec, &body);
	buf_free(&body);
	cJSON_Delete(rec);
	incr_free(&j->inc);
	render_fetch_free(&j->kept);
	free(j->url);
	free(j);
}

static void
on_rendered(struct render_result *rr, void *udata, void *arg)
{
	struct http_result res;
	struct job *j = udata;
	render_fetch_result(&j->kept, rr, &res);
	on_done(&res, j, arg);
}

/* A job the engine never finished (interrupted run). */
static void
drop_job(void *udata)
{
	struct job *j = udata;
	cJSON_Delete(j->fields);
	incr_free(&j->inc);
	render_fetch_free(&j->kept);
	free(j->url);
	free(j);
}

/* --shard K/N: this machine's share (k is K - 1, see url_shard), and the
 * targets passed over as the other machines'. */
static struct {
	unsigned k, n;
	unsigned long other;
} shard = { 0, 1, 0 };

static void
take_target(struct run *R, struct target_reader *in, struct target *t, int allow_file)
{
	const char *code, *msg;
	if (url_shard(t->url, shard.n) != shard.k) {
		shard.other++;  /* another machine's: not written */
		target_free(t);
		return;
	}
	R->nread++;
	if (rec_str(t->fields, F_ERROR)) {
		/* A failed fetch or parse upstream (veille-parse --links-only
		 * passes error records on): reported there already, written
		 * through as it is, never fetched again. */
		emit(R, t->fields, NULL);
		R->ndone++;
		target_free(t);
		return;
	}
	if (http_check_url(t->url, allow_file, &code, &msg) < 0) {
		const char *where = targets_where(in, t->lineno);
		char *err = xasprintf("%s: %s", where, msg);
		msg_warn(NULL, "%s: %s: %s", where, msg_quote(t->url, 200), msg);
		cJSON *rec = record_base(t->url, t->fields);
		t->fields = NULL;
		rec_set_str(rec, F_ERROR, err);
		rec_set_str(rec, F_ERROR_CODE, code);
		emit(R, rec, NULL);
		cJSON_Delete(rec);
		free(err);
		R->ndone++;
		R->nfailed++;
		target_free(t);
		return;
	}
	struct job *j = xcalloc(1, sizeof *j);
	j->url = t->url;
	j->fields = t->fields;
	t->url = NULL;
	t->fields = NULL;
	cJSON *cur = cJSON_GetObjectItemCaseSensitive(j->fields, F_CURSOR);
	char *cerr = NULL;
	if (cur && cursor_check(cur, &cerr) < 0) {
		msg_warn(NULL, "%s: %s: cursor ignored: %s", targets_where(in, t->lineno),
		    msg_quote(j->url, 200), cerr);
		free(cerr);
		cJSON_DeleteItemFromObjectCaseSensitive(j->fields, F_CURSOR);
		cur = NULL;
	}
	struct http_request req = { .udata = j };
	req.url = incr_before(R->st, j->url, cur, &j->inc, &req.etag, &req.last_modified);
	const cJSON *rf = cJSON_GetObjectItemCaseSensitive(j->fields, F_RENDER);
	j->render = cJSON_IsBool(rf) ? cJSON_IsTrue(rf) : opt.render_all;
	if (j->render)  /* a rendered page may change when its HTML does not: no 304 */
		req.etag = req.last_modified = NULL;
	if (j->inc.have_old && pw_is_watch(j->fields)) {
		/* A watched page whose last body veille-parse did not read
		 * (it failed, or ran without --state), or read with another
		 * select or ignore: fetch it whole and pass it on again. */
		char key[65];
		if (j->inc.old.body_sha256)
			pw_sync_key(j->fields, j->inc.old.body_sha256, key);
		if (!j->inc.old.body_sha256 || state_watch_synced(R->st, j->url, key) != 1) {
			state_entry_free(&j->inc.old);
			j->inc.have_old = 0;
			req.etag = req.last_modified = NULL;
		}
	}
	http_submit(R->h, &req);
}

static struct target_reader *
open_input(const char *name, int *failed)
{
	if (!strcmp(name, "-"))
		return targets_open(0, NULL);
	int fd = open(name, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		if (fd >= 0 && S_ISDIR(st.st_mode))
			errno = EISDIR;
		msg_warn(name, "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		*failed = 1;
		return NULL;
	}
	return targets_open(fd, name);
}

static void
options(int argc, char **argv)
{
	struct http_opts *o = &opt.http;
	int ch;
	http_opts_default(o);
	render_opts_default(&opt.render);
	while ((ch = cli_getopt(&cli, argc, argv)) != -1) {
		switch (ch) {
		case O_PARALLEL: o->parallel = (int)cli_long(&cli, "parallel", cli_arg, 1, 1024); break;
		case O_PER_HOST: o->per_host = (int)cli_long(&cli, "per-host", cli_arg, 1, 256); break;
		case O_DELAY: o->delay_ms = cli_duration_ms(&cli, "delay", cli_arg); break;
		case O_TIMEOUT: o->timeout_ms = cli_duration_ms(&cli, "timeout", cli_arg); break;
		case O_CONNECT_TIMEOUT:
			o->connect_timeout_ms = cli_duration_ms(&cli, "connect-timeout", cli_arg);
			break;
		case O_RETRIES: o->retries = (int)cli_long(&cli, "retries", cli_arg, 0, 10); break;
		case O_MAX_SIZE: o->max_size = cli_size(&cli, "max-size", cli_arg); break;
		case O_MAX_REDIRS: o->max_redirs = cli_long(&cli, "max-redirs", cli_arg, 0, 50); break;
		case O_STATE: opt.state_path = cli_arg; break;
		case O_CHANGED_ONLY: opt.changed_only = 1; break;
		case O_ALLOW_FILE: o->allow_file = 1; break;
		case O_BINARY: o->keep_binary = 1; break;
		case O_INSECURE: o->insecure = 1; break;
		case O_USER_AGENT:
			if (str_empty(cli_arg))
				cli_die_usage(&cli, "--user-agent: empty");
			o->user_agent = cli_arg;
			break;
		case O_ROBOTS: o->robots = 1; break;
		case O_QUIET: opt.quiet = 1; break;
		case O_UNBUFFERED: opt.unbuffered = 1; break;
		case O_PROGRESS: opt.force_progress = 1; break;
		case O_SHARD: {
			const char *why;
			if (url_shard_parse(cli_arg, &shard.k, &shard.n, &why) < 0)
				cli_die_usage(&cli, "--shard %s: %s", msg_quote(cli_arg, 40), why);
			break;
		}
		case O_RENDER: opt.render_all = 1; break;
		case O_RENDER_PARALLEL:
			opt.render.parallel = (int)cli_long(&cli, "render-parallel", cli_arg, 1, 64);
			break;
		case O_RENDER_TIMEOUT:
			opt.render.timeout_ms = cli_duration_ms(&cli, "render-timeout", cli_arg);
			break;
		case O_RENDER_PROFILE: opt.render.profile = cli_arg; break;
		}
	}
	if (opt.changed_only && !opt.state_path)
		cli_die_usage(&cli, "--changed-only needs --state FILE");
	if (o->max_size == 0)
		cli_die_usage(&cli, "--max-size: must be more than 0");
	const char *why;
	if (opt.render_all && !(opt.render.browser = render_find_browser(&why)))
		cli_die_usage(&cli, "--render: %s", why);
	render_opts_from_http(&opt.render, o);
}

/* The inputs, one after the other (none: stdin). */
struct inputs {
	const char *const *names;
	int n, next, failed;
	struct target_reader *in;       /* the one being read, or NULL */
};

static void
inputs_advance(struct inputs *I)
{
	targets_close(I->in);
	I->in = NULL;
	while (!I->in && I->next < I->n)
		I->in = open_input(I->names[I->next++], &I->failed);
}

/* Read targets while the window has room: each one checked, then
 * submitted (or written as an error record at once). */
static void
read_targets(struct run *R, struct inputs *I, size_t window)
{
	while (I->in && http_pending(R->h) + render_pending(R->r) < window) {
		struct target t;
		const char *msg;
		int rc = targets_next(I->in, &t, &msg);
		if (rc == 0) {
			if (!targets_eof(I->in))
				break;
			inputs_advance(I);
			continue;
		}
		if (msg)
			msg_warn(NULL, "%s: %s", targets_where(I->in, t.lineno), msg);
		if (rc < 0) {
			R->nbad++;
			target_free(&t);
			continue;
		}
		take_target(R, I->in, &t, opt.http.allow_file);
	}
}

/* The event loop: read targets as slots free up, run transfers. Keep a
 * bounded window of targets in memory: enough to keep every slot busy
 * across hosts, flat however long the input is. */
static void
fetch_all(struct run *R, struct inputs *I)
{
	size_t window = (size_t)opt.http.parallel * 8;
	if (window < 64)
		window = 64;
	inputs_advance(I);
	while (!stop_signal && !R->write_failed) {
		read_targets(R, I, window);
		long rwait = render_run(R->r);
		size_t pending = http_pending(R->h) + render_pending(R->r);
		if (!I->in && pending == 0)
			break;
		int fd = I->in && pending < window ? targets_fd(I->in) : -1;
		long wait = R->st ? state_due_in_ms(R->st) : -1;
		if (rwait >= 0 && (wait < 0 || rwait < wait))
			wait = rwait;
		int rc = http_run(R->h, wait, fd);
		if (rc < 0)
			break;
		if (rc == 1 && I->in && targets_fill(I->in) < 0)
			I->failed = 1;
		if (R->st)
			state_tick(R->st);
		progress(R, 0);
	}
}

int
main(int argc, char **argv)
{
	options(argc, argv);
	catch_stop_signals();
	out_init(opt.unbuffered);
	struct run R;
	memset(&R, 0, sizeof R);
	R.changed_only = opt.changed_only;
	progress_init(opt.quiet ? -1 : opt.force_progress);
	if (opt.state_path && !(R.st = state_open(opt.state_path)))
		return EXIT_USAGE;
	R.h = http_new(&opt.http, on_done, &R);
	R.r = render_new(&opt.render, on_rendered, &R);
	free((char *)opt.render.browser);       /* render_find_browser's */
	opt.render.browser = NULL;

	const char *const stdin_only[] = { "-" };
	struct inputs I = { .names = (const char *const *)argv + cli_ind, .n = argc - cli_ind };
	if (I.n <= 0) {
		I.names = stdin_only;
		I.n = 1;
	}
	fetch_all(&R, &I);

	int status = EXIT_OK;
	if (stop_signal || R.write_failed) {
		if (stop_signal)
			msg_warn(NULL, "interrupted (%s); %zu target%s read but not fetched",
			    strsignal(stop_signal), http_pending(R.h),
			    http_pending(R.h) == 1 ? "" : "s");
		status = EXIT_SOME_FAILED;
	}
	targets_close(I.in);
	if (progress_enabled()) {
		progress(&R, 1);
		if (R.nunchanged)
			msg_warn(NULL, "%lu unchanged", R.nunchanged);
		if (shard.other)
			msg_warn(NULL, "%lu left to the other shards", shard.other);
	}
	render_free(R.r, drop_job);
	http_free(R.h, drop_job);
	if (state_close(R.st) < 0)
		status = EXIT_SOME_FAILED;
	if (out_finish() < 0 || R.nfailed || R.nbad)
		status = EXIT_SOME_FAILED;
	if (I.failed)
		status = EXIT_USAGE;
	/* Interrupted: what was fetched is written and the state saved;
	 * then 128 + the signal, as shells expect (130 for Ctrl-C). */
	if (stop_signal)
		status = 128 + stop_signal;
	return status;
}
