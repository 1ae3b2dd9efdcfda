/* social_hn.c — Hacker News through the Algolia search API
 * (https://hn.algolia.com/api/v1/search and search_by_date).
 *
 * A hit becomes:
 *   url         https://news.ycombinator.com/item?id=<objectID> (the
 *               discussion)
 *   guid        objectID
 *   title       title (stories; comments have none)
 *   content     story_text or comment_text, HTML converted to text
 *   author      author; handle: author
 *   published   created_at, else created_at_i
 *   categories  the type tags of _tags (story, comment, ask_hn, show_hn,
 *               poll, job, front_page); author_* and story_* left out
 *   links       the story's url, links in the text
 *   engagement  score (points), replies (num_comments)
 * A hit with no title, no text and no url (deleted) is skipped with a
 * warning. */
#include "social_int.h"
#include "fields.h"
#include "record.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static int
is_hit(const cJSON *h)
{
	return cJSON_IsObject(h) && cJSON_GetObjectItemCaseSensitive(h, "objectID") &&
	    (cJSON_GetObjectItemCaseSensitive(h, "_tags") || cJSON_GetObjectItemCaseSensitive(h, "author")) &&
	    (cJSON_GetObjectItemCaseSensitive(h, "created_at") ||
	    cJSON_GetObjectItemCaseSensitive(h, "created_at_i"));
}

static char *
object_id(const cJSON *h)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(h, "objectID");
	if (cJSON_IsString(o) && o->valuestring[0])
		return xstrdup(o->valuestring);
	if (cJSON_IsNumber(o))
		return xasprintf("%.0f", o->valuedouble);
	return NULL;
}

static void
emit_hit(struct parse_ctx *ctx, const cJSON *h, long *n)
{
	char *id = object_id(h);
	const char *title = sj_str(h, "title");
	const char *url = sj_str(h, "url");
	const char *text = sj_str(h, "story_text");
	if (!text)
		text = sj_str(h, "comment_text");
	if (!title && !url && !text) {
		parse_warn(ctx, "hacker news item %s has no title, text or url (deleted?): skipped",
		    id ? id : "?");
		free(id);
		return;
	}
	cJSON *item = cJSON_CreateObject();
	if (id) {
		char *u = xasprintf("https://news.ycombinator.com/item?id=%s", id);
		s_url(ctx, item, F_URL, u);
		free(u);
	}
	s_text(item, F_TITLE, title, 0);
	social_one_line(item, F_TITLE);
	s_text(item, F_CONTENT, text, 1);
	const char *author = sj_str(h, "author");
	rec_set_str(item, F_AUTHOR, author);
	rec_set_str(item, F_HANDLE, author);
	const char *created = sj_str(h, "created_at");
	if (created)
		s_date(ctx, item, F_PUBLISHED, created);
	else if (sj_num(h, "created_at_i"))
		social_set_epoch(item, F_PUBLISHED, sj_num(h, "created_at_i")->valuedouble);
	const cJSON *tags = sj_arr(h, "_tags");
	for (const cJSON *t = tags ? tags->child : NULL; t; t = t->next) {
		if (!cJSON_IsString(t) || !strncmp(t->valuestring, "author_", 7) ||
		    !strncmp(t->valuestring, "story_", 6) || !strncmp(t->valuestring, "poll_", 5))
			continue;
		social_add_str(item, F_CATEGORIES, t->valuestring);
	}
	social_add_link(ctx, item, url);
	if (text)
		social_html_links(ctx, item, text, "https://news.ycombinator.com/", 0);
	rec_set_str(item, F_PLATFORM, "hackernews");
	social_engage(item, F_ENG_SCORE, sj_num(h, "points"));
	social_engage(item, F_ENG_REPLIES, sj_num(h, "num_comments"));
	item_emit(ctx, item, id);
	free(id);
	(*n)++;
}

long
social_hn_json(struct parse_ctx *ctx, const cJSON *doc, int probe)
{
	const cJSON *hits = sj_arr(doc, "hits");
	if (!hits)
		return -1;
	if (hits->child ? !is_hit(hits->child) :
	    !(sj_num(doc, "nbHits") || sj_num(doc, "hitsPerPage")))
		return -1;
	if (probe)
		return 0;
	long n = 0, idx = 0;
	for (const cJSON *h = hits->child; h; h = h->next) {
		idx++;
		if (!is_hit(h)) {
			parse_warn(ctx, "entry %ld is not a hacker news hit: skipped", idx);
			continue;
		}
		emit_hit(ctx, h, &n);
	}
	return n;
}
