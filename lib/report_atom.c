/* report_atom.c — an Atom 1.0 feed (RFC 4287) of a window's top stories,
 * one feed per report, one entry per story and watch, so that a watch
 * can be followed in any feed reader. Entry ids are stable
 * (urn:veille:story:ID:TAG), so a reader shows a story once however
 * often the feed is rewritten. */
#include "report.h"
#include "markup.h"
#include "record.h"
#include "util.h"

#include <string.h>

static void
esc(struct buf *b, const char *s, size_t max)
{
	markup_escape(b, s, max);
}

static void
entry(struct buf *b, const cJSON *agg, const cJSON *s, const char *tag)
{
	buf_adds(b, "<entry>\n<id>urn:veille:story:");
	esc(b, rec_str(s, "id"), 128);
	if (tag) {
		buf_adds(b, ":");
		esc(b, tag, 128);
	}
	buf_adds(b, "</id>\n<title type=\"text\">");
	esc(b, rec_str(s, "title"), 300);
	buf_adds(b, "</title>\n<updated>");
	esc(b, rec_str(s, "published"), 40);
	buf_adds(b, "</updated>\n");
	const char *url = markup_safe_url(rec_str(s, "url"));
	if (url) {
		buf_adds(b, "<link rel=\"alternate\" type=\"text/html\" href=\"");
		esc(b, url, 0);
		buf_adds(b, "\"/>\n");
	}
	if (rec_str(s, "source")) {
		buf_adds(b, "<author><name>");
		esc(b, rec_str(s, "source"), 120);
		buf_adds(b, "</name></author>\n");
	}
	if (tag) {
		buf_adds(b, "<category term=\"");
		esc(b, tag, 128);
		buf_adds(b, "\"/>\n");
	}
	buf_adds(b, "<summary type=\"text\">");
	double e = rec_num(s, "echoes", 0);
	if (e > 0)
		buf_printf(b, "[%.0f %s] ", e, report_word(agg, "echoes_n"));
	esc(b, rec_str(s, "excerpt"), 500);
	buf_adds(b, "</summary>\n</entry>\n");
}

void
report_atom(struct buf *b, const cJSON *agg)
{
	const char *title = rec_str(agg, "title");
	if (!title)
		title = report_word(agg, "report");
	/* The feed's id: its title and watches, so that two reports of the
	 * same watch are the same feed. */
	struct buf key;
	buf_init(&key);
	buf_adds(&key, title);
	const cJSON *t, *tags = cJSON_GetObjectItemCaseSensitive(agg, "tags");
	cJSON_ArrayForEach(t, tags) {
		buf_addc(&key, '\n');
		buf_adds(&key, rec_str(t, "tag") ? rec_str(t, "tag") : "");
	}
	/* 64-bit FNV-1a on every platform (mem_hash is size_t wide). The
	 * seed is one digit short of FNV's offset basis: a slip, kept, since
	 * changing it would change every feed's id for its readers. */
	unsigned long long h = 1469598103934665603ULL;
	for (size_t i = 0; i < key.len; i++)
		h = (h ^ (unsigned char)key.data[i]) * 1099511628211ULL;
	buf_free(&key);

	buf_adds(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	esc(b, rec_str(agg, "lang"), 5);
	buf_printf(b, "\">\n<id>urn:veille:report:%016llx</id>\n<title type=\"text\">", h);
	esc(b, title, 200);
	buf_adds(b, "</title>\n<updated>");
	const cJSON *win = cJSON_GetObjectItemCaseSensitive(agg, "window");
	esc(b, rec_str(win, "end"), 40);
	buf_adds(b, "</updated>\n<author><name>veille</name></author>\n"
	    "<generator>veille-report</generator>\n");
	int n = 0;
	const cJSON *s;
	cJSON_ArrayForEach(t, tags) {
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(t, "stories")) {
			entry(b, agg, s, rec_str(t, "tag"));
			n++;
		}
	}
	/* No watch (items without tags): the top stories of all. */
	if (!n)
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(agg, "top_stories"))
			entry(b, agg, s, NULL);
	buf_adds(b, "</feed>\n");
}
