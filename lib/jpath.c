/* jpath.c — see jpath.h */
#include "jpath.h"
#include "date.h"
#include "fields.h"
#include "record.h"
#include "social_int.h"
#include "url.h"
#include "utf8.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Paths                                                               */

enum step_kind { STEP_NAME, STEP_INDEX, STEP_EACH };

struct step {
	enum step_kind kind;
	char *name;
	long index;
};

struct jpath {
	char *text;
	struct step *steps;
	size_t nsteps;
	int multi;
};

static int
name_char(unsigned char c)
{
	return c > ' ' && c != '.' && c != '[' && c != ']' && c != '"' &&
	    c != '\'' && c != 0x7f;
}

static int
hexdig(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A quoted key starting at s[*i] (the quote). Escapes as in JSON. */
static char *
parse_quoted(const char *s, size_t *i, char **errmsg)
{
	char q = s[*i];
	size_t start = *i;
	struct buf b;
	buf_init(&b);
	(*i)++;
	for (;;) {
		unsigned char c = (unsigned char)s[*i];
		if (!c) {
			*errmsg = xasprintf("unterminated string at offset %zu", start);
			buf_free(&b);
			return NULL;
		}
		(*i)++;
		if (c == (unsigned char)q)
			break;
		if (c != '\\') {
			buf_addc(&b, (char)c);
			continue;
		}
		c = (unsigned char)s[(*i)++];
		switch (c) {
		case 'n': buf_addc(&b, '\n'); break;
		case 't': buf_addc(&b, '\t'); break;
		case 'r': buf_addc(&b, '\r'); break;
		case 'b': buf_addc(&b, '\b'); break;
		case 'f': buf_addc(&b, '\f'); break;
		case 'u': {
			long cp = 0;
			for (int k = 0; k < 4; k++) {
				int h = hexdig(s[*i]);
				if (h < 0) {
					*errmsg = xasprintf("bad \\u escape at offset %zu", *i);
					buf_free(&b);
					return NULL;
				}
				cp = cp * 16 + h;
				(*i)++;
			}
			if (cp >= 0xD800 && cp < 0xDC00 && s[*i] == '\\' &&
			    s[*i + 1] == 'u') {
				long lo = 0;
				int okk = 1;
				for (int k = 0; k < 4; k++) {
					int h = hexdig(s[*i + 2 + k]);
					if (h < 0) {
						okk = 0;
						break;
					}
					lo = lo * 16 + h;
				}
				if (okk && lo >= 0xDC00 && lo < 0xE000) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					*i += 6;
				}
			}
			utf8_put(&b, cp);
			break;
		}
		case '\0':
			*errmsg = xasprintf("unterminated string at offset %zu", start);
			buf_free(&b);
			return NULL;
		default:
			buf_addc(&b, (char)c);
		}
	}
	return buf_steal(&b);
}

static void
add_step(struct jpath *p, enum step_kind kind, char *name, long index)
{
	p->steps = xrealloc(p->steps, (p->nsteps + 1) * sizeof *p->steps);
	p->steps[p->nsteps].kind = kind;
	p->steps[p->nsteps].name = name;
	p->steps[p->nsteps].index = index;
	p->nsteps++;
	if (kind == STEP_EACH)
		p->multi = 1;
}

