/* report_text.c — veille-report's plain text (a terminal, width-aware)
 * and Markdown (e-mail and chat). Text from the web is cleaned of
 * control, bidirectional and zero-width characters; Markdown also
 * escapes its own punctuation, and links are http and https only. */
#include "report.h"
#include "markup.h"
#include "record.h"
#include "util.h"

#include <string.h>

static double
num(const cJSON *o, const char *k)
{
	return rec_num(o, k, 0);
}

/* Characters (not bytes) of a UTF-8 string, for columns. */
static size_t
chars(const char *s)
{
	size_t n = 0;
	for (; s && *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Text cleaned, at most max characters. */
static void
clean(struct buf *b, const char *s, size_t max)
{
	markup_clean(b, s, max);
}

/* Markdown: cleaned, then its punctuation escaped. */
static void
md(struct buf *b, const char *s, size_t max)
{
	struct buf t;
	buf_init(&t);
	markup_clean(&t, s, max);
	for (size_t i = 0; i < t.len; i++) {
		char c = t.data[i];
		if (c == '\n' || c == '\r') {
			buf_addc(b, ' ');
			continue;
		}
		if (strchr("\\`*_{}[]()<>#+-.!|~&", c))
			buf_addc(b, '\\');
		buf_addc(b, c);
	}
	buf_free(&t);
}

static void
when(struct buf *b, const char *t)
{
	if (t && strlen(t) >= 16)
		buf_printf(b, "%.10s %.5s", t, t + 11);
}

static void
pct_change(struct buf *b, const cJSON *o, const cJSON *agg)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "change");
	if (cJSON_IsNumber(c))
		buf_printf(b, " (%s%.0f%% %s)", c->valuedouble > 0 ? "+" : "", c->valuedouble * 100,
		    report_word(agg, "change"));
}

static void
tone(struct buf *b, const cJSON *agg)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(agg, "sentiment");
	double v[3] = { num(s, "negative"), num(s, "neutral"), num(s, "positive") };
	double tot = v[0] + v[1] + v[2];
	if (tot <= 0)
		return;
	buf_printf(b, "%s: %s %.0f%%, %s %.0f%%, %s %.0f%%\n", report_word(agg, "tone"),
	    report_word(agg, "negative"), v[0] / tot * 100, report_word(agg, "neutral"),
	    v[1] / tot * 100, report_word(agg, "positive"), v[2] / tot * 100);
}

/* A sparkline of a timeline in at most width cells (▁▂▃▄▅▆▇█). */
static void
spark(struct buf *b, const cJSON *arr, int width)
{
	static const char *const ticks[] = { "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",
		"\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88" };
	int n = cJSON_GetArraySize(arr);
	if (n <= 0 || width <= 0)
		return;
	int per = (n + width - 1) / width;
	double max = 0;
	for (int i = 0; i < n; i += per) {
		double s = 0;
		for (int j = i; j < i + per && j < n; j++)
			s += cJSON_GetArrayItem(arr, j)->valuedouble;
		if (s > max)
			max = s;
	}
	for (int i = 0; i < n; i += per) {
		double s = 0;
		for (int j = i; j < i + per && j < n; j++)
			s += cJSON_GetArrayItem(arr, j)->valuedouble;
		buf_adds(b, s <= 0 || max <= 0 ? " " : ticks[(int)(s / max * 7.999)]);
	}
}

