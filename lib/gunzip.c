/* gunzip.c — see gunzip.h */
#include "gunzip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct gunzip {
	z_stream z;
	size_t max, out;        /* the bound, and bytes given so far */
	int state;              /* 0 reading, 1 at the end, -1 error */
	int too_large;
	char why[128];
};

int
gunzip_is(const char *s, size_t n)
{
	return n >= 3 && (unsigned char)s[0] == 0x1f && (unsigned char)s[1] == 0x8b &&
	    s[2] == 8;
}

struct gunzip *
gunzip_open(const char *s, size_t n, size_t max)
{
	struct gunzip *g = xcalloc(1, sizeof *g);
	g->max = max;
	g->z.next_in = (Bytef *)(uintptr_t)s;
	/* zlib counts in unsigned int: a larger input is refused below */
	g->z.avail_in = n > 0xffffffffu ? 0 : (uInt)n;
	/* 16 + MAX_WBITS: a gzip header and trailer, nothing else */
	if (inflateInit2(&g->z, 16 + MAX_WBITS) != Z_OK) {
		g->state = -1;
		snprintf(g->why, sizeof g->why, "cannot start zlib");
	} else if (n > 0xffffffffu) {
		g->state = -1;
		g->too_large = 1;
		snprintf(g->why, sizeof g->why, "compressed document over 4 GiB");
	}
	return g;
}

static long
fail(struct gunzip *g, int too_large, const char *what)
{
	g->state = -1;
	g->too_large = too_large;
	if (too_large)
		snprintf(g->why, sizeof g->why, "gzip data decompresses to more than %zu bytes "
		    "(--max-size)", g->max);
	else
		snprintf(g->why, sizeof g->why, "gzip data %s", what);
	return -1;
}

long
gunzip_read(struct gunzip *g, char *out, size_t cap)
{
	if (g->state)
		return g->state > 0 ? 0 : -1;
	if (cap > 1u << 30)
		cap = 1u << 30;
	/* one byte past the bound is asked for, to tell "exactly max" from
	 * "more" */
	size_t room = g->max - g->out + 1;
	if (cap > room)
		cap = room;
	g->z.next_out = (Bytef *)out;
	g->z.avail_out = (uInt)cap;
	while (g->z.avail_out == cap) {
		int rc = inflate(&g->z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END) {
			/* another member may follow */
			if (gunzip_is((const char *)g->z.next_in, g->z.avail_in)) {
				if (inflateReset(&g->z) != Z_OK)
					return fail(g, 0, "cannot be read (zlib reset)");
				continue;
			}
			g->state = 1;
			break;
		}
		if (rc == Z_BUF_ERROR && g->z.avail_in == 0)
			return fail(g, 0, "cut short (no end of stream)");
		if (rc == Z_MEM_ERROR)
			xalloc_failed();
		if (rc != Z_OK && rc != Z_BUF_ERROR)
			return fail(g, 0, g->z.msg ? g->z.msg : "is corrupt");
	}
	size_t got = cap - g->z.avail_out;
	g->out += got;
	if (g->out > g->max)
		return fail(g, 1, NULL);
	return (long)got;
}

const char *
gunzip_error(const struct gunzip *g, int *too_large)
{
	if (too_large)
		*too_large = g->too_large;
	return g->state < 0 ? g->why : NULL;
}

void
gunzip_close(struct gunzip *g)
{
	if (!g)
		return;
	inflateEnd(&g->z);
	free(g);
}

int
gunzip_all(const char *s, size_t n, size_t max, struct buf *out, const char **why,
    int *too_large)
{
	static char msg[128];
	struct gunzip *g = gunzip_open(s, n, max);
	long k;
	do {
		buf_grow(out, 64 * 1024);
		k = gunzip_read(g, out->data + out->len, out->cap - out->len - 1);
		if (k > 0)
			out->len += (size_t)k;
	} while (k > 0);
	out->data[out->len] = '\0';
	int rc = 0;
	if (k < 0) {
		snprintf(msg, sizeof msg, "%s", gunzip_error(g, too_large));
		*why = msg;
		rc = -1;
	}
	gunzip_close(g);
	return rc;
}
