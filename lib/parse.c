/* parse.c — see parse.h */
#include "parse.h"
#include "progress.h"
#include "date.h"
#include "fields.h"
#include "html.h"
#include "keyidx.h"
#include "msg.h"
#include "record.h"
#include "sha256.h"
#include "url.h"
#include "util.h"

#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The order of item fields on output; others follow in the order added. */
static const char *const item_order[] = {
	F_ID, F_KIND, F_URL, F_TITLE, F_AUTHOR, F_HANDLE, F_PUBLISHED, F_UPDATED,
	F_SUMMARY, F_CONTENT, F_CATEGORIES, F_ENCLOSURES, F_IMAGE, F_LINKS,
	F_LANG, F_SITE_NAME, F_PLATFORM, F_ENGAGEMENT, F_SOURCE, F_FETCHED_AT,
	NULL,
};

void
parse_ctx_init(struct parse_ctx *ctx)
{
	memset(ctx, 0, sizeof *ctx);
}

void
parse_set_source(struct parse_ctx *ctx, cJSON *src)
{
	cJSON_Delete(ctx->source);
	ctx->source = src;
	ctx->source_made_ok = 0;
}

void
parse_ctx_free(struct parse_ctx *ctx)
{
	free(ctx->carry_keep);
	ctx->carry_keep = NULL;
	ctx->ncarry_keep = 0;
	ctx->carry_for = NULL;
	cJSON_Delete(ctx->source_made);
	ctx->source_made = NULL;
	ctx->source_made_ok = 0;
	cJSON_Delete(ctx->source);
	free(ctx->feed_lang);
	free(ctx->own_url);
	ctx->own_url = NULL;
	ctx->source = NULL;
	ctx->feed_lang = NULL;
}

int parse_quiet;

void
parse_warn(struct parse_ctx *ctx, const char *fmt, ...)
{
	char text[MSG_MAX * 2];
	va_list ap;
	ctx->nwarnings++;
	if (parse_quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	/* the document's URL is input too: cut, so that the message stays */
	msg_warn(ctx->where ? msg_quote(ctx->where, 200) : NULL, "%s", text);
}

void
parse_write(struct parse_ctx *ctx, const cJSON *rec)
{
	if (ctx->sink)
		ctx->sink(ctx->sink_arg, rec);
	else
		out_write(rec);
}

/* The id of the concatenation of parts, hashed piece by piece. */
static char *
id_of_parts(const char *scope, const char *const *part, int n)
{
	struct sha256 c;
	unsigned char d[32];
	char *hex = xmalloc(33);
	sha256_init(&c);
	if (scope)
		sha256_update(&c, scope, strlen(scope));
	sha256_update(&c, "\n", 1);
	for (int i = 0; i < n; i++)
		if (part[i])
			sha256_update(&c, part[i], strlen(part[i]));
	sha256_final(&c, d);
	hex_encode(hex, d, 16);
	return hex;
}

char *
item_make_id(const char *scope, const char *key)
{
	return id_of_parts(scope, &key, 1);
}

void
item_set_date(struct parse_ctx *ctx, cJSON *item, const char *key, const char *text)
{
	char buf[32];
	if (str_empty(text))
		return;
	if (date_normalise(text, buf)) {
		rec_set_str(item, key, buf);
		return;
	}
	if (!ctx->date_warned) {
		char shown[64];
		snprintf(shown, sizeof shown, "%s", text);
		parse_warn(ctx, "unparseable date '%s' left out (reported once per document)",
		    msg_quote(str_trim(shown), 60));
		ctx->date_warned = 1;
	}
}

void
item_set_url(struct parse_ctx *ctx, cJSON *item, const char *key,
    const char *base, const char *ref)
{
	if (str_empty(ref))
		return;
	char *u = url_resolve(base ? base : ctx->base_url, ref);
	rec_set_owned(item, key, u ? u : str_trim(xstrdup(ref)));
}

void
item_set_text(cJSON *item, const char *key, const char *text, int is_html)
{
	if (str_empty(text))
		return;
	char *t;
	if (is_html)
		t = html_to_text(text, strlen(text));
	else
		t = text_normalise_space(xstrdup(text));
	/* Titles, authors and the like are one line. */
	if (strcmp(key, F_CONTENT) && strcmp(key, F_SUMMARY))
		for (char *p = t; *p; p++)
			if (*p == '\n')
				*p = ' ';
	if (strcmp(key, F_CONTENT) && strcmp(key, F_SUMMARY))
		text_normalise_space(t);
	rec_set_owned(item, key, t);
}

/* Links taken from the document are http(s) only (url_safe); a field
 * that holds the document's own location, as the caller gave it (the
 * file:// URL of a local file), is the caller's and stays. */
static int
own_location(const struct parse_ctx *ctx, const char *u)
{
	return (ctx->url && !strcmp(u, ctx->url)) || (ctx->base_url && !strcmp(u, ctx->base_url)) ||
	    (ctx->file_url && !strcmp(u, ctx->file_url));
}

static void
drop_unsafe_url(const struct parse_ctx *ctx, cJSON *o, const char *key, int own_ok)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (v && !(cJSON_IsString(v) && (url_safe(v->valuestring) ||
	    (own_ok && own_location(ctx, v->valuestring)))))
		cJSON_DeleteItemFromObjectCaseSensitive(o, key);
}