void
report_text(struct buf *b, const cJSON *agg, int width)
{
	if (width < 40)
		width = 40;
	if (width > 200)
		width = 200;
	const char *title = rec_str(agg, "title");
	const cJSON *win = cJSON_GetObjectItemCaseSensitive(agg, "window");
	clean(b, title ? title : report_word(agg, "report"), (size_t)width);
	buf_printf(b, "\n%s: ", report_word(agg, "window"));
	when(b, rec_str(win, "start"));
	buf_adds(b, " -> ");
	when(b, rec_str(win, "end"));
	buf_printf(b, " UTC\n\n%s: %.0f", report_word(agg, "mentions"), num(agg, "mentions"));
	pct_change(b, agg, agg);
	buf_printf(b, "  %s: %.0f  %s: %.0f\n", report_word(agg, "stories"), num(agg, "stories"),
	    report_word(agg, "echoes"), num(agg, "echoes"));
	tone(b, agg);

	const cJSON *a, *arr = cJSON_GetObjectItemCaseSensitive(agg, "alerts");
	if (cJSON_GetArraySize(arr)) {
		buf_printf(b, "\n%s\n", report_word(agg, "alerts"));
		cJSON_ArrayForEach(a, arr) {
			buf_adds(b, "  ! ");
			clean(b, rec_str(a, "message") ? rec_str(a, "message") : rec_str(a, "key"),
			    (size_t)width - 4);
			buf_addc(b, '\n');
		}
	}
	const cJSON *t, *tags = cJSON_GetObjectItemCaseSensitive(agg, "tags");
	if (cJSON_GetArraySize(tags)) {
		buf_printf(b, "\n%s\n", report_word(agg, "volume"));
		int namew = 20, sparkw = width - namew - 14;
		cJSON_ArrayForEach(t, tags) {
			struct buf name;
			buf_init(&name);
			clean(&name, rec_str(t, "tag"), (size_t)namew);
			buf_printf(b, "  %-*s %6.0f  ", namew, name.data ? name.data : "", num(t, "mentions"));
			buf_free(&name);
			spark(b, cJSON_GetObjectItemCaseSensitive(t, "timeline"), sparkw);
			buf_addc(b, '\n');
		}
	}
	const cJSON *s, *top = cJSON_GetObjectItemCaseSensitive(agg, "top_stories");
	if (cJSON_GetArraySize(top)) {
		buf_printf(b, "\n%s\n", report_word(agg, "top_stories"));
		int i = 0;
		cJSON_ArrayForEach(s, top) {
			if (++i > 5)
				break;
			buf_printf(b, "%2d. ", i);
			clean(b, rec_str(s, "title"), (size_t)width - 4);
			buf_adds(b, "\n    ");
			clean(b, rec_str(s, "source"), 40);
			buf_adds(b, " ");
			when(b, rec_str(s, "published"));
			if (num(s, "echoes") > 0)
				buf_printf(b, ", %.0f %s", num(s, "echoes"), report_word(agg, "echoes_n"));
			const char *url = markup_safe_url(rec_str(s, "url"));
			if (url) {
				buf_adds(b, "\n    ");
				buf_adds(b, url);
			}
			buf_addc(b, '\n');
		}
	}
	const char *lists[][3] = {
		{ "sources", "sources", "source" }, { "authors", "authors", "author" },
		{ "terms", "terms", "term" }, { "rising", "rising_terms", "term" },
	};
	for (size_t l = 0; l < sizeof lists / sizeof *lists; l++) {
		arr = cJSON_GetObjectItemCaseSensitive(agg, lists[l][1]);
		if (!cJSON_GetArraySize(arr))
			continue;
		buf_printf(b, "\n%s:", report_word(agg, lists[l][0]));
		size_t col = chars(report_word(agg, lists[l][0])) + 1;
		int i = 0;
		cJSON_ArrayForEach(a, arr) {
			struct buf e;
			buf_init(&e);
			clean(&e, rec_str(a, lists[l][2]), 40);
			buf_printf(&e, " (%.0f)%s", num(a, "count"),
			    i + 1 < cJSON_GetArraySize(arr) ? "," : "");
			/* Wrapped at the width, continued with an indent. */
			if (i++ && col + 1 + chars(e.data) > (size_t)width) {
				buf_adds(b, "\n ");
				col = 1;
			}
			buf_addc(b, ' ');
			buf_adds(b, e.data);
			col += 1 + chars(e.data);
			buf_free(&e);
		}
		buf_addc(b, '\n');
	}
}

