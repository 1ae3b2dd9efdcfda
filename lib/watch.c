/* watch.c — see watch.h */
#include "watch.h"
#include "commands.h"
#include "conf.h"
#include "msg.h"
#include "util.h"
#include "when.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char sources_txt[] =
    "# sources.txt — what this watch follows, one source a line (veille-sources(1)):\n"
    "# a feed or page URL, a preset, or a JSON target with labels. Labels\n"
    "# (group, audience, tags) travel onto every item of the source.\n"
    "#\n"
    "# https://www.example.gouv.fr/rss.xml\n"
    "# gnews:\"ministère de l'exemple\" lang:fr\n"
    "# mastodon:#greve@mastodon.social\n"
    "# reddit:search:\"example brand\"\n"
    "# {\"url\": \"https://journal.example/rss\", \"group\": \"presse\", \"audience\": 250000}\n";

static const char rules_txt[] =
    "# rules.txt — the watch queries (veille-rules(5)): NAME [attributes]: QUERY\n"
    "# An item gets the NAME of every query it matches in its tags.\n"
    "#\n"
    "# marque: \"Example SA\" OR {EXA} OR #examplesa\n"
    "# crise [severity=high]: marque AND (panne OR grève OR boycott OR plainte)\n";

static const char accounts_txt[] =
    "# accounts.txt — accounts whose every mention alerts at once\n"
    "# (veille-alert(1), --accounts): a handle or author, then an optional group.\n"
    "#\n"
    "# @journaliste@mastodon.social  journalistes\n"
    "# Jeanne Exemple                 parlementaires\n";

static const char veille_conf[] =
    "# veille.conf — the settings of this watch (veille(1), WATCH DIRECTORY).\n"
    "# Paths are relative to this directory.\n"
    "\n"
    "[store]\n"
    "# path = store.db\n"
    "\n"
    "[dedupe]\n"
    "# ttl = 30d\n"
    "\n"
    "[alert]\n"
    "# webhook = https://hooks.slack.com/services/...\n"
    "# lang = fr\n"
    "# min-count = 5\n"
    "\n"
    "[report]\n"
    "# The digest, 'veille digest' (from cron at 8:00 and 18:00, say): the\n"
    "# window since the last one, written to output/ and mailed.\n"
    "# lang = fr\n"
    "# title = Veille Example\n"
    "# since = 1d\n"
    "# output = reports\n"
    "# smtp = smtp://mail.example.org\n"
    "# mail-to = presse@example.org, direction@example.org\n"
    "# mail-from = veille@example.org\n"
    "# webhook = https://hooks.slack.com/services/T000/B000/XXXX\n"
    "# empty = send\n";

static int
write_new(const char *dir, const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);
	int fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0) {
		int e = errno;
		free(p);
		if (e == EEXIST)
			return 0;
		msg_warn(dir, "%s: %s", name, strerror(e));
		return -1;
	}
	size_t n = strlen(text);
	int ok = write(fd, text, n) == (ssize_t)n;
	if (close(fd) != 0 || !ok) {
		msg_warn(p, "%s", strerror(errno));
		ok = 0;
	}
	free(p);
	return ok ? 1 : -1;
}

int
watch_init(const char *dir)
{
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		msg_warn(dir, "%s", strerror(errno));
		return 2;
	}
	char *state = xasprintf("%s/state", dir);
	if (mkdir(state, 0755) != 0 && errno != EEXIST) {
		msg_warn(state, "%s", strerror(errno));
		free(state);
		return 2;
	}
	free(state);
	const char *names[] = { "sources.txt", "rules.txt", "accounts.txt", "veille.conf" };
	const char *texts[] = { sources_txt, rules_txt, accounts_txt, veille_conf };
	int made = 0;
	for (int i = 0; i < 4; i++) {
		int r = write_new(dir, names[i], texts[i]);
		if (r < 0)
			return 1;
		made += r;
	}
	printf("%s: %s; edit sources.txt and rules.txt, then run 'veille run %s'\n", dir,
	    made ? "watch directory written" : "already a watch directory, nothing changed", dir);
	return fflush(stdout) == 0 ? 0 : 1;
}

char *
watch_path(const char *dir, const char *p)
{
	return p[0] == '/' ? xstrdup(p) : xasprintf("%s/%s", dir, p);
}

struct stage {
	char *argv[16];
	int argc;
	pid_t pid;
	int status;
};

