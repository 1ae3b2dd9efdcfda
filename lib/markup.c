/* markup.c — see markup.h */
#include "markup.h"

#include <string.h>

/* Length of the UTF-8 character at s (1 for a stray byte) and its code
 * point (-1 when invalid). */
static size_t
char_at(const unsigned char *s, long *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
	if (!n) {
		*cp = -1;
		return 1;
	}
	long v = s[0] & (0x3f >> (n - 1));
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = -1;
			return i;
		}
		v = (v << 6) | (s[i] & 0x3f);
	}
	*cp = v;
	return n;
}

static int
hidden(long cp)
{
	return cp < 0 || (cp < 0x20 && cp != '\n' && cp != '\t') ||
	    (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) ||
	    cp == 0xfeff || (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe ||
	    (cp >= 0xd800 && cp <= 0xdfff);
}

static void
emit(struct buf *b, const char *s, size_t max, int escape)
{
	if (!s)
		return;
	const unsigned char *p = (const unsigned char *)s;
	size_t nchars = 0;
	while (*p) {
		long cp;
		size_t k = char_at(p, &cp);
		if (hidden(cp)) {
			p += k;
			continue;
		}
		if (max && nchars == max) {
			buf_adds(b, "\xe2\x80\xa6");
			return;
		}
		nchars++;
		if (escape) {
			switch (cp) {
			case '&': buf_adds(b, "&amp;"); p += k; continue;
			case '<': buf_adds(b, "&lt;"); p += k; continue;
			case '>': buf_adds(b, "&gt;"); p += k; continue;
			case '"': buf_adds(b, "&quot;"); p += k; continue;
			case '\'': buf_adds(b, "&#39;"); p += k; continue;
			}
		}
		buf_add(b, p, k);
		p += k;
	}
}

void
markup_escape(struct buf *b, const char *s, size_t max)
{
	emit(b, s, max, 1);
}

void
markup_clean(struct buf *b, const char *s, size_t max)
{
	emit(b, s, max, 0);
}

const char *
markup_safe_url(const char *url)
{
	if (!url || strlen(url) > 4096)
		return NULL;
	if (!ascii_startswith(url, "http://") && !ascii_startswith(url, "https://"))
		return NULL;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p == '"' || *p == '\'' || *p == '<' || *p == '>' ||
		    *p == '\\' || *p == '`' || *p == 0x7f)
			return NULL;
	return url;
}
