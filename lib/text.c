/* text.c — see text.h */
#include "text.h"
#include "util.h"

#include <string.h>
#include <utf8proc.h>

/* Decode one code point at s[i] (n bytes in all): its length in *len, -1
 * for an invalid sequence (then *len is 1). */
static utf8proc_int32_t
decode(const char *s, size_t n, size_t i, size_t *len)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
	    (utf8proc_ssize_t)(n - i), &cp);
	if (k <= 0) {
		*len = 1;
		return -1;
	}
	*len = (size_t)k;
	return cp;
}

static void
put_cp(struct buf *b, utf8proc_int32_t cp)
{
	utf8proc_uint8_t u[4];
	utf8proc_ssize_t k = utf8proc_encode_char(cp, u);
	buf_add(b, u, (size_t)k);
}

static void
map_add(size_t **map, size_t *cap, size_t from, size_t to, size_t src)
{
	if (to + 1 > *cap) {
		while (to + 1 > *cap)
			*cap = *cap ? *cap * 2 : 64;
		*map = xrealloc(*map, *cap * sizeof **map);
	}
	for (size_t k = from; k < to; k++)
		(*map)[k] = src;
}

/* Fold one code point (not ASCII) into b. */
static void
fold_cp(struct buf *b, utf8proc_int32_t cp)
{
	switch (cp) {
	case 0x2018: case 0x2019: case 0x02BC:
		buf_addc(b, '\'');
		return;
	case 0x0152: case 0x0153:   /* Œ œ */
		buf_adds(b, "oe");
		return;
	case 0x00C6: case 0x00E6:   /* Æ æ */
		buf_adds(b, "ae");
		return;
	}
	utf8proc_int32_t dec[32];
	int last = 0;
	utf8proc_ssize_t k = utf8proc_decompose_char(cp, dec, 32,
	    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK,
	    &last);
	if (k < 0 || k > 32) {
		put_cp(b, cp);
		return;
	}
	/* Compose what the decomposition split (Hangul, and letters whose
	 * compatibility form keeps a mark that is not stripped). */
	if (k > 1) {
		utf8proc_ssize_t m = utf8proc_normalize_utf32(dec, k,
		    UTF8PROC_COMPOSE | UTF8PROC_STABLE);
		if (m > 0)
			k = m;
	}
	for (utf8proc_ssize_t j = 0; j < k; j++)
		put_cp(b, dec[j]);
}

char *
text_fold(const char *s, size_t n, size_t *outlen, size_t **map)
{
	struct buf b;
	buf_init(&b);
	buf_grow(&b, n + 1);
	size_t mcap = 0;
	if (map) {
		/* Folding rarely lengthens text: one allocation, mostly. */
		mcap = n + 16;
		*map = xmalloc(mcap * sizeof **map);
	}
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t before = b.len, len = 1;
		if (c < 0x80) {
			/* A run of ASCII: lower-cased in one go. */
			size_t j = i;
			while (j < n && (unsigned char)s[j] < 0x80)
				j++;
			buf_grow(&b, j - i);
			if (map && b.len + (j - i) + 1 > mcap) {
				while (b.len + (j - i) + 1 > mcap)
					mcap *= 2;
				*map = xrealloc(*map, mcap * sizeof **map);
			}
			for (size_t k = i; k < j; k++) {
				unsigned char a = (unsigned char)s[k];
				if (map)
					(*map)[b.len] = k;
				b.data[b.len++] = (char)(a >= 'A' && a <= 'Z' ? a + 32 : a);
			}
			b.data[b.len] = '\0';
			i = j;
			continue;
		}
		utf8proc_int32_t cp = decode(s, n, i, &len);
		if (cp < 0)
			buf_adds(&b, "\xef\xbf\xbd");
		else
			fold_cp(&b, cp);
		if (map)
			map_add(map, &mcap, before, b.len, i);
		i += len;
	}
	if (map) {
		map_add(map, &mcap, b.len, b.len, n);
		(*map)[b.len] = n;
	}
	if (outlen)
		*outlen = b.len;
	return buf_steal(&b);
}

static int
is_word_cp(utf8proc_int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9');
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

/* Length of an apostrophe at s[i] (' ’ ʼ), or 0. */
static size_t
apostrophe(const char *s, size_t n, size_t i)
{
	if (s[i] == '\'')
		return 1;
	if (i + 3 <= n && !memcmp(s + i, "\xe2\x80\x99", 3))
		return 3;
	if (i + 2 <= n && !memcmp(s + i, "\xca\xbc", 2))
		return 2;
	return 0;
}

static int
elided(const char *p, size_t len)
{
	static const char *const pre[] = {
		"c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu",
		"puisqu", "quoiqu", NULL,
	};
	for (int k = 0; pre[k]; k++)
		if (strlen(pre[k]) == len && !ascii_ncasecmp(p, pre[k], len))
			return 1;
	return 0;
}

static int
word_at(const char *s, size_t n, size_t i, size_t *len)
{
	if (i >= n)
		return 0;
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80) {
		*len = 1;
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}
	utf8proc_int32_t cp = decode(s, n, i, len);
	return cp >= 0 && is_word_cp(cp);
}

int
text_next_word(const char *s, size_t n, size_t *pos, struct text_tok *t)
{
	size_t i = *pos, len;
	while (i < n && !word_at(s, n, i, &len))
		i += len;
	if (i >= n) {
		*pos = n;
		return 0;
	}
	size_t start = i;
	int flags = 0;
	if (start > 0 && s[start - 1] == '#')
		flags = TOK_HASHTAG;
	else if (start > 0 && s[start - 1] == '@')
		flags = TOK_MENTION;
	while (i < n) {
		if (word_at(s, n, i, &len)) {
			i += len;
			continue;
		}
		size_t a = apostrophe(s, n, i), l2;
		if (!a || !word_at(s, n, i + a, &l2))
			break;
		if (elided(s + start, i - start)) {
			start = i + a;
			i = start;
			continue;
		}
		/* English possessive: 's then no letter. */
		size_t l3;
		if ((s[i + a] == 's' || s[i + a] == 'S') && !word_at(s, n, i + a + 1, &l3)) {
			t->off = start;
			t->len = i - start;
			t->flags = flags;
			*pos = i + a + 1;
			return 1;
		}
		i += a;
	}
	t->off = start;
	t->len = i - start;
	t->flags = flags;
	*pos = i;
	return 1;
}