static void
arg(struct stage *s, char *a)
{
	if (s->argc < 15)
		s->argv[s->argc++] = a;
	s->argv[s->argc] = NULL;
}

/* veille-NAME, found as `veille` finds it. */
static int
stage_prog(struct stage *s, const char *self, const char *name)
{
	char *p = commands_find(self, name);
	/* argv[0] is always the program's slot, NULL when it is missing. */
	s->argv[s->argc++] = p;
	s->argv[s->argc] = NULL;
	if (!p) {
		msg_warn(NULL, "veille-%s not found (beside veille or on PATH)", name);
		return -1;
	}
	return 0;
}

/* The URL of each "veille-fetch: URL: ..." line of the log. */
static char **
failing_urls(const char *log, size_t *n)
{
	char **urls = NULL;
	*n = 0;
	FILE *fp = fopen(log, "r");
	if (!fp)
		return NULL;
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, fp) != -1) {
		if (strncmp(line, "veille-fetch: http", 18))
			continue;
		char *u = line + 14, *end = strstr(u, ": ");
		if (!end)
			continue;
		urls = xrealloc(urls, (*n + 1) * sizeof *urls);
		urls[(*n)++] = xstrndup(u, (size_t)(end - u));
	}
	free(line);
	fclose(fp);
	return urls;
}

/* Sources that fail: state/failing holds "URL<TAB>since" for each one
 * failing at the last run. Returns how many failures are new (their log
 * lines are then shown); the known ones stay quiet, the recovered ones
 * leave the file. */
static int
track_failures(const char *dir, const char *log, long long now, FILE *show)
{
	char *path = xasprintf("%s/state/failing", dir);
	size_t n;
	char **urls = failing_urls(log, &n);
	struct buf old, out;
	buf_init(&old);
	buf_init(&out);
	int fd = open(path, O_RDONLY);
	if (fd >= 0) {
		read_all(fd, 16 << 20, &old);
		close(fd);
	}
	int fresh = 0;
	char stamp[32];
	when_format(now, stamp);
	for (size_t i = 0; i < n; i++) {
		int dup = 0;
		for (size_t j = 0; j < i && !dup; j++)
			dup = !strcmp(urls[i], urls[j]);
		if (dup)
			continue;
		/* Known: keep its first time. */
		const char *since = NULL;
		size_t ul = strlen(urls[i]);
		for (const char *p = old.data; p && *p;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			if (len > ul && !strncmp(p, urls[i], ul) && p[ul] == '\t') {
				since = p + ul + 1;
				buf_printf(&out, "%.*s\n", (int)len, p);
				break;
			}
			p = nl ? nl + 1 : p + len;
		}
		if (!since) {
			buf_printf(&out, "%s\t%s\n", urls[i], stamp);
			fresh++;
			if (show)
				fprintf(show, "veille: %s: failing since %s (reported once; "
				    "'veille status' lists the failing sources)\n",
				    msg_quote(urls[i], 200), stamp);
		}
	}
	char *tmp = xasprintf("%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		if (write(fd, out.data ? out.data : "", out.len) != (ssize_t)out.len)
			msg_warn(tmp, "%s", strerror(errno));
		close(fd);
		if (rename(tmp, path) != 0)
			msg_warn(path, "%s", strerror(errno));
	}
	free(tmp);
	for (size_t i = 0; i < n; i++)
		free(urls[i]);
	free(urls);
	buf_free(&old);
	buf_free(&out);
	free(path);
	return fresh;
}

struct conf *
watch_conf(const char *dir)
{
	char *cpath = xasprintf("%s/veille.conf", dir);
	struct stat st;
	struct conf *c = NULL;
	if (stat(cpath, &st) != 0)
		msg_warn(dir, "not a watch directory (no veille.conf; see 'veille init')");
	else
		c = conf_load(cpath);
	free(cpath);
	return c;
}

