/* base64.c — see base64.h */
#include "base64.h"

static const char alpha[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void
base64_encode(const void *data, size_t n, struct buf *out)
{
	const unsigned char *p = data;
	buf_grow(out, (n + 2) / 3 * 4);
	size_t i = 0;
	for (; i + 2 < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
		char q[4] = { alpha[v >> 18], alpha[(v >> 12) & 63],
			alpha[(v >> 6) & 63], alpha[v & 63] };
		buf_add(out, q, 4);
	}
	if (i < n) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0);
		char q[4] = { alpha[v >> 18], alpha[(v >> 12) & 63],
			i + 1 < n ? alpha[(v >> 6) & 63] : '=', '=' };
		buf_add(out, q, 4);
	}
}

static int
val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '+' || c == '-') return 62;
	if (c == '/' || c == '_') return 63;
	return -1;
}

int
base64_decode(const char *s, size_t n, struct buf *out)
{
	unsigned acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		if (c == '=')
			break;
		int v = val(c);
		if (v < 0)
			return -1;
		acc = acc << 6 | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(out, (char)((acc >> bits) & 0xFF));
		}
	}
	return 0;
}
