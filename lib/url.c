/* url.c — see url.h. Resolution is libcurl's URL API (curl_url), which
 * implements RFC 3986 reference resolution and normalisation: no second
 * hand-written URL parser in the project.
 *
 * libcurl is loaded when a URL first needs it (dlopen): most links of a
 * feed take the fast path below, and libcurl's dependencies (TLS, LDAP,
 * Kerberos, SSH...) cost about 8 ms at every start of a program that
 * links it, three quarters of veille-parse's start-up. veille-fetch,
 * which links libcurl, gets the library it already has. */
#include "url.h"
#include "util.h"

#include <ctype.h>
#include <curl/curl.h>
#include <dlfcn.h>
#include <err.h>
#include <stdlib.h>
#include <string.h>

/* The five functions of libcurl's URL API that url.c calls. */
static struct {
	CURLU *(*url)(void);
	void (*cleanup)(CURLU *);
	CURLUcode (*set)(CURLU *, CURLUPart, const char *, unsigned int);
	CURLUcode (*get)(const CURLU *, CURLUPart, char **, unsigned int);
	void (*free)(void *);
} cu;

/* 1 when the URL API can be called (loaded now or before), 0 when
 * libcurl cannot be found: said once, and then URLs that need it are
 * not resolved (url_resolve returns NULL, as for a reference it cannot
 * make absolute). */
static int
curl_api(void)
{
	static int state;	/* 0 not tried, 1 loaded, -1 failed */
	if (state)
		return state > 0;
	static const char *const names[] = { "libcurl.so.4", "libcurl.4.dylib", "libcurl.so" };
	void *h = NULL;
	for (size_t i = 0; !h && i < sizeof names / sizeof names[0]; i++)
		h = dlopen(names[i], RTLD_LAZY | RTLD_LOCAL);
	if (h) {
		/* POSIX's way from a data pointer to a function pointer */
		*(void **)&cu.url = dlsym(h, "curl_url");
		*(void **)&cu.cleanup = dlsym(h, "curl_url_cleanup");
		*(void **)&cu.set = dlsym(h, "curl_url_set");
		*(void **)&cu.get = dlsym(h, "curl_url_get");
		*(void **)&cu.free = dlsym(h, "curl_free");
	}
	state = h && cu.url && cu.cleanup && cu.set && cu.get && cu.free ? 1 : -1;
	if (state < 0)
		warnx("libcurl (%s) cannot be loaded: URLs that need resolving are kept as "
		    "they are", names[0]);
	return state > 0;
}

/* Percent-escapes with uppercase hex digits, in place (RFC 3986 6.2.2.1:
 * the normal form; libcurl 7.88 writes lowercase, later ones uppercase,
 * and a link must be spelt, and its item id computed, the same way
 * whatever libcurl does). */
static char *
upper_escapes(char *u)
{
	for (char *p = u; p && (p = strchr(p, '%')); p++)
		if (isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
			p[1] = (char)toupper((unsigned char)p[1]);
			p[2] = (char)toupper((unsigned char)p[2]);
			p += 2;
		}
	return u;
}

static char *
trimmed(const char *s)
{
	char *t = xstrdup(s ? s : "");
	str_trim(t);
	/* Spaces inside a URL are common in feeds; encode them. */
	if (strchr(t, ' ')) {
		struct buf b;
		buf_init(&b);
		for (char *p = t; *p; p++) {
			if (*p == ' ')
				buf_adds(&b, "%20");
			else
				buf_addc(&b, *p);
		}
		free(t);
		t = buf_steal(&b);
	}
	return t;
}

static int
has_scheme(const char *s)
{
	if (!isalpha((unsigned char)*s))
		return 0;
	for (const char *p = s + 1; *p; p++) {
		if (*p == ':')
			return 1;
		if (!isalnum((unsigned char)*p) && *p != '+' && *p != '-' && *p != '.')
			return 0;
	}
	return 0;
}

/* An absolute http(s) URL that libcurl would give back unchanged (1),
 * or changed only by the percent-encoding of bytes >= 0x80 before any
 * '#' (2), but for the case of hex digits: lowercase scheme and host, a
 * path, only characters that need no encoding, no dot segments. Most
 * links in feeds are like this; they skip the URL parser (profiling
 * showed it at 5% of veille-parse) and the loading of libcurl. 0:
 * anything else, for libcurl. */
static int
already_normal(const char *r)
{
	const char *p;
	if (!strncmp(r, "https://", 8))
		p = r + 8;
	else if (!strncmp(r, "http://", 7))
		p = r + 7;
	else
		return 0;
	const char *host = p;
	while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '-')
		p++;
	if (p == host || *p != '/' || p[-1] == '.')
		return 0;
	int high = 0, frag = 0;
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x80 && !frag) {
			high = 1;
			continue;
		}
		if (c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' ||
		    c == '^' || c == '`' || c == '{' || c == '|' || c == '}')
			return 0;
		if (c == '/' && p[1] == '.' && (p[2] == '/' || p[2] == '\0' || p[2] == '?' ||
		    p[2] == '#' || (p[2] == '.' && (p[3] == '/' || p[3] == '\0' || p[3] == '?' ||
		    p[3] == '#'))))
			return 0;
		if (c == '%' && (!isxdigit((unsigned char)p[1]) || !isxdigit((unsigned char)p[2])))
			return 0;
		/* libcurl drops an empty query */
		if (c == '?' && (p[1] == '\0' || p[1] == '#'))
			return 0;
		if (c == '#') {
			if (p[1] == '\0' || strchr(p + 1, '#'))
				return 0;
			frag = 1;
		}
	}
	return 1 + high;
}

