/* record.c — see record.h */
#define _GNU_SOURCE 1   /* F_SETPIPE_SZ (Linux), used when defined */
#include "record.h"
#include "util.h"
#include "when.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int line_mode;
static int write_failed;

/* Records are printed by cJSON straight into one buffer, which goes to
 * file descriptor 1 by write(2) when it holds 256 KiB (at once in line
 * mode): no second copy through stdio. Nothing else writes records;
 * stdio's stdout is flushed before a write so that the order holds. */
static char *obuf;
static size_t ocap, oused;
#define OFLUSH ((size_t)1 << 18)

static int
out_flush(void)
{
	size_t off = 0;
	if (fflush(stdout) != 0)
		write_failed = 1;
	while (off < oused && !write_failed) {
		ssize_t k = write(1, obuf + off, oused - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			write_failed = 1;
			break;
		}
		off += (size_t)k;
	}
	oused = 0;
	if (write_failed) {
		warn("write error");
		return -1;
	}
	return 0;
}

void
out_init(int unbuffered)
{
	line_mode = unbuffered || isatty(1);
	if (line_mode)
		setvbuf(stdout, NULL, _IOLBF, 0);
#ifdef F_SETPIPE_SZ
	else {
		/* a pipe of 1 MiB (Linux's limit for users): the reader is
		 * woken a sixteenth as often */
		struct stat st;
		if (fstat(1, &st) == 0 && S_ISFIFO(st.st_mode))
			(void)fcntl(1, F_SETPIPE_SZ, 1 << 20);
	}
#endif
}

/* U+2028 and U+2029 are valid in JSON strings, but readers that split
 * lines the Unicode way (Python's str.splitlines, JavaScript before
 * ES2019) would cut the record there: the n bytes just printed at
 * obuf + oused get them as \u2028 and \u2029, as Go's encoder writes
 * them. Only a record holding the byte 0xE2 is looked at twice. The
 * record's new length. */
static size_t
escape_separators(size_t n)
{
	char *r = obuf + oused;
	size_t k = 0;
	for (char *p = r; (p = memchr(p, '\xE2', n - (size_t)(p - r))); p++)
		if ((size_t)(p - r) + 2 < n && p[1] == '\x80' && (p[2] == '\xA8' || p[2] == '\xA9'))
			k++;
	if (!k)
		return n;
	if (oused + n + 3 * k + 2 > ocap) {
		obuf = xrealloc(obuf, oused + n + 3 * k + 2);
		ocap = oused + n + 3 * k + 2;
		r = obuf + oused;
	}
	/* from the end, each byte moved once */
	char *src = r + n, *dst = r + n + 3 * k;
	while (src > r) {
		if (src - r >= 3 && src[-3] == '\xE2' && src[-2] == '\x80' &&
		    (src[-1] == '\xA8' || src[-1] == '\xA9')) {
			char last = src[-1] == '\xA8' ? '8' : '9';
			dst -= 6;
			memcpy(dst, "\\u202", 5);
			dst[5] = last;
			src -= 3;
		} else {
			*--dst = *--src;
		}
	}
	return n + 3 * k;
}

/* rec printed at obuf + oused, not yet counted in it, U+2028 and U+2029
 * escaped: its length, or -1 after a write error. */
static long
print_at_end(const cJSON *rec)
{
	if (write_failed)
		return -1;
	if (!obuf) {
		ocap = 4 * OFLUSH;
		obuf = xmalloc(ocap);
	}
	/* cJSON stops as soon as the room is short; then the pending
	 * records go out and the record gets the whole buffer, made larger
	 * until it fits. */
	while (!cJSON_PrintPreallocated((cJSON *)rec, obuf + oused, (int)(ocap - oused - 1), 0)) {
		if (oused) {
			if (out_flush() < 0)
				return -1;
			continue;
		}
		if (ocap > (size_t)1 << 30)
			errx(2, "record too large to print");
		/* obuf stays valid if the allocation fails (xalloc_guard) */
		char *nb = xmalloc(ocap * 2);
		free(obuf);
		obuf = nb;
		ocap *= 2;
	}
	return (long)escape_separators(strlen(obuf + oused));
}

int
out_write(const cJSON *rec)
{
	long n = print_at_end(rec);
	if (n < 0)
		return -1;
	obuf[oused + (size_t)n] = '\n';
	oused += (size_t)n + 1;
	if (line_mode || oused >= OFLUSH)
		return out_flush();
	return 0;
}

/* Is s[i..] U+2028 or U+2029? */
static int
sep_at(const char *s, size_t n, size_t i)
{
	return i + 2 < n && s[i] == '\xE2' && s[i + 1] == '\x80' &&
	    (s[i + 2] == '\xA8' || s[i + 2] == '\xA9');
}

