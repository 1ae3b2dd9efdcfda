/* social_mastodon.c — Mastodon statuses (REST API v1/v2 JSON) and the
 * public account feeds (https://instance/@user.rss).
 *
 * A status (https://docs.joinmastodon.org/entities/Status/) becomes:
 *   url         status.url (its web page), else status.uri
 *   guid        status.uri (global), else status.id
 *   title       none: statuses have no title (left out, not invented)
 *   summary     spoiler_text (the content warning), when set
 *   content     content, HTML converted to plain text
 *   author      account.display_name, else account.username
 *   handle      "@" acct, with "@instance" added for local accounts
 *   published   created_at; updated: edited_at
 *   lang        language
 *   categories  tags[].name
 *   image       first image attachment (or a video's preview), else card.image
 *   enclosures  media_attachments (url, medium image/video/audio)
 *   links       links in the content (not mentions or hashtags), card.url
 *   engagement  likes (favourites_count), reposts (reblogs_count),
 *               replies (replies_count)
 * A boost (reblog) is emitted as the boosted status. A status with a
 * null content and no attachment (deleted, or filtered out by the server)
 * is skipped with a warning. */
#include "social_int.h"
#include "fields.h"
#include "record.h"
#include "url.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static int
is_status(const cJSON *s)
{
	return cJSON_IsObject(s) && sj_str(s, "id") && sj_obj(s, "account") &&
	    cJSON_GetObjectItemCaseSensitive(s, "created_at") &&
	    cJSON_GetObjectItemCaseSensitive(s, "content");
}

static int
api_url(const struct parse_ctx *ctx)
{
	return ctx->url && (strstr(ctx->url, "/api/v1/") || strstr(ctx->url, "/api/v2/"));
}

static void
status_handle(const struct parse_ctx *ctx, cJSON *item, const cJSON *acc)
{
	const char *acct = sj_str(acc, "acct");
	if (!acct)
		acct = sj_str(acc, "username");
	if (!acct)
		return;
	if (acct[0] == '@')
		acct++;
	if (strchr(acct, '@')) {
		char *h = xasprintf("@%s", acct);
		rec_set_str(item, F_HANDLE, h);
		free(h);
		return;
	}
	char *host = social_host(sj_str(acc, "url"));
	if (!host)
		host = social_host(ctx->url);
	char *h = host ? xasprintf("@%s@%s", acct, host) : xasprintf("@%s", acct);
	rec_set_str(item, F_HANDLE, h);
	free(h);
	free(host);
}

static const char *
medium_of(const char *type)
{
	if (!type)
		return NULL;
	if (!strcmp(type, "image"))
		return "image";
	if (!strcmp(type, "video") || !strcmp(type, "gifv"))
		return "video";
	if (!strcmp(type, "audio"))
		return "audio";
	return NULL;
}

static void
emit_status(struct parse_ctx *ctx, const cJSON *st, long *n)
{
	const cJSON *inner = sj_obj(st, "reblog");
	if (inner && is_status(inner))
		st = inner;
	const char *id = sj_str(st, "id");
	const char *uri = sj_str(st, "uri");
	const cJSON *content = cJSON_GetObjectItemCaseSensitive(st, "content");
	const cJSON *media = sj_arr(st, "media_attachments");
	int has_media = media && cJSON_GetArraySize(media) > 0;
	const char *html = cJSON_IsString(content) ? content->valuestring : NULL;
	if ((!html || str_empty(html)) && !has_media && !sj_obj(st, "poll")) {
		parse_warn(ctx, "mastodon status %s has no content (deleted or filtered): skipped",
		    uri ? uri : id ? id : "?");
		return;
	}
	cJSON *item = cJSON_CreateObject();
	const char *url = sj_str(st, "url");
	s_url(ctx, item, F_URL, url ? url : uri);
	s_text(item, F_SUMMARY, sj_str(st, "spoiler_text"), 0);
	s_text(item, F_CONTENT, html, 1);
	const cJSON *acc = sj_obj(st, "account");
	const char *name = sj_str(acc, "display_name");
	rec_set_str(item, F_AUTHOR, name ? name : sj_str(acc, "username"));
	status_handle(ctx, item, acc);
	s_date(ctx, item, F_PUBLISHED, sj_str(st, "created_at"));
	s_date(ctx, item, F_UPDATED, sj_str(st, "edited_at"));
	rec_set_str(item, F_LANG, sj_str(st, "language"));
	const cJSON *tags = sj_arr(st, "tags");
	for (const cJSON *t = tags ? tags->child : NULL; t; t = t->next)
		social_add_str(item, F_CATEGORIES, sj_str(t, "name"));
	for (const cJSON *m = media ? media->child : NULL; m; m = m->next) {
		const char *type = sj_str(m, "type");
		const char *mu = sj_str(m, "url");
		if (!mu)
			mu = sj_str(m, "remote_url");
		const char *medium = medium_of(type);
		if (!cJSON_GetObjectItemCaseSensitive(item, F_IMAGE)) {
			if (medium && !strcmp(medium, "image"))
				s_url(ctx, item, F_IMAGE, mu);
			else if (sj_str(m, "preview_url"))
				s_url(ctx, item, F_IMAGE, sj_str(m, "preview_url"));
		}
		social_add_enclosure(ctx, item, mu, NULL, medium);
	}
	const cJSON *card = sj_obj(st, "card");
	if (!cJSON_GetObjectItemCaseSensitive(item, F_IMAGE) && sj_str(card, "image"))
		s_url(ctx, item, F_IMAGE, sj_str(card, "image"));
	if (html)
		social_html_links(ctx, item, html, url ? url : uri, 1);
	social_add_link(ctx, item, sj_str(card, "url"));
	rec_set_str(item, F_PLATFORM, "mastodon");
	social_engage(item, F_ENG_LIKES, sj_num(st, "favourites_count"));
	social_engage(item, F_ENG_REPOSTS, sj_num(st, "reblogs_count"));
	social_engage(item, F_ENG_REPLIES, sj_num(st, "replies_count"));
	item_emit(ctx, item, uri ? uri : id);
	(*n)++;
}