/* "%XX" for byte c at o (uppercase hex, RFC 3986 6.2.2.1); o + 3. */
static char *
pct(char *o, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";
	o[0] = '%';
	o[1] = hex[c >> 4];
	o[2] = hex[c & 15];
	return o + 3;
}

/* r with each byte >= 0x80 before its '#' percent-encoded, as libcurl
 * does (already_normal returned 2). */
static char *
encode_high(const char *r)
{
	char *o = xmalloc(3 * strlen(r) + 1), *w = o;
	const char *p = r;
	for (; *p && *p != '#'; p++) {
		if ((unsigned char)*p >= 0x80)
			w = pct(w, (unsigned char)*p);
		else
			*w++ = *p;
	}
	memcpy(w, p, strlen(p) + 1);
	return o;
}

/* The fast path's result for u (already_normal gave k), or NULL. */
static char *
fast(const char *u, int k)
{
	if (k == 1)
		return upper_escapes(xstrdup(u));
	if (k == 2)
		return upper_escapes(encode_high(u));
	return NULL;
}

/* A reference relative to a base of the fast path, when joining them is
 * all RFC 3986 5.2 asks: a path starting with one '/' goes after the
 * base's scheme and host, a network-path ("//host/...") after its
 * scheme, a relative path after the base's last '/' (before its query
 * and fragment). The join must pass already_normal, which refuses dot
 * segments and anything libcurl would rewrite; NULL sends the pair to
 * libcurl. Feeds' relative links ("/", "/2026/11/x.html", "x.html")
 * then need no libcurl at all. */
static char *
join_fast(const char *base, const char *ref)
{
	if (!base || !*ref || *ref == '?' || *ref == '#' || has_scheme(ref) ||
	    already_normal(base) != 1)
		return NULL;
	/* a ':' in the first segment of a relative path is not a reference
	 * RFC 3986 reads (4.2); libcurl refuses it */
	if (*ref != '/' && ref[strcspn(ref, ":/?#")] == ':')
		return NULL;
	const char *host = strstr(base, "//") + 2;
	size_t keep;
	if (ref[0] == '/' && ref[1] == '/')
		keep = (size_t)(host - 2 - base);		/* "https:" */
	else if (ref[0] == '/')
		keep = (size_t)(host - base) + strcspn(host, "/");	/* "https://host" */
	else {
		size_t end = strcspn(base, "?#");
		keep = end;
		while (keep > 0 && base[keep - 1] != '/')
			keep--;
	}
	size_t rn = strlen(ref);
	char *u = xmalloc(keep + rn + 1);
	memcpy(u, base, keep);
	memcpy(u + keep, ref, rn + 1);
	char *o = fast(u, already_normal(u));
	free(u);
	return o;
}

char *
url_resolve(const char *base, const char *ref)
{
	char *f = ref ? fast(ref, already_normal(ref)) : NULL;
	if (!f && ref)
		f = join_fast(base, ref);
	if (f)
		return f;
	char *r = trimmed(ref);
	char *out = NULL;
	if (!curl_api()) {
		if (has_scheme(r))
			return r;
		free(r);
		return NULL;
	}
	CURLU *h = cu.url();
	if (!h) {
		free(r);
		return NULL;
	}
	unsigned flags = CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE;
	if (has_scheme(r)) {
		/* Absolute: mailto:, tag:, urn: are kept as they are. */
		if (cu.set(h, CURLUPART_URL, r, flags) == CURLUE_OK &&
		    cu.get(h, CURLUPART_URL, &out, 0) == CURLUE_OK) {
			char *o = xstrdup(out);
			cu.free(out);
			cu.cleanup(h);
			free(r);
			return upper_escapes(o);
		}
		cu.cleanup(h);
		return r;
	}
	/* The base's fragment takes no part (RFC 3986 5.2.2; libcurl 7.88
	 * reads a '/' in it as part of the path), so an empty reference is
	 * the base without its fragment. */
	char *b = base ? trimmed(base) : NULL;
	if (b)
		b[strcspn(b, "#")] = '\0';
	/* A fragment-only reference: the base plus it (libcurl 7.88 drops
	 * the last path segment there). */
	if (*r == '#' && b && has_scheme(b)) {
		cu.cleanup(h);
		char *o = xasprintf("%s%s", b, r);
		free(b);
		free(r);
		char *norm = url_resolve(NULL, o);
		if (norm) {
			free(o);
			return norm;
		}
		return o;
	}
	if (!b || !has_scheme(b) ||
	    cu.set(h, CURLUPART_URL, b, flags) != CURLUE_OK ||
	    cu.set(h, CURLUPART_URL, *r ? r : b, flags) != CURLUE_OK ||
	    cu.get(h, CURLUPART_URL, &out, 0) != CURLUE_OK) {
		cu.cleanup(h);
		free(b);
		free(r);
		return NULL;
	}
	char *o = xstrdup(out);
	cu.free(out);
	cu.cleanup(h);
	free(b);
	free(r);
	return upper_escapes(o);
}