/* Every link field of an item, whichever parser made it: url, image,
 * links, enclosures[].url, source.url and source.site_url. */
static void
drop_unsafe_links(const struct parse_ctx *ctx, cJSON *item)
{
	drop_unsafe_url(ctx, item, F_URL, 1);
	drop_unsafe_url(ctx, item, F_IMAGE, 0);
	cJSON *src = cJSON_GetObjectItemCaseSensitive(item, F_SOURCE);
	if (cJSON_IsObject(src)) {
		drop_unsafe_url(ctx, src, F_SOURCE_URL, 1);
		drop_unsafe_url(ctx, src, F_SOURCE_SITE, 0);
	}
	cJSON *links = cJSON_GetObjectItemCaseSensitive(item, F_LINKS);
	for (cJSON *l = cJSON_IsArray(links) ? links->child : NULL, *next; l; l = next) {
		next = l->next;
		if (!cJSON_IsString(l) || !url_safe(l->valuestring))
			cJSON_Delete(cJSON_DetachItemViaPointer(links, l));
	}
	cJSON *encs = cJSON_GetObjectItemCaseSensitive(item, F_ENCLOSURES);
	for (cJSON *e = cJSON_IsArray(encs) ? encs->child : NULL, *next; e; e = next) {
		next = e->next;
		if (!url_safe(rec_str(e, F_ENC_URL)))
			cJSON_Delete(cJSON_DetachItemViaPointer(encs, e));
	}
	if (links && !links->child)
		cJSON_DeleteItemFromObjectCaseSensitive(item, F_LINKS);
	if (encs && !encs->child)
		cJSON_DeleteItemFromObjectCaseSensitive(item, F_ENCLOSURES);
}

/* The feed's source object, merged with a source label carried from the
 * target list: the analyst's own naming wins (a string label, from a
 * record no veille-fetch has seen, is the source's name). Built once per document
 * (the same for every item), the carried object merged through an index
 * of keys: it comes from the input and may be of any size. */
static cJSON *
build_source(struct parse_ctx *ctx)
{
	cJSON *src = ctx->source ? cJSON_Duplicate(ctx->source, 1) : cJSON_CreateObject();
	drop_unsafe_url(ctx, src, F_SOURCE_URL, 1);
	drop_unsafe_url(ctx, src, F_SOURCE_SITE, 0);
	const char *doc_url = ctx->file_url ? ctx->file_url : ctx->url;
	if (doc_url && !rec_str(src, F_SOURCE_URL))
		rec_set_str(src, F_SOURCE_URL, doc_url);
	const cJSON *carried = ctx->carry ? cJSON_GetObjectItemCaseSensitive(ctx->carry, F_SOURCE) : NULL;
	if (cJSON_IsString(carried)) {
		rec_set_str(src, F_SOURCE_NAME, carried->valuestring);
	} else if (cJSON_IsObject(carried)) {
		struct keyidx k;
		keyidx_init(&k, src);
		for (const cJSON *m = carried->child; m; m = m->next) {
			if (!m->string)
				continue;
			/* a key seen before is replaced in place (rec_set); the
			 * index forgets the old member before it is freed */
			cJSON *v = cJSON_Duplicate(m, 1), *old = keyidx_get(&k, m->string);
			if (old) {
				keyidx_put(&k, v->string, v);
				cJSON_ReplaceItemViaPointer(src, old, v);
			} else {
				cJSON_AddItemToObject(src, m->string, v);
				keyidx_put(&k, v->string, v);
			}
		}
		keyidx_free(&k);
	}
	if (!src->child) {
		cJSON_Delete(src);
		return NULL;
	}
	return src;
}

