/* social_reddit.c — Reddit listings (…/new.json, /search.json,
 * /user/x/submitted.json, /r/x/comments.json, and the [post, comments]
 * pair of /comments/ID.json).
 *
 * A link (t3) or comment (t1) becomes:
 *   url         https://www.reddit.com + permalink (the discussion)
 *   guid        name (t3_abc / t1_def)
 *   title       title (links only; comments have none)
 *   content     selftext (links) or body (comments): Reddit's markdown,
 *               &amp; &lt; &gt; decoded unless the listing was fetched
 *               with raw_json=1
 *   author      author; handle: "u/" author ("[deleted]" is left out)
 *   published   created_utc; updated: edited (when a time)
 *   categories  subreddit_name_prefixed ("r/france"), link_flair_text
 *   image       preview image, else the thumbnail when it is a URL
 *   enclosures  the image of an image post, the video of a Reddit video
 *   links       the linked page of a link post (url when not reddit's)
 *   engagement  score, replies (num_comments)
 * Removed and deleted entries (removed_by_category, "[removed]",
 * "[deleted]" bodies) are skipped with a warning; "more" placeholders
 * are ignored. */
#include "social_int.h"
#include "fields.h"
#include "record.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Reddit's JSON escapes exactly &, < and > in text fields unless
 * raw_json=1. Decode when the text has that shape: no raw < or >, and
 * every & starting one of the three entities. */
static char *
reddit_unescape(const char *s)
{
	if (!s)
		return NULL;
	int escaped = 1;
	for (const char *p = s; *p; p++) {
		if (*p == '<' || *p == '>')
			escaped = 0;
		else if (*p == '&' && strncmp(p, "&amp;", 5) && strncmp(p, "&lt;", 4) &&
		    strncmp(p, "&gt;", 4))
			escaped = 0;
	}
	if (!escaped)
		return xstrdup(s);
	struct buf b;
	buf_init(&b);
	for (const char *p = s; *p; p++) {
		if (!strncmp(p, "&amp;", 5)) {
			buf_addc(&b, '&');
			p += 4;
		} else if (!strncmp(p, "&lt;", 4)) {
			buf_addc(&b, '<');
			p += 3;
		} else if (!strncmp(p, "&gt;", 4)) {
			buf_addc(&b, '>');
			p += 3;
		} else {
			buf_addc(&b, *p);
		}
	}
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

static int
gone(const char *s)
{
	return s && (!strcmp(s, "[deleted]") || !strcmp(s, "[removed]"));
}

static int
is_listing(const cJSON *doc)
{
	const char *kind = sj_str(doc, "kind");
	return kind && !strcmp(kind, "Listing") &&
	    sj_arr(sj_obj(doc, "data"), "children");
}

static void
set_text(cJSON *item, const char *key, const char *raw, int raw_json)
{
	if (raw_json) {
		s_text(item, key, raw, 0);
		return;
	}
	char *t = reddit_unescape(raw);
	s_text(item, key, t, 0);
	free(t);
}

static int
reddit_host(const char *url)
{
	char *h = social_host(url);
	int r = h && (!strcmp(h, "reddit.com") ||
	    (strlen(h) > 11 && !strcmp(h + strlen(h) - 11, ".reddit.com")));
	free(h);
	return r;
}

static void
emit_thing(struct parse_ctx *ctx, const char *kind, const cJSON *d, long *n,
    int raw_json)
{
	int comment = !strcmp(kind, "t1");
	const char *name = sj_str(d, "name");
	const char *removed = sj_str(d, "removed_by_category");
	const char *text = sj_str(d, comment ? "body" : "selftext");
	if (removed || gone(text) || (comment && !text) ||
	    (!comment && !sj_str(d, "title"))) {
		char why[96];
		if (removed && !strcmp(removed, "deleted"))
			snprintf(why, sizeof why, "deleted by its author");
		else if (removed)
			snprintf(why, sizeof why, "removed (%.60s)", removed);
		else
			snprintf(why, sizeof why, "%s", text && !strcmp(text, "[removed]") ?
			    "removed" : "deleted");
		parse_warn(ctx, "reddit %s %s is %s: skipped",
		    comment ? "comment" : "post", name ? name : "?", why);
		return;
	}
	cJSON *item = cJSON_CreateObject();
	const char *perma = sj_str(d, "permalink");
	if (perma) {
		char *u = perma[0] == '/' ? xasprintf("https://www.reddit.com%s", perma) :
		    xstrdup(perma);
		s_url(ctx, item, F_URL, u);
		free(u);
	}
	if (!comment) {
		set_text(item, F_TITLE, sj_str(d, "title"), raw_json);
		social_one_line(item, F_TITLE);
	}
	set_text(item, F_CONTENT, text, raw_json);
	const char *author = sj_str(d, "author");
	if (author && !gone(author)) {
		rec_set_str(item, F_AUTHOR, author);
		char *h = xasprintf("u/%s", author);
		rec_set_str(item, F_HANDLE, h);
		free(h);
	}
	const cJSON *created = sj_num(d, "created_utc");
	if (created)
		social_set_epoch(item, F_PUBLISHED, created->valuedouble);
	const cJSON *edited = sj_num(d, "edited");
	if (edited)
		social_set_epoch(item, F_UPDATED, edited->valuedouble);
	const char *sub = sj_str(d, "subreddit_name_prefixed");
	if (sub) {
		social_add_str(item, F_CATEGORIES, sub);
	} else if (sj_str(d, "subreddit")) {
		char *s = xasprintf("r/%s", sj_str(d, "subreddit"));
		social_add_str(item, F_CATEGORIES, s);
		free(s);
	}
	char *flair = reddit_unescape(sj_str(d, "link_flair_text"));
	if (!comment)
		social_add_str(item, F_CATEGORIES, flair);
	free(flair);

	if (!comment) {
		const char *target = sj_str(d, "url_overridden_by_dest");
		if (!target)
			target = sj_str(d, "url");
		const char *hint = sj_str(d, "post_hint");
		char *tu = reddit_unescape(target);
		int self = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(d, "is_self"));
		if (hint && !strcmp(hint, "image") && tu) {
			s_url(ctx, item, F_IMAGE, tu);
			social_add_enclosure(ctx, item, tu, NULL, "image");
		}
		const cJSON *video = sj_obj(sj_obj(d, "media"), "reddit_video");
		if (video)
			social_add_enclosure(ctx, item, sj_str(video, "fallback_url"),
			    "video/mp4", "video");
		if (!self && tu && !(hint && !strcmp(hint, "image")) && !video &&
		    !reddit_host(tu))
			social_add_link(ctx, item, tu);
		free(tu);
		const cJSON *imgs = sj_arr(sj_obj(d, "preview"), "images");
		const cJSON *src = imgs ? sj_obj(imgs->child, "source") : NULL;
		if (!cJSON_GetObjectItemCaseSensitive(item, F_IMAGE) && sj_str(src, "url")) {
			char *iu = reddit_unescape(sj_str(src, "url"));
			s_url(ctx, item, F_IMAGE, iu);
			free(iu);
		}
		const char *thumb = sj_str(d, "thumbnail");
		if (!cJSON_GetObjectItemCaseSensitive(item, F_IMAGE) && thumb &&
		    (!strncmp(thumb, "https://", 8) || !strncmp(thumb, "http://", 7)))
			s_url(ctx, item, F_IMAGE, thumb);
	}
	rec_set_str(item, F_PLATFORM, "reddit");
	social_engage(item, F_ENG_SCORE, sj_num(d, "score"));
	if (!comment)
		social_engage(item, F_ENG_REPLIES, sj_num(d, "num_comments"));
	item_emit(ctx, item, name ? name : sj_str(d, "id"));
	(*n)++;
}

