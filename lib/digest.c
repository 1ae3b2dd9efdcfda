/* digest.c — see digest.h.
 *
 * The window is [last digest, now): its start is state/last-digest, the
 * end of the last digest that went out whole (files written, e-mail
 * accepted by the server, webhook answered 2xx), else `[report] since`
 * before now for the first one (recorded at once, so that a first
 * digest that fails keeps its start too). Items come from the store,
 * read-only (SQLite in WAL mode:
 * a run writing at the same time does not block it, and it sees the
 * run's committed batches), alerts from alerts.ndjson (complete lines
 * only: a line being appended by a run is left for the next digest).
 * So digest does not take the run's lock, only its own
 * (state/digest.lock): two digests at once would send the same window
 * twice. */
#include "digest.h"
#include "conf.h"
#include "deliver.h"
#include "msg.h"
#include "record.h"
#include "report.h"
#include "store.h"
#include "util.h"
#include "watch.h"
#include "when.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The items of the window and of the one before it (the comparison
 * point). A store not made yet (no run so far) holds nothing. */
static int
read_store(struct report *r, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 && errno == ENOENT)
		return 0;
	return report_read_store(r, path);
}

/* The alerts the runs appended to alerts.ndjson; the report keeps those
 * whose window ends in its own. A last line without its newline is
 * being written: left for the next digest. -1 when a line was bad
 * (reported). */
static int
read_alerts(struct report *r, const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp)
		return errno == ENOENT ? 0 : (msg_warn(path, "%s", strerror(errno)), -1);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	int bad = 0;
	while ((len = getline(&line, &cap, fp)) > 0 && line[len - 1] == '\n') {
		lineno++;
		cJSON *rec = cJSON_ParseWithLength(line, (size_t)len);
		if (cJSON_IsObject(rec))
			report_add(r, rec);
		else if (!str_empty(line)) {
			msg_warn(path, "line %lu: invalid JSON: left out of the digest", lineno);
			bad = -1;
		}
		cJSON_Delete(rec);
	}
	free(line);
	fclose(fp);
	return bad;
}

/* The start of the next digest's window (the end of the last one
 * sent), or -1 when there was none. */
static long long
last_digest(const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[64] = "";
	long long t;
	if (!fp)
		return -1;
	if (!fgets(line, sizeof line, fp))
		line[0] = '\0';
	fclose(fp);
	line[strcspn(line, "\n")] = '\0';
	if (when_parse(line, &t) == 0)
		return t;
	msg_warn(path, "'%s' is not a time: ignored (the first digest's window applies)",
	    msg_quote(line, 64));
	return -1;
}

/* "2026-11-09 08:00" of an RFC 3339 time. */
static const char *
short_time(long long t, char *out)
{
	char b[32];
	when_format(t, b);
	snprintf(out, 20, "%.10s %.5s", b, b + 11);
	return out;
}

/* The subject: the title, how many mentions (or that nothing is new),
 * the window. */
static char *
subject(const cJSON *agg, long long since, long long until)
{
	const char *title = rec_str(agg, "title");
	const char *lang = rec_str(agg, "lang");
	int fr = lang && !strcmp(lang, "fr");
	double m = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(agg, "mentions"));
	int na = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(agg, "alerts"));
	char a[20], b[20], what[64];
	if (m <= 0 && !na)
		snprintf(what, sizeof what, "%s", fr ? "rien de nouveau" : "nothing new");
	else if (na)
		snprintf(what, sizeof what, fr ? "%.0f mentions, %d alerte%s" : "%.0f mentions, %d alert%s",
		    m, na, na > 1 ? "s" : "");
	else
		snprintf(what, sizeof what, "%.0f mentions", m);
	return xasprintf(fr ? "%s : %s, du %s au %s UTC" : "%s: %s, %s to %s UTC",
	    title ? title : report_word(agg, "report"), what, short_time(since, a),
	    short_time(until, b));
}

static int
is_empty(const cJSON *agg)
{
	return cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(agg, "mentions")) <= 0 &&
	    !cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(agg, "alerts"));
}

/* The settings of [report]; 0, or -1 (reported) when they do not hold
 * together. */
