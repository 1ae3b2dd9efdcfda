/* cursor.c — see cursor.h */
#include "cursor.h"
#include "jpath.h"
#include "url.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

int
cursor_check(const cJSON *spec, char **errmsg)
{
	char *dummy = NULL;
	if (!errmsg)
		errmsg = &dummy;
	*errmsg = NULL;
	if (!cJSON_IsObject(spec)) {
		*errmsg = xstrdup("cursor must be an object");
		goto fail;
	}
	const cJSON *param = cJSON_GetObjectItemCaseSensitive(spec, "param");
	const cJSON *path = cJSON_GetObjectItemCaseSensitive(spec, "path");
	const cJSON *tmpl = cJSON_GetObjectItemCaseSensitive(spec, "template");
	if (!cJSON_IsString(param) || !param->valuestring[0]) {
		*errmsg = xstrdup("cursor: \"param\" must be a non-empty string");
		goto fail;
	}
	if (!cJSON_IsString(path)) {
		*errmsg = xstrdup("cursor: \"path\" must be a path string");
		goto fail;
	}
	char *e = NULL;
	struct jpath *p = jpath_compile(path->valuestring, &e);
	if (!p) {
		*errmsg = xasprintf("cursor: bad path '%s': %s", path->valuestring, e);
		free(e);
		goto fail;
	}
	jpath_free(p);
	if (tmpl && (!cJSON_IsString(tmpl) || !strstr(tmpl->valuestring, "{}"))) {
		*errmsg = xstrdup("cursor: \"template\" must be a string holding {}");
		goto fail;
	}
	return 0;
fail:
	if (errmsg == &dummy)
		free(dummy);
	return -1;
}

char *
cursor_from_body(const cJSON *spec, const char *body)
{
	if (!body || cursor_check(spec, NULL) < 0)
		return NULL;
	cJSON *doc = cJSON_Parse(body);
	if (!doc)
		return NULL;
	const char *path = cJSON_GetObjectItemCaseSensitive(spec, "path")->valuestring;
	char *v = jpath_scalar_text(jpath_get(doc, path));
	cJSON_Delete(doc);
	if (v && str_empty(v)) {
		free(v);
		v = NULL;
	}
	return v;
}

char *
cursor_apply(const char *url, const cJSON *spec, const char *value)
{
	if (!url)
		return NULL;
	if (!value || cursor_check(spec, NULL) < 0)
		return xstrdup(url);
	const char *param = cJSON_GetObjectItemCaseSensitive(spec, "param")->valuestring;
	const cJSON *tmpl = cJSON_GetObjectItemCaseSensitive(spec, "template");
	char *full;
	if (cJSON_IsString(tmpl)) {
		struct buf b;
		buf_init(&b);
		const char *t = tmpl->valuestring, *hole;
		while ((hole = strstr(t, "{}"))) {
			buf_add(&b, t, (size_t)(hole - t));
			buf_adds(&b, value);
			t = hole + 2;
		}
		buf_adds(&b, t);
		full = buf_steal(&b);
	} else {
		full = xstrdup(value);
	}
	char *ename = url_encode(param);
	char *evalue = url_encode(full);
	free(full);

	/* Split off the fragment, then rebuild the query without param. */
	size_t ulen = strlen(url);
	const char *hash = strchr(url, '#');
	size_t end = hash ? (size_t)(hash - url) : ulen;
	const char *q = memchr(url, '?', end);
	struct buf b;
	buf_init(&b);
	size_t qstart = q ? (size_t)(q - url) : end;
	buf_add(&b, url, qstart);
	int first = 1;
	if (q) {
		const char *p = q + 1, *stop = url + end;
		while (p < stop) {
			const char *amp = memchr(p, '&', (size_t)(stop - p));
			const char *pe = amp ? amp : stop;
			const char *eq = memchr(p, '=', (size_t)(pe - p));
			size_t klen = (size_t)((eq ? eq : pe) - p);
			char *k = xstrndup(p, klen);
			char *dk = url_decode(k, 1);
			int same = dk && !strcmp(dk, param);
			free(k);
			free(dk);
			if (!same && pe > p) {
				buf_addc(&b, first ? '?' : '&');
				buf_add(&b, p, (size_t)(pe - p));
				first = 0;
			}
			p = amp ? amp + 1 : stop;
		}
	}
	buf_printf(&b, "%c%s=%s", first ? '?' : '&', ename, evalue);
	if (hash)
		buf_adds(&b, hash);
	free(ename);
	free(evalue);
	return buf_steal(&b);
}
