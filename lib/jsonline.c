/* jsonline.c — see jsonline.h */
#include "jsonline.h"

#include <stdio.h>
#include <string.h>

static size_t
skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

/* The end of the string starting at s[i] == '"' (after its closing
 * quote), or 0; *esc set when it holds a backslash. */
static size_t
skip_string(const char *s, size_t n, size_t i, int *esc)
{
	for (i++; i < n; i++) {
		if (s[i] == '\\') {
			*esc = 1;
			i++;
		} else if (s[i] == '"') {
			return i + 1;
		}
	}
	return 0;
}

/* The end of the value starting at s[i], or 0. */
static size_t
skip_value(const char *s, size_t n, size_t i)
{
	int esc = 0;
	if (i >= n)
		return 0;
	if (s[i] == '"')
		return skip_string(s, n, i, &esc);
	if (s[i] == '{' || s[i] == '[') {
		int depth = 0;
		while (i < n) {
			char c = s[i];
			if (c == '"') {
				i = skip_string(s, n, i, &esc);
				if (!i)
					return 0;
				continue;
			}
			if (c == '{' || c == '[')
				depth++;
			else if (c == '}' || c == ']') {
				if (--depth == 0)
					return i + 1;
			}
			i++;
		}
		return 0;
	}
	while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' &&
	    s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
		i++;
	return i;
}

int
jsonline_begin(struct jsonline *j, struct buf *out, const char *s, size_t n,
    const char *const *drop)
{
	size_t mark = out->len;
	j->out = out;
	j->nmembers = 0;
	size_t i = skip_ws(s, n, 0);
	if (i >= n || s[i] != '{')
		return -1;
	size_t open = i;
	int ndropped = 0;
	buf_addc(out, '{');
	i = skip_ws(s, n, i + 1);
	if (i < n && s[i] == '}')
		return 0;
	while (i < n) {
		if (s[i] != '"')
			goto bad;
		int esc = 0;
		size_t ke = skip_string(s, n, i, &esc);
		if (!ke || esc)
			goto bad;
		size_t k = i + 1, kl = ke - 1 - k;
		size_t v = skip_ws(s, n, ke);
		if (v >= n || s[v] != ':')
			goto bad;
		v = skip_ws(s, n, v + 1);
		size_t ve = skip_value(s, n, v);
		if (!ve)
			goto bad;
		int dropped = 0;
		for (int d = 0; drop && drop[d]; d++)
			if (strlen(drop[d]) == kl && !memcmp(drop[d], s + k, kl))
				dropped = 1;
		if (!dropped) {
			if (j->nmembers++)
				buf_addc(out, ',');
			buf_add(out, s + i, ve - i);
		} else {
			ndropped++;
		}
		i = skip_ws(s, n, ve);
		if (i < n && s[i] == ',') {
			i = skip_ws(s, n, i + 1);
			continue;
		}
		if (i < n && s[i] == '}') {
			if (!ndropped) {
				/* nothing left out: the bytes as they came */
				out->len = mark;
				buf_add(out, s + open, i - open);
			}
			return 0;
		}
		goto bad;
	}
bad:
	out->len = mark;
	if (out->data)
		out->data[mark] = 0;
	return -1;
}

void
json_quote(struct buf *out, const char *s)
{
	buf_addc(out, '"');
	const char *run = s;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(out, run, (size_t)(s - run));
		if (c == '"' || c == '\\') {
			buf_addc(out, '\\');
			buf_addc(out, (char)c);
		} else if (c == '\n') {
			buf_adds(out, "\\n");
		} else if (c == '\t') {
			buf_adds(out, "\\t");
		} else {
			buf_printf(out, "\\u%04x", c);
		}
		run = s + 1;
	}
	buf_add(out, run, (size_t)(s - run));
	buf_addc(out, '"');
}

static void
key(struct jsonline *j, const char *k)
{
	if (j->nmembers++)
		buf_addc(j->out, ',');
	json_quote(j->out, k);
	buf_addc(j->out, ':');
}

void
jsonline_str(struct jsonline *j, const char *k, const char *val)
{
	key(j, k);
	json_quote(j->out, val);
}

void
jsonline_num(struct jsonline *j, const char *k, double v)
{
	key(j, k);
	/* like cJSON: the shortest of 15 or 17 digits that reads back */
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%.15g", v);
	double back;
	if (sscanf(tmp, "%lg", &back) != 1 || back != v)
		snprintf(tmp, sizeof tmp, "%.17g", v);
	buf_adds(j->out, tmp);
}

void
jsonline_json(struct jsonline *j, const char *k, const cJSON *v)
{
	key(j, k);
	char *p = cJSON_PrintUnformatted(v);
	buf_adds(j->out, p ? p : "null");
	cJSON_free(p);
}

void
jsonline_end(struct jsonline *j)
{
	buf_adds(j->out, "}\n");
}