struct jpath *
jpath_compile(const char *path, char **errmsg)
{
	char *dummy = NULL;
	if (!errmsg)
		errmsg = &dummy;
	*errmsg = NULL;
	if (!path) {
		*errmsg = xstrdup("no path");
		return NULL;
	}
	struct jpath *p = xcalloc(1, sizeof *p);
	p->text = xstrdup(path);
	const char *s = path;
	size_t i = 0;
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	if (s[i] == '$')
		i++;
	int after_dot = 0;
	while (s[i]) {
		char c = s[i];
		if (c == ' ' || c == '\t') {
			size_t j = i;
			while (s[j] == ' ' || s[j] == '\t')
				j++;
			if (!s[j])
				break;
			*errmsg = xasprintf("unexpected space at offset %zu", i);
			goto fail;
		}
		if (c == '.') {
			if (after_dot) {
				*errmsg = xasprintf("empty name at offset %zu", i);
				goto fail;
			}
			i++;
			after_dot = 1;
			continue;
		}
		if (c == '[') {
			size_t open = i;
			i++;
			while (s[i] == ' ')
				i++;
			if (s[i] == ']') {
				add_step(p, STEP_EACH, NULL, 0);
				i++;
			} else if (s[i] == '"' || s[i] == '\'') {
				char *name = parse_quoted(s, &i, errmsg);
				if (!name)
					goto fail;
				while (s[i] == ' ')
					i++;
				if (s[i] != ']') {
					free(name);
					*errmsg = xasprintf("expected ']' at offset %zu", i);
					goto fail;
				}
				i++;
				add_step(p, STEP_NAME, name, 0);
			} else if (s[i] == '-' || (s[i] >= '0' && s[i] <= '9')) {
				char *end;
				errno = 0;
				long v = strtol(s + i, &end, 10);
				if (errno || end == s + i || (s[i] == '-' && v == 0)) {
					*errmsg = xasprintf("bad index at offset %zu", i);
					goto fail;
				}
				i = (size_t)(end - s);
				while (s[i] == ' ')
					i++;
				if (s[i] != ']') {
					*errmsg = xasprintf("expected ']' at offset %zu", i);
					goto fail;
				}
				i++;
				add_step(p, STEP_INDEX, NULL, v);
			} else {
				*errmsg = xasprintf("expected a number, a quoted key or ']' after '[' at offset %zu", open);
				goto fail;
			}
			after_dot = 0;
			continue;
		}
		if (!after_dot) {
			*errmsg = xasprintf("expected '.' or '[' at offset %zu", i);
			goto fail;
		}
		size_t start = i;
		while (s[i] && name_char((unsigned char)s[i]))
			i++;
		if (i == start) {
			*errmsg = xasprintf("unexpected '%c' at offset %zu", s[i], i);
			goto fail;
		}
		add_step(p, STEP_NAME, xstrndup(s + start, i - start), 0);
		after_dot = 0;
	}
	if (after_dot && p->nsteps > 0) {
		*errmsg = xasprintf("path ends with '.'");
		goto fail;
	}
	free(dummy);
	return p;
fail:
	jpath_free(p);
	if (errmsg == &dummy)
		free(dummy);
	return NULL;
}

void
jpath_free(struct jpath *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nsteps; i++)
		free(p->steps[i].name);
	free(p->steps);
	free(p->text);
	free(p);
}

int
jpath_is_multi(const struct jpath *p)
{
	return p && p->multi;
}

const char *
jpath_text(const struct jpath *p)
{
	return p ? p->text : "";
}

/* Returns 1 when fn asked to stop. */
static int
walk(const cJSON *node, const struct jpath *p, size_t k, jpath_fn fn,
    void *arg, long *count)
{
	if (!node)
		return 0;
	if (k == p->nsteps) {
		(*count)++;
		return fn ? fn(node, arg) : 0;
	}
	const struct step *st = &p->steps[k];
	switch (st->kind) {
	case STEP_NAME:
		if (!cJSON_IsObject(node))
			return 0;
		return walk(cJSON_GetObjectItemCaseSensitive(node, st->name), p,
		    k + 1, fn, arg, count);
	case STEP_INDEX: {
		if (!cJSON_IsArray(node))
			return 0;
		long n = cJSON_GetArraySize(node);
		long idx = st->index < 0 ? n + st->index : st->index;
		if (idx < 0 || idx >= n)
			return 0;
		return walk(cJSON_GetArrayItem(node, (int)idx), p, k + 1, fn,
		    arg, count);
	}
	case STEP_EACH:
		if (!cJSON_IsArray(node) && !cJSON_IsObject(node))
			return 0;
		for (const cJSON *c = node->child; c; c = c->next)
			if (walk(c, p, k + 1, fn, arg, count))
				return 1;
		return 0;
	}
	return 0;
}

long
jpath_each(const cJSON *doc, const struct jpath *p, jpath_fn fn, void *arg)
{
	long count = 0;
	if (doc && p)
		walk(doc, p, 0, fn, arg, &count);
	return count;
}

static int
take_first(const cJSON *node, void *arg)
{
	*(const cJSON **)arg = node;
	return 1;
}

const cJSON *
jpath_first(const cJSON *doc, const struct jpath *p)
{
	const cJSON *found = NULL;
	jpath_each(doc, p, take_first, &found);
	return found;
}

const cJSON *
jpath_get(const cJSON *doc, const char *path)
{
	struct jpath *p = jpath_compile(path, NULL);
	if (!p)
		return NULL;
	const cJSON *r = jpath_first(doc, p);
	jpath_free(p);
	return r;
}