void
report_markdown(struct buf *b, const cJSON *agg)
{
	const char *title = rec_str(agg, "title");
	const cJSON *win = cJSON_GetObjectItemCaseSensitive(agg, "window");
	buf_adds(b, "# ");
	md(b, title ? title : report_word(agg, "report"), 200);
	buf_printf(b, "\n\n%s: ", report_word(agg, "window"));
	when(b, rec_str(win, "start"));
	buf_adds(b, " → ");
	when(b, rec_str(win, "end"));
	buf_printf(b, " UTC\n\n**%s: %.0f**", report_word(agg, "mentions"), num(agg, "mentions"));
	pct_change(b, agg, agg);
	buf_printf(b, " · %s: %.0f · %s: %.0f\n\n", report_word(agg, "stories"), num(agg, "stories"),
	    report_word(agg, "echoes"), num(agg, "echoes"));
	tone(b, agg);

	const cJSON *a, *arr = cJSON_GetObjectItemCaseSensitive(agg, "alerts");
	if (cJSON_GetArraySize(arr)) {
		buf_printf(b, "\n## %s\n\n", report_word(agg, "alerts"));
		cJSON_ArrayForEach(a, arr) {
			buf_adds(b, "- **");
			md(b, rec_str(a, "alert"), 30);
			buf_adds(b, "** ");
			md(b, rec_str(a, "message") ? rec_str(a, "message") : rec_str(a, "key"), 400);
			buf_addc(b, '\n');
		}
	}
	const cJSON *t, *tags = cJSON_GetObjectItemCaseSensitive(agg, "tags");
	if (cJSON_GetArraySize(tags)) {
		buf_printf(b, "\n## %s\n\n| | %s | |\n|---|---:|---|\n", report_word(agg, "watches"),
		    report_word(agg, "mentions"));
		cJSON_ArrayForEach(t, tags) {
			buf_adds(b, "| ");
			md(b, rec_str(t, "tag"), 60);
			buf_printf(b, " | %.0f | ", num(t, "mentions"));
			spark(b, cJSON_GetObjectItemCaseSensitive(t, "timeline"), 24);
			buf_adds(b, " |\n");
		}
	}
	const cJSON *s, *top = cJSON_GetObjectItemCaseSensitive(agg, "top_stories");
	if (cJSON_GetArraySize(top)) {
		buf_printf(b, "\n## %s\n\n", report_word(agg, "top_stories"));
		int i = 0;
		cJSON_ArrayForEach(s, top) {
			if (++i > 5)
				break;
			const char *url = markup_safe_url(rec_str(s, "url"));
			buf_printf(b, "%d. %s", i, url ? "[" : "");
			md(b, rec_str(s, "title"), 200);
			if (url) {
				/* <...> keeps parentheses in the URL from ending the link. */
				buf_adds(b, "](<");
				buf_adds(b, url);
				buf_adds(b, ">)");
			}
			buf_adds(b, " — ");
			md(b, rec_str(s, "source"), 60);
			if (num(s, "echoes") > 0)
				buf_printf(b, ", %.0f %s", num(s, "echoes"), report_word(agg, "echoes_n"));
			buf_addc(b, '\n');
		}
	}
	const char *lists[][3] = {
		{ "sources", "sources", "source" }, { "terms", "terms", "term" },
		{ "rising", "rising_terms", "term" },
	};
	for (size_t l = 0; l < sizeof lists / sizeof *lists; l++) {
		arr = cJSON_GetObjectItemCaseSensitive(agg, lists[l][1]);
		if (!cJSON_GetArraySize(arr))
			continue;
		buf_printf(b, "\n**%s:** ", report_word(agg, lists[l][0]));
		int i = 0;
		cJSON_ArrayForEach(a, arr) {
			if (i++)
				buf_adds(b, ", ");
			md(b, rec_str(a, lists[l][2]), 40);
			buf_printf(b, " (%.0f)", num(a, "count"));
		}
		buf_addc(b, '\n');
	}
}
