/* robots.c — see robots.h */
#include "robots.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct rule {
	char *pat;      /* normalised, "$" removed, implicit "*" added */
	size_t weight;  /* length of the pattern as written: longest wins */
	int allow;
};

struct ruleset {
	struct rule *v;
	size_t n, cap;
	long delay_ms;
};

struct robots {
	struct ruleset rs;
	int all;        /* -1: use the rules, 0: disallow all, 1: allow all */
};

static void
rs_add(struct ruleset *rs, const char *val, size_t n, int allow);

/* Percent-encode octets outside US-ASCII and uppercase %xx, so a pattern
 * and a path written differently compare equal (RFC 9309 2.2.2). */
static void
norm_path(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			buf_addc(b, '%');
			buf_addc(b, (char)toupper((unsigned char)s[i + 1]));
			buf_addc(b, (char)toupper((unsigned char)s[i + 2]));
			i += 2;
		} else if (c >= 0x80 || c <= 0x20) {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		} else {
			buf_addc(b, (char)c);
		}
	}
}

static void
rs_add(struct ruleset *rs, const char *val, size_t n, int allow)
{
	if (n == 0)
		return;    /* "Disallow:" with no path allows everything */
	struct buf b;
	buf_init(&b);
	int anchored = val[n - 1] == '$';
	norm_path(&b, val, anchored ? n - 1 : n);
	if (!anchored)
		buf_addc(&b, '*');
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 8;
		rs->v = xrealloc(rs->v, rs->cap * sizeof *rs->v);
	}
	rs->v[rs->n].pat = buf_steal(&b);
	rs->v[rs->n].weight = n;
	rs->v[rs->n].allow = allow;
	rs->n++;
}

static void
rs_free(struct ruleset *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		free(rs->v[i].pat);
	free(rs->v);
	memset(rs, 0, sizeof *rs);
}

/* Does the user-agent value name our product token? */
static int
agent_matches(const char *v, size_t n, const char *token)
{
	size_t t = strlen(token);
	if (n < t || ascii_ncasecmp(v, token, t) != 0)
		return 0;
	return n == t || v[t] == '/' || v[t] == ' ';
}

static long
parse_delay(const char *v, size_t n)
{
	char tmp[32];
	if (n == 0 || n >= sizeof tmp)
		return 0;
	memcpy(tmp, v, n);
	tmp[n] = '\0';
	char *end;
	double d = strtod(tmp, &end);
	if (end == tmp || d <= 0 || d != d)
		return 0;
	if (d > 86400)
		d = 86400;
	return (long)(d * 1000);
}

/* The next "key: value" line of robots.txt from *p (a UTF-8 BOM before it,
 * comments and lines without a colon skipped): key and value trimmed.
 * 0 at the end. */
static int
next_line(const char **p, const char *end, const char **k, size_t *kn,
    const char **v, size_t *vn)
{
	if (end - *p >= 3 && !memcmp(*p, "\xEF\xBB\xBF", 3))
		*p += 3;
	while (*p < end) {
		const char *eol = *p;
		while (eol < end && *eol != '\n' && *eol != '\r')
			eol++;
		const char *line = *p, *lend = eol;
		*p = eol < end ? eol + 1 : end;
		const char *hash = memchr(line, '#', (size_t)(lend - line));
		if (hash)
			lend = hash;
		const char *colon = memchr(line, ':', (size_t)(lend - line));
		if (!colon)
			continue;
		const char *ks = line, *kend = colon;
		while (ks < kend && isspace((unsigned char)*ks))
			ks++;
		while (kend > ks && isspace((unsigned char)kend[-1]))
			kend--;
		const char *vs = colon + 1, *vend = lend;
		while (vs < vend && isspace((unsigned char)*vs))
			vs++;
		while (vend > vs && isspace((unsigned char)vend[-1]))
			vend--;
		*k = ks;
		*kn = (size_t)(kend - ks);
		*v = vs;
		*vn = (size_t)(vend - vs);
		return 1;
	}
	return 0;
}

