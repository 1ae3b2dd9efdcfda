/* canon.c — see canon.h. The URL is normalised by url_resolve (libcurl's
 * URL API or its fast path); what is left here splits that normal,
 * absolute URL at its delimiters and applies the rules. */
#include "canon.h"
#include "url.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Tracking parameters: analytics and campaign tags of e-mail, social
 * and ad platforms, that never select content. */
static const char *const tracking[] = {
	"fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "igshid",
	"twclid", "ttclid", "li_fat_id", "wbraid", "gbraid",
	"mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok",
	"xtor", "xtref", "xts", "at_medium", "at_campaign", "at_format",
	"at_link", "at_send_date", "at_platform", "at_creation", "at_source",
	"ref_src", "ref_url", "cmpid", "cmp", "smid", "smtyp", "ncid",
	"ito", "sr_share", "oly_enc_id", "oly_anon_id", "vero_id",
	"wickedid", "spm", "__twitter_impression", "s_cid", "ns_campaign",
	"ns_mchannel", "ns_source", "ns_linkname", "ns_fee", "ocid",
	NULL,
};

/* Hosts where "ref" names content (a branch, a tag), not a referrer. */
static const char *const ref_hosts[] = {
	"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", NULL,
};

int
canon_is_tracking(const char *name, size_t n, const char *host)
{
	if (n > 4 && !ascii_ncasecmp(name, "utm_", 4))
		return 1;
	for (int i = 0; tracking[i]; i++)
		if (strlen(tracking[i]) == n && !ascii_ncasecmp(name, tracking[i], n))
			return 1;
	if (n == 3 && !ascii_ncasecmp(name, "ref", 3)) {
		for (int i = 0; host && ref_hosts[i]; i++)
			if (!strcmp(host, ref_hosts[i]))
				return 0;
		return 1;
	}
	return 0;
}

/* Parameters that ask for the AMP edition (name n bytes, value v). */
static int
amp_param(const char *name, size_t n, const char *v, size_t vn)
{
	if (n == 10 && !ascii_ncasecmp(name, "outputtype", 10))
		return vn == 3 && !ascii_ncasecmp(v, "amp", 3);
	if (n == 3 && !ascii_ncasecmp(name, "amp", 3))
		return vn == 0 || (vn == 1 && *v == '1') ||
		    (vn == 4 && !ascii_ncasecmp(v, "true", 4));
	if (n == 4 && !ascii_ncasecmp(name, "_amp", 4))
		return vn == 4 && !ascii_ncasecmp(v, "true", 4);
	return 0;
}

static int
unreserved(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '.' || c == '_' || c == '~';
}

/* s[0..n) into b with escapes of unreserved characters decoded and the
 * others in uppercase; bytes outside printable ASCII escaped. */
static void
add_escapes(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			char hx[3] = { s[i + 1], s[i + 2], 0 };
			int c = (int)strtol(hx, NULL, 16);
			if (unreserved(c)) {
				buf_addc(b, (char)c);
			} else {
				char e[3] = { '%', hex[c >> 4], hex[c & 15] };
				buf_add(b, e, 3);
			}
			i += 2;
			continue;
		}
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f) {   /* one form, however url_resolve left it */
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			buf_add(b, e, 3);
			continue;
		}
		buf_addc(b, s[i]);
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The origin URL inside an AMP cache or viewer URL, or NULL:
 * https://www-example-com.cdn.ampproject.org/c/s/www.example.com/x,
 * https://www.google.com/amp/s/www.example.com/x ("/s/": https;
 * without it, http). */
static char *
amp_origin(const char *host, const char *path)
{
	const char *p = NULL;
	static const char cdn[] = ".cdn.ampproject.org";
	size_t hn = strlen(host), cn = sizeof cdn - 1;
	if (hn > cn && !strcmp(host + hn - cn, cdn)) {
		if (!strncmp(path, "/c/", 3) || !strncmp(path, "/v/", 3) || !strncmp(path, "/i/", 3))
			p = path + 3;
	} else if ((!strcmp(host, "google.com") || !strncmp(host, "google.", 7)) &&
	    !strncmp(path, "/amp/", 5)) {
		p = path + 5;
	}
	if (!p)
		return NULL;
	int tls = 0;
	if (!strncmp(p, "s/", 2)) {
		tls = 1;
		p += 2;
	}
	if (!*p || *p == '/')
		return NULL;
	return xasprintf("%s://%s", tls ? "https" : "http", p);
}

/* host (lowercase) without "www.", "m.", "mobile." when a name with a
 * dot remains; stacked ones all go (www.m.example.com), else the
 * canonical form would have a canonical form of its own. */
static const char *
strip_host(const char *h)
{
	static const char *const pre[] = { "www.", "m.", "mobile.", NULL };
	for (int i = 0; pre[i]; i++) {
		size_t k = strlen(pre[i]);
		if (!strncmp(h, pre[i], k) && strchr(h + k, '.') && h[k] != '.') {
			h += k;
			i = -1;
		}
	}
	return h;
}

/* 1 when url_resolve gave u back as it was, libcurl having refused it
 * (a control character, a space, a stray byte in the user name): dot
 * segments or controls are left. No reader follows such a URL, and its
 * form could have a form of its own (found by fuzz_canon). */