char *
jpath_scalar_text(const cJSON *node)
{
	if (cJSON_IsString(node))
		return xstrdup(node->valuestring);
	if (cJSON_IsBool(node))
		return xstrdup(cJSON_IsTrue(node) ? "true" : "false");
	if (cJSON_IsNumber(node)) {
		double v = node->valuedouble;
		if (!isfinite(v))
			return NULL;
		if (v == floor(v) && fabs(v) < 1e18)
			return xasprintf("%.0f", v);
		return xasprintf("%.17g", v);
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Maps                                                                */

enum { V_PATH, V_TEMPLATE, V_CONST };

struct jval {
	int kind;
	struct jpath *path;     /* V_PATH */
	char *text;             /* V_TEMPLATE / V_CONST */
	struct jpath **tpaths;  /* paths inside a template, in order */
	size_t ntpaths;
	int html;               /* -1: map default */
	char *prefix;
	struct jpath *lookup, *match, *value;
};

enum {
	M_ID, M_URL, M_TITLE, M_SUMMARY, M_CONTENT, M_AUTHOR, M_HANDLE,
	M_PUBLISHED, M_UPDATED, M_IMAGE, M_LANG, M_CATEGORIES, M_PLATFORM,
	M_ENCLOSURES, M_LINKS, M_NFIELDS
};

static const char *const field_names[M_NFIELDS] = {
	F_ID, F_URL, F_TITLE, F_SUMMARY, F_CONTENT, F_AUTHOR, F_HANDLE,
	F_PUBLISHED, F_UPDATED, F_IMAGE, F_LANG, F_CATEGORIES, F_PLATFORM,
	F_ENCLOSURES, F_LINKS,
};

struct jmap {
	char *name;
	struct jpath *items;
	struct jval *f[M_NFIELDS];
	struct jval *eng[F_NENGAGEMENT];
	struct jpath *skip_if;
	int title_html, summary_html, content_html;
};

static void
jval_free(struct jval *v)
{
	if (!v)
		return;
	jpath_free(v->path);
	free(v->text);
	for (size_t i = 0; i < v->ntpaths; i++)
		jpath_free(v->tpaths[i]);
	free(v->tpaths);
	free(v->prefix);
	jpath_free(v->lookup);
	jpath_free(v->match);
	jpath_free(v->value);
	free(v);
}

void
jmap_free(struct jmap *m)
{
	if (!m)
		return;
	free(m->name);
	jpath_free(m->items);
	for (int i = 0; i < M_NFIELDS; i++)
		jval_free(m->f[i]);
	for (int i = 0; i < F_NENGAGEMENT; i++)
		jval_free(m->eng[i]);
	jpath_free(m->skip_if);
	free(m);
}

static struct jpath *
compile_member(const char *name, const char *what, const char *path,
    char **errmsg)
{
	char *e = NULL;
	struct jpath *p = jpath_compile(path, &e);
	if (!p) {
		*errmsg = xasprintf("%s: %s: bad path '%s': %s", name, what, path, e);
		free(e);
	}
	return p;
}

/* Split a template into its paths: "{.a}" parts. "{{" and "}}" are
 * literal braces. */
static int
compile_template(struct jval *v, const char *name, const char *what,
    char **errmsg)
{
	const char *s = v->text;
	for (size_t i = 0; s[i]; i++) {
		if ((s[i] == '{' && s[i + 1] == '{') || (s[i] == '}' && s[i + 1] == '}')) {
			i++;
			continue;
		}
		if (s[i] == '}') {
			*errmsg = xasprintf("%s: %s: unmatched '}' in template '%s'",
			    name, what, s);
			return -1;
		}
		if (s[i] != '{')
			continue;
		const char *end = strchr(s + i, '}');
		if (!end) {
			*errmsg = xasprintf("%s: %s: unterminated '{' in template '%s'",
			    name, what, s);
			return -1;
		}
		char *inner = xstrndup(s + i + 1, (size_t)(end - s - i - 1));
		struct jpath *p = compile_member(name, what, inner, errmsg);
		free(inner);
		if (!p)
			return -1;
		v->tpaths = xrealloc(v->tpaths, (v->ntpaths + 1) * sizeof *v->tpaths);
		v->tpaths[v->ntpaths++] = p;
		i = (size_t)(end - s);
	}
	return 0;
}

static struct jval *
parse_jval(const cJSON *j, const char *name, const char *what, int is_const,
    char **errmsg)
{
	struct jval *v = xcalloc(1, sizeof *v);
	v->html = -1;
	if (cJSON_IsString(j)) {
		if (is_const) {
			v->kind = V_CONST;
			v->text = xstrdup(j->valuestring);
			return v;
		}
		v->kind = V_PATH;
		if (!(v->path = compile_member(name, what, j->valuestring, errmsg)))
			goto fail;
		return v;
	}
	if (!cJSON_IsObject(j)) {
		*errmsg = xasprintf("%s: %s: expected a path string or an object", name, what);
		goto fail;
	}
	int nkind = 0;
	for (const cJSON *c = j->child; c; c = c->next) {
		const char *k = c->string;
		if (!strcmp(k, "path") || !strcmp(k, "template") || !strcmp(k, "const")) {
			if (!cJSON_IsString(c)) {
				*errmsg = xasprintf("%s: %s: \"%s\" must be a string", name, what, k);
				goto fail;
			}
			nkind++;
			if (!strcmp(k, "path")) {
				v->kind = V_PATH;
				if (!(v->path = compile_member(name, what, c->valuestring, errmsg)))
					goto fail;
			} else {
				v->kind = !strcmp(k, "const") ? V_CONST : V_TEMPLATE;
				v->text = xstrdup(c->valuestring);
				if (v->kind == V_TEMPLATE &&
				    compile_template(v, name, what, errmsg) < 0)
					goto fail;
			}
		} else if (!strcmp(k, "html")) {
			if (!cJSON_IsBool(c)) {
				*errmsg = xasprintf("%s: %s: \"html\" must be true or false", name, what);
				goto fail;
			}
			v->html = cJSON_IsTrue(c);
		} else if (!strcmp(k, "prefix")) {
			if (!cJSON_IsString(c)) {
				*errmsg = xasprintf("%s: %s: \"prefix\" must be a string", name, what);
				goto fail;
			}
			v->prefix = xstrdup(c->valuestring);
		} else if (!strcmp(k, "lookup") || !strcmp(k, "match") || !strcmp(k, "value")) {
			if (!cJSON_IsString(c)) {
				*errmsg = xasprintf("%s: %s: \"%s\" must be a path string", name, what, k);
				goto fail;
			}
			struct jpath *p = compile_member(name, what, c->valuestring, errmsg);
			if (!p)
				goto fail;
			struct jpath **slot = !strcmp(k, "lookup") ? &v->lookup :
			    !strcmp(k, "match") ? &v->match : &v->value;
			*slot = p;
		} else {
			*errmsg = xasprintf("%s: %s: unknown member \"%s\" (path, template, const, html, prefix, lookup, match, value)",
			    name, what, k);
			goto fail;
		}
	}
	if (nkind != 1) {
		*errmsg = xasprintf("%s: %s: needs exactly one of \"path\", \"template\" or \"const\"",
		    name, what);
		goto fail;
	}
	if (v->lookup || v->match || v->value) {
		if (!v->lookup || !v->match || !v->value) {
			*errmsg = xasprintf("%s: %s: \"lookup\" needs \"match\" and \"value\" too",
			    name, what);
			goto fail;
		}
		if (v->kind != V_PATH) {
			*errmsg = xasprintf("%s: %s: \"lookup\" works with \"path\" only", name, what);
			goto fail;
		}
	}
	return v;
fail:
	jval_free(v);
	return NULL;
}

static int
map_bool(const cJSON *j, const char *name, const char *key, int *out, char **errmsg)
{
	if (!cJSON_IsBool(j)) {
		*errmsg = xasprintf("%s: \"%s\" must be true or false", name, key);
		return -1;
	}
	*out = cJSON_IsTrue(j);
	return 0;
}

struct jmap *
jmap_from_json(const cJSON *spec, const char *name, char **errmsg)
{
	char *dummy = NULL;
	if (!errmsg)
		errmsg = &dummy;
	*errmsg = NULL;
	if (!name)
		name = "map";
	if (!cJSON_IsObject(spec)) {
		*errmsg = xasprintf("%s: a map must be a JSON object", name);
		free(dummy);
		return NULL;
	}
	struct jmap *m = xcalloc(1, sizeof *m);
	m->name = xstrdup(name);
	for (const cJSON *c = spec->child; c; c = c->next) {
		const char *k = c->string;
		if (!strcmp(k, "items")) {
			if (!cJSON_IsString(c)) {
				*errmsg = xasprintf("%s: \"items\" must be a path string", name);
				goto fail;
			}
			if (!(m->items = compile_member(name, "items", c->valuestring, errmsg)))
				goto fail;
			continue;
		}
		if (!strcmp(k, "skip_if")) {
			if (!cJSON_IsString(c)) {
				*errmsg = xasprintf("%s: \"skip_if\" must be a path string", name);
				goto fail;
			}
			if (!(m->skip_if = compile_member(name, "skip_if", c->valuestring, errmsg)))
				goto fail;
			continue;
		}
		if (!strcmp(k, "title_is_html")) {
			if (map_bool(c, name, k, &m->title_html, errmsg) < 0)
				goto fail;
			continue;
		}
		if (!strcmp(k, "summary_is_html")) {
			if (map_bool(c, name, k, &m->summary_html, errmsg) < 0)
				goto fail;
			continue;
		}
		if (!strcmp(k, "content_is_html")) {
			if (map_bool(c, name, k, &m->content_html, errmsg) < 0)
				goto fail;
			continue;
		}
		if (!strcmp(k, "engagement")) {
			if (!cJSON_IsObject(c)) {
				*errmsg = xasprintf("%s: \"engagement\" must be an object of paths", name);
				goto fail;
			}
			for (const cJSON *e = c->child; e; e = e->next) {
				int idx = -1;
				for (int i = 0; engagement_names[i]; i++)
					if (!strcmp(e->string, engagement_names[i]))
						idx = i;
				if (idx < 0) {
					*errmsg = xasprintf("%s: engagement: unknown figure \"%s\" (likes, reposts, replies, views, score)",
					    name, e->string);
					goto fail;
				}
				char what[64];
				snprintf(what, sizeof what, "engagement.%s", e->string);
				jval_free(m->eng[idx]);
				if (!(m->eng[idx] = parse_jval(e, name, what, 0, errmsg)))
					goto fail;
			}
			continue;
		}
		if (k[0] == '_' || !strcmp(k, "comment") || !strcmp(k, "description"))
			continue;       /* room for the author's notes */
		int idx = -1;
		for (int i = 0; i < M_NFIELDS; i++)
			if (!strcmp(k, field_names[i]))
				idx = i;
		if (idx < 0) {
			*errmsg = xasprintf("%s: unknown member \"%s\"", name, k);
			goto fail;
		}
		jval_free(m->f[idx]);
		if (!(m->f[idx] = parse_jval(c, name, k, idx == M_PLATFORM, errmsg)))
			goto fail;
	}
	if (!m->items) {
		*errmsg = xasprintf("%s: \"items\" is missing (where the entries are, e.g. \".data[]\")", name);
		goto fail;
	}
	if (!m->f[M_URL] && !m->f[M_TITLE] && !m->f[M_CONTENT] && !m->f[M_ID]) {
		*errmsg = xasprintf("%s: map at least one of \"url\", \"title\", \"content\" or \"id\"", name);
		goto fail;
	}
	free(dummy);
	return m;
fail:
	jmap_free(m);
	if (errmsg == &dummy)
		free(dummy);
	return NULL;
}

struct jmap *
jmap_load(const char *path, char **errmsg)
{
	char *dummy = NULL;
	if (!errmsg)
		errmsg = &dummy;
	*errmsg = NULL;
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		*errmsg = xasprintf("%s: %s", path, strerror(errno));
		free(dummy);
		return NULL;
	}
	struct buf b;
	buf_init(&b);
	char tmp[8192];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, fp)) > 0) {
		buf_add(&b, tmp, n);
		if (b.len > (1 << 20)) {
			fclose(fp);
			buf_free(&b);
			*errmsg = xasprintf("%s: map file too large", path);
			free(dummy);
			return NULL;
		}
	}
	int rerr = ferror(fp);
	fclose(fp);
	if (rerr) {
		buf_free(&b);
		*errmsg = xasprintf("%s: read error", path);
		free(dummy);
		return NULL;
	}
	buf_addc(&b, '\0');
	b.len--;
	const char *end = NULL;
	cJSON *spec = cJSON_ParseWithOpts(b.data, &end, 1);
	if (!spec) {
		size_t off = end ? (size_t)(end - b.data) : 0;
		if (off > b.len)
			off = b.len;
		unsigned line = 1;
		for (size_t i = 0; i < off; i++)
			if (b.data[i] == '\n')
				line++;
		*errmsg = xasprintf("%s: line %u: invalid JSON", path, line);
		buf_free(&b);
		free(dummy);
		return NULL;
	}
	buf_free(&b);
	struct jmap *m = jmap_from_json(spec, path, errmsg);
	cJSON_Delete(spec);
	if (errmsg == &dummy)
		free(dummy);
	return m;
}