static void
emit_listing(struct parse_ctx *ctx, const cJSON *listing, long *n, long *idx,
    int raw_json)
{
	const cJSON *children = sj_arr(sj_obj(listing, "data"), "children");
	for (const cJSON *c = children->child; c; c = c->next) {
		(*idx)++;
		const char *kind = sj_str(c, "kind");
		const cJSON *d = sj_obj(c, "data");
		if (kind && !strcmp(kind, "more"))
			continue;
		if (!kind || !d || (strcmp(kind, "t3") && strcmp(kind, "t1"))) {
			parse_warn(ctx, "reddit entry %ld is a %s, not a post or comment: skipped",
			    *idx, kind ? kind : "thing without kind");
			continue;
		}
		emit_thing(ctx, kind, d, n, raw_json);
		/* Replies nested in a comment tree. */
		const cJSON *replies = sj_obj(d, "replies");
		if (replies && is_listing(replies))
			emit_listing(ctx, replies, n, idx, raw_json);
	}
}

long
social_reddit_json(struct parse_ctx *ctx, const cJSON *doc, int probe)
{
	if (cJSON_IsArray(doc)) {
		if (!doc->child)
			return -1;
		for (const cJSON *l = doc->child; l; l = l->next)
			if (!is_listing(l))
				return -1;
	} else if (!is_listing(doc)) {
		return -1;
	}
	if (probe)
		return 0;
	int raw_json = ctx->url && strstr(ctx->url, "raw_json=1") != NULL;
	long n = 0, idx = 0;
	if (cJSON_IsArray(doc)) {
		for (const cJSON *l = doc->child; l; l = l->next)
			emit_listing(ctx, l, &n, &idx, raw_json);
	} else {
		emit_listing(ctx, doc, &n, &idx, raw_json);
	}
	return n;
}
