/* report_html.c — veille-report's HTML digest: one self-contained file,
 * inline styles and tables (what e-mail clients render), charts as
 * inline SVG drawn here, no script, no external request. Every string
 * from the web goes through markup_escape; every link through
 * markup_safe_url. */
#include "report.h"
#include "markup.h"
#include "record.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define C_NEG "#c0392b"
#define C_NEU "#95a5a6"
#define C_POS "#27ae60"
#define C_INK "#1c2833"
#define C_MUTED "#5d6d7e"
#define C_ACCENT "#1f4e79"
#define C_LINE "#e5e8ec"

static void
esc(struct buf *b, const char *s, size_t max)
{
	markup_escape(b, s, max);
}

/* "2026-11-23T07:15:00Z" as "2026-11-23 07:15". */
static void
when(struct buf *b, const char *t)
{
	if (!t || strlen(t) < 16) {
		esc(b, t, 40);
		return;
	}
	/* escaped too: the times are ours (when_format), but nothing here
	 * should rest on where a string came from */
	char s[17];
	snprintf(s, sizeof s, "%.10s %.5s", t, t + 11);
	esc(b, s, 40);
}

static double
num(const cJSON *o, const char *k)
{
	return rec_num(o, k, 0);
}

/* The change against the previous window ("+150% vs previous period",
 * or "+150%" when compact). */
static void
change(struct buf *b, const cJSON *o, const cJSON *agg, int compact)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "change");
	if (!cJSON_IsNumber(c))
		return;
	double v = c->valuedouble * 100;
	buf_printf(b, "<span style=\"color:%s;font-size:13px\">%s%.0f%%%s%s</span>",
	    v > 0 ? C_NEG : v < 0 ? C_POS : C_MUTED, v > 0 ? "+" : "", v,
	    compact ? "" : " ", compact ? "" : report_word(agg, "change"));
}

/* The times under a chart: the window's start and end. */
static void
axis(struct buf *b, const cJSON *agg, int width)
{
	const cJSON *win = cJSON_GetObjectItemCaseSensitive(agg, "window");
	(void)width;
	buf_printf(b, "<table role=\"presentation\" width=\"100%%\" cellpadding=\"0\" "
	    "cellspacing=\"0\" style=\"font-size:11px;color:%s\"><tr><td>", C_MUTED);
	when(b, rec_str(win, "start"));
	buf_adds(b, "</td><td style=\"text-align:right\">");
	when(b, rec_str(win, "end"));
	buf_adds(b, "</td></tr></table>");
}

static void
h2(struct buf *b, const char *title)
{
	buf_printf(b, "<h2 style=\"font-size:18px;margin:28px 0 8px;color:%s;"
	    "border-bottom:2px solid %s;padding-bottom:4px\">", C_ACCENT, C_LINE);
	esc(b, title, 200);
	buf_adds(b, "</h2>\n");
}

/* A bar chart of counts, one bar a bucket. */
static void
bars(struct buf *b, const cJSON *arr, const char *color, int width, int height, const char *label)
{
	int n = cJSON_GetArraySize(arr);
	double max = 0;
	const cJSON *v;
	cJSON_ArrayForEach(v, arr)
		if (v->valuedouble > max)
			max = v->valuedouble;
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%%\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"",
	    height, width, height);
	esc(b, label, 100);
	buf_adds(b, "\" style=\"display:block\">");
	buf_printf(b, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"1\" fill=\"%s\"/>", height - 1,
	    width, C_LINE);
	if (n > 0 && max > 0) {
		double w = (double)width / n;
		int i = 0;
		cJSON_ArrayForEach(v, arr) {
			double h = v->valuedouble / max * (height - 2);
			if (v->valuedouble > 0 && h < 1)
				h = 1;
			buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
			    i * w + 0.5, height - 1 - h, w > 2 ? w - 1 : w, h, color);
			i++;
		}
	}
	buf_adds(b, "</svg>");
}