struct robots *
robots_parse(const char *txt, size_t n, const char *token)
{
	struct robots *r = xcalloc(1, sizeof *r);
	struct ruleset mine = { 0 }, star = { 0 };
	int seen_mine = 0, seen_star = 0;
	int cur_mine = 0, cur_star = 0, in_agents = 0;

	r->all = -1;
	const char *p = txt, *end = txt + n, *k, *v;
	size_t kn, vn;
	while (next_line(&p, end, &k, &kn, &v, &vn)) {
		if ((kn == 10 && !ascii_ncasecmp(k, "user-agent", 10)) ||
		    (kn == 9 && !ascii_ncasecmp(k, "useragent", 9))) {
			if (!in_agents)
				cur_mine = cur_star = 0;
			in_agents = 1;
			if (vn == 1 && *v == '*') {
				cur_star = 1;
				seen_star = 1;
			} else if (agent_matches(v, vn, token)) {
				cur_mine = 1;
				seen_mine = 1;
			}
		} else if ((kn == 5 && !ascii_ncasecmp(k, "allow", 5)) ||
		    (kn == 8 && !ascii_ncasecmp(k, "disallow", 8))) {
			in_agents = 0;
			int allow = kn == 5;
			if (cur_mine)
				rs_add(&mine, v, vn, allow);
			if (cur_star)
				rs_add(&star, v, vn, allow);
		} else if (kn == 11 && !ascii_ncasecmp(k, "crawl-delay", 11)) {
			in_agents = 0;
			long d = parse_delay(v, vn);
			if (cur_mine && d > mine.delay_ms)
				mine.delay_ms = d;
			if (cur_star && d > star.delay_ms)
				star.delay_ms = d;
		}
		/* Sitemap and unknown keys belong to no group. */
	}
	if (seen_mine) {
		r->rs = mine;
		rs_free(&star);
	} else {
		r->rs = star;
		rs_free(&mine);
	}
	(void)seen_star;
	return r;
}

size_t
robots_sitemaps(const char *txt, size_t n,
    void (*fn)(const char *url, size_t len, void *arg), void *arg)
{
	const char *p = txt, *end = txt + n, *k, *v;
	size_t kn, vn, count = 0;
	while (next_line(&p, end, &k, &kn, &v, &vn))
		if (kn == 7 && !ascii_ncasecmp(k, "sitemap", 7) && vn) {
			fn(v, vn, arg);
			count++;
		}
	return count;
}

struct robots *
robots_new_all(int allow)
{
	struct robots *r = xcalloc(1, sizeof *r);
	r->all = allow ? 1 : 0;
	return r;
}

/* Glob match of the whole of s against p, where "*" matches any run. */
static int
glob_match(const char *p, const char *s)
{
	const char *star = NULL, *mark = NULL;
	while (*s) {
		if (*p == '*') {
			star = p++;
			mark = s;
		} else if (*p && *p == *s) {
			p++;
			s++;
		} else if (star) {
			p = star + 1;
			s = ++mark;
		} else {
			return 0;
		}
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

int
robots_allowed(const struct robots *r, const char *path)
{
	if (!path || !*path)
		path = "/";
	if (!strcmp(path, "/robots.txt"))
		return 1;
	if (r->all >= 0)
		return r->all;
	struct buf b;
	buf_init(&b);
	norm_path(&b, path, strlen(path));
	const char *s = b.data ? b.data : "/";
	size_t best = 0;
	int allow = 1;
	for (size_t i = 0; i < r->rs.n; i++) {
		const struct rule *ru = &r->rs.v[i];
		if (ru->weight < best || (ru->weight == best && !ru->allow))
			continue;
		if (glob_match(ru->pat, s)) {
			best = ru->weight;
			allow = ru->allow;
		}
	}
	buf_free(&b);
	return allow;
}

long
robots_crawl_delay_ms(const struct robots *r)
{
	return r->all >= 0 ? 0 : r->rs.delay_ms;
}

size_t
robots_nrules(const struct robots *r)
{
	return r->rs.n;
}

void
robots_free(struct robots *r)
{
	if (!r)
		return;
	rs_free(&r->rs);
	free(r);
}