/* ---- applying a map ---- */

struct apply {
	struct parse_ctx *ctx;
	const struct jmap *m;
	const cJSON *doc;
	long emitted;
	long index;
};

static const cJSON *
eval_base(const struct jpath *p, const cJSON *entry, const cJSON *doc)
{
	const char *t = jpath_text(p);
	while (*t == ' ' || *t == '\t')
		t++;
	return *t == '$' ? doc : entry;
}

static const cJSON *
eval_first(const struct jpath *p, const cJSON *entry, const cJSON *doc)
{
	return jpath_first(eval_base(p, entry, doc), p);
}

struct lookup_arg {
	const struct jval *v;
	const char *key;
	const cJSON *doc;
	const cJSON *found;
};

static int
lookup_cb(const cJSON *node, void *arg)
{
	struct lookup_arg *la = arg;
	char *k = jpath_scalar_text(jpath_first(node, la->v->match));
	int hit = k && !strcmp(k, la->key);
	free(k);
	if (hit) {
		la->found = jpath_first(node, la->v->value);
		return 1;
	}
	return 0;
}

/* The node a path value designates for one entry (after a lookup). */
static const cJSON *
eval_node(const struct jval *v, const cJSON *entry, const cJSON *doc)
{
	const cJSON *n = eval_first(v->path, entry, doc);
	if (!n || !v->lookup)
		return n;
	char *key = jpath_scalar_text(n);
	if (!key)
		return NULL;
	struct lookup_arg la = { v, key, doc, NULL };
	jpath_each(eval_base(v->lookup, entry, doc), v->lookup, lookup_cb, &la);
	free(key);
	return la.found;
}