/* The tone over time: stacked negative / neutral / positive bars. */
static void
tone_chart(struct buf *b, const cJSON *agg, int width, int height)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(agg, "sentiment_timeline");
	const cJSON *neg = cJSON_GetObjectItemCaseSensitive(st, "negative");
	const cJSON *neu = cJSON_GetObjectItemCaseSensitive(st, "neutral");
	const cJSON *pos = cJSON_GetObjectItemCaseSensitive(st, "positive");
	int n = cJSON_GetArraySize(neg);
	double max = 0;
	for (int i = 0; i < n; i++) {
		double t = cJSON_GetArrayItem(neg, i)->valuedouble +
		    cJSON_GetArrayItem(neu, i)->valuedouble + cJSON_GetArrayItem(pos, i)->valuedouble;
		if (t > max)
			max = t;
	}
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%%\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"%s\" "
	    "style=\"display:block\">", height, width, height, report_word(agg, "tone"));
	if (max > 0) {
		double w = (double)width / n;
		for (int i = 0; i < n; i++) {
			double y = height;
			const cJSON *series[3] = { neg, neu, pos };
			const char *colors[3] = { C_NEG, C_NEU, C_POS };
			for (int s = 0; s < 3; s++) {
				double h = cJSON_GetArrayItem(series[s], i)->valuedouble / max * height;
				if (h <= 0)
					continue;
				y -= h;
				buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
				    "fill=\"%s\"/>", i * w + 0.5, y, w > 2 ? w - 1 : w, h, colors[s]);
			}
		}
	}
	buf_adds(b, "</svg>");
}

/* One bar split in the three shares of tone. */
static void
tone_bar(struct buf *b, const cJSON *agg)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(agg, "sentiment");
	double v[3] = { num(s, "negative"), num(s, "neutral"), num(s, "positive") };
	double tot = v[0] + v[1] + v[2];
	const char *colors[3] = { C_NEG, C_NEU, C_POS };
	const char *names[3] = { "negative", "neutral", "positive" };
	if (tot <= 0) {
		buf_adds(b, "<span style=\"color:" C_MUTED "\">&#8211;</span>");
		return;
	}
	buf_adds(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"14\" "
	    "viewBox=\"0 0 200 14\" role=\"img\" aria-label=\"tone\" style=\"display:block;"
	    "max-width:100%\">");
	double x = 0;
	for (int i = 0; i < 3; i++) {
		double w = v[i] / tot * 200;
		if (w > 0)
			buf_printf(b, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>",
			    x, w, colors[i]);
		x += w;
	}
	buf_adds(b, "</svg><div style=\"font-size:13px;margin-top:4px\">");
	for (int i = 0; i < 3; i++)
		buf_printf(b, "%s<span style=\"color:%s\">&#9632;</span> %s %.0f%%", i ? " &nbsp;" : "",
		    colors[i], report_word(agg, names[i]), v[i] / tot * 100);
	buf_adds(b, "</div>");
}

static void
figure(struct buf *b, const cJSON *agg, const char *word, double v, const cJSON *chg)
{
	buf_printf(b, "<td style=\"padding:8px 12px 8px 0;vertical-align:top\">"
	    "<div style=\"font-size:13px;color:%s\">%s</div>"
	    "<div style=\"font-size:28px;font-weight:bold;color:%s\">%.0f</div>",
	    C_MUTED, report_word(agg, word), C_INK, v);
	if (chg)
		change(b, chg, agg, 0);
	buf_adds(b, "</td>");
}

static void
story(struct buf *b, const cJSON *agg, const cJSON *s)
{
	const char *url = markup_safe_url(rec_str(s, "url"));
	buf_adds(b, "<tr><td style=\"padding:8px 0;border-bottom:1px solid " C_LINE "\">"
	    "<div style=\"font-size:15px;font-weight:bold;line-height:1.3\">");
	if (url) {
		buf_adds(b, "<a href=\"");
		esc(b, url, 0);
		buf_adds(b, "\" style=\"color:" C_ACCENT ";text-decoration:none\">");
	}
	esc(b, rec_str(s, "title"), 200);
	if (url)
		buf_adds(b, "</a>");
	buf_adds(b, "</div><div style=\"font-size:12px;color:" C_MUTED ";margin:2px 0\">");
	esc(b, rec_str(s, "source"), 80);
	if (rec_str(s, "source"))
		buf_adds(b, " &#183; ");
	when(b, rec_str(s, "published"));
	double e = num(s, "echoes");
	if (e > 0)
		buf_printf(b, " &#183; <b>%.0f %s</b>", e, report_word(agg, "echoes_n"));
	const char *sent = rec_str(s, "sentiment");
	if (sent && (!strcmp(sent, "negative") || !strcmp(sent, "positive")))
		buf_printf(b, " &#183; <span style=\"color:%s\">%s</span>",
		    !strcmp(sent, "negative") ? C_NEG : C_POS, report_word(agg, sent));
	buf_adds(b, "</div>");
	if (rec_str(s, "excerpt")) {
		buf_adds(b, "<div style=\"font-size:14px;color:" C_INK ";line-height:1.4\">");
		esc(b, rec_str(s, "excerpt"), 240);
		buf_adds(b, "</div>");
	}
	buf_adds(b, "</td></tr>\n");
}

