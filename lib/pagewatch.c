/* pagewatch.c — see pagewatch.h */
#include "pagewatch.h"
#include "diff.h"
#include "fields.h"
#include "html.h"
#include "msg.h"
#include "record.h"
#include "select.h"
#include "sha256.h"
#include "utf8.h"
#include "util.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

void
pw_result_free(struct pw_result *r)
{
	free(r->shown);
	free(r->compared);
	free(r->title);
	memset(r, 0, sizeof *r);
}

struct ignores {
	regex_t re[PW_MAX_IGNORE];
	size_t n;
};

static void
ignores_free(struct ignores *ig)
{
	for (size_t i = 0; i < ig->n; i++)
		regfree(&ig->re[i]);
	ig->n = 0;
}

static int
ignore_add(struct ignores *ig, const cJSON *v, char **err)
{
	if (!cJSON_IsString(v) || !v->valuestring || !*v->valuestring) {
		*err = xstrdup("\"ignore\": each pattern must be a non-empty string");
		return -1;
	}
	if (ig->n == PW_MAX_IGNORE) {
		*err = xasprintf("\"ignore\": more than %d patterns", PW_MAX_IGNORE);
		return -1;
	}
	int rc = regcomp(&ig->re[ig->n], v->valuestring, REG_EXTENDED);
	if (rc) {
		char m[200];
		regerror(rc, &ig->re[ig->n], m, sizeof m);
		*err = xasprintf("\"ignore\": %s: %s", msg_quote(v->valuestring, 100), m);
		return -1;
	}
	ig->n++;
	return 0;
}

static int
ignores_read(const cJSON *rec, struct ignores *ig, char **err)
{
	ig->n = 0;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, F_IGNORE);
	if (!v)
		return 0;
	if (cJSON_IsArray(v)) {
		for (const cJSON *e = v->child; e; e = e->next)
			if (ignore_add(ig, e, err) < 0)
				return -1;
		return 0;
	}
	return ignore_add(ig, v, err);
}

/* Append line l[0..n) to out with its blanks collapsed and trimmed; a
 * blank line adds nothing. The line is cut where out would pass max. */
static void
add_line(struct buf *out, const char *l, size_t n, size_t max)
{
	size_t start = out->len;
	int space = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)l[i];
		int blank = c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
		if (c == 0xC2 && i + 1 < n && (unsigned char)l[i + 1] == 0xA0) {
			blank = 1;
			i++;
		}
		if (blank) {
			space = out->len > start;
			continue;
		}
		if (space)
			buf_addc(out, ' ');
		space = 0;
		buf_addc(out, (char)c);
	}
	if (out->len == start)
		return;
	buf_addc(out, '\n');
	if (out->len > max) {
		/* cut at a character boundary, then end the line */
		size_t keep = max ? max - 1 : 0;
		out->len = start + utf8_cut(out->data + start, out->len - start,
		    keep > start ? keep - start : 0);
		buf_addc(out, '\n');
		if (out->len > max)
			out->len = start;
	}
}

/* Remove every match of the patterns from line l[0..n), into out. */
static void
strip_line(const struct ignores *ig, const char *l, size_t n, struct buf *out)
{
	char *cur = xstrndup(l, n);
	for (size_t k = 0; k < ig->n; k++) {
		struct buf next;
		buf_init(&next);
		const char *p = cur;
		int flags = 0;
		regmatch_t m;
		while (*p && regexec(&ig->re[k], p, 1, &m, flags) == 0) {
			buf_add(&next, p, (size_t)m.rm_so);
			if (m.rm_eo == m.rm_so) {
				/* an empty match: keep one character and go on */
				size_t step = (size_t)m.rm_so;
				if (p[step])
					step++;
				while (((unsigned char)p[step] & 0xC0) == 0x80)
					step++;
				buf_add(&next, p + m.rm_so, step - (size_t)m.rm_so);
				p += step;
			} else {
				p += m.rm_eo;
			}
			flags = REG_NOTBOL;
		}
		buf_adds(&next, p);
		buf_addc(&next, '\0');
		free(cur);
		cur = buf_steal(&next);
	}
	add_line(out, cur, strlen(cur), (size_t)-1);
	free(cur);
}