/* The text of a value for one entry (malloc'd) or NULL. */
static char *
eval_text(const struct jval *v, const cJSON *entry, const cJSON *doc)
{
	if (!v)
		return NULL;
	char *s = NULL;
	if (v->kind == V_CONST) {
		s = xstrdup(v->text);
	} else if (v->kind == V_PATH) {
		s = jpath_scalar_text(eval_node(v, entry, doc));
	} else {
		struct buf b;
		buf_init(&b);
		size_t k = 0;
		const char *t = v->text;
		for (size_t i = 0; t[i]; i++) {
			if ((t[i] == '{' && t[i + 1] == '{') || (t[i] == '}' && t[i + 1] == '}')) {
				buf_addc(&b, t[i]);
				i++;
				continue;
			}
			if (t[i] != '{') {
				buf_addc(&b, t[i]);
				continue;
			}
			const char *end = strchr(t + i, '}');
			char *part = k < v->ntpaths ?
			    jpath_scalar_text(eval_first(v->tpaths[k], entry, doc)) : NULL;
			k++;
			if (!part || !*part) {
				/* A template with a missing part gives nothing. */
				free(part);
				buf_free(&b);
				return NULL;
			}
			buf_adds(&b, part);
			free(part);
			i = (size_t)(end - t);
		}
		s = buf_steal(&b);
	}
	if (s && v->prefix && *s && strncmp(s, v->prefix, strlen(v->prefix))) {
		char *p = xasprintf("%s%s", v->prefix, s);
		free(s);
		s = p;
	}
	return s;
}