int
url_is_web(const char *url, int allow_file)
{
	if (!url)
		return 0;
	if (ascii_startswith(url, "http://") || ascii_startswith(url, "https://"))
		return url[ascii_startswith(url, "http://") ? 7 : 8] != '\0';
	return allow_file && ascii_startswith(url, "file://");
}

int
url_safe(const char *url)
{
	return url_is_web(url, 0);
}

char *
url_host(const char *url)
{
	/* the host of a URL of the fast path is its lowercase letters,
	 * digits, dots and hyphens after "//" */
	if (already_normal(url)) {
		const char *h = strstr(url, "//") + 2;
		return xstrndup(h, strcspn(h, "/"));
	}
	if (!curl_api())
		return NULL;
	CURLU *h = cu.url();
	char *host = NULL, *o = NULL;
	if (h && cu.set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    cu.get(h, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		o = ascii_lower(xstrdup(host));
		cu.free(host);
	}
	cu.cleanup(h);
	return o;
}

unsigned
url_shard(const char *url, unsigned n)
{
	if (n <= 1 || !url)
		return 0;
	char *host = url_host(url);
	const char *key = host && *host ? host : url;
	uint64_t h = mem_hash64(key, strlen(key));
	free(host);
	/* FNV's low bits follow the low bits of the bytes (the last bit is
	 * the parity of the bytes' last bits): mix the high ones in before
	 * the modulo (MurmurHash3's finaliser). */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return (unsigned)(h % n);
}

_Static_assert(URL_SHARD_MAX == 4096, "url_shard_parse's message says 4096");

/* A decimal number of at most 9 digits at *p, moving *p past it;
 * -1 when there is none. */
static long
shard_number(const char **p)
{
	long v = 0;
	int digits = 0;
	for (; **p >= '0' && **p <= '9'; (*p)++) {
		if (++digits > 9)
			return -1;
		v = v * 10 + (**p - '0');
	}
	return digits ? v : -1;
}

int
url_shard_parse(const char *s, unsigned *k, unsigned *n, const char **why)
{
	const char *p = s;
	long K = shard_number(&p), N = -1;
	if (K >= 0 && *p == '/') {
		p++;
		N = shard_number(&p);
	}
	if (K < 0 || N < 0 || *p) {
		*why = "expected K/N, two numbers such as 2/3 (this machine takes the 2nd of 3 shares)";
		return -1;
	}
	if (N < 1 || N > URL_SHARD_MAX) {
		*why = "N, the number of shards, must be between 1 and 4096";
		return -1;
	}
	if (K < 1 || K > N) {
		*why = "K must be between 1 and N";
		return -1;
	}
	*k = (unsigned)(K - 1);
	*n = (unsigned)N;
	return 0;
}

char *
url_encode(const char *s)
{
	struct buf b;
	buf_init(&b);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			buf_addc(&b, (char)*p);
		} else {
			char e[3];
			pct(e, *p);
			buf_add(&b, e, 3);
		}
	}
	return buf_steal(&b);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

char *
url_decode(const char *s, int plus)
{
	struct buf b;
	buf_init(&b);
	for (const char *p = s; *p; p++) {
		if (*p == '%' && hexval((unsigned char)p[1]) >= 0 && hexval((unsigned char)p[2]) >= 0) {
			buf_addc(&b, (char)(hexval((unsigned char)p[1]) * 16 + hexval((unsigned char)p[2])));
			p += 2;
		} else if (*p == '+' && plus) {
			buf_addc(&b, ' ');
		} else {
			buf_addc(&b, *p);
		}
	}
	return buf_steal(&b);
}

char *
url_query_param(const char *url, const char *name)
{
	const char *q = strchr(url, '?');
	if (!q)
		return NULL;
	size_t nl = strlen(name);
	for (const char *p = q + 1; *p && *p != '#';) {
		const char *end = p + strcspn(p, "&#");
		if ((size_t)(end - p) > nl && !strncmp(p, name, nl) && p[nl] == '=') {
			char *raw = xstrndup(p + nl + 1, (size_t)(end - p - nl - 1));
			char *v = url_decode(raw, 1);
			free(raw);
			return v;
		}
		if ((size_t)(end - p) == nl && !strncmp(p, name, nl))
			return xstrdup("");
		p = *end == '&' ? end + 1 : end;
		if (*end == '#')
			break;
	}
	return NULL;
}