int
watch_run(const char *self, const char *dir, int verbose)
{
	struct conf *c = watch_conf(dir);
	if (!c)
		return 2;
	/* One run at a time: a second one (cron every five minutes and a
	 * slow run) says so and leaves. */
	char *lockp = xasprintf("%s/state/lock", dir);
	char *statedir = xasprintf("%s/state", dir);
	mkdir(statedir, 0755);
	int lock = open(lockp, O_RDWR | O_CREAT, 0644);
	if (lock < 0 || flock(lock, LOCK_EX | LOCK_NB) != 0) {
		msg_warn(dir, "%s", lock < 0 ? strerror(errno) :
		    "another run is active; not starting this one");
		conf_free(c);
		free(lockp);
		free(statedir);
		return 1;
	}
	char *logp = xasprintf("%s/state/last-run.log", dir);
	char *alertsp = xasprintf("%s/alerts.ndjson", dir);
	char *store = watch_path(dir, conf_get(c, "store", "path", "store.db"));
	char *sources = xasprintf("%s/sources.txt", dir);
	char *rules = xasprintf("%s/rules.txt", dir);
	char *accounts = xasprintf("%s/accounts.txt", dir);
	char *fstate = xasprintf("%s/state/fetch.db", dir);
	char *dstate = xasprintf("%s/state/dedupe.db", dir);
	char *astate = xasprintf("%s/state/alert.db", dir);

	struct stage s[7];
	memset(s, 0, sizeof s);
	int bad = stage_prog(&s[0], self, "sources");
	arg(&s[0], sources);
	bad |= stage_prog(&s[1], self, "fetch");
	arg(&s[1], "--quiet");
	arg(&s[1], "--state");
	arg(&s[1], fstate);
	bad |= stage_prog(&s[2], self, "parse");
	arg(&s[2], "--quiet");
	arg(&s[2], "--state");  /* watched pages keep their text there */
	arg(&s[2], fstate);
	bad |= stage_prog(&s[3], self, "dedupe");
	arg(&s[3], "--state");
	arg(&s[3], dstate);
	const char *ttl = conf_get(c, "dedupe", "ttl", NULL);
	if (ttl) {
		arg(&s[3], "--ttl");
		arg(&s[3], (char *)ttl);
	}
	bad |= stage_prog(&s[4], self, "classify");
	arg(&s[4], "--rules");
	arg(&s[4], rules);
	bad |= stage_prog(&s[5], self, "store");
	arg(&s[5], "put");
	arg(&s[5], "--tee");
	arg(&s[5], store);
	bad |= stage_prog(&s[6], self, "alert");
	arg(&s[6], "--state");
	arg(&s[6], astate);
	if (access(accounts, R_OK) == 0) {
		arg(&s[6], "--accounts");
		arg(&s[6], accounts);
	}
	static const char *const akeys[] = { "webhook", "lang", "min-count", "bucket", NULL };
	char *aopts[8] = { 0 };
	for (int i = 0; akeys[i]; i++) {
		const char *v = conf_get(c, "alert", akeys[i], NULL);
		if (v) {
			aopts[i] = xasprintf("--%s=%s", akeys[i], v);
			arg(&s[6], aopts[i]);
		}
	}
	/* emerging = yes: watch the terms for subjects no query names. */
	const char *em = conf_get(c, "alert", "emerging", "no");
	if (!strcmp(em, "yes") || !strcmp(em, "true") || !strcmp(em, "1"))
		arg(&s[6], "--emerging");
	int rc = 0;
	if (bad) {
		rc = 2;
		goto out;
	}

	int logfd = open(logp, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	int outfd = open(alertsp, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (logfd < 0 || outfd < 0) {
		msg_warn(logfd < 0 ? logp : alertsp, "%s", strerror(errno));
		if (logfd >= 0)
			close(logfd);
		rc = 2;
		goto out;
	}
	off_t alerts_before = lseek(outfd, 0, SEEK_END);
	int in = open("/dev/null", O_RDONLY);
	for (int i = 0; i < 7; i++) {
		int p[2] = { -1, -1 };
		if (i < 6 && pipe(p) != 0) {
			msg_warn(NULL, "pipe: %s", strerror(errno));
			rc = 2;
			break;
		}
		pid_t pid = fork();
		if (pid == 0) {
			dup2(in, 0);
			dup2(i < 6 ? p[1] : outfd, 1);
			dup2(logfd, 2);
			for (int fd = 3; fd < 64; fd++)
				if (fd != 0 && fd != 1 && fd != 2)
					close(fd);
			execv(s[i].argv[0], s[i].argv);
			fprintf(stderr, "veille: %s: %s\n", s[i].argv[0], strerror(errno));
			_exit(126);
		}
		s[i].pid = pid;
		close(in);
		if (i < 6) {
			close(p[1]);
			in = p[0];
		}
	}
	int failed = 0;
	for (int i = 0; i < 7; i++) {
		if (s[i].pid > 0 && waitpid(s[i].pid, &s[i].status, 0) > 0) {
			int code = WIFEXITED(s[i].status) ? WEXITSTATUS(s[i].status) :
			    128 + WTERMSIG(s[i].status);
			if (code)
				failed = failed > code ? failed : code;
			s[i].status = code;
		}
	}
	close(logfd);
	off_t alerts_after = lseek(outfd, 0, SEEK_END);
	close(outfd);

	long long now = when_now();
	int fresh = track_failures(dir, logp, now, stderr);
	/* What cron shows: new failures above; the log when a stage failed
	 * otherwise than by a source; the alerts of this run. */
	int other = 0;
	for (int i = 0; i < 7; i++)
		other |= s[i].status > 1 || (s[i].status == 1 && i != 1 && i != 2);
	if (other || verbose) {
		if (other)
			msg_warn(dir, "a stage of the run failed; its messages (%s):", logp);
		FILE *fp = fopen(logp, "r");
		char b[4096];
		size_t k;
		while (fp && (k = fread(b, 1, sizeof b, fp)) > 0)
			fwrite(b, 1, k, stderr);
		if (fp)
			fclose(fp);
	}
	if (alerts_after > alerts_before) {
		int fd = open(alertsp, O_RDONLY);
		if (fd >= 0 && lseek(fd, alerts_before, SEEK_SET) == alerts_before) {
			char b[4096];
			ssize_t k;
			while ((k = read(fd, b, sizeof b)) > 0)
				fwrite(b, 1, (size_t)k, stdout);
		}
		if (fd >= 0)
			close(fd);
	}
	/* state/last-run: when, and each stage's exit status. */
	char *lastp = xasprintf("%s/state/last-run", dir);
	FILE *lf = fopen(lastp, "w");
	if (lf) {
		char stamp[32];
		fprintf(lf, "%s", when_format(now, stamp));
		for (int i = 0; i < 7; i++)
			fprintf(lf, " %d", s[i].status);
		fputc('\n', lf);
		fclose(lf);
	}
	free(lastp);
	(void)fresh;
	rc = failed ? 1 : 0;
	if (fflush(stdout) != 0)
		rc = 1;
out:
	for (int i = 0; i < 7; i++)
		free(s[i].argv[0]);
	for (int i = 0; i < 8; i++)
		free(aopts[i]);
	conf_free(c);
	close(lock);
	free(lockp);
	free(statedir);
	free(logp);
	free(alertsp);
	free(store);
	free(sources);
	free(rules);
	free(accounts);
	free(fstate);
	free(dstate);
	free(astate);
	return rc;
}

int
watch_status(const char *dir)
{
	struct conf *c = watch_conf(dir);
	if (!c)
		return 2;
	char *lastp = xasprintf("%s/state/last-run", dir);
	FILE *fp = fopen(lastp, "r");
	char line[256] = "";
	if (fp && fgets(line, sizeof line, fp))
		line[strcspn(line, "\n")] = '\0';
	if (fp)
		fclose(fp);
	printf("last run: %s\n", *line ? line : "never");
	free(lastp);

	char *failp = xasprintf("%s/state/failing", dir);
	fp = fopen(failp, "r");
	int nf = 0;
	while (fp && fgets(line, sizeof line, fp)) {
		char *tab = strchr(line, '\t');
		line[strcspn(line, "\n")] = '\0';
		if (!tab)
			continue;
		*tab = '\0';
		printf("failing: %s since %s\n", msg_quote(line, 200), tab + 1);
		nf++;
	}
	if (fp)
		fclose(fp);
	free(failp);
	if (!nf)
		printf("failing sources: none\n");

	/* Alerts of the last 24 hours, by the time they were written. */
	char *alertsp = xasprintf("%s/alerts.ndjson", dir);
	int na = 0;
	struct stat st;
	if (stat(alertsp, &st) == 0 && st.st_mtime > when_now() - 86400) {
		fp = fopen(alertsp, "r");
		int ch;
		while (fp && (ch = getc(fp)) != EOF)
			na += ch == '\n';
		if (fp)
			fclose(fp);
	}
	printf("alerts written: %d%s\n", na, na ? " (alerts.ndjson)" : "");
	free(alertsp);
	char *store = watch_path(dir, conf_get(c, "store", "path", "store.db"));
	if (stat(store, &st) == 0)
		printf("store: %s, %.1f MB\n", store, (double)st.st_size / 1e6);
	else
		printf("store: %s, not created yet\n", store);
	free(store);
	conf_free(c);
	return fflush(stdout) == 0 ? 0 : 1;
}