static long
emit_array(struct parse_ctx *ctx, const cJSON *arr)
{
	long n = 0, idx = 0;
	for (const cJSON *st = arr->child; st; st = st->next) {
		idx++;
		if (!is_status(st)) {
			parse_warn(ctx, "entry %ld is not a mastodon status: skipped", idx);
			continue;
		}
		emit_status(ctx, st, &n);
	}
	return n;
}

long
social_mastodon_json(struct parse_ctx *ctx, const cJSON *doc, int probe)
{
	if (cJSON_IsArray(doc)) {
		/* A timeline: statuses, newest first. */
		if (!doc->child) {
			if (!api_url(ctx))
				return -1;
			return 0;
		}
		if (!is_status(doc->child))
			return -1;
		return probe ? 0 : emit_array(ctx, doc);
	}
	if (!cJSON_IsObject(doc))
		return -1;
	if (is_status(doc)) {
		long n = 0;
		if (!probe)
			emit_status(ctx, doc, &n);
		return n;
	}
	/* v2 search: {"accounts":[],"statuses":[],"hashtags":[]} */
	const cJSON *sts = sj_arr(doc, "statuses");
	if (!sts)
		return -1;
	if (sts->child ? !is_status(sts->child) :
	    !(sj_arr(doc, "accounts") || sj_arr(doc, "hashtags") || api_url(ctx)))
		return -1;
	return probe ? 0 : emit_array(ctx, sts);
}

/* ---- account feeds: https://instance/@user.rss ---- */

/* "@user@host" from https://host/@user/123 or https://host/@user.rss. */
static char *
handle_from_url(const char *url)
{
	if (!url || !url_is_web(url, 0))
		return NULL;
	char *host = social_host(url);
	if (!host)
		return NULL;
	const char *p = strstr(url, "://");
	p = p ? strchr(p + 3, '/') : NULL;
	char *h = NULL;
	if (p && p[1] == '@') {
		size_t n = strcspn(p + 2, "/.?#@");
		if (n > 0)
			h = xasprintf("@%.*s@%s", (int)n, p + 2, host);
	}
	free(host);
	return h;
}

int
social_mastodon_feed_fixup(struct parse_ctx *ctx, cJSON *item, xmlNode *entry)
{
	xmlNode *channel = entry->parent;
	if (ctx->mastodon_parent != channel) {
		char *gen = sx_text(sx_child(channel, NULL, "generator"));
		ctx->mastodon_generator = gen && !strncmp(gen, "Mastodon", 8);
		ctx->mastodon_parent = channel;
		free(gen);
	}
	int mastodon = ctx->mastodon_generator;
	if (!mastodon && ctx->url) {
		size_t n = strlen(ctx->url);
		mastodon = n > 4 && !strcmp(ctx->url + n - 4, ".rss") &&
		    strstr(ctx->url, "/@") != NULL;
	}
	if (!mastodon)
		return 0;
	rec_set_str(item, F_PLATFORM, "mastodon");
	/* The description is the whole status: content, as in the API. */
	if (!rec_str(item, F_CONTENT) && rec_str(item, F_SUMMARY)) {
		cJSON *sum = cJSON_DetachItemFromObjectCaseSensitive(item, F_SUMMARY);
		rec_set(item, F_CONTENT, sum);
	}
	/* The channel is the account: its title is the display name. */
	if (!rec_str(item, F_AUTHOR)) {
		char *name = sx_text(sx_child(channel, NULL, "title"));
		rec_set_str(item, F_AUTHOR, name);
		free(name);
	}
	char *h = handle_from_url(rec_str(item, F_URL));
	if (!h)
		h = handle_from_url(ctx->url);
	rec_set_str(item, F_HANDLE, h);
	free(h);
	return 1;
}