static int
truthy(const cJSON *n)
{
	if (!n || cJSON_IsNull(n) || cJSON_IsFalse(n))
		return 0;
	if (cJSON_IsNumber(n))
		return n->valuedouble != 0;
	if (cJSON_IsString(n))
		return n->valuestring[0] != '\0';
	if (cJSON_IsArray(n) || cJSON_IsObject(n))
		return n->child != NULL;
	return 1;
}

struct collect {
	cJSON *arr;
	const char *prefix;
};

static int
collect_cb(const cJSON *node, void *arg)
{
	struct collect *c = arg;
	char *s = jpath_scalar_text(node);
	if (s && !str_empty(s)) {
		str_trim(s);
		int dup = 0;
		for (const cJSON *e = c->arr->child; e; e = e->next)
			if (!strcmp(e->valuestring, s))
				dup = 1;
		if (!dup)
			cJSON_AddItemToArray(c->arr, cJSON_CreateString(s));
	}
	free(s);
	return 0;
}

/* Every string a value designates for one entry: a [] path collects all
 * its matches, a path to an array its elements; NULL when none. */
static cJSON *
collect_values(const struct jval *v, const cJSON *entry, const cJSON *doc)
{
	if (!v)
		return NULL;
	struct collect c = { cJSON_CreateArray(), NULL };
	if (v->kind == V_PATH && !v->lookup) {
		const cJSON *base = eval_base(v->path, entry, doc);
		const cJSON *one = jpath_is_multi(v->path) ? NULL : jpath_first(base, v->path);
		if (cJSON_IsArray(one)) {
			for (const cJSON *e = one->child; e; e = e->next)
				collect_cb(e, &c);
		} else {
			jpath_each(base, v->path, collect_cb, &c);
		}
	} else {
		char *t = eval_text(v, entry, doc);
		if (t) {
			cJSON *tmp = cJSON_CreateString(t);
			collect_cb(tmp, &c);
			cJSON_Delete(tmp);
		}
		free(t);
	}
	if (!c.arr->child) {
		cJSON_Delete(c.arr);
		return NULL;
	}
	return c.arr;
}