/* Is the story id among the first max of arr? */
static int
among(const cJSON *arr, const char *id, int max)
{
	const cJSON *s;
	int i = 0;
	cJSON_ArrayForEach(s, arr) {
		if (i++ >= max)
			break;
		if (id && rec_str(s, "id") && !strcmp(id, rec_str(s, "id")))
			return 1;
	}
	return 0;
}

/* At most max stories of arr, leaving out the first nskip of skip (shown
 * already); the number shown. */
static int
stories(struct buf *b, const cJSON *agg, const cJSON *arr, int max, const cJSON *skip, int nskip,
    const char *heading_tag)
{
	int shown = 0;
	const cJSON *s;
	cJSON_ArrayForEach(s, arr) {
		if (shown >= max)
			break;
		if (skip && among(skip, rec_str(s, "id"), nskip))
			continue;
		if (!shown++) {
			if (heading_tag) {
				buf_printf(b, "<h3 style=\"font-size:16px;margin:20px 0 4px;color:%s\">%s ",
				    C_INK, report_word(agg, "stories_of"));
				esc(b, heading_tag, 60);
				buf_adds(b, "</h3>\n");
			}
			buf_adds(b, "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" "
			    "cellspacing=\"0\">\n");
		}
		story(b, agg, s);
	}
	if (shown)
		buf_adds(b, "</table>\n");
	return shown;
}

/* A small table of names and counts. */
static void
list(struct buf *b, const cJSON *agg, const char *word, const cJSON *arr, const char *name)
{
	if (!cJSON_GetArraySize(arr))
		return;
	buf_printf(b, "<td style=\"vertical-align:top;padding:0 16px 12px 0;min-width:150px\">"
	    "<div style=\"font-size:13px;font-weight:bold;color:%s;margin-bottom:4px\">%s</div>"
	    "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"font-size:13px\">",
	    C_MUTED, report_word(agg, word));
	const cJSON *e;
	cJSON_ArrayForEach(e, arr) {
		buf_adds(b, "<tr><td style=\"padding:1px 8px 1px 0\">");
		esc(b, rec_str(e, name), 40);
		buf_printf(b, "</td><td style=\"text-align:right;color:%s\">%.0f</td></tr>", C_MUTED,
		    num(e, "count"));
	}
	buf_adds(b, "</table></td>\n");
}

static void
alerts(struct buf *b, const cJSON *agg)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(agg, "alerts"), *a;
	if (!cJSON_GetArraySize(arr))
		return;
	h2(b, report_word(agg, "alerts"));
	cJSON_ArrayForEach(a, arr) {
		const char *kind = rec_str(a, "alert");
		int resolved = kind && !strcmp(kind, "resolved");
		buf_printf(b, "<div style=\"border-left:4px solid %s;background:%s;padding:8px 12px;"
		    "margin:0 0 8px;font-size:14px\"><b>", resolved ? C_POS : C_NEG,
		    resolved ? "#eafaf1" : "#fdedec");
		esc(b, kind, 30);
		if (rec_str(a, "key")) {
			buf_adds(b, " &#183; ");
			esc(b, rec_str(a, "key"), 80);
		}
		buf_printf(b, "</b> <span style=\"color:%s\">(%s)</span><br>", C_MUTED,
		    report_word(agg, resolved ? "resolved" : "active"));
		esc(b, rec_str(a, "message"), 400);
		const cJSON *srcs = cJSON_GetObjectItemCaseSensitive(a, "sources"), *s;
		if (cJSON_GetArraySize(srcs)) {
			buf_adds(b, "<div style=\"font-size:12px;color:" C_MUTED "\">");
			int i = 0;
			cJSON_ArrayForEach(s, srcs) {
				if (i++ >= 5)
					break;
				const char *name = cJSON_IsString(s) ? s->valuestring :
				    rec_str(s, "source") ? rec_str(s, "source") : rec_str(s, "name");
				if (i > 1)
					buf_adds(b, ", ");
				esc(b, name, 60);
			}
			buf_adds(b, "</div>");
		}
		buf_adds(b, "</div>\n");
	}
}

