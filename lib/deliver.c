/* deliver.c — see deliver.h. Channels speak through libcurl's easy
 * interface (one alert at a time: alerts are few) and fork/exec. */
#include "deliver.h"
#include "base64.h"
#include "fields.h"
#include "msg.h"
#include "record.h"
#include "util.h"
#include "when.h"

#include <curl/curl.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { CH_WEBHOOK, CH_TELEGRAM, CH_SMTP, CH_EXEC, NCH };
static const char *const ch_names[NCH] = { "webhook", "telegram", "smtp", "exec" };

struct deliver {
	struct deliver_cfg cfg;
	struct db *db;
	int on[NCH];
	int fails[NCH];
	long long next_ms[NCH];     /* not before (monotonic) */
	char *template;
	char *tg_url, *tg_chat;
};

struct deliver *
deliver_new(const struct deliver_cfg *cfg, struct db *d)
{
	struct deliver *dl = xcalloc(1, sizeof *dl);
	dl->cfg = *cfg;
	dl->db = d;
	dl->on[CH_WEBHOOK] = cfg->webhook != NULL;
	dl->on[CH_SMTP] = cfg->smtp != NULL;
	dl->on[CH_EXEC] = cfg->exec != NULL;
	if (cfg->template_file) {
		FILE *fp = fopen(cfg->template_file, "r");
		struct buf b;
		buf_init(&b);
		if (!fp || read_all(fileno(fp), 1 << 20, &b) < 0) {
			msg_warn(cfg->template_file, "cannot read the template: %s", strerror(errno));
			if (fp)
				fclose(fp);
			buf_free(&b);
			deliver_free(dl);
			return NULL;
		}
		fclose(fp);
		dl->template = buf_steal(&b);
	}
	if (cfg->telegram) {
		const char *tok = getenv("VEILLE_TELEGRAM_TOKEN"), *chat = getenv("VEILLE_TELEGRAM_CHAT");
		const char *api = getenv("VEILLE_TELEGRAM_API");
		if (str_empty(tok) || str_empty(chat)) {
			msg_warn(NULL, "--telegram needs VEILLE_TELEGRAM_TOKEN and VEILLE_TELEGRAM_CHAT");
			deliver_free(dl);
			return NULL;
		}
		dl->tg_url = xasprintf("%s/bot%s/sendMessage",
		    str_empty(api) ? "https://api.telegram.org" : api, tok);
		dl->tg_chat = xstrdup(chat);
		dl->on[CH_TELEGRAM] = 1;
	}
	if (dl->on[CH_WEBHOOK] || dl->on[CH_TELEGRAM] || dl->on[CH_SMTP])
		curl_global_init(CURL_GLOBAL_DEFAULT);
	return dl;
}

int
deliver_any(const struct deliver *dl)
{
	for (int c = 0; c < NCH; c++)
		if (dl->on[c])
			return 1;
	return 0;
}

void
deliver_free(struct deliver *dl)
{
	if (!dl)
		return;
	free(dl->template);
	free(dl->tg_url);
	free(dl->tg_chat);
	free(dl);
}

/* ---- what is sent ---- */

/* The text of a chat message: the sentence, then the items' links. */
static char *
chat_text(const cJSON *rec)
{
	struct buf b;
	buf_init(&b);
	const char *m = rec_str(rec, F_MESSAGE);
	buf_adds(&b, m ? m : "");
	const cJSON *it;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(rec, F_ITEMS)) {
		const char *u = rec_str(it, F_URL), *t = rec_str(it, F_TITLE);
		if (u)
			buf_printf(&b, "\n- %s%s%s", t ? t : "", t ? " " : "", u);
	}
	return buf_steal(&b);
}

/* The template with each {{name}} (a field, or field.member) replaced by
 * its value JSON-escaped: a string without its quotes, other values as
 * JSON; an absent field by nothing. */
