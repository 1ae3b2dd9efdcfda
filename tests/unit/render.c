/* lib/render.c without a browser: finding one, which fetches go to it,
 * what the record of a rendered page is made of, and a page whose
 * browser fails, times out or writes too much (a shell script plays
 * the browser). */
#include "render.h"
#include "tap.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/veille-render-unit-XXXXXX";

static void
script(const char *name, const char *body)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "w");
	fprintf(fp, "#!/bin/sh\n%s\n", body);
	fclose(fp);
	chmod(path, 0755);
	free(path);
}

struct got {
	int n;
	char code[32], error[200], body[200];
};

static void
on_done(struct render_result *res, void *udata, void *arg)
{
	struct got *g = udata;
	g->n++;
	snprintf(g->code, sizeof g->code, "%s", res->error_code ? res->error_code : "");
	snprintf(g->error, sizeof g->error, "%s", res->error ? res->error : "");
	snprintf(g->body, sizeof g->body, "%s", res->body.data ? res->body.data : "");
}

/* Render one page with the browser name (a script in dir). */
static struct got
render_with(const char *name, long timeout_ms, long long max_size)
{
	struct render_opts o;
	struct got g;
	memset(&g, 0, sizeof g);
	render_opts_default(&o);
	char *b = xasprintf("%s/%s", dir, name);
	o.browser = b;
	o.timeout_ms = timeout_ms;
	o.max_size = max_size;
	struct render *r = render_new(&o, on_done, NULL);
	render_submit(r, "http://127.0.0.1:9/page", &g);
	long long t0 = monotonic_ms();
	while (render_pending(r) && monotonic_ms() - t0 < 10000) {
		long w = render_run(r);
		if (w > 0)
			usleep((useconds_t)w * 1000);
	}
	render_free(r, NULL);
	free(b);
	return g;
}

int
main(void)
{
	const char *why = NULL;
	char *b;

	char *saved_path = xstrdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	ok(mkdtemp(dir) != NULL, "a scratch directory");
	setenv("TMPDIR", dir, 1);

	/* finding the browser */
	setenv("VEILLE_CHROMIUM", "/nonexistent", 1);
	b = render_find_browser(&why);
	ok(b == NULL && why && strstr(why, "VEILLE_CHROMIUM=/nonexistent") &&
	    strstr(why, "Debian package chromium"), "a VEILLE_CHROMIUM that is not there: %s", why);
	unsetenv("VEILLE_CHROMIUM");
	setenv("PATH", "", 1);
	why = NULL;
	b = render_find_browser(&why);
	ok(b == NULL && why && strstr(why, "install the Debian package chromium"),
	    "none on an empty PATH: %s", why);
	script("chromium-browser", "exit 0");
	char *path = xasprintf("/nonexistent:%s", dir);
	setenv("PATH", path, 1);
	b = render_find_browser(&why);
	char *want = xasprintf("%s/chromium-browser", dir);
	is_str(b, want, "chromium-browser found on PATH");
	free(b);
	free(want);
	free(path);
	script("mychrome", "exit 0");
	want = xasprintf("%s/mychrome", dir);
	setenv("VEILLE_CHROMIUM", want, 1);
	b = render_find_browser(&why);
	is_str(b, want, "VEILLE_CHROMIUM wins");
	free(b);
	free(want);
	setenv("PATH", saved_path, 1);
	free(saved_path);

	/* which fetches are rendered */
	struct http_result res;
	memset(&res, 0, sizeof res);
	res.status = 200;
	res.kind = HTTP_KIND_HTML;
	res.body.data = (char *)"<html></html>";
	res.body.len = 13;
	ok(render_wanted(&res), "a 200 HTML page is rendered");
	res.status = 0;
	ok(render_wanted(&res), "a file:// HTML page is rendered");
	res.status = 404;
	ok(!render_wanted(&res), "a 404 is not");
	res.status = 200;
	res.kind = HTTP_KIND_XML;
	ok(!render_wanted(&res), "a feed is not");
	res.kind = HTTP_KIND_HTML;
	res.error_code = "too_large";
	ok(!render_wanted(&res), "a failed fetch is not");
	res.error_code = NULL;
	res.body.len = 0;
	ok(!render_wanted(&res), "an empty page is not");

	/* the record of a rendered page */
	res.body.len = 13;
	res.final_url = "http://x/after";
	res.content_type = "text/html";
	res.charset = "iso-8859-1";
	res.etag = "\"e1\"";
	res.elapsed_ms = 10;
	struct render_fetch k;
	render_fetch_keep(&k, &res);
	struct render_result rr;
	memset(&rr, 0, sizeof rr);
	rr.url = "http://x/after";
	buf_init(&rr.body);
	buf_adds(&rr.body, "<html>café</html>");
	rr.elapsed_ms = 5;
	struct http_result out;
	render_fetch_result(&k, &rr, &out);
	ok(out.status == 200 && out.elapsed_ms == 15 && out.kind == HTTP_KIND_HTML &&
	    !out.etag && !out.last_modified && out.fetched_at[0],
	    "the fetch's status, both times, no validators, the time rendered");
	is_str(out.charset, "utf-8", "the DOM is UTF-8 whatever the page was in");
	is_str(out.final_url, "http://x/after", "the final URL of the fetch");
	ok(out.body.data == rr.body.data, "the DOM is the body");
	rr.error_code = "timeout";
	render_fetch_result(&k, &rr, &out);
	ok(out.body.len == 0 && !strcmp(out.error_code, "timeout"), "a failed rendering has no body");
	buf_free(&rr.body);
	render_fetch_free(&k);

	/* browsers that work, fail, hang, write too much */
	script("good", "for a; do u=$a; done; echo \"<html>$u</html>\"");
	struct got g = render_with("good", 5000, 0);
	ok(g.n == 1 && !*g.code, "a browser that works: no error (%s)", g.error);
	is_str(g.body, "<html>http://127.0.0.1:9/page</html>\n", "its output is the body, the URL last");
	script("bad", "echo 'first' >&2; echo 'it broke' >&2; exit 4");
	g = render_with("bad", 5000, 0);
	is_str(g.code, "render", "a failing browser: render");
	is_str(g.error, "Chromium failed (exit status 4): it broke", "with its last message");
	script("mute", "exit 0");
	g = render_with("mute", 5000, 0);
	is_str(g.error, "Chromium wrote no page", "a browser that writes nothing");
	script("hang", "sleep 30");
	long long t0 = monotonic_ms();
	g = render_with("hang", 300, 0);
	long long took = monotonic_ms() - t0;
	is_str(g.code, "timeout", "a browser that never ends: timeout");
	ok(took >= 300 && took < 3000, "killed at the limit (%lld ms)", took);
	script("big", "head -c 100000 /dev/zero | tr '\\0' x; sleep 30");
	g = render_with("big", 5000, 1000);
	is_str(g.code, "too_large", "a browser writing past max_size: too_large");

	/* every page's directory is gone */
	char *cmd = xasprintf("ls %s | grep -c '^veille-render-' > /dev/null", dir);
	ok(system(cmd) != 0, "no page directory left in TMPDIR");
	free(cmd);
	cmd = xasprintf("rm -rf %s", dir);
	ok(system(cmd) == 0, "scratch removed");
	free(cmd);
	return tap_done();
}