static void
chips(struct buf *b, const cJSON *arr, const char *name)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, arr) {
		buf_adds(b, "<span style=\"display:inline-block;background:#eef2f7;border-radius:10px;"
		    "padding:2px 8px;margin:0 4px 4px 0;font-size:13px\">");
		esc(b, rec_str(e, name), 40);
		buf_printf(b, " <span style=\"color:%s\">%.0f</span></span>", C_MUTED, num(e, "count"));
	}
}

void
report_html(struct buf *b, const cJSON *agg)
{
	const char *title = rec_str(agg, "title");
	if (!title)
		title = report_word(agg, "report");
	const cJSON *win = cJSON_GetObjectItemCaseSensitive(agg, "window");
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"");
	esc(b, rec_str(agg, "lang"), 5);
	buf_adds(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "style-src 'unsafe-inline'; img-src data:\">\n<title>");
	esc(b, title, 200);
	buf_adds(b, "</title>\n</head>\n<body style=\"margin:0;padding:0;background:#f4f6f8\">\n"
	    "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
	    "style=\"background:#f4f6f8\"><tr><td align=\"center\" style=\"padding:12px\">\n"
	    "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
	    "style=\"max-width:680px;background:#ffffff;border-radius:6px;font-family:"
	    "-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:" C_INK "\">"
	    "<tr><td style=\"padding:20px 20px 28px\">\n");
	buf_adds(b, "<h1 style=\"font-size:22px;margin:0 0 4px;color:" C_INK "\">");
	esc(b, title, 200);
	buf_printf(b, "</h1>\n<div style=\"font-size:13px;color:%s\">%s: ", C_MUTED,
	    report_word(agg, "window"));
	when(b, rec_str(win, "start"));
	buf_adds(b, " &#8594; ");
	when(b, rec_str(win, "end"));
	buf_adds(b, " UTC</div>\n");

	buf_adds(b, "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" "
	    "style=\"margin-top:12px\"><tr>");
	figure(b, agg, "mentions", num(agg, "mentions"), agg);
	figure(b, agg, "stories", num(agg, "stories"), NULL);
	figure(b, agg, "echoes", num(agg, "echoes"), NULL);
	buf_adds(b, "</tr></table>\n<div style=\"margin:8px 0 0\">");
	tone_bar(b, agg);
	buf_adds(b, "</div>\n");

	if (num(agg, "mentions") == 0)
		buf_printf(b, "<p style=\"color:%s\">%s</p>\n", C_MUTED, report_word(agg, "none"));
	alerts(b, agg);

	const cJSON *tags = cJSON_GetObjectItemCaseSensitive(agg, "tags"), *t;
	if (cJSON_GetArraySize(tags)) {
		h2(b, report_word(agg, "volume"));
		buf_adds(b, "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\">\n");
		cJSON_ArrayForEach(t, tags) {
			buf_adds(b, "<tr><td style=\"padding:6px 8px 6px 0;font-size:14px;width:40%\"><b>");
			esc(b, rec_str(t, "tag"), 60);
			buf_printf(b, "</b><br><span style=\"font-size:13px\">%.0f</span> ", num(t, "mentions"));
			change(b, t, agg, 1);
			buf_adds(b, "</td><td style=\"padding:6px 0\">");
			bars(b, cJSON_GetObjectItemCaseSensitive(t, "timeline"), C_ACCENT, 360, 36,
			    rec_str(t, "tag"));
			buf_adds(b, "</td></tr>\n");
		}
		buf_adds(b, "<tr><td></td><td>");
		axis(b, agg, 360);
		buf_adds(b, "</td></tr></table>\n");
	}
	if (num(agg, "mentions") > 0) {
		h2(b, report_word(agg, "tone"));
		tone_chart(b, agg, 640, 60);
		axis(b, agg, 640);
	}

	const cJSON *top = cJSON_GetObjectItemCaseSensitive(agg, "top_stories");
	if (cJSON_GetArraySize(top)) {
		h2(b, report_word(agg, "top_stories"));
		stories(b, agg, top, 5, NULL, 0, NULL);
	}
	/* Each watch's own stories, but those shown above. */
	cJSON_ArrayForEach(t, tags)
		stories(b, agg, cJSON_GetObjectItemCaseSensitive(t, "stories"), 3, top, 5,
		    rec_str(t, "tag"));

	if (cJSON_GetArraySize(tags) > 1) {
		h2(b, report_word(agg, "sov"));
		buf_adds(b, "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" "
		    "cellspacing=\"0\" style=\"font-size:13px\">");
		cJSON_ArrayForEach(t, tags) {
			double share = num(t, "share_of_voice");
			buf_adds(b, "<tr><td style=\"padding:3px 8px 3px 0;width:30%\">");
			esc(b, rec_str(t, "tag"), 40);
			buf_printf(b, "</td><td><div style=\"background:%s;height:12px;width:%.0f%%\"></div>"
			    "</td><td style=\"text-align:right;padding-left:8px;width:60px\">%.0f%%</td>",
			    C_ACCENT, share * 100, share * 100);
			if (num(t, "reach") > 0)
				buf_printf(b, "<td style=\"text-align:right;padding-left:8px;color:%s\">%.0f</td>",
				    C_MUTED, num(t, "reach"));
			buf_adds(b, "</tr>");
		}
		buf_adds(b, "</table>\n");
	}

	buf_adds(b, "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" "
	    "style=\"margin-top:24px\"><tr>\n");
	list(b, agg, "sources", cJSON_GetObjectItemCaseSensitive(agg, "sources"), "source");
	list(b, agg, "authors", cJSON_GetObjectItemCaseSensitive(agg, "authors"), "author");
	buf_adds(b, "</tr><tr>\n");
	list(b, agg, "platforms", cJSON_GetObjectItemCaseSensitive(agg, "platforms"), "platform");
	list(b, agg, "languages", cJSON_GetObjectItemCaseSensitive(agg, "languages"), "lang");
	buf_adds(b, "</tr></table>\n");

	const cJSON *terms = cJSON_GetObjectItemCaseSensitive(agg, "terms");
	if (cJSON_GetArraySize(terms)) {
		h2(b, report_word(agg, "terms"));
		chips(b, terms, "term");
	}
	const cJSON *rising = cJSON_GetObjectItemCaseSensitive(agg, "rising_terms");
	if (cJSON_GetArraySize(rising)) {
		h2(b, report_word(agg, "rising"));
		chips(b, rising, "term");
	}
	const cJSON *groups = cJSON_GetObjectItemCaseSensitive(agg, "groups"), *g;
	if (cJSON_GetArraySize(groups)) {
		h2(b, report_word(agg, "groups"));
		cJSON_ArrayForEach(g, groups) {
			buf_adds(b, "<div style=\"font-size:14px;margin:0 0 6px\"><b>");
			esc(b, rec_str(g, "group"), 60);
			buf_printf(b, "</b> &#183; %.0f %s<br>", num(g, "mentions"),
			    report_word(agg, "mentions"));
			chips(b, cJSON_GetObjectItemCaseSensitive(g, "tags"), "tag");
			buf_adds(b, "</div>\n");
		}
	}
	buf_printf(b, "<div style=\"font-size:11px;color:%s;margin-top:28px\">veille &#183; %s ",
	    C_MUTED, report_word(agg, "generated"));
	when(b, rec_str(agg, "generated_at"));
	buf_adds(b, " UTC</div>\n</td></tr></table>\n</td></tr></table>\n</body>\n</html>\n");
}