static char *
fill_template(const char *tpl, const cJSON *rec)
{
	struct buf b;
	buf_init(&b);
	for (const char *p = tpl; *p;) {
		const char *o = strstr(p, "{{"), *e = o ? strstr(o + 2, "}}") : NULL;
		if (!o || !e) {
			buf_adds(&b, p);
			break;
		}
		buf_add(&b, p, (size_t)(o - p));
		char *name = xstrndup(o + 2, (size_t)(e - o - 2));
		str_trim(name);
		char *dot = strchr(name, '.');
		if (dot)
			*dot++ = 0;
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, name);
		if (dot)
			v = cJSON_GetObjectItemCaseSensitive(v, dot);
		if (!strcmp(name, "text") && !v) {
			char *t = chat_text(rec);
			cJSON *s = cJSON_CreateString(t);
			free(t);
			char *j = cJSON_PrintUnformatted(s);
			buf_add(&b, j + 1, strlen(j) - 2);
			free(j);
			cJSON_Delete(s);
		} else if (v) {
			char *j = cJSON_PrintUnformatted(v);
			if (cJSON_IsString(v))
				buf_add(&b, j + 1, strlen(j) - 2);
			else
				buf_adds(&b, j);
			free(j);
		}
		free(name);
		p = e + 2;
	}
	return buf_steal(&b);
}

static char *
chat_json(const struct deliver *dl, int ch, const cJSON *rec)
{
	if (ch == CH_WEBHOOK && dl->template)
		return fill_template(dl->template, rec);
	cJSON *o = cJSON_CreateObject();
	if (ch == CH_TELEGRAM)
		rec_set_str(o, "chat_id", dl->tg_chat);
	rec_set_owned(o, "text", chat_text(rec));
	char *j = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return j;
}

/* RFC 2047 encoded words (any text is safe in a header this way), each
 * of 39 bytes of text at most, cut between UTF-8 characters, so that
 * a line stays under 76 characters with "Subject: ". */
static void
header_words(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	while (n) {
		size_t k = n < 39 ? n : 39;
		while (k < n && k > 1 && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
		buf_adds(b, "=?UTF-8?B?");
		base64_encode(s, k, b);
		buf_adds(b, "?=");
		s += k;
		n -= k;
		if (n)
			buf_adds(b, "\r\n ");
	}
}

static void
base64_lines(struct buf *b, const char *s)
{
	struct buf t;
	buf_init(&t);
	base64_encode(s, strlen(s), &t);
	for (size_t i = 0; i < t.len; i += 76) {
		buf_add(b, t.data + i, t.len - i < 76 ? t.len - i : 76);
		buf_adds(b, "\r\n");
	}
	buf_free(&t);
}

static void
html_escape(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '&': buf_adds(b, "&amp;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		default: buf_addc(b, *s);
		}
	}
}

char *
deliver_mail_message(const struct deliver_cfg *cfg, const char *subject, const char *text,
    const char *html, const char *id)
{
	char date[64];
	time_t now = (time_t)when_now();
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "Date: %s\r\nFrom: <%s>\r\nTo: ", date, cfg->mail_from);
	/* The addresses come from the command line; each in <>. */
	char *to = xstrdup(cfg->mail_to);
	int first = 1;
	for (char *save = NULL, *a = strtok_r(to, ",", &save); a; a = strtok_r(NULL, ",", &save)) {
		buf_printf(&b, "%s<%s>", first ? "" : ", ", str_trim(a));
		first = 0;
	}
	free(to);
	buf_adds(&b, "\r\nSubject: ");
	header_words(&b, subject);
	buf_printf(&b, "\r\nMessage-ID: <%s.%lld@veille>\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: multipart/alternative; boundary=\"veille-%s\"\r\n\r\n",
	    id, (long long)now, id);
	buf_printf(&b, "--veille-%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", id);
	base64_lines(&b, text);
	buf_printf(&b, "--veille-%s\r\nContent-Type: text/html; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", id);
	base64_lines(&b, html);
	buf_printf(&b, "--veille-%s--\r\n", id);
	return buf_steal(&b);
}

