/* social_bluesky.c — Bluesky (AT Protocol AppView) JSON:
 * app.bsky.feed.searchPosts and getPosts ({"posts":[postView]}),
 * getAuthorFeed, getFeed, getListFeed, getTimeline
 * ({"feed":[{"post":postView, "reason":...}]}).
 *
 * A postView (app.bsky.feed.defs#postView) becomes:
 *   url         https://bsky.app/profile/<handle>/post/<rkey of uri>
 *   guid        uri (at://did/app.bsky.feed.post/rkey)
 *   title       none (posts have no title)
 *   content     record.text (plain text)
 *   author      author.displayName; handle: "@" author.handle
 *   published   record.createdAt, else indexedAt
 *   lang        record.langs[0]
 *   categories  record.tags and the #tag facets
 *   image       first embedded image (fullsize), else the video thumbnail
 *               or the link card's thumb
 *   enclosures  embedded images and video (playlist)
 *   links       link facets and the link card (external embed)
 *   engagement  likes (likeCount), reposts (repostCount), replies
 *               (replyCount)
 * Reposts in author feeds are emitted as the original post. Blocked and
 * not-found posts (#blockedPost, #notFoundPost) are skipped with a
 * warning. */
#include "social_int.h"
#include "fields.h"
#include "record.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static int
is_post_view(const cJSON *p)
{
	const char *uri = sj_str(p, "uri");
	return cJSON_IsObject(p) && uri && !strncmp(uri, "at://", 5);
}

static int
is_unavailable(const cJSON *p)
{
	const char *type = sj_str(p, "$type");
	if (type && (strstr(type, "#blockedPost") || strstr(type, "#notFoundPost")))
		return 1;
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "blocked")) ||
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "notFound"));
}

static void
add_media(struct parse_ctx *ctx, cJSON *item, const cJSON *embed)
{
	if (!embed)
		return;
	const char *type = sj_str(embed, "$type");
	if (!type)
		type = "";
	if (strstr(type, "recordWithMedia")) {
		add_media(ctx, item, sj_obj(embed, "media"));
		return;
	}
	const cJSON *images = sj_arr(embed, "images");
	for (const cJSON *im = images ? images->child : NULL; im; im = im->next) {
		const char *u = sj_str(im, "fullsize");
		if (!u)
			u = sj_str(im, "thumb");
		if (!cJSON_GetObjectItemCaseSensitive(item, F_IMAGE))
			s_url(ctx, item, F_IMAGE, u);
		social_add_enclosure(ctx, item, u, NULL, "image");
	}
	if (sj_str(embed, "playlist")) {
		if (!cJSON_GetObjectItemCaseSensitive(item, F_IMAGE))
			s_url(ctx, item, F_IMAGE, sj_str(embed, "thumbnail"));
		social_add_enclosure(ctx, item, sj_str(embed, "playlist"),
		    "application/vnd.apple.mpegurl", "video");
	}
	const cJSON *ext = sj_obj(embed, "external");
	if (ext) {
		social_add_link(ctx, item, sj_str(ext, "uri"));
		if (!cJSON_GetObjectItemCaseSensitive(item, F_IMAGE))
			s_url(ctx, item, F_IMAGE, sj_str(ext, "thumb"));
	}
}

static void
add_facets(struct parse_ctx *ctx, cJSON *item, const cJSON *record)
{
	const cJSON *facets = sj_arr(record, "facets");
	for (const cJSON *f = facets ? facets->child : NULL; f; f = f->next) {
		const cJSON *feats = sj_arr(f, "features");
		for (const cJSON *ft = feats ? feats->child : NULL; ft; ft = ft->next) {
			const char *type = sj_str(ft, "$type");
			if (!type)
				continue;
			if (strstr(type, "#tag"))
				social_add_str(item, F_CATEGORIES, sj_str(ft, "tag"));
			else if (strstr(type, "#link"))
				social_add_link(ctx, item, sj_str(ft, "uri"));
		}
	}
}