static int
put_json_string(const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;
	while (i < n) {
		if (ocap - oused < 64 && out_flush() < 0)
			return -1;
		size_t room = ocap - oused - 8, run = 0;
		while (i + run < n && run < room) {
			unsigned char c = (unsigned char)s[i + run];
			if (c < 0x20 || c == '"' || c == '\\' || (c == 0xE2 && sep_at(s, n, i + run)))
				break;
			run++;
		}
		memcpy(obuf + oused, s + i, run);
		oused += run;
		i += run;
		if (i >= n || run == room)
			continue;
		if (sep_at(s, n, i)) {
			/* U+2028, U+2029 as out_write writes them */
			memcpy(obuf + oused, s[i + 2] == '\xA8' ? "\\u2028" : "\\u2029", 6);
			oused += 6;
			i += 3;
			continue;
		}
		unsigned char c = (unsigned char)s[i++];
		char *o = obuf + oused;
		*o++ = '\\';
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '\b': *o++ = 'b'; break;
		case '\f': *o++ = 'f'; break;
		case '\n': *o++ = 'n'; break;
		case '\r': *o++ = 'r'; break;
		case '\t': *o++ = 't'; break;
		default:
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
		oused = (size_t)(o - obuf);
	}
	return 0;
}

int
out_write_string_last(const cJSON *rec, const char *key, const char *s, size_t n)
{
	long len = print_at_end(rec);
	if (len < 0)
		return -1;
	/* "{...}": the closing brace makes way for the member */
	int empty = len <= 2;
	oused += (size_t)len - 1;
	if (!empty)
		obuf[oused++] = ',';
	obuf[oused++] = '"';
	if (put_json_string(key, strlen(key)) < 0)
		return -1;
	if (ocap - oused < 64 && out_flush() < 0)
		return -1;
	memcpy(obuf + oused, "\":\"", 3);
	oused += 3;
	if (put_json_string(s, n) < 0)
		return -1;
	if (ocap - oused < 64 && out_flush() < 0)
		return -1;
	memcpy(obuf + oused, "\"}\n", 3);
	oused += 3;
	if (line_mode || oused >= OFLUSH)
		return out_flush();
	return 0;
}

int
out_write_raw(const char *s, size_t n)
{
	if (write_failed)
		return -1;
	if (!obuf) {
		ocap = 4 * OFLUSH;
		obuf = xmalloc(ocap);
	}
	int nl = !n || s[n - 1] != '\n';
	if (oused + n + 1 > ocap && oused && out_flush() < 0)
		return -1;
	while (n + 1 > ocap) {
		ocap *= 2;
		free(obuf);
		obuf = xmalloc(ocap);
	}
	memcpy(obuf + oused, s, n);
	oused += n;
	if (nl)
		obuf[oused++] = '\n';
	if (line_mode || oused >= OFLUSH)
		return out_flush();
	return 0;
}

int
out_sync(void)
{
	return write_failed ? -1 : out_flush();
}

int
out_finish(void)
{
	/* out_flush has flushed stdio's stdout too */
	if (write_failed || out_flush() < 0)
		return -1;
	if (ferror(stdout)) {
		write_failed = 1;
		warn("write error");
		return -1;
	}
	return 0;
}

void
rec_set(cJSON *o, const char *key, cJSON *v)
{
	if (!v) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, key);
		return;
	}
	if (cJSON_GetObjectItemCaseSensitive(o, key))
		cJSON_ReplaceItemInObjectCaseSensitive(o, key, v);
	else
		cJSON_AddItemToObject(o, key, v);
}

int
rec_add_unique(cJSON *o, const char *key, const char *s)
{
	if (str_empty(s))
		return 0;
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsArray(arr)) {
		arr = cJSON_CreateArray();
		rec_set(o, key, arr);
	}
	char *v = str_trim(xstrdup(s));
	/* the cap keeps this scan (and the record) bounded: an entry of
	 * 100,000 tags was quadratic */
	int n = 0, skip = 0;
	for (const cJSON *e = arr->child; e && !skip; e = e->next, n++)
		skip = cJSON_IsString(e) && !strcmp(e->valuestring, v);
	if (skip || n >= REC_MAX_LIST) {
		free(v);
		return 0;
	}
	cJSON_AddItemToArray(arr, cJSON_CreateString(v));
	free(v);
	return 1;
}

void
rec_set_strn(cJSON *o, const char *key, const char *val, size_t n)
{
	if (!val) {
		rec_set(o, key, NULL);
		return;
	}
	char *s = xstrndup(val, n);
	rec_set_str(o, key, s);
	free(s);
}

void
rec_set_str(cJSON *o, const char *key, const char *val)
{
	if (str_empty(val)) {
		rec_set(o, key, NULL);
		return;
	}
	cJSON *v = cJSON_CreateString(val);
	if (!v)
		xalloc_failed();
	rec_set(o, key, v);
}

void
rec_set_owned(cJSON *o, const char *key, char *val)
{
	if (str_empty(val)) {
		free(val);
		rec_set(o, key, NULL);
		return;
	}
	/* A reference node, then made the owner: cJSON_Delete frees a
	 * string that is not marked as a reference (with free(), the
	 * allocator of cJSON's default hooks, which no tool changes). */
	cJSON *v = cJSON_CreateStringReference(val);
	if (!v)
		xalloc_failed();
	v->type &= ~cJSON_IsReference;
	rec_set(o, key, v);
}

void
rec_set_num(cJSON *o, const char *key, double v)
{
	rec_set(o, key, cJSON_CreateNumber(v));
}

void
rec_set_bool(cJSON *o, const char *key, int v)
{
	rec_set(o, key, cJSON_CreateBool(v));
}

const char *
rec_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

double
rec_num(const cJSON *o, const char *key, double dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

const char *
now_rfc3339(void)
{
	static char s[32];
	return when_format(when_now(), s);
}