/* An alert as an e-mail: the sentence as the subject, the items' links
 * as a list. */
static char *
mail_text(const struct deliver *dl, const cJSON *rec)
{
	const char *m = rec_str(rec, F_MESSAGE), *id = rec_str(rec, F_ALERT_ID);
	char *subj = xasprintf("[veille] %s", m ? m : "alert");
	char *text = chat_text(rec);
	struct buf h;
	buf_init(&h);
	buf_adds(&h, "<!DOCTYPE html>\n<html><body><p>");
	html_escape(&h, m);
	buf_adds(&h, "</p>\n<ul>\n");
	const cJSON *it;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(rec, F_ITEMS)) {
		const char *u = rec_str(it, F_URL), *t = rec_str(it, F_TITLE);
		buf_adds(&h, "<li>");
		if (u) {
			buf_adds(&h, "<a href=\"");
			html_escape(&h, u);
			buf_adds(&h, "\">");
		}
		html_escape(&h, t ? t : u ? u : "");
		buf_adds(&h, u ? "</a></li>\n" : "</li>\n");
	}
	buf_adds(&h, "</ul>\n</body></html>\n");
	char *msg = deliver_mail_message(&dl->cfg, subj, text, h.data, id ? id : "0");
	buf_free(&h);
	free(text);
	free(subj);
	return msg;
}

/* ---- how it is sent ---- */

static size_t
discard(char *p, size_t size, size_t n, void *u)
{
	return size * n;
}

static CURL *
easy(const struct deliver_cfg *cfg, const char *url, char *err)
{
	CURL *e = curl_easy_init();
	if (!e)
		return NULL;
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, cfg->timeout_ms);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "veille-alert/" VEILLE_VERSION);
	return e;
}

static int
post_json(const struct deliver_cfg *cfg, const char *url, const char *body, char *err)
{
	CURL *e = easy(cfg, url, err);
	if (!e)
		return -1;
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
	CURLcode rc = curl_easy_perform(e);
	long status = 0;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	curl_easy_cleanup(e);
	if (rc != CURLE_OK)
		return -1;
	if (status < 200 || status > 299) {
		snprintf(err, CURL_ERROR_SIZE, "HTTP status %ld", status);
		return -1;
	}
	return 0;
}

struct reader {
	const char *p;
	size_t left;
};

static size_t
read_cb(char *out, size_t size, size_t n, void *u)
{
	struct reader *r = u;
	size_t k = size * n < r->left ? size * n : r->left;
	memcpy(out, r->p, k);
	r->p += k;
	r->left -= k;
	return k;
}

