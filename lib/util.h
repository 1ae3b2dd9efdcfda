/* util.h — allocation that never returns NULL, a growable byte buffer,
 * small string helpers shared by every veille tool. */
#ifndef VEILLE_UTIL_H
#define VEILLE_UTIL_H

#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>

/* The running tool's name for messages (set by cli_getopt). */
extern const char *veille_progname;

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* When an allocation fails (of ours, or one libxml2 reports): "out of
 * memory" and exit 2, unless xalloc_guard is set, then a jump there
 * (siglongjmp, value 1), so that a program can give up one document
 * and go on (veille-parse). Code that runs under a guard keeps every
 * pointer it stores valid across an allocation. */
extern sigjmp_buf *xalloc_guard;
_Noreturn void xalloc_failed(void);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer, always NUL-terminated after buf_* calls. */
struct buf {
	char *data;
	size_t len, cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the data over to the caller (buffer is reset). Never NULL. */
char *buf_steal(struct buf *b);

/* ASCII-only case-insensitive comparisons (locale independent). */
int ascii_casecmp(const char *a, const char *b);
int ascii_ncasecmp(const char *a, const char *b, size_t n);
int ascii_startswith(const char *s, const char *prefix); /* case-insensitive */
/* The first occurrence of word in s, ASCII case ignored, or NULL. */
const char *ascii_casestr(const char *s, const char *word);
char *ascii_lower(char *s);
/* memmem(3) is not POSIX: the first n-byte needle in hay, or NULL. */
/* FNV-1a of p[0..n): for the hash tables of names and words. */
size_t mem_hash(const void *p, size_t n);
/* The same FNV-1a, 64 bits whatever size_t is: for a hash that must give
 * the same answer on every machine (url_shard). */
uint64_t mem_hash64(const void *p, size_t n);

const char *mem_find(const char *hay, size_t hn, const char *needle, size_t nn);
/* The first c at or after p (before end), for a scanner that looks for
 * several bytes at once: prev is the answer for an earlier p (NULL when
 * there was none), searched for again only once p has passed it, so that
 * the whole scan stays linear. */
const char *mem_next(const char *prev, const char *p, const char *end, int c);

/* Eight bytes at a time: x is eight bytes of text read with memcpy; bit 7
 * of each byte of the result is set when that byte equals c, or is below
 * n (1 <= n <= 0x80). Exact: no carry crosses from one byte to the next. */
static inline uint64_t
word_bytes_eq(uint64_t x, unsigned char c)
{
	const uint64_t lo7 = 0x7F7F7F7F7F7F7F7FULL;
	x ^= 0x0101010101010101ULL * c;
	return ~(((x & lo7) + lo7) | x | lo7);
}

static inline uint64_t
word_bytes_below(uint64_t x, unsigned char n)
{
	const uint64_t lo7 = 0x7F7F7F7F7F7F7F7FULL;
	return ~((x & lo7) + 0x0101010101010101ULL * (unsigned char)(0x80 - n)) & ~x &
	    0x8080808080808080ULL;
}

/* s with each run of blanks (space, tab, CR, LF; and U+00A0 when nbsp)
 * made one space, none at either end (malloc'd; NULL reads as ""). */
char *str_squash(const char *s, int nbsp);

/* Trim ASCII white space in place, return s. */
char *str_trim(char *s);
int str_empty(const char *s); /* NULL, "" or only white space */

/* Read a whole stream; refuses more than max bytes (returns -1, errno=EFBIG);
 * -1 and EINTR when a stop signal arrives (catch_stop_signals). */
int read_all(int fd, size_t max, struct buf *out);

/* Milliseconds of a monotonic clock, for timeouts and rates. */
long long monotonic_ms(void);

/* SIGINT, SIGTERM and SIGHUP set stop_signal (to the signal) instead of
 * killing the tool, which then writes what it has done and exits
 * 128 + stop_signal (130 for Ctrl-C), as shells expect. Blocking calls
 * return EINTR (no SA_RESTART) so that the tool sees it at once. A
 * signal ignored on entry (nohup, a job started with &) stays ignored. */
extern volatile sig_atomic_t stop_signal;
void catch_stop_signals(void);

/* Is stderr a terminal (for progress lines)? Cached. */
int stderr_is_tty(void);

#endif