static cJSON *
make_source(struct parse_ctx *ctx)
{
	if (!ctx->source_made_ok || ctx->source_made_for != ctx->source ||
	    ctx->source_made_url != ctx->url) {
		cJSON_Delete(ctx->source_made);
		ctx->source_made = build_source(ctx);
		ctx->source_made_for = ctx->source;
		ctx->source_made_url = ctx->url;
		ctx->source_made_ok = 1;
	}
	return ctx->source_made ? cJSON_Duplicate(ctx->source_made, 1) : NULL;
}

/* The fields of the input record to copy onto items: its labels, not the
 * fields that describe the record itself (fields.h, field_not_carried),
 * not source (merged into the item's), each key once (the first, as a
 * lookup finds it). Made once per document. */
static void
prepare_carry(struct parse_ctx *ctx)
{
	if (ctx->carry_for == ctx->carry && (ctx->carry_keep || !ctx->carry))
		return;
	free(ctx->carry_keep);
	ctx->carry_keep = NULL;
	ctx->ncarry_keep = 0;
	ctx->carry_for = ctx->carry;
	if (!ctx->carry)
		return;
	size_t n = 0;
	for (const cJSON *m = ctx->carry->child; m; m = m->next)
		n++;
	ctx->carry_keep = xcalloc(n ? n : 1, sizeof *ctx->carry_keep);
	struct keyidx seen;
	keyidx_init(&seen, NULL);
	for (const cJSON *m = ctx->carry->child; m; m = m->next) {
		if (!m->string || !field_is_carried(m->string) || !strcmp(m->string, F_SOURCE) ||
		    keyidx_get(&seen, m->string))
			continue;
		keyidx_put(&seen, m->string, (cJSON *)m);
		ctx->carry_keep[ctx->ncarry_keep++] = m;
	}
	keyidx_free(&seen);
}

/* --links-only: an item becomes target records for veille-fetch: the
 * links a social post shares, else the item's own link (a feed entry's
 * article, to fetch the full text of a teaser). */
static void
emit_targets(struct parse_ctx *ctx, cJSON *item)
{
	const cJSON *links = cJSON_GetObjectItemCaseSensitive(item, F_LINKS);
	const char *title = rec_str(item, F_TITLE);
	if (cJSON_IsArray(links) && links->child) {
		/* one shared link: the post's title is the link's (HN stories) */
		int one = !links->child->next;
		for (const cJSON *l = links->child; l; l = l->next) {
			if (!cJSON_IsString(l) || !url_is_web(l->valuestring, 0))
				continue;
			cJSON *t = cJSON_CreateObject();
			rec_set_str(t, F_URL, l->valuestring);
			rec_set_str(t, F_KIND, "target");
			if (one)
				rec_set_str(t, F_TITLE, title);
			item_emit(ctx, t, NULL);
		}
	} else if (url_is_web(rec_str(item, F_URL), 0)) {
		cJSON *t = cJSON_CreateObject();
		rec_set_str(t, F_URL, rec_str(item, F_URL));
		rec_set_str(t, F_KIND, "target");
		rec_set_str(t, F_TITLE, title);
		item_emit(ctx, t, NULL);
	}
	cJSON_Delete(item);
}