static int
settings(const struct conf *c, struct report_opts *ro, struct deliver_cfg *d, const char **empty)
{
	const char *where = "veille.conf: [report]";
	ro->lang = conf_get(c, "report", "lang", "en");
	if (strcmp(ro->lang, "en") && strcmp(ro->lang, "fr")) {
		msg_warn(where, "lang: '%s' is not en or fr", msg_quote(ro->lang, 40));
		return -1;
	}
	ro->title = conf_get(c, "report", "title", NULL);
	ro->top = 10;
	const char *top = conf_get(c, "report", "top", NULL);
	if (top) {
		char *end;
		long n = strtol(top, &end, 10);
		if (*end || n < 1 || n > 1000) {
			msg_warn(where, "top: '%s' is not a number from 1 to 1000", msg_quote(top, 40));
			return -1;
		}
		ro->top = (int)n;
	}
	d->smtp = conf_get(c, "report", "smtp", NULL);
	d->mail_to = conf_get(c, "report", "mail-to", NULL);
	d->mail_from = conf_get(c, "report", "mail-from", "veille@localhost");
	d->timeout_ms = 60000;
	if (!!d->smtp != !!d->mail_to) {
		msg_warn(where, "smtp and mail-to go together");
		return -1;
	}
	if (d->smtp && strncmp(d->smtp, "smtp://", 7) && strncmp(d->smtp, "smtps://", 8)) {
		msg_warn(where, "smtp: '%s' is not an smtp:// or smtps:// URL", msg_quote(d->smtp, 80));
		return -1;
	}
	d->webhook = conf_get(c, "report", "webhook", NULL);
	if (d->webhook && strncmp(d->webhook, "http://", 7) && strncmp(d->webhook, "https://", 8)) {
		msg_warn(where, "webhook: '%s' is not an http:// or https:// URL",
		    msg_quote(d->webhook, 80));
		return -1;
	}
	*empty = conf_get(c, "report", "empty", "send");
	if (strcmp(*empty, "send") && strcmp(*empty, "skip")) {
		msg_warn(where, "empty: '%s' is not send or skip", msg_quote(*empty, 40));
		return -1;
	}
	return 0;
}

/* Record the end of the window sent: the next digest starts there. */
static int
mark(const char *path, long long until)
{
	char stamp[32], line[40];
	snprintf(line, sizeof line, "%s\n", when_format(until, stamp));
	return file_replace(path, line, strlen(line));
}

/* The window's start: --since, else the end of the last digest, else
 * `[report] since` (1d) before now. */
static int
window_start(const struct conf *c, const struct digest_opts *o, const char *markp,
    long long now, long long *since)
{
	if (o->since) {
		if (when_time_or_ago(o->since, now, since) == 0)
			return 0;
		msg_warn(NULL, "--since: '%s' is not a time or a duration", msg_quote(o->since, 80));
		return -1;
	}
	if ((*since = last_digest(markp)) >= 0)
		return 0;
	const char *first = conf_get(c, "report", "since", "1d");
	long long secs;
	if (when_duration(first, &secs) == 0) {
		/* Recorded at once: a first digest that fails keeps its
		 * start too. */
		*since = now - secs;
		return o->dry_run ? 0 : mark(markp, *since);
	}
	msg_warn("veille.conf: [report]", "since: '%s' is not a duration", msg_quote(first, 40));
	return -1;
}

struct out {
	char *html, *latest, *atom;   /* the files written */
	struct buf h, a, t;           /* HTML, Atom, text */
};

/* Write the files; 0 or -1 (reported). */
static int
write_outputs(const struct out *w, const char *dir)
{
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		msg_warn(dir, "%s", strerror(errno));
		return -1;
	}
	if (file_replace(w->html, w->h.data, w->h.len) < 0 ||
	    file_replace(w->latest, w->h.data, w->h.len) < 0 ||
	    file_replace(w->atom, w->a.data, w->a.len) < 0)
		return -1;
	return 0;
}

