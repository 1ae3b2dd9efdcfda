/* gunzip.h — gzip-compressed documents (a sitemap.xml.gz served as
 * application/x-gzip or octet-stream: the file itself is compressed, not
 * the transfer), decompressed with zlib as they are read, under a bound
 * on the decompressed size: a decompression bomb is an error, never an
 * exhausted memory. Members written one after the other (gzip's own
 * concatenation) are read in turn; bytes after the last member that do
 * not start another one are ignored, as gzip(1) does. */
#ifndef VEILLE_GUNZIP_H
#define VEILLE_GUNZIP_H

#include <stddef.h>
#include "util.h"

struct gunzip;

/* Does s start like a gzip member (1f 8b, method deflate)? */
int gunzip_is(const char *s, size_t n);

/* A reader of the compressed s[0..n) (not copied: s must outlive it)
 * giving at most max decompressed bytes. Never NULL. */
struct gunzip *gunzip_open(const char *s, size_t n, size_t max);
/* Up to cap decompressed bytes into out: their number, 0 at the end, -1
 * on an error (then gunzip_error). */
long gunzip_read(struct gunzip *g, char *out, size_t cap);
/* Why the last read failed: a sentence (valid until gunzip_close), and
 * in *too_large (may be NULL) 1 when the bound was passed, 0 when the
 * data is corrupt or cut short. NULL when there was no error. */
const char *gunzip_error(const struct gunzip *g, int *too_large);
void gunzip_close(struct gunzip *g);

/* The whole of s decompressed into out (appended): 0, or -1 with
 * *why (static until the next call) and *too_large as above. */
int gunzip_all(const char *s, size_t n, size_t max, struct buf *out,
    const char **why, int *too_large);

#endif