void
item_emit(struct parse_ctx *ctx, cJSON *item, const char *guid)
{
	drop_unsafe_links(ctx, item);
	if (ctx->links_only && !(rec_str(item, F_KIND) && !strcmp(rec_str(item, F_KIND), "target"))) {
		emit_targets(ctx, item);
		return;
	}
	if (ctx->text_cut && !rec_str(item, F_ERROR_CODE)) {
		static const char cut[] = "elements nested more than 256 deep: "
		    "the entry's text is cut there";
		parse_warn(ctx, "%s", cut);
		rec_set_str(item, F_ERROR, cut);
		rec_set_str(item, F_ERROR_CODE, "too_deep");
		ctx->nfailed++;
	}
	/* Fill in what the parser did not. */
	if (ctx->feed_lang && !rec_str(item, F_LANG))
		rec_set_str(item, F_LANG, ctx->feed_lang);
	if (!cJSON_GetObjectItemCaseSensitive(item, F_SOURCE))
		rec_set(item, F_SOURCE, make_source(ctx));
	if (ctx->fetched_at)
		rec_set_str(item, F_FETCHED_AT, ctx->fetched_at);
	if (!rec_str(item, F_ID)) {
		const char *scope = ctx->url ? ctx->url : ctx->base_url;
		/* "guid:G", "url:U" or "text:T\nD\nC", without a copy */
		const char *part[6] = { 0 };
		int n;
		if (!str_empty(guid)) {
			part[0] = "guid:";
			part[1] = guid;
			n = 2;
		} else if (rec_str(item, F_URL)) {
			part[0] = "url:";
			part[1] = rec_str(item, F_URL);
			n = 2;
		} else {
			const char *t = rec_str(item, F_TITLE), *d = rec_str(item, F_PUBLISHED);
			const char *c = rec_str(item, F_SUMMARY);
			if (!c)
				c = rec_str(item, F_CONTENT);
			part[0] = "text:";
			part[1] = t;
			part[2] = "\n";
			part[3] = d;
			part[4] = "\n";
			part[5] = t || d ? NULL : c;
			n = 6;
		}
		rec_set_owned(item, F_ID, id_of_parts(scope, part, n));
	}

	/* Rebuild in the documented order, then the parser's other fields,
	 * then the fields carried from the input record. The item's fields
	 * are read once, each looked up in item_order (first byte first),
	 * and the ordered keys are item_order's own constant strings. */
	enum { NORDER = sizeof item_order / sizeof item_order[0] - 1 };
	cJSON *slot[NORDER] = { 0 };
	for (cJSON *v = item->child, *next; v; v = next) {
		next = v->next;
		for (int i = 0; v->string && i < NORDER; i++)
			if (item_order[i][0] == v->string[0] && !strcmp(item_order[i], v->string)) {
				if (!slot[i])   /* the first of a key, as a lookup finds */
					slot[i] = cJSON_DetachItemViaPointer(item, v);
				break;
			}
	}
	cJSON *out = cJSON_CreateObject();
	struct keyidx own;     /* the item's own keys, whatever their number */
	keyidx_init(&own, NULL);
	for (int i = 0; i < NORDER; i++)
		if (slot[i]) {
			cJSON_AddItemToObjectCS(out, item_order[i], slot[i]);
			keyidx_put(&own, item_order[i], slot[i]);
		}
	while (item->child) {
		cJSON *v = cJSON_DetachItemViaPointer(item, item->child);
		if (cJSON_IsNull(v) || !v->string || keyidx_get(&own, v->string)) {
			cJSON_Delete(v);
			continue;
		}
		cJSON_AddItemToObject(out, v->string, v);
		keyidx_put(&own, v->string, v);
	}
	cJSON_Delete(item);
	prepare_carry(ctx);
	for (size_t i = 0; i < ctx->ncarry_keep; i++) {
		const cJSON *m = ctx->carry_keep[i];
		if (!keyidx_get(&own, m->string))
			cJSON_AddItemToObject(out, m->string, cJSON_Duplicate(m, 1));
	}
	keyidx_free(&own);
	parse_write(ctx, out);
	cJSON_Delete(out);
	ctx->nitems++;
}
