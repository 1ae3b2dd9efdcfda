/* alert_record.c — alert records (veille(7), ALERT RECORDS) and their
 * one-sentence messages, in English or French. */
#include "alert_int.h"
#include "fields.h"
#include "record.h"
#include "sha256.h"
#include "util.h"
#include "when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOP_SOURCES 5

static const char *const kind_names[] = { "spike", "severity", "influencer", "tone",
	"emerging", "resolved" };
static const char *const sev_fr[] = { "aucune", "faible", "moyenne", "haute", "critique" };

/* The same alert (fired, repeated, resolved) always has the same id. */
static void
alert_id(const struct alert_ev *ev, char out[17])
{
	int kind = ev->kind == AK_RESOLVED ? ev->resolves : ev->kind;
	char t[32];
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s\n%s\n%s", kind_names[kind], ev->key ? ev->key : "",
	    when_format(ev->first_seen, t));
	if ((kind == AK_SEVERITY || kind == AK_INFLUENCER) && ev->items && ev->items->child)
		buf_printf(&b, "\n%s", rec_str(ev->items->child, F_ID) ? rec_str(ev->items->child, F_ID) : "");
	char hex[65];
	sha256_hex(b.data, b.len, hex);
	memcpy(out, hex, 16);
	out[16] = 0;
	buf_free(&b);
}

static int
src_cmp(const void *x, const void *y)
{
	const int *a = x, *b = y;
	return b[1] - a[1] ? b[1] - a[1] : a[0] - b[0];
}

