/* gunzip.c — unit test of lib/gunzip.h: the bound is exact (max bytes
 * pass, one more fails as too large), members are read in turn, trailing
 * bytes are ignored, cut and corrupt data fail as such, small reads give
 * the same bytes as one large one. */
#include "gunzip.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* s[0..n) as one gzip member, appended to out. */
static void
gz(struct buf *out, const char *s, size_t n)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	size_t cap = deflateBound(&z, n) + 32;
	buf_grow(out, cap);
	z.next_in = (Bytef *)(uintptr_t)s;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)out->data + out->len;
	z.avail_out = (uInt)cap;
	deflate(&z, Z_FINISH);
	out->len += cap - z.avail_out;
	deflateEnd(&z);
}

int
main(void)
{
	char text[5000];
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = (char)('a' + i % 26);
	struct buf one, two, got;
	buf_init(&one);
	buf_init(&two);
	gz(&one, text, sizeof text);
	ok(gunzip_is(one.data, one.len), "a gzip member is recognised");
	ok(!gunzip_is("<?xml", 5) && !gunzip_is("\x1f\x8b", 2), "other bytes, or too few, are not");

	const char *why = NULL;
	int big = -1;
	buf_init(&got);
	ok(gunzip_all(one.data, one.len, sizeof text, &got, &why, &big) == 0 &&
	    got.len == sizeof text && !memcmp(got.data, text, sizeof text),
	    "exactly max bytes decompress");
	buf_free(&got);
	buf_init(&got);
	ok(gunzip_all(one.data, one.len, sizeof text - 1, &got, &why, &big) < 0 && big == 1 &&
	    strstr(why, "more than 4999 bytes"), "one byte more is too large: %s", why);
	buf_free(&got);

	gz(&two, text, 100);
	gz(&two, text + 100, sizeof text - 100);
	buf_add(&two, "junk", 4);
	buf_init(&got);
	ok(gunzip_all(two.data, two.len, 1 << 20, &got, &why, &big) == 0 &&
	    got.len == sizeof text && !memcmp(got.data, text, sizeof text),
	    "two members are read in turn, trailing junk ignored");
	buf_free(&got);

	/* small reads give the same bytes */
	struct gunzip *g = gunzip_open(two.data, two.len, 1 << 20);
	struct buf small;
	buf_init(&small);
	char piece[7];
	long k;
	while ((k = gunzip_read(g, piece, sizeof piece)) > 0)
		buf_add(&small, piece, (size_t)k);
	ok(k == 0 && !gunzip_error(g, NULL) && small.len == sizeof text &&
	    !memcmp(small.data, text, sizeof text), "reads of 7 bytes give the same text");
	ok(gunzip_read(g, piece, sizeof piece) == 0, "and 0 again at the end");
	gunzip_close(g);
	buf_free(&small);

	buf_init(&got);
	ok(gunzip_all(one.data, one.len / 2, 1 << 20, &got, &why, &big) < 0 && big == 0 &&
	    strstr(why, "cut short"), "data cut short fails: %s", why);
	buf_free(&got);
	memset(one.data + 10, 0xff, 20);
	buf_init(&got);
	ok(gunzip_all(one.data, one.len, 1 << 20, &got, &why, &big) < 0 && big == 0,
	    "corrupt data fails: %s", why);
	buf_free(&got);

	buf_free(&one);
	buf_free(&two);
	return tap_done();
}