static char *
first_line(const char *s)
{
	size_t n = strcspn(s, "\n");
	return n ? xstrndup(s, n) : NULL;
}

static char *
page_title(xmlDoc *doc)
{
	char *err = NULL;
	struct selector *t = select_compile("title", &err);
	struct buf b;
	buf_init(&b);
	if (t && select_text(t, doc, &b, &err) > 0 && b.len) {
		buf_addc(&b, '\0');
		char *r = first_line(b.data);
		buf_free(&b);
		select_free(t);
		return r;
	}
	free(err);
	buf_free(&b);
	select_free(t);
	return NULL;
}

char *
pw_versions_push(const char *versions, const char *h)
{
	struct buf b;
	buf_init(&b);
	buf_adds(&b, h);
	int n = 1;
	for (const char *p = versions ? versions : ""; *p && n < PW_VERSIONS;) {
		p += strspn(p, " ");
		size_t len = strcspn(p, " ");
		if (len && !(len == strlen(h) && !memcmp(p, h, len))) {
			buf_addc(&b, ' ');
			buf_add(&b, p, len);
			n++;
		}
		p += len;
	}
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

static int
in_versions(const char *versions, const char *h, int *first)
{
	size_t hn = strlen(h);
	*first = 1;
	for (const char *p = versions ? versions : ""; *p;) {
		p += strspn(p, " ");
		size_t len = strcspn(p, " ");
		if (len == hn && !memcmp(p, h, len))
			return 1;
		if (len)
			*first = 0;
		p += len;
	}
	*first = 0;
	return 0;
}

int
pw_read(const cJSON *rec, const char *html, size_t n, const struct state_watch *prev,
    struct pw_result *r, char **err)
{
	memset(r, 0, sizeof *r);
	*err = NULL;
	const cJSON *sv = cJSON_GetObjectItemCaseSensitive(rec, F_SELECT);
	if (sv && (!cJSON_IsString(sv) || !sv->valuestring)) {
		*err = xstrdup("\"select\" must be a string");
		return -1;
	}
	struct ignores ig;
	if (ignores_read(rec, &ig, err) < 0) {
		ignores_free(&ig);
		return -1;
	}
	char *serr = NULL;
	struct selector *sel = select_compile(sv ? sv->valuestring : "body", &serr);
	if (!sel) {
		*err = xasprintf("\"select\": %s: %s", msg_quote(sv->valuestring, 100), serr);
		free(serr);
		ignores_free(&ig);
		return -1;
	}
	xmlDoc *doc = html_parse_document(html, n, NULL);
	struct buf raw;
	buf_init(&raw);
	r->selected = doc ? select_text(sel, doc, &raw, &serr) : 0;
	if (r->selected < 0) {
		*err = xasprintf("\"select\": %s", serr);
		free(serr);
	} else {
		r->title = doc ? page_title(doc) : NULL;
	}
	if (doc)
		xmlFreeDoc(doc);
	select_free(sel);
	if (*err) {
		buf_free(&raw);
		ignores_free(&ig);
		return -1;
	}

	/* shown: normalised lines, cut; compared: ignored parts removed */
	struct buf shown, cmp;
	buf_init(&shown);
	buf_init(&cmp);
	for (size_t i = 0; i < raw.len;) {
		const char *e = memchr(raw.data + i, '\n', raw.len - i);
		size_t len = e ? (size_t)(e - (raw.data + i)) : raw.len - i;
		size_t before = shown.len;
		add_line(&shown, raw.data + i, len, STATE_WATCH_MAX_TEXT);
		if (shown.len > before)
			strip_line(&ig, shown.data + before, shown.len - before - 1, &cmp);
		i += len + 1;
		if (shown.len + 1 >= STATE_WATCH_MAX_TEXT)
			break;
	}
	buf_free(&raw);
	ignores_free(&ig);
	buf_addc(&shown, '\0');
	buf_addc(&cmp, '\0');
	r->shown = buf_steal(&shown);
	r->compared = buf_steal(&cmp);
	if (strlen(r->compared) > STATE_WATCH_MAX_TEXT)   /* cannot: a subset of shown */
		r->compared[STATE_WATCH_MAX_TEXT] = '\0';

	char hex[65];
	sha256_hex(r->compared, strlen(r->compared), hex);
	memcpy(r->hash, hex, 16);
	r->hash[16] = '\0';
	int first;
	if (!prev || !prev->versions || !*prev->versions)
		r->verdict = PW_FIRST;
	else if (in_versions(prev->versions, r->hash, &first))
		r->verdict = first ? PW_SAME : PW_SEEN;
	else
		r->verdict = PW_CHANGED;
	return 0;
}

static void
emit_change(struct parse_ctx *ctx, const struct pw_result *r, const struct state_watch *prev,
    const char *changed_at)
{
	cJSON *item = cJSON_CreateObject();
	rec_set_str(item, F_URL, ctx->url);
	rec_set_str(item, F_TITLE, r->title ? r->title : ctx->url);
	rec_set_str(item, F_KIND, "change");
	rec_set_str(item, F_PUBLISHED, changed_at);
	if (r->verdict == PW_CHANGED && prev && prev->text) {
		struct buf d;
		struct diff_stat st;
		buf_init(&d);
		diff_unified(prev->text, prev->text_len, r->compared, strlen(r->compared),
		    PW_DIFF_MAX, &d, &st);
		buf_addc(&d, '\0');
		char *sum = xasprintf("%zu line%s added, %zu removed", st.added,
		    st.added == 1 ? "" : "s", st.removed);
		rec_set_owned(item, F_SUMMARY, sum);
		rec_set(item, F_DIFF, cJSON_CreateString(d.data));
		buf_free(&d);
	} else {
		rec_set_str(item, F_SUMMARY, "first version watched");
	}
	rec_set(item, F_CONTENT, cJSON_CreateString(r->shown));
	rec_set_str(item, F_CHANGED_AT, changed_at);
	char *guid = xasprintf("change:%s:%s", changed_at, r->hash);
	item_emit(ctx, item, guid);
	free(guid);
}

int
pagewatch_record(struct parse_ctx *ctx, struct state *st, const cJSON *rec,
    const char **code, char **err)
{
	*code = NULL;
	*err = NULL;
	const char *body = rec_str(rec, F_BODY);
	if (rec_str(rec, F_BODY_ENCODING)) {
		*code = "bad_watch";
		*err = xstrdup("a watched page must be text, not a binary body");
		return -1;
	}
	if (!ctx->url) {
		*code = "bad_watch";
		*err = xstrdup("a watched page needs its url");
		return -1;
	}
	struct state_watch prev;
	int have = st ? state_watch_get(st, ctx->url, &prev) : 0;
	if (have < 0) {
		*code = "bad_watch";
		*err = xstrdup("cannot read the watch state");
		return -1;
	}
	struct pw_result r;
	if (pw_read(rec, body ? body : "", body ? strlen(body) : 0, have ? &prev : NULL,
	    &r, err) < 0) {
		*code = "bad_watch";
		if (have)
			state_watch_free(&prev);
		return -1;
	}
	if (r.selected == 0)
		parse_warn(ctx, "\"select\" matched nothing on the page");
	const char *fetched = rec_str(rec, F_FETCHED_AT);
	const char *changed_at = fetched ? fetched : now_rfc3339();
	int report = r.verdict == PW_FIRST || r.verdict == PW_CHANGED;
	if (report)
		emit_change(ctx, &r, have ? &prev : NULL, changed_at);
	/* The new row only once the item is out: a run that dies before
	 * leaves the old row, and veille-fetch passes the body on again. */
	if (st && out_sync() == 0) {
		struct state_watch w = { 0 };
		char key[65];
		if (rec_str(rec, F_BODY_SHA256)) {
			pw_sync_key(rec, rec_str(rec, F_BODY_SHA256), key);
			w.body_sha256 = key;
		}
		w.text = r.compared;
		w.text_len = strlen(r.compared);
		w.versions = pw_versions_push(have ? prev.versions : NULL, r.hash);
		w.changed_at = (char *)(report ? changed_at : have ? prev.changed_at : NULL);
		state_watch_put(st, ctx->url, &w);
		free(w.versions);
	}
	pw_result_free(&r);
	if (have)
		state_watch_free(&prev);
	return 0;
}