static void
emit_post(struct parse_ctx *ctx, const cJSON *post, long *n)
{
	const char *uri = sj_str(post, "uri");
	const cJSON *record = sj_obj(post, "record");
	const cJSON *author = sj_obj(post, "author");
	if (!record || !author) {
		parse_warn(ctx, "bluesky post %s has no record or author: skipped",
		    uri ? uri : "?");
		return;
	}
	const char *text = sj_str(record, "text");
	const cJSON *embed = sj_obj(post, "embed");
	if (!text && !embed) {
		parse_warn(ctx, "bluesky post %s has no text: skipped", uri);
		return;
	}
	cJSON *item = cJSON_CreateObject();
	const char *handle = sj_str(author, "handle");
	const char *did = sj_str(author, "did");
	const char *who = handle && strcmp(handle, "handle.invalid") ? handle : did;
	const char *rkey = strrchr(uri, '/');
	if (who && rkey && rkey[1] && strstr(uri, "/app.bsky.feed.post/")) {
		char *u = xasprintf("https://bsky.app/profile/%s/post/%s", who, rkey + 1);
		s_url(ctx, item, F_URL, u);
		free(u);
	}
	s_text(item, F_CONTENT, text, 0);
	rec_set_str(item, F_AUTHOR, sj_str(author, "displayName"));
	if (handle && strcmp(handle, "handle.invalid")) {
		char *h = xasprintf("@%s", handle);
		rec_set_str(item, F_HANDLE, h);
		free(h);
	}
	const char *created = sj_str(record, "createdAt");
	s_date(ctx, item, F_PUBLISHED, created ? created : sj_str(post, "indexedAt"));
	const cJSON *langs = sj_arr(record, "langs");
	if (langs && cJSON_IsString(langs->child))
		rec_set_str(item, F_LANG, langs->child->valuestring);
	const cJSON *tags = sj_arr(record, "tags");
	for (const cJSON *t = tags ? tags->child : NULL; t; t = t->next)
		if (cJSON_IsString(t))
			social_add_str(item, F_CATEGORIES, t->valuestring);
	add_facets(ctx, item, record);
	add_media(ctx, item, embed);
	rec_set_str(item, F_PLATFORM, "bluesky");
	social_engage(item, F_ENG_LIKES, sj_num(post, "likeCount"));
	social_engage(item, F_ENG_REPOSTS, sj_num(post, "repostCount"));
	social_engage(item, F_ENG_REPLIES, sj_num(post, "replyCount"));
	item_emit(ctx, item, uri);
	(*n)++;
}

static int
posts_shape(const struct parse_ctx *ctx, const cJSON *doc, const cJSON *arr,
    int feed)
{
	if (!arr)
		return 0;
	if (!arr->child)
		return (ctx->url && strstr(ctx->url, "/xrpc/")) ||
		    cJSON_GetObjectItemCaseSensitive(doc, "cursor") ||
		    cJSON_GetObjectItemCaseSensitive(doc, "hitsTotal");
	const cJSON *first = arr->child;
	if (feed)
		first = sj_obj(first, "post");
	return first && (is_post_view(first) || is_unavailable(first));
}

long
social_bluesky_json(struct parse_ctx *ctx, const cJSON *doc, int probe)
{
	if (!cJSON_IsObject(doc))
		return -1;
	const cJSON *posts = sj_arr(doc, "posts");
	const cJSON *feed = sj_arr(doc, "feed");
	int is_posts = posts_shape(ctx, doc, posts, 0);
	int is_feed = !is_posts && posts_shape(ctx, doc, feed, 1);
	if (!is_posts && !is_feed)
		return -1;
	if (probe)
		return 0;
	long n = 0, idx = 0;
	for (const cJSON *e = (is_posts ? posts : feed)->child; e; e = e->next) {
		idx++;
		const cJSON *post = is_posts ? e : sj_obj(e, "post");
		if (!post) {
			parse_warn(ctx, "feed entry %ld has no post: skipped", idx);
			continue;
		}
		if (is_unavailable(post)) {
			const char *uri = sj_str(post, "uri");
			parse_warn(ctx, "bluesky post %s is %s: skipped", uri ? uri : "?",
			    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(post, "blocked")) ||
			    (sj_str(post, "$type") && strstr(sj_str(post, "$type"), "blocked")) ?
			    "blocked" : "not found");
			continue;
		}
		if (!is_post_view(post)) {
			parse_warn(ctx, "entry %ld is not a bluesky post: skipped", idx);
			continue;
		}
		emit_post(ctx, post, &n);
	}
	return n;
}
