/* targets.c — see targets.h */
#include "targets.h"
#include "fields.h"
#include "msg.h"
#include "ndjson.h"
#include "record.h"
#include "utf8.h"
#include "util.h"

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct target_reader {
	int fd;
	char *name;
	struct buf buf;          /* bytes read, from off on not yet handed out */
	size_t off;
	int eof;                 /* read(2) said end of file (or failed) */
	int skipping;            /* inside an overlong line */
	unsigned long overlong;  /* number of an overlong line to report */
	unsigned long lineno, nbad;
	char msg[256];
	char where[512];
};

struct target_reader *
targets_open(int fd, const char *name)
{
	struct target_reader *r = xcalloc(1, sizeof *r);
	r->fd = fd;
	r->name = name ? xstrdup(name) : NULL;
	buf_init(&r->buf);
	return r;
}

int
targets_fd(const struct target_reader *r)
{
	return r->fd;
}

const char *
targets_where(const struct target_reader *r, unsigned long lineno)
{
	struct target_reader *w = (struct target_reader *)r;
	if (r->name)
		snprintf(w->where, sizeof w->where, "%s: line %lu", r->name, lineno);
	else
		snprintf(w->where, sizeof w->where, "line %lu", lineno);
	return w->where;
}

unsigned long
targets_nbad(const struct target_reader *r)
{
	return r->nbad;
}

int
targets_fill(struct target_reader *r)
{
	char tmp[65536];
	if (r->eof)
		return 1;
	ssize_t n = read(r->fd, tmp, sizeof tmp);
	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN)
			return 1;
		msg_warn(r->name ? r->name : "stdin", "%s", strerror(errno));
		r->eof = 1;
		return -1;
	}
	if (n == 0) {
		r->eof = 1;
		return 1;
	}
	if (r->off > 0 && r->off == r->buf.len) {
		buf_reset(&r->buf);
		r->off = 0;
	} else if (r->off > 65536 || r->off > r->buf.len / 2) {
		memmove(r->buf.data, r->buf.data + r->off, r->buf.len - r->off);
		r->buf.len -= r->off;
		r->off = 0;
	}
	buf_add(&r->buf, tmp, (size_t)n);
	/* A line that never ends must not eat the memory. */
	if (!r->skipping && r->buf.len - r->off > TARGET_LINE_MAX &&
	    !memchr(r->buf.data + r->off, '\n', r->buf.len - r->off)) {
		r->overlong = r->lineno + 1;
		r->skipping = 1;
	}
	if (r->skipping) {
		char *nl = memchr(r->buf.data + r->off, '\n', r->buf.len - r->off);
		if (nl) {
			r->off = (size_t)(nl - r->buf.data) + 1;
			r->lineno++;
			r->skipping = 0;
		} else {
			buf_reset(&r->buf);
			r->off = 0;
		}
	}
	return 1;
}

int
targets_eof(const struct target_reader *r)
{
	return r->eof && r->off >= r->buf.len;
}

static int
bad(struct target_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
bad(struct target_reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof r->msg, fmt, ap);
	va_end(ap);
	r->nbad++;
	return -1;
}

static int
blank_char(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

int
targets_next(struct target_reader *r, struct target *t, const char **msg)
{
	memset(t, 0, sizeof *t);
	*msg = NULL;
	for (;;) {
		if (r->overlong) {
			t->lineno = r->overlong;
			r->overlong = 0;
			*msg = r->msg;
			return bad(r, "line longer than %d bytes, skipped", TARGET_LINE_MAX);
		}
		if (r->skipping)
			return 0;
		char *start = r->buf.data ? r->buf.data + r->off : NULL;
		size_t avail = r->buf.len - r->off;
		if (!avail)
			return 0;
		char *nl = memchr(start, '\n', avail);
		size_t n;
		if (nl) {
			n = (size_t)(nl - start);
			r->off += n + 1;
		} else if (r->eof) {
			n = avail;          /* last line without a newline */
			r->off += n;
		} else {
			return 0;
		}
		r->lineno++;
		while (n && blank_char(start[n - 1]))
			n--;
		while (n && blank_char(*start)) {
			start++;
			n--;
		}
		if (n == 0 || *start == '#')
			continue;

		char *line;
		if (memchr(start, '\0', n) || !utf8_valid(start, n)) {
			struct buf b;
			buf_init(&b);
			size_t k = utf8_repair(start, n, &b);
			snprintf(r->msg, sizeof r->msg,
			    "invalid UTF-8 replaced by U+FFFD (%zu sequence%s)",
			    k, k == 1 ? "" : "s");
			*msg = r->msg;
			line = buf_steal(&b);
		} else {
			line = xstrndup(start, n);
		}
		t->lineno = r->lineno;

		if (*line != '{') {
			t->url = line;
			return 1;
		}
		const char *end = NULL;
		cJSON *j = cJSON_ParseWithLengthOpts(line, strlen(line), &end, 0);
		if (j && end && *end) {
			for (const char *p = end; *p; p++) {
				if (!blank_char(*p)) {
					cJSON_Delete(j);
					j = NULL;
					break;
				}
			}
		}
		if (!j || !cJSON_IsObject(j)) {
			cJSON_Delete(j);
			const char *at = end ? end : cJSON_GetErrorPtr();
			size_t len = strlen(line);
			if (!at || at < line || at > line + len)
				at = line;
			size_t off = (size_t)(at - line);
			int k = (int)utf8_cut(at, len - off, 24);
			int rc = bad(r, "invalid JSON target at byte %zu: near '%.*s'",
			    off + 1, k, at);
			free(line);
			*msg = r->msg;
			t->lineno = r->lineno;
			return rc;
		}
		ndjson_clean(j, line, strlen(line));
		free(line);
		const cJSON *u = cJSON_GetObjectItemCaseSensitive(j, F_URL);
		if (!cJSON_IsString(u) || str_empty(u->valuestring)) {
			cJSON_Delete(j);
			*msg = r->msg;
			return bad(r, "JSON target without a \"url\" string");
		}
		t->url = str_trim(xstrdup(u->valuestring));
		t->fields = j;
		return 1;
	}
}

void
target_free(struct target *t)
{
	free(t->url);
	cJSON_Delete(t->fields);
	memset(t, 0, sizeof *t);
}

void
targets_close(struct target_reader *r)
{
	if (!r)
		return;
	if (r->fd > 0)
		close(r->fd);
	buf_free(&r->buf);
	free(r->name);
	free(r);
}
