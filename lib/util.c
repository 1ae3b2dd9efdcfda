/* util.c — see util.h */
#include "util.h"

#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

const char *veille_progname = "veille";

sigjmp_buf *xalloc_guard;

void
xalloc_failed(void)
{
	if (xalloc_guard)
		siglongjmp(*xalloc_guard, 1);
	errx(2, "out of memory");
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		xalloc_failed();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		xalloc_failed();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		xalloc_failed();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	struct buf b;

	buf_init(&b);
	va_start(ap, fmt);
	char probe[1];
	int n = vsnprintf(probe, sizeof probe, fmt, ap);
	va_end(ap);
	if (n < 0)
		errx(2, "xasprintf: bad format");
	buf_grow(&b, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b.data, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b.len = (size_t)n;
	return buf_steal(&b);
}

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
buf_grow(struct buf *b, size_t extra)
{
	if (extra > (size_t)-1 / 2 - b->len)
		errx(2, "buffer too large");
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
	b->data[b->len] = '\0';
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	char probe[1];
	int n = vsnprintf(probe, sizeof probe, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *
buf_steal(struct buf *b)
{
	if (!b->data)
		return xstrdup("");
	char *p = b->data;
	buf_init(b);
	return p;
}

int
ascii_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
		if (ca != cb || !ca)
			return ca - cb;
	}
}

int
ascii_ncasecmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
		if (ca != cb || !ca)
			return ca - cb;
	}
	return 0;
}

const char *
ascii_casestr(const char *s, const char *word)
{
	size_t n = strlen(word);
	if (!n)
		return s;
	/* candidates by their first byte, in either case (strpbrk is fast) */
	char first[3] = { word[0], word[0], '\0' };
	if (first[0] >= 'a' && first[0] <= 'z')
		first[1] = (char)(first[0] - 'a' + 'A');
	else if (first[0] >= 'A' && first[0] <= 'Z')
		first[1] = (char)(first[0] - 'A' + 'a');
	for (; (s = strpbrk(s, first)); s++)
		if (ascii_ncasecmp(s, word, n) == 0)
			return s;
	return NULL;
}

int
ascii_startswith(const char *s, const char *prefix)
{
	return ascii_ncasecmp(s, prefix, strlen(prefix)) == 0;
}

char *
ascii_lower(char *s)
{
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	return s;
}

const char *
mem_find(const char *hay, size_t hn, const char *needle, size_t nn)
{
	if (nn == 0)
		return hay;
	for (size_t i = 0; i + nn <= hn; i++) {
		const char *p = memchr(hay + i, needle[0], hn - i - nn + 1);
		if (!p)
			return NULL;
		i = (size_t)(p - hay);
		if (!memcmp(p, needle, nn))
			return p;
	}
	return NULL;
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char *
str_trim(char *s)
{
	char *p = s;
	while (is_space((unsigned char)*p))
		p++;
	size_t n = strlen(p);
	while (n && is_space((unsigned char)p[n - 1]))
		n--;
	memmove(s, p, n);
	s[n] = '\0';
	return s;
}

int
str_empty(const char *s)
{
	if (!s)
		return 1;
	for (; *s; s++)
		if (!is_space((unsigned char)*s))
			return 0;
	return 1;
}

char *
str_squash(const char *s, int nbsp)
{
	struct buf b;
	buf_init(&b);
	int space = 0;
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			space = 1;
			continue;
		}
		if (nbsp && (unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0) {
			space = 1;
			p++;
			continue;
		}
		if (space && b.len)
			buf_addc(&b, ' ');
		space = 0;
		buf_addc(&b, *p);
	}
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

const char *
mem_next(const char *prev, const char *p, const char *end, int c)
{
	if (!prev || prev >= p)
		return prev;
	return p < end ? memchr(p, c, (size_t)(end - p)) : NULL;
}

int
read_all(int fd, size_t max, struct buf *out)
{
	/* A regular file is read straight into a buffer of its size (one
	 * more byte to see the end); anything else grows as it comes. */
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (unsigned long long)st.st_size < max)
		buf_grow(out, (size_t)st.st_size + 1);
	for (;;) {
		/* into the buffer when it has room (less the NUL it keeps),
		 * else through a small one that buf_add makes room for */
		char tmp[16384], *dst = tmp;
		size_t room = sizeof tmp;
		if (out->cap > out->len + sizeof tmp) {
			dst = out->data + out->len;
			room = out->cap - out->len - 1;
		}
		ssize_t n = read(fd, dst, room);
		if (n < 0) {
			if (errno == EINTR && !stop_signal)
				continue;
			return -1;
		}
		if (n == 0)
			return 0;
		if (out->len + (size_t)n > max) {
			errno = EFBIG;
			return -1;
		}
		if (dst == tmp) {
			buf_add(out, tmp, (size_t)n);
		} else {
			out->len += (size_t)n;
			out->data[out->len] = '\0';
		}
	}
}

int
stderr_is_tty(void)
{
	static int cached = -1;
	if (cached < 0)
		cached = isatty(2);
	return cached;
}

long long
monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

uint64_t
mem_hash64(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 14695981039346656037ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ULL;
	return h;
}

size_t
mem_hash(const void *p, size_t n)
{
	return (size_t)mem_hash64(p, n);
}

volatile sig_atomic_t stop_signal;

static void
on_stop_signal(int sig)
{
	stop_signal = sig;
}

void
catch_stop_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	/* A signal ignored on entry stays ignored (a job started with &
	 * by a script, nohup): Ctrl-C at the terminal is not for it. */
	const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old;
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}