static int
unresolved(const char *u)
{
	for (const char *c = u; *c; c++)
		if ((unsigned char)*c <= 0x20 || *c == 0x7f)
			return 1;
	const char *p = strstr(u, "://");
	p = p ? p + 3 + strcspn(p + 3, "/?#") : u;
	while (*p == '/') {
		size_t n = strcspn(++p, "/?#");
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 1;
		p += n;
	}
	return 0;
}

static char *canon_depth(const char *url, int depth);

/* The form of a form is itself: where libcurl reads the form otherwise
 * than the URL (a host "1." is "0.0.0.1" once its dot is gone), a
 * second pass settles it (found by fuzz_canon). */
char *
canon_url(const char *url)
{
	char *c = canon_depth(url, 0);
	for (int i = 0; c && i < 3; i++) {
		char *d = canon_depth(c, 0);
		if (d && !strcmp(c, d)) {
			free(d);
			break;
		}
		free(c);
		c = d;
	}
	return c;
}

static char *
canon_depth(const char *url, int depth)
{
	if (!url || !url_is_web(url, 0))
		return NULL;
	char *u = url_resolve(NULL, url);
	if (!u)
		return NULL;
	if (unresolved(u)) {
		free(u);
		return NULL;
	}
	/* scheme */
	char *p = strstr(u, "://");
	if (!p || !url_is_web(u, 0)) {
		free(u);
		return NULL;
	}
	p += 3;
	/* authority: [user[:pass]@]host[:port] */
	size_t alen = strcspn(p, "/?#");
	char *auth = xstrndup(p, alen);
	char *rest = p + alen;
	char *at = strrchr(auth, '@');
	char *host = at ? at + 1 : auth;
	char *port = NULL;
	if (*host == '[') {
		char *e = strchr(host, ']');
		if (e && e[1] == ':')
			port = e + 1;
	} else {
		port = strrchr(host, ':');
	}
	if (port)
		*port++ = '\0';
	ascii_lower(host);
	size_t hn = strlen(host);
	while (hn && host[hn - 1] == '.')
		host[--hn] = '\0';
	/* "user::", "host:8x": not an authority a reader could follow (and
	 * its form would not be canonical: fuzz_canon) */
	if (!hn || (port && port[strspn(port, "0123456789")]) ||
	    (*host != '[' && strchr(host, ':'))) {
		free(auth);
		free(u);
		return NULL;
	}
	if (port && (!*port || !strcmp(port, "80") || !strcmp(port, "443")))
		port = NULL;
	const char *h = strip_host(host);

	/* path, query, fragment */
	size_t plen = strcspn(rest, "?#");
	char *path = xstrndup(rest, plen);
	char *query = NULL, *frag = NULL;
	rest += plen;
	if (*rest == '?') {
		size_t qn = strcspn(rest + 1, "#");
		query = xstrndup(rest + 1, qn);
		rest += 1 + qn;
	}
	if (*rest == '#' && (rest[1] == '!' || rest[1] == '/'))
		frag = rest;

	char *origin = depth < 2 ? amp_origin(h, path) : NULL;
	if (origin) {
		char *c = canon_depth(origin, depth + 1);
		free(origin);
		free(path);
		free(query);
		free(auth);
		free(u);
		return c;
	}

	struct buf b;
	buf_init(&b);
	buf_adds(&b, "https://");
	buf_adds(&b, h);
	if (port) {
		buf_addc(&b, ':');
		buf_adds(&b, port);
	}
	/* path: AMP segments out, final slash out */
	size_t n = strlen(path);
	char *ps = path;
	if (!strncmp(ps, "/amp/", 5)) {
		ps += 4;
		n -= 4;
	}
	if (n >= 4 && !strcmp(ps + n - 4, "/amp"))
		n -= 4;
	else if (n >= 5 && !strcmp(ps + n - 5, "/amp/"))
		n -= 5;
	while (n > 1 && ps[n - 1] == '/')
		n--;
	if (!n)
		buf_addc(&b, '/');
	else
		add_escapes(&b, ps, n);

	if (query) {
		size_t np = 0, cap = 8;
		char **params = xmalloc(cap * sizeof *params);
		char *save = NULL;
		for (char *t = strtok_r(query, "&", &save); t; t = strtok_r(NULL, "&", &save)) {
			size_t nn = strcspn(t, "=");
			const char *v = t[nn] ? t + nn + 1 : t + nn;
			if (!nn || canon_is_tracking(t, nn, h) || amp_param(t, nn, v, strlen(v)))
				continue;
			struct buf pb;
			buf_init(&pb);
			add_escapes(&pb, t, strlen(t));
			if (np == cap)
				params = xrealloc(params, (cap *= 2) * sizeof *params);
			params[np++] = buf_steal(&pb);
		}
		qsort(params, np, sizeof *params, cmp_str);
		for (size_t i = 0; i < np; i++) {
			buf_addc(&b, i ? '&' : '?');
			buf_adds(&b, params[i]);
			free(params[i]);
		}
		free(params);
	}
	if (frag)
		buf_adds(&b, frag);
	free(path);
	free(query);
	free(auth);
	free(u);
	return buf_steal(&b);
}