static void
set_date(struct parse_ctx *ctx, cJSON *item, const char *key,
    const struct jval *v, const cJSON *entry, const cJSON *doc)
{
	if (!v)
		return;
	if (v->kind == V_PATH && !v->lookup) {
		const cJSON *n = eval_first(v->path, entry, doc);
		if (cJSON_IsNumber(n)) {
			/* Unix time, in milliseconds when too large for seconds. */
			double t = n->valuedouble;
			if (fabs(t) > 1e11)
				t /= 1000;
			char buf[32];
			if (isfinite(t) && t > -1e10 && t < 1e11) {
				date_format((time_t)t, buf);
				rec_set_str(item, key, buf);
			}
			return;
		}
	}
	char *s = eval_text(v, entry, doc);
	if (s && !str_empty(s)) {
		/* A string of digits is also Unix time. */
		char *end;
		errno = 0;
		double t = strtod(s, &end);
		if (!errno && end != s && !*end && strspn(s, "0123456789") == strlen(s) &&
		    strlen(s) >= 9) {
			if (t > 1e11)
				t /= 1000;
			char buf[32];
			date_format((time_t)t, buf);
			rec_set_str(item, key, buf);
		} else {
			s_date(ctx, item, key, s);
		}
	}
	free(s);
}

static void
set_text_field(cJSON *item, const char *key, const struct jval *v, int dflt_html,
    const cJSON *entry, const cJSON *doc)
{
	char *s = eval_text(v, entry, doc);
	if (s) {
		int html = v->html >= 0 ? v->html : dflt_html;
		s_text(item, key, s, html);
		if (!strcmp(key, F_TITLE))
			social_one_line(item, key);     /* a title is one line */
	}
	free(s);
}

/* A count written as text: "1204", "12.5", or with group separators
 * ("1 204", "1,204", "1\u202f204") when only digits remain. */
static int
parse_count(const char *t, double *v)
{
	char *end;
	str_trim((char *)t);
	if (!*t)
		return 0;
	errno = 0;
	*v = strtod(t, &end);
	if (!errno && end != t && !*end)
		return 1;
	struct buf b;
	buf_init(&b);
	for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
		if (*p >= '0' && *p <= '9')
			buf_addc(&b, (char)*p);
		else if (*p == ' ' || *p == ',' || *p == '_' || *p == '\'')
			continue;
		else if (p[0] == 0xc2 && p[1] == 0xa0)
			p++;
		else if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0xaf)
			p += 2;
		else {
			buf_free(&b);
			return 0;
		}
	}
	int ok = b.len > 0;
	if (ok) {
		buf_addc(&b, '\0');
		*v = strtod(b.data, NULL);
	}
	buf_free(&b);
	return ok;
}

