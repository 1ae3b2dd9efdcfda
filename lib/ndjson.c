/* ndjson.c — see ndjson.h */
#include "ndjson.h"
#include "cli.h"
#include "msg.h"
#include "progress.h"
#include "utf8.h"
#include "util.h"

#include <err.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

void
ndjson_open(struct ndjson_reader *r, FILE *fp, const char *name)
{
	memset(r, 0, sizeof *r);
	r->fp = fp;
	r->name = name;
}

void
ndjson_close(struct ndjson_reader *r)
{
	free(r->line);
	free(r->repaired);
	r->line = r->repaired = NULL;
}

const char *
ndjson_where(const struct ndjson_reader *r)
{
	static char where[512];
	if (r->name)
		snprintf(where, sizeof where, "%s: line %lu", r->name, r->lineno);
	else
		snprintf(where, sizeof where, "line %lu", r->lineno);
	return where;
}

static int
blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

int
ndjson_next(struct ndjson_reader *r, cJSON **out)
{
	*out = NULL;
	for (;;) {
		errno = 0;
		ssize_t n = getline(&r->line, &r->cap, r->fp);
		if (n < 0) {
			/* stopped by a signal the tool catches: the end */
			if (ferror(r->fp) && errno == EINTR && stop_signal)
				return 0;
			if (ferror(r->fp))
				warn("%s: read error", r->name ? r->name : "stdin");
			return 0;
		}
		r->lineno++;
		if (blank(r->line, (size_t)n))
			continue;

		free(r->repaired);
		r->repaired = NULL;
		size_t nrepl = 0;
		r->text = r->line;
		r->textlen = (size_t)n;
		/* getline keeps NUL bytes; treat them as invalid text too. */
		if (memchr(r->line, '\0', (size_t)n) || !utf8_valid(r->line, (size_t)n)) {
			struct buf b;
			buf_init(&b);
			nrepl = utf8_repair(r->line, (size_t)n, &b);
			r->textlen = b.len;
			r->repaired = buf_steal(&b);
			r->text = r->repaired;
			r->nbad_utf8++;
			msg_warn(ndjson_where(r), "invalid UTF-8 replaced by U+FFFD (%zu sequence%s)",
			    nrepl, nrepl == 1 ? "" : "s");
		}

		const char *end = NULL;
		cJSON *j = cJSON_ParseWithLengthOpts(r->text, r->textlen, &end, 0);
		if (j && end && !blank(end, r->textlen - (size_t)(end - r->text))) {
			cJSON_Delete(j);
			j = NULL;
		}
		if (!j || !cJSON_IsObject(j)) {
			r->nbad_json++;
			progress_clear();
			if (j) {
				msg_warn(ndjson_where(r), "invalid JSON: not an object");
				cJSON_Delete(j);
			} else {
				const char *at = end ? end : cJSON_GetErrorPtr();
				if (!at || at < r->text || at > r->text + r->textlen)
					at = r->text;
				size_t off = (size_t)(at - r->text);
				size_t k = utf8_cut(at, r->textlen - off, 24);
				while (k && (at[k - 1] == '\n' || at[k - 1] == '\r'))
					k--;
				msg_warn(ndjson_where(r), "invalid JSON at byte %zu: near '%.*s'",
				    off + 1, (int)k, at);
			}
			return -1;
		}
		ndjson_clean(j, r->text, r->textlen);
		r->nrecords++;
		*out = j;
		return 1;
	}
}

/* Drop the nulls under v, and the objects and arrays that held nothing
 * else; the number of non-finite numbers left. */
static size_t
drop_nulls(cJSON *v)
{
	size_t bad = 0;
	for (cJSON *c = v->child, *next; c; c = next) {
		next = c->next;
		if (cJSON_IsNull(c))
			cJSON_Delete(cJSON_DetachItemViaPointer(v, c));
		else if (cJSON_IsNumber(c))
			bad += !isfinite(c->valuedouble);
		else if (c->child) {
			bad += drop_nulls(c);
			if (!c->child)      /* held only nulls: no value either */
				cJSON_Delete(cJSON_DetachItemViaPointer(v, c));
		}
	}
	return bad;
}

/* The next number token of JSON text, outside strings (digits and '-'
 * start nothing else in JSON): 1 and *tok, *n; 0 at the end. */
struct numscan {
	const char *p, *end;
};

static int
next_number(struct numscan *s, const char **tok, size_t *n)
{
	while (s->p < s->end) {
		char c = *s->p;
		if (c == '"') {
			for (s->p++; s->p < s->end && *s->p != '"'; s->p++)
				if (*s->p == '\\' && s->p + 1 < s->end)
					s->p++;
			s->p++;
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			const char *b = s->p;
			while (s->p < s->end && (strchr("+-.eE", *s->p) ||
			    (*s->p >= '0' && *s->p <= '9')) && *s->p)
				s->p++;
			*tok = b;
			*n = (size_t)(s->p - b);
			return 1;
		} else {
			s->p++;
		}
	}
	return 0;
}

/* Numbers come in document order in the tree as in the text. */
static int
restore_numbers(cJSON *v, struct numscan *s)
{
	for (cJSON *c = v->child; c; c = c->next) {
		if (cJSON_IsNumber(c)) {
			const char *t;
			size_t n;
			if (!next_number(s, &t, &n))
				return -1;
			if (!isfinite(c->valuedouble)) {
				c->type = cJSON_Raw;
				c->valuestring = xstrndup(t, n);
			}
		} else if (c->child && restore_numbers(c, s) < 0) {
			return -1;
		}
	}
	return 0;
}

void
ndjson_clean(cJSON *root, const char *text, size_t len)
{
	if (!root || !drop_nulls(root))
		return;
	struct numscan s = { text, text + len };
	restore_numbers(root, &s);
}

/* Every line of one open input to fn; -1 when fn asked to stop. */
static int
each_line(FILE *fp, const char *name, rec_each_fn *fn, void *arg, unsigned long *nbad)
{
	struct ndjson_reader r;
	cJSON *rec;
	int rc, stop = 0;
	ndjson_open(&r, fp, name);
	while (!stop && (rc = ndjson_next(&r, &rec)) != 0) {
		if (rc < 0)
			rec = NULL;
		stop = fn(arg, &r, rec) < 0;
		cJSON_Delete(rec);
	}
	*nbad += r.nbad_json;
	ndjson_close(&r);
	return stop ? -1 : 0;
}

int
rec_inputs_each(int n, char *const *files, rec_each_fn *fn, void *arg)
{
	unsigned long nbad = 0;
	int usage = 0, stop = 0;
	if (n == 0)
		stop = each_line(stdin, NULL, fn, arg, &nbad);
	for (int i = 0; i < n && !stop; i++) {
		if (!strcmp(files[i], "-")) {
			stop = each_line(stdin, NULL, fn, arg, &nbad);
			continue;
		}
		FILE *fp = fopen(files[i], "r");
		if (!fp) {
			msg_warn(files[i], "%s", strerror(errno));
			usage = 1;
			continue;
		}
		stop = each_line(fp, files[i], fn, arg, &nbad);
		if (ferror(fp)) {
			msg_warn(files[i], "read error");
			nbad++;
		}
		fclose(fp);
	}
	return usage ? EXIT_USAGE : nbad ? EXIT_SOME_FAILED : EXIT_OK;
}