static int
send_mail(const struct deliver_cfg *cfg, const char *msg, char *err)
{
	CURL *e = easy(cfg, cfg->smtp, err);
	if (!e)
		return -1;
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	const char *user = getenv("VEILLE_SMTP_USER"), *pass = getenv("VEILLE_SMTP_PASSWORD");
	int creds = !str_empty(user);
	if (creds) {
		curl_easy_setopt(e, CURLOPT_USERNAME, user);
		curl_easy_setopt(e, CURLOPT_PASSWORD, pass ? pass : "");
	} else {
		const char *netrc = getenv("VEILLE_NETRC");
		curl_easy_setopt(e, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
		if (!str_empty(netrc))
			curl_easy_setopt(e, CURLOPT_NETRC_FILE, netrc);
	}
	/* STARTTLS when offered; required before a password is sent. */
	curl_easy_setopt(e, CURLOPT_USE_SSL, creds ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
	char *from = xasprintf("<%s>", cfg->mail_from);
	curl_easy_setopt(e, CURLOPT_MAIL_FROM, from);
	struct curl_slist *rcpt = NULL;
	char *to = xstrdup(cfg->mail_to);
	for (char *save = NULL, *a = strtok_r(to, ",", &save); a; a = strtok_r(NULL, ",", &save)) {
		char *r = xasprintf("<%s>", str_trim(a));
		rcpt = curl_slist_append(rcpt, r);
		free(r);
	}
	free(to);
	curl_easy_setopt(e, CURLOPT_MAIL_RCPT, rcpt);
	struct reader rd = { msg, strlen(msg) };
	curl_easy_setopt(e, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(e, CURLOPT_READDATA, &rd);
	curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
	CURLcode rc = curl_easy_perform(e);
	curl_slist_free_all(rcpt);
	free(from);
	curl_easy_cleanup(e);
	if (rc != CURLE_OK && !*err)
		snprintf(err, CURL_ERROR_SIZE, "%s", curl_easy_strerror(rc));
	return rc == CURLE_OK ? 0 : -1;
}

int
deliver_chat(const struct deliver_cfg *cfg, const char *text, char *err)
{
	*err = '\0';
	curl_global_init(CURL_GLOBAL_DEFAULT);
	cJSON *o = cJSON_CreateObject();
	rec_set_str(o, "text", text);
	char *j = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	int r = post_json(cfg, cfg->webhook, j, err);
	free(j);
	return r;
}

int
deliver_mail(const struct deliver_cfg *cfg, const char *msg, char *err)
{
	_Static_assert(DELIVER_ERR_SIZE >= CURL_ERROR_SIZE, "DELIVER_ERR_SIZE");
	*err = '\0';
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return send_mail(cfg, msg, err);
}

static int
run_exec(const struct deliver *dl, const char *json, char *err)
{
	int fd[2];
	if (pipe(fd) < 0) {
		snprintf(err, CURL_ERROR_SIZE, "pipe: %s", strerror(errno));
		return -1;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, CURL_ERROR_SIZE, "fork: %s", strerror(errno));
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		/* The command's output goes to stderr: stdout is the records. */
		dup2(fd[0], 0);
		dup2(2, 1);
		close(fd[0]);
		close(fd[1]);
		execl("/bin/sh", "sh", "-c", dl->cfg.exec, (char *)NULL);
		_exit(127);
	}
	close(fd[0]);
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	sigaction(SIGPIPE, &ign, &old);
	size_t n = strlen(json);
	const char *p = json;
	while (n) {
		ssize_t w = write(fd[1], p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		p += w;
		n -= (size_t)w;
	}
	if (!n)
		(void)!write(fd[1], "\n", 1);
	close(fd[1]);
	sigaction(SIGPIPE, &old, NULL);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFEXITED(st))
		snprintf(err, CURL_ERROR_SIZE, "the command exited with status %d", WEXITSTATUS(st));
	else
		snprintf(err, CURL_ERROR_SIZE, "the command was killed by signal %d", WTERMSIG(st));
	return -1;
}

/* What channel ch sends for rec (malloc'd), and where, for --dry-run. */
static char *
payload(const struct deliver *dl, int ch, const cJSON *rec, const char **where)
{
	switch (ch) {
	case CH_WEBHOOK: *where = dl->cfg.webhook; return chat_json(dl, ch, rec);
	case CH_TELEGRAM: *where = "telegram"; return chat_json(dl, ch, rec);
	case CH_SMTP: *where = dl->cfg.mail_to; return mail_text(dl, rec);
	default: *where = dl->cfg.exec; return cJSON_PrintUnformatted(rec);
	}
}

static int
send_one(struct deliver *dl, int ch, const char *alert)
{
	cJSON *rec = cJSON_Parse(alert);
	if (!rec) {
		msg_warn(db_path(dl->db), "an unreadable alert in the outbox: dropped");
		return 0;
	}
	const char *where;
	char *body = payload(dl, ch, rec, &where);
	char err[CURL_ERROR_SIZE] = "";
	int r;
	switch (ch) {
	case CH_WEBHOOK: r = post_json(&dl->cfg, dl->cfg.webhook, body, err); break;
	case CH_TELEGRAM: r = post_json(&dl->cfg, dl->tg_url, body, err); break;
	case CH_SMTP: r = send_mail(&dl->cfg, body, err); break;
	default: r = run_exec(dl, body, err); break;
	}
	if (r < 0)
		msg_warn(ch_names[ch], "alert %s not delivered: %s",
		    rec_str(rec, F_ALERT_ID) ? rec_str(rec, F_ALERT_ID) : "?",
		    *err ? err : "failed");
	free(body);
	cJSON_Delete(rec);
	return r;
}

int
deliver_enqueue(struct deliver *dl, const cJSON *rec)
{
	for (int c = 0; c < NCH; c++) {
		if (!dl->on[c])
			continue;
		if (dl->cfg.dry_run) {
			const char *where;
			char *p = payload(dl, c, rec, &where);
			fprintf(stderr, "%s: dry run: %s to %s:\n%s\n", veille_progname,
			    ch_names[c], where, p);
			free(p);
			continue;
		}
		sqlite3_stmt *st = db_stmt(dl->db, "INSERT INTO outbox (channel, alert) VALUES (?1, ?2)");
		if (!st || db_write(dl->db) < 0)
			return -1;
		char *j = cJSON_PrintUnformatted(rec);
		sqlite3_bind_text(st, 1, ch_names[c], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, j, -1, free);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_report(dl->db, "queueing an alert");
			return -1;
		}
	}
	return dl->cfg.dry_run ? 0 : db_commit(dl->db);
}

/* The oldest alert queued for a channel (malloc'd) and its row, or NULL. */
static char *
oldest(struct deliver *dl, int ch, long long *seq)
{
	sqlite3_stmt *st = db_stmt(dl->db,
	    "SELECT seq, alert FROM outbox WHERE channel = ?1 ORDER BY seq LIMIT 1");
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, ch_names[ch], -1, SQLITE_STATIC);
	char *a = NULL;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		a = xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	return a;
}