static cJSON *
top_sources(const struct slot *sl)
{
	if (!sl || !sl->nsrc)
		return NULL;
	int order[SLOT_SRC][2];
	for (int i = 0; i < sl->nsrc; i++) {
		order[i][0] = i;
		order[i][1] = sl->src[i].count;
	}
	qsort(order, (size_t)sl->nsrc, sizeof order[0], src_cmp);
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; i < sl->nsrc && i < TOP_SOURCES; i++) {
		cJSON *o = cJSON_CreateObject();
		rec_set_str(o, "name", sl->src[order[i][0]].name);
		rec_set_num(o, "count", sl->src[order[i][0]].count);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

/* A number for a sentence: one decimal at most, a comma in French. */
static const char *
num(double v, int fr, char *out)
{
	if (v == (long long)v)
		snprintf(out, 32, "%lld", (long long)v);
	else
		snprintf(out, 32, "%.1f", v);
	if (fr) {
		char *p = strchr(out, '.');
		if (p)
			*p = ',';
	}
	return out;
}

/* "2026-11-23 18:00" of a time. */
static const char *
hm(long long t, char *out)
{
	when_format(t, out);
	out[10] = ' ';
	out[16] = 0;
	return out;
}

static char *
message(const struct alert_ev *ev, int fr)
{
	char c[32], base[32], t0[32], t1[32];
	const char *key = ev->key ? ev->key : "";
	const char *title = ev->items && ev->items->child ? rec_str(ev->items->child, F_TITLE) : NULL;
	if (!title)
		title = ev->items && ev->items->child ? rec_str(ev->items->child, F_URL) : NULL;
	if (!title)
		title = "";
	num(ev->count, fr, c);
	num(ev->baseline, fr, base);
	hm(ev->start, t0);
	hm(ev->end, t1);
	const char *q0 = fr ? "« " : "'", *q1 = fr ? " »" : "'";
	struct buf b;
	buf_init(&b);
	if (ev->repeat)
		buf_adds(&b, fr ? "Toujours en cours : " : "Still active: ");
	switch (ev->kind) {
	case AK_SPIKE:
		buf_printf(&b, fr ? "Pic sur %s %s%s%s : %s mentions de %s à %s UTC, %s attendues."
		    : "Spike on %s %s%s%s: %s mentions from %s to %s UTC, %s expected.",
		    ev->by, q0, key, q1, c, t0, t1 + 11, base);
		break;
	case AK_TONE:
		buf_printf(&b, fr ? "Le ton devient négatif sur %s %s%s%s : %s mentions négatives de %s à %s UTC, %s attendues."
		    : "Tone turns negative on %s %s%s%s: %s negative mentions from %s to %s UTC, %s expected.",
		    ev->by, q0, key, q1, c, t0, t1 + 11, base);
		break;
	case AK_EMERGING: {
		char nd[32];
		num(ev->slot ? ev->slot->nd : 0, fr, nd);
		buf_printf(&b, fr ? "Terme émergent %s%s%s" : "Emerging term %s%s%s", q0, key, q1);
		for (int i = 1; i < ev->nterms && i < 5; i++)
			buf_printf(&b, "%s%s%s%s", i == 1 ? (fr ? " (avec " : " (with ") : ", ",
			    q0, ev->terms[i], q1);
		if (ev->nterms > 5)
			buf_adds(&b, ", ...");
		if (ev->nterms > 1)
			buf_adds(&b, ")");
		buf_printf(&b, fr ? " : %s mentions par %s sources de %s à %s UTC, %s habituellement."
		    : ": %s mentions by %s sources from %s to %s UTC, %s usually.",
		    c, nd, t0, t1 + 11, base);
		break;
	}
	case AK_SEVERITY:
		buf_printf(&b, fr ? "Mention de gravité %s sur %s%s%s : %s"
		    : "Item of %s severity on %s%s%s: %s",
		    fr ? sev_fr[ev->severity] : rules_severity_name(ev->severity), q0, key, q1, title);
		break;
	case AK_INFLUENCER:
		if (ev->group)
			buf_printf(&b, fr ? "Le compte suivi %s (%s) a publié : %s"
			    : "Watched account %s (%s) published: %s", key, ev->group, title);
		else
			buf_printf(&b, fr ? "Le compte influent %s (audience %s) a publié : %s"
			    : "Large account %s (audience %s) published: %s",
			    key, num(ev->score, fr, c), title);
		break;
	case AK_RESOLVED: {
		static const char *const en[] = { "spike", "", "", "tone shift", "emerging term" };
		static const char *const frn[] = { "pic", "", "", "ton négatif", "terme émergent" };
		buf_printf(&b, fr ? "Terminé : %s sur %s%s%s (%s mentions de %s à %s UTC)."
		    : "Resolved: %s on %s%s%s (%s mentions from %s to %s UTC).",
		    fr ? frn[ev->resolves] : en[ev->resolves], q0, key, q1, c, t0, t1);
		break;
	}
	}
	return buf_steal(&b);
}

cJSON *
alert_record(const struct alert_ev *ev, int lang_fr)
{
	cJSON *r = cJSON_CreateObject();
	char id[17], t[32];
	alert_id(ev, id);
	rec_set_str(r, F_ALERT, kind_names[ev->kind]);
	rec_set_str(r, F_ALERT_ID, id);
	if (ev->kind == AK_RESOLVED)
		rec_set_str(r, F_RESOLVES, kind_names[ev->resolves]);
	rec_set_str(r, F_KEY, ev->key);
	rec_set_str(r, F_BY, ev->by);
	rec_set_str(r, F_GROUP, ev->group);
	if (ev->severity > SEV_NONE)
		rec_set_str(r, F_SEVERITY, rules_severity_name(ev->severity));
	cJSON *w = cJSON_CreateObject();
	rec_set_str(w, F_WINDOW_START, when_format(ev->start, t));
	rec_set_str(w, F_WINDOW_END, when_format(ev->end, t));
	rec_set(r, F_WINDOW, w);
	rec_set_num(r, F_COUNT, ev->count);
	if (ev->kind == AK_SPIKE || ev->kind == AK_TONE || ev->kind == AK_EMERGING ||
	    ev->kind == AK_RESOLVED)
		rec_set_num(r, F_BASELINE, (long long)(ev->baseline * 100 + 0.5) / 100.0);
	rec_set_num(r, F_SCORE, (long long)(ev->score * 100 + (ev->score >= 0 ? 0.5 : -0.5)) / 100.0);
	rec_set_str(r, F_FIRST_SEEN, when_format(ev->first_seen, t));
	if (ev->repeat)
		rec_set_bool(r, F_REPEAT, 1);
	if (ev->nterms > 1) {
		cJSON *t = cJSON_CreateArray();
		for (int i = 0; i < ev->nterms && i < REC_MAX_LIST; i++)
			cJSON_AddItemToArray(t, cJSON_CreateString(ev->terms[i]));
		rec_set(r, F_TERMS, t);
	}
	if (ev->items && ev->items->child)
		rec_set(r, F_ITEMS, cJSON_Duplicate(ev->items, 1));
	rec_set(r, F_SOURCES, top_sources(ev->slot));
	rec_set_owned(r, F_MESSAGE, message(ev, lang_fr));
	return r;
}
