/* msg.c — see msg.h */
#include "msg.h"
#include "progress.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *
msg_escape(const char *s, size_t n, char *out, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		/* C0 controls but tab, DEL, and the C1 controls (U+0080..U+009F,
		 * UTF-8 C2 80..C2 9F), which terminals also obey. */
		int c1 = c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f;
		if ((c < 0x20 && c != '\t') || c == 0x7f || c1) {
			unsigned char v = c1 ? (unsigned char)s[++i] : c;
			if (o + 4 > max)
				goto cut;
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[v >> 4];
			out[o++] = hex[v & 15];
			continue;
		}
		if (o + 1 > max)
			goto cut;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return out;
cut:
	/* No half character before the "...". */
	{
		size_t j = o;
		while (j > 0 && ((unsigned char)out[j - 1] & 0xc0) == 0x80)
			j--;
		if (j > 0 && (unsigned char)out[j - 1] >= 0xc0) {
			unsigned char lead = (unsigned char)out[j - 1];
			size_t need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
			if (o - (j - 1) < need)
				o = j - 1;
		}
	}
	memcpy(out + o, "...", 4);
	return out;
}

const char *
msg_quote(const char *s, size_t max)
{
	static char *bufs[4];
	static size_t caps[4];
	static int next;
	int k = next++ & 3;
	if (!s)
		s = "";
	if (caps[k] < max + 4) {
		/* allocated before the old one goes: if the allocation fails
		 * (veille-parse's per-document guard jumps out), the slot still
		 * holds a buffer of the size it says */
		char *nb = xmalloc(max + 4);
		free(bufs[k]);
		bufs[k] = nb;
		caps[k] = max + 4;
	}
	return msg_escape(s, strlen(s), bufs[k], max);
}

void
msg_warn(const char *where, const char *fmt, ...)
{
	char text[MSG_MAX * 2], safe[MSG_MAX + 4];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	size_t len = (size_t)n < sizeof text ? (size_t)n : sizeof text - 1;
	struct buf b;
	buf_init(&b);
	if (where) {
		buf_adds(&b, where);
		buf_adds(&b, ": ");
	}
	buf_add(&b, text, len);
	msg_escape(b.data, b.len, safe, MSG_MAX);
	/* A message cut by vsnprintf ends in "..." too. */
	if ((size_t)n >= sizeof text && strlen(safe) + 3 <= MSG_MAX)
		strcat(safe, "...");
	buf_free(&b);
	progress_clear();
	fprintf(stderr, "%s: %s\n", veille_progname ? veille_progname : "veille", safe);
}