static void
done(struct deliver *dl, long long seq)
{
	sqlite3_stmt *st = db_stmt(dl->db, "DELETE FROM outbox WHERE seq = ?1");
	if (!st || db_write(dl->db) < 0)
		return;
	sqlite3_bind_int64(st, 1, seq);
	if (sqlite3_step(st) != SQLITE_DONE)
		db_report(dl->db, "removing a delivered alert");
	db_commit(dl->db);
}

static void
failed(struct deliver *dl, int ch, long long seq)
{
	sqlite3_stmt *st = db_stmt(dl->db, "UPDATE outbox SET tries = tries + 1 WHERE seq = ?1");
	if (st && db_write(dl->db) == 0) {
		sqlite3_bind_int64(st, 1, seq);
		sqlite3_step(st);
		db_commit(dl->db);
	}
	long long wait = dl->cfg.backoff_ms << (dl->fails[ch] < 10 ? dl->fails[ch] : 10);
	dl->fails[ch]++;
	dl->next_ms[ch] = monotonic_ms() + wait;
}

void
deliver_flush(struct deliver *dl, int final)
{
	if (dl->cfg.dry_run)
		return;
	for (int c = 0; c < NCH; c++) {
		if (!dl->on[c])
			continue;
		int tries = 0;
		for (;;) {
			long long now = monotonic_ms();
			if (now < dl->next_ms[c]) {
				if (!final || tries > dl->cfg.retries)
					break;
				long long ms = dl->next_ms[c] - now;
				struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };
				while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
					;
			}
			long long seq;
			char *a = oldest(dl, c, &seq);
			if (!a)
				break;
			int r = send_one(dl, c, a);
			free(a);
			if (r == 0) {
				dl->fails[c] = 0;
				done(dl, seq);
			} else {
				failed(dl, c, seq);
				tries++;
			}
		}
	}
}

long
deliver_pending(struct deliver *dl)
{
	if (dl->cfg.dry_run || !deliver_any(dl))
		return 0;
	sqlite3_stmt *st = db_stmt(dl->db, "SELECT count(*) FROM outbox");
	long n = 0;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	if (st)
		sqlite3_reset(st);
	return n;
}