static int
apply_one(const cJSON *entry, void *arg)
{
	struct apply *a = arg;
	const struct jmap *m = a->m;
	struct parse_ctx *ctx = a->ctx;
	a->index++;
	if (m->skip_if && truthy(eval_first(m->skip_if, entry, a->doc))) {
		char *id = eval_text(m->f[M_ID], entry, a->doc);
		parse_warn(ctx, "entry %ld%s%s%s skipped (%s)", a->index,
		    id ? " (id " : "", id ? id : "", id ? ")" : "",
		    jpath_text(m->skip_if));
		free(id);
		return 0;
	}
	cJSON *item = cJSON_CreateObject();
	char *id = eval_text(m->f[M_ID], entry, a->doc);
	char *u = eval_text(m->f[M_URL], entry, a->doc);
	if (u && !str_empty(u))
		s_url(ctx, item, F_URL, u);
	free(u);
	set_text_field(item, F_TITLE, m->f[M_TITLE], m->title_html, entry, a->doc);
	set_text_field(item, F_SUMMARY, m->f[M_SUMMARY], m->summary_html, entry, a->doc);
	set_text_field(item, F_CONTENT, m->f[M_CONTENT], m->content_html, entry, a->doc);
	char *s;
	if ((s = eval_text(m->f[M_AUTHOR], entry, a->doc)))
		rec_set_str(item, F_AUTHOR, s);
	free(s);
	if ((s = eval_text(m->f[M_HANDLE], entry, a->doc)))
		rec_set_str(item, F_HANDLE, s);
	free(s);
	set_date(ctx, item, F_PUBLISHED, m->f[M_PUBLISHED], entry, a->doc);
	set_date(ctx, item, F_UPDATED, m->f[M_UPDATED], entry, a->doc);
	if ((s = eval_text(m->f[M_IMAGE], entry, a->doc)))
		s_url(ctx, item, F_IMAGE, s);
	free(s);
	if ((s = eval_text(m->f[M_LANG], entry, a->doc)))
		rec_set_str(item, F_LANG, s);
	free(s);
	cJSON *cats = collect_values(m->f[M_CATEGORIES], entry, a->doc);
	if (cats && m->f[M_CATEGORIES]->prefix) {
		const char *pre = m->f[M_CATEGORIES]->prefix;
		for (cJSON *e = cats->child; e; e = e->next) {
			if (strncmp(e->valuestring, pre, strlen(pre))) {
				char *p2 = xasprintf("%s%s", pre, e->valuestring);
				cJSON_SetValuestring(e, p2);
				free(p2);
			}
		}
	}
	rec_set(item, F_CATEGORIES, cats);
	cJSON *urls = collect_values(m->f[M_ENCLOSURES], entry, a->doc);
	for (const cJSON *e = urls ? urls->child : NULL; e; e = e->next)
		social_add_enclosure(ctx, item, e->valuestring, NULL, NULL);
	cJSON_Delete(urls);
	urls = collect_values(m->f[M_LINKS], entry, a->doc);
	for (const cJSON *e = urls ? urls->child : NULL; e; e = e->next)
		social_add_link(ctx, item, e->valuestring);
	cJSON_Delete(urls);
	if ((s = eval_text(m->f[M_PLATFORM], entry, a->doc)))
		rec_set_str(item, F_PLATFORM, s);
	free(s);
	cJSON *eng = cJSON_CreateObject();
	for (int i = 0; i < F_NENGAGEMENT; i++) {
		if (!m->eng[i])
			continue;
		const cJSON *n = NULL;
		double v = 0;
		int have = 0;
		if (m->eng[i]->kind == V_PATH)
			n = eval_node(m->eng[i], entry, a->doc);
		if (cJSON_IsNumber(n)) {
			v = n->valuedouble;
			have = 1;
		} else {
			char *t = n ? jpath_scalar_text(n) : eval_text(m->eng[i], entry, a->doc);
			have = t && parse_count(t, &v);
			free(t);
		}
		if (have && isfinite(v) && v >= 0)
			rec_set_num(eng, engagement_names[i], v);
	}
	rec_set(item, F_ENGAGEMENT, eng->child ? eng : (cJSON_Delete(eng), NULL));

	if (!cJSON_GetObjectItemCaseSensitive(item, F_URL) &&
	    !cJSON_GetObjectItemCaseSensitive(item, F_TITLE) &&
	    !cJSON_GetObjectItemCaseSensitive(item, F_CONTENT) &&
	    !cJSON_GetObjectItemCaseSensitive(item, F_SUMMARY)) {
		parse_warn(ctx, "entry %ld%s%s%s has no url, title or content: skipped",
		    a->index, id ? " (id " : "", id ? id : "", id ? ")" : "");
		cJSON_Delete(item);
		free(id);
		return 0;
	}
	item_emit(ctx, item, id && *id ? id : NULL);
	free(id);
	a->emitted++;
	return 0;
}

long
jmap_apply(struct parse_ctx *ctx, const struct jmap *m, const cJSON *doc)
{
	struct apply a = { ctx, m, doc, 0, 0 };
	long n = jpath_each(doc, m->items, apply_one, &a);
	if (n == 0) {
		/* Nothing matched: is the container there but empty? */
		const struct jpath *p = m->items;
		int empty_ok = 0;
		if (p->nsteps > 0 && p->steps[p->nsteps - 1].kind == STEP_EACH) {
			struct jpath parent = *p;
			parent.nsteps--;
			const cJSON *c = jpath_first(doc, &parent);
			empty_ok = cJSON_IsArray(c) || cJSON_IsObject(c);
		}
		if (!empty_ok) {
			parse_warn(ctx, "the map's items path %s matches nothing in this document",
			    jpath_text(p));
			return -1;
		}
	}
	return a.emitted;
}