static int
dry_run(const struct out *w, const struct deliver_cfg *d, const char *subj, int skip)
{
	if (skip)
		printf("nothing new: no digest would be written or sent ([report] empty = skip)\n");
	else {
		printf("would write %s, %s and %s\n", w->html, w->latest, w->atom);
		if (d->smtp)
			printf("would mail %s through %s\n", d->mail_to, d->smtp);
		if (d->webhook)
			printf("would post the subject and the text to %s\n", d->webhook);
		printf("Subject: %s\n\n", subj);
		fwrite(w->t.data, 1, w->t.len, stdout);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

static int
digest_window(const char *dir, const struct conf *c, const struct digest_opts *o,
    const char *markp)
{
	struct report_opts ro = { 0 };
	struct deliver_cfg d = { 0 };
	const char *empty;
	if (settings(c, &ro, &d, &empty) < 0)
		return 2;
	ro.now = ro.until = when_now();
	if (window_start(c, o, markp, ro.now, &ro.since) < 0)
		return 2;
	if (ro.since >= ro.until) {
		char b[32];
		msg_warn(dir, "nothing to report: the window starts at %s, not before now",
		    when_format(ro.since, b));
		return 0;
	}
	char *storep = watch_path(dir, conf_get(c, "store", "path", "store.db"));
	struct report *r = report_new(&ro);
	int rc = read_store(r, storep) < 0 ? 1 : 0;
	/* The alerts, and those of the file logrotate renamed last
	 * (scripts/cron/veille.logrotate). A bad alert line is named and
	 * the digest goes out without it. */
	int bad = 0;
	for (int i = 0; i < 2; i++) {
		char *alertsp = xasprintf("%s/alerts.ndjson%s", dir, i ? "" : ".1");
		bad |= read_alerts(r, alertsp) < 0;
		free(alertsp);
	}
	free(storep);
	cJSON *agg = report_result(r);
	report_free(r);

	struct out w;
	char stamp[32], file[32];
	when_format(ro.until, stamp);
	snprintf(file, sizeof file, "%.13s%.2sZ", stamp, stamp + 14);
	char *outdir = watch_path(dir, conf_get(c, "report", "output", "reports"));
	w.html = xasprintf("%s/digest-%s.html", outdir, file);
	w.latest = xasprintf("%s/digest.html", outdir);
	w.atom = xasprintf("%s/digest.atom", outdir);
	buf_init(&w.h);
	buf_init(&w.a);
	buf_init(&w.t);
	report_html(&w.h, agg);
	report_atom(&w.a, agg);
	report_text(&w.t, agg, 72);
	char *subj = subject(agg, ro.since, ro.until);
	int skip = !strcmp(empty, "skip") && is_empty(agg);

	if (rc) {
		msg_warn(dir, "the window could not be read whole: no digest sent, the window is kept");
	} else if (o->dry_run) {
		rc = dry_run(&w, &d, subj, skip);
	} else if (!skip && write_outputs(&w, outdir) < 0) {
		rc = 1;
	} else if (!skip && d.smtp) {
		char id[64], err[DELIVER_ERR_SIZE];
		snprintf(id, sizeof id, "digest-%lld", ro.until);
		char *msg = deliver_mail_message(&d, subj, w.t.data, w.h.data, id);
		if (deliver_mail(&d, msg, err) < 0) {
			msg_warn("smtp", "digest not sent to %s: %s; the window is kept for the next digest",
			    msg_quote(d.mail_to, 200), *err ? err : "failed");
			rc = 1;
		}
		free(msg);
	}
	if (!rc && !o->dry_run && !skip && d.webhook) {
		char err[DELIVER_ERR_SIZE];
		char *text = xasprintf("%s\n\n%s", subj, w.t.data);
		if (deliver_chat(&d, text, err) < 0) {
			msg_warn("webhook", "digest not posted to %s: %s; the window is kept for the next digest",
			    msg_quote(d.webhook, 200), *err ? err : "failed");
			rc = 1;
		}
		free(text);
	}
	if (!rc && !o->dry_run && mark(markp, ro.until) < 0)
		rc = 1;
	if (bad)
		rc = 1;
	free(subj);
	free(w.html);
	free(w.latest);
	free(w.atom);
	buf_free(&w.h);
	buf_free(&w.a);
	buf_free(&w.t);
	free(outdir);
	cJSON_Delete(agg);
	return rc;
}

int
digest_run(const char *dir, const struct digest_opts *o)
{
	struct conf *c = watch_conf(dir);
	if (!c)
		return 2;
	char *statedir = xasprintf("%s/state", dir);
	char *lockp = xasprintf("%s/state/digest.lock", dir);
	char *markp = xasprintf("%s/state/last-digest", dir);
	int rc;
	mkdir(statedir, 0755);
	int lock = open(lockp, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (lock < 0 || flock(lock, LOCK_EX | LOCK_NB) != 0) {
		msg_warn(dir, "%s", lock < 0 ? strerror(errno) :
		    "another digest is active; not starting this one");
		rc = 1;
	} else {
		rc = digest_window(dir, c, o, markp);
	}
	if (lock >= 0)
		close(lock);
	free(statedir);
	free(lockp);
	free(markp);
	conf_free(c);
	return rc;
}
