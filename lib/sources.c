/* sources.c — an analyst's source list into veille-fetch target records:
 * the presets of veille-sources(1) (mastodon:, reddit:, youtube:,
 * bluesky:, gnews:, galerts:, hn:, sitemap:), plain URLs and JSON targets. In lib/
 * so that the veille front command can offer the same presets. */
#include "sources.h"
#include "cursor.h"
#include "fields.h"
#include "record.h"
#include "url.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- presets ---- */

struct preset_doc {
	const char *syntax, *what, *example;
};

static const struct preset_doc preset_docs[] = {
	{ "mastodon:#TAG@INSTANCE", "tag timeline, JSON API, no account needed",
	  "mastodon:#greve@mastodon.social" },
	{ "mastodon:@USER@INSTANCE", "an account's public posts (RSS), no account needed",
	  "mastodon:@Gargron@mastodon.social" },
	{ "mastodon:account:ID@INSTANCE", "an account's statuses by account id (JSON API)",
	  "mastodon:account:1@mastodon.social" },
	{ "mastodon:search:QUERY@INSTANCE", "status search (most instances need a token)",
	  "mastodon:search:\"bad buzz\"@mastodon.social" },
	{ "reddit:search:QUERY", "Reddit-wide search, newest first",
	  "reddit:search:\"bad buzz\"" },
	{ "reddit:r/SUB/search:QUERY", "search in one subreddit",
	  "reddit:r/france/search:grève" },
	{ "reddit:r/SUB[/new|hot|top|rising|comments]", "a subreddit's listing (default new)",
	  "reddit:r/france/new" },
	{ "reddit:u/USER", "a user's submissions",
	  "reddit:u/spez" },
	{ "youtube:channel:UC...", "a channel's latest videos (feed)",
	  "youtube:channel:UCYfdidRxbB8Qhf0Nx7ioOYw" },
	{ "youtube:playlist:PL...", "a playlist's videos (feed)",
	  "youtube:playlist:PLBCF2DAC6FFB574DE" },
	{ "youtube:user:NAME", "a legacy user name's videos (feed)",
	  "youtube:user:google" },
	{ "bluesky:search:QUERY", "post search, newest first (AppView may need auth)",
	  "bluesky:search:orange lang:fr" },
	{ "bluesky:@HANDLE", "an account's posts (author feed)",
	  "bluesky:@bsky.app" },
	{ "gnews:QUERY", "Google News search (lang:, region:)",
	  "gnews:\"ministère de l'intérieur\" lang:fr" },
	{ "galerts:FEED-URL", "a Google Alerts feed (create it as \"RSS feed\")",
	  "galerts:https://www.google.com/alerts/feeds/0123/4567" },
	{ "hn:search:QUERY", "Hacker News stories (Algolia), newest first",
	  "hn:search:curl" },
	{ "hn:comments:QUERY", "Hacker News comments (Algolia), newest first",
	  "hn:comments:curl" },
	{ "sitemap:https://SITE/", "a site's sitemaps, found through its robots.txt",
	  "sitemap:https://www.lemonde.fr/" },
	{ "sitemap:SITEMAP-URL", "one sitemap or sitemap index (.xml or .xml.gz)",
	  "sitemap:https://www.lemonde.fr/sitemap_news.xml" },
	{ "URL", "any http(s) URL, passed through", "https://www.lemonde.fr/rss/une.xml" },
	{ "{...}", "a target record in JSON, passed through", "{\"url\":\"https://example.org/feed\"}" },
	{ NULL, NULL, NULL },
};

/* The options of the conversion in progress (sources_convert). */
static const struct sources_opts *opt;

static const char *const platforms[] = {
	"mastodon", "reddit", "youtube", "bluesky", "gnews", "hn", NULL
};

static const char *const default_base[] = {
	NULL, "https://www.reddit.com", "https://www.youtube.com",
	"https://public.api.bsky.app", "https://news.google.com",
	"https://hn.algolia.com", NULL
};

static int
platform_index(const char *name)
{
	for (int i = 0; platforms[i]; i++)
		if (!strcmp(platforms[i], name))
			return i;
	return -1;
}

/* API root of a platform, without a trailing slash. */
static char *
api_root(const char *platform, const char *instance)
{
	int i = platform_index(platform);
	const char *b = i >= 0 ? opt->base[i] : NULL;
	if (b) {
		size_t n = strlen(b);
		while (n > 0 && b[n - 1] == '/')
			n--;
		return xstrndup(b, n);
	}
	if (instance)
		return xasprintf("https://%s", instance);
	return xstrdup(i >= 0 && default_base[i] ? default_base[i] : "");
}

/* ---- one line ---- */

struct line_opts {
	const char *lang, *region, *sort, *time;
	long limit;             /* 0: default */
	char *name;
	cJSON *tags;
	int used_lang, used_region, used_sort, used_time, used_limit;
};

static char *errbuf;

static void *
fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void *
fail(const char *fmt, ...)
{
	va_list ap;
	free(errbuf);
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	errbuf = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(errbuf, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return NULL;
}

/* Strip one pair of surrounding double quotes (for option values). */
static char *
unquote(const char *s)
{
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
		return xstrndup(s + 1, n - 2);
	return xstrdup(s);
}

static const char *const option_names[] = {
	"lang", "region", "limit", "sort", "time", "tag", "name", NULL
};

static int
is_option(const char *tok)
{
	for (int i = 0; option_names[i]; i++) {
		size_t n = strlen(option_names[i]);
		if (!strncmp(tok, option_names[i], n) && tok[n] == ':')
			return 1;
	}
	return 0;
}

/* Split rest into the spec (non-option words joined by one space) and
 * options. Quoted parts ("...") are never split nor taken as options.
 * Returns the spec (malloc'd) or NULL with errbuf set. */
static char *
split_options(const char *rest, struct line_opts *lo)
{
	struct buf spec;
	buf_init(&spec);
	const char *p = rest;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		const char *start = p;
		int inq = 0;
		while (*p && (inq || (*p != ' ' && *p != '\t'))) {
			if (*p == '"')
				inq = !inq;
			p++;
		}
		if (inq) {
			buf_free(&spec);
			return fail("unbalanced double quote");
		}
		char *tok = xstrndup(start, (size_t)(p - start));
		if (!is_option(tok)) {
			if (spec.len)
				buf_addc(&spec, ' ');
			buf_adds(&spec, tok);
			free(tok);
			continue;
		}
		char *colon = strchr(tok, ':');
		*colon = '\0';
		char *val = unquote(colon + 1);
		const char *k = tok;
		int bad = !*val;
		if (bad) {
		} else if (!strcmp(k, "lang")) {
			for (const char *c = val; *c; c++)
				if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
				    (*c >= '0' && *c <= '9') || *c == '-'))
					bad = 1;
			if (!bad) {
				free((char *)lo->lang);
				lo->lang = xstrdup(val);
			}
		} else if (!strcmp(k, "region")) {
			bad = strlen(val) != 2 || !((val[0] | 0x20) >= 'a' && (val[0] | 0x20) <= 'z') ||
			    !((val[1] | 0x20) >= 'a' && (val[1] | 0x20) <= 'z');
			if (!bad) {
				free((char *)lo->region);
				lo->region = xstrdup(val);
			}
		} else if (!strcmp(k, "limit")) {
			char *end;
			errno = 0;
			long v = strtol(val, &end, 10);
			bad = errno || *end || v < 1 || v > 1000;
			if (!bad)
				lo->limit = v;
		} else if (!strcmp(k, "sort")) {
			free((char *)lo->sort);
			lo->sort = xstrdup(val);
		} else if (!strcmp(k, "time")) {
			free((char *)lo->time);
			lo->time = xstrdup(val);
		} else if (!strcmp(k, "tag")) {
			if (!lo->tags)
				lo->tags = cJSON_CreateArray();
			cJSON_AddItemToArray(lo->tags, cJSON_CreateString(val));
		} else if (!strcmp(k, "name")) {
			free(lo->name);
			lo->name = xstrdup(val);
		}
		if (bad) {
			char *msg = xasprintf("bad option value %s:%s", k, colon + 1);
			free(val);
			free(tok);
			buf_free(&spec);
			fail("%s", msg);
			free(msg);
			return NULL;
		}
		free(val);
		free(tok);
	}
	buf_addc(&spec, '\0');
	return buf_steal(&spec);
}

static void
line_opts_free(struct line_opts *lo)
{
	free((char *)lo->lang);
	free((char *)lo->region);
	free((char *)lo->sort);
	free((char *)lo->time);
	free(lo->name);
	cJSON_Delete(lo->tags);
}

static int
host_like(const char *s)
{
	if (!*s)
		return 0;
	for (const char *c = s; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '.' || *c == '-' || *c == ':' ||
		    *c == '[' || *c == ']'))
			return 0;
	return strchr(s, '.') || strchr(s, ':') || !strcmp(s, "localhost");
}

/* "QUERY@INSTANCE": split at the last @ outside quotes. */
static int
split_instance(const char *s, char **query, char **instance)
{
	const char *at = NULL;
	int inq = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			inq = !inq;
		else if (*p == '@' && !inq)
			at = p;
	}
	if (!at || !host_like(at + 1))
		return -1;
	*query = xstrndup(s, (size_t)(at - s));
	*instance = xstrdup(at + 1);
	return 0;
}

static cJSON *
make_target(const char *url, const char *platform, const char *title)
{
	cJSON *t = cJSON_CreateObject();
	rec_set_str(t, F_URL, url);
	rec_set_str(t, F_PLATFORM, platform);
	if (title) {
		cJSON *src = cJSON_CreateObject();
		rec_set_str(src, F_SOURCE_TITLE, title);
		rec_set(t, F_SOURCE, src);
	}
	return t;
}

static void
add_cursor(cJSON *t, const char *param, const char *path, const char *tmpl)
{
	if (opt->no_cursor)
		return;
	cJSON *c = cJSON_CreateObject();
	rec_set_str(c, "param", param);
	rec_set_str(c, "path", path);
	if (tmpl)
		rec_set_str(c, "template", tmpl);
	rec_set(t, F_CURSOR, c);
}

static int
word_ok(const char *s, const char *extra)
{
	if (!*s)
		return 0;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '_' || *c >= 0x80 ||
		    (extra && strchr(extra, *c))))
			return 0;
	return 1;
}

static cJSON *
p_mastodon(const char *spec, struct line_opts *lo)
{
	char *q = NULL, *inst = NULL, *root = NULL, *url = NULL, *title = NULL;
	cJSON *t = NULL;
	long limit = lo->limit ? lo->limit : 40;
	lo->used_limit = 1;
	if (limit > 40)
		return fail("limit:%ld is over Mastodon's 40", limit);
	if (spec[0] == '#') {
		if (split_instance(spec + 1, &q, &inst) < 0) {
			fail("expected mastodon:#TAG@INSTANCE");
			goto out;
		}
		if (!word_ok(q, NULL)) {
			fail("'%s' is not a hashtag (letters, digits and _ only)", q);
			goto out;
		}
		root = api_root("mastodon", inst);
		char *eq = url_encode(q);
		url = xasprintf("%s/api/v1/timelines/tag/%s?limit=%ld", root, eq, limit);
		free(eq);
		title = xasprintf("Mastodon #%s (%s)", q, inst);
		t = make_target(url, "mastodon", title);
		add_cursor(t, "min_id", ".[0].id", NULL);
	} else if (spec[0] == '@') {
		if (split_instance(spec + 1, &q, &inst) < 0 || !word_ok(q, ".-")) {
			fail("expected mastodon:@USER@INSTANCE");
			goto out;
		}
		lo->used_limit = lo->limit == 0;
		root = api_root("mastodon", inst);
		char *eq = url_encode(q);
		url = xasprintf("%s/@%s.rss", root, eq);
		free(eq);
		title = xasprintf("Mastodon @%s@%s", q, inst);
		t = make_target(url, "mastodon", title);
	} else if (!strncmp(spec, "account:", 8)) {
		if (split_instance(spec + 8, &q, &inst) < 0 || !word_ok(q, NULL)) {
			fail("expected mastodon:account:ID@INSTANCE");
			goto out;
		}
		root = api_root("mastodon", inst);
		char *eq = url_encode(q);
		url = xasprintf("%s/api/v1/accounts/%s/statuses?limit=%ld", root, eq, limit);
		free(eq);
		title = xasprintf("Mastodon account %s (%s)", q, inst);
		t = make_target(url, "mastodon", title);
		add_cursor(t, "min_id", ".[0].id", NULL);
	} else if (!strncmp(spec, "search:", 7)) {
		if (split_instance(spec + 7, &q, &inst) < 0 || str_empty(q)) {
			fail("expected mastodon:search:QUERY@INSTANCE");
			goto out;
		}
		root = api_root("mastodon", inst);
		char *eq = url_encode(q);
		url = xasprintf("%s/api/v2/search?q=%s&type=statuses&limit=%ld", root, eq, limit);
		free(eq);
		title = xasprintf("Mastodon search %s (%s)", q, inst);
		t = make_target(url, "mastodon", title);
		add_cursor(t, "min_id", ".statuses[0].id", NULL);
	} else {
		return fail("expected mastodon:#TAG@INSTANCE, mastodon:@USER@INSTANCE, "
		    "mastodon:account:ID@INSTANCE or mastodon:search:QUERY@INSTANCE");
	}
out:
	free(q);
	free(inst);
	free(root);
	free(url);
	free(title);
	return t;
}

static const char *
reddit_sort(struct line_opts *lo, const char *dflt, const char *const *allowed)
{
	const char *s = lo->sort ? lo->sort : dflt;
	lo->used_sort = 1;
	for (int i = 0; allowed[i]; i++)
		if (!strcmp(s, allowed[i]))
			return s;
	return NULL;
}

static int
time_ok(const char *t)
{
	static const char *const v[] = { "hour", "day", "week", "month", "year", "all", NULL };
	for (int i = 0; v[i]; i++)
		if (!strcmp(t, v[i]))
			return 1;
	return 0;
}

static cJSON *
p_reddit(const char *spec, struct line_opts *lo)
{
	static const char *const search_sorts[] = { "new", "relevance", "hot", "top", "comments", NULL };
	long limit = lo->limit ? lo->limit : 100;
	lo->used_limit = 1;
	if (limit > 100)
		return fail("limit:%ld is over Reddit's 100", limit);
	if (lo->time && !time_ok(lo->time))
		return fail("time:%s is not hour, day, week, month, year or all", lo->time);
	char *root = api_root("reddit", NULL);
	char *url = NULL, *title = NULL;
	cJSON *t = NULL;
	const char *sub = NULL;
	size_t sublen = 0;
	const char *q = NULL;
	if (!strncmp(spec, "search:", 7)) {
		q = spec + 7;
	} else if (!strncmp(spec, "r/", 2)) {
		sub = spec + 2;
		sublen = strcspn(sub, "/");
		char *name = xstrndup(sub, sublen);
		if (!word_ok(name, "+")) {
			free(name);
			free(root);
			return fail("'r/%.*s' is not a subreddit name", (int)sublen, sub);
		}
		free(name);
		const char *after = sub + sublen;
		if (!strncmp(after, "/search:", 8)) {
			q = after + 8;
		} else {
			const char *listing = *after == '/' ? after + 1 : "new";
			static const char *const listings[] = { "new", "hot", "top", "rising",
				"controversial", "comments", NULL };
			int ok = 0;
			for (int i = 0; listings[i]; i++)
				if (!strcmp(listing, listings[i]))
					ok = 1;
			if (!ok) {
				free(root);
				return fail("'%s' is not new, hot, top, rising, controversial or comments",
				    listing);
			}
			struct buf b;
			buf_init(&b);
			buf_printf(&b, "%s/r/%.*s/%s.json?limit=%ld", root, (int)sublen, sub,
			    listing, limit);
			if (lo->time) {
				buf_printf(&b, "&t=%s", lo->time);
				lo->used_time = 1;
			}
			url = buf_steal(&b);
			title = xasprintf("Reddit r/%.*s (%s)", (int)sublen, sub, listing);
			t = make_target(url, "reddit", title);
			if (!strcmp(listing, "new") || !strcmp(listing, "comments"))
				add_cursor(t, "before", ".data.children[0].data.name", NULL);
		}
	} else if (!strncmp(spec, "u/", 2)) {
		const char *user = spec + 2;
		if (!word_ok(user, "-")) {
			free(root);
			return fail("'u/%s' is not a user name", user);
		}
		url = xasprintf("%s/user/%s/submitted.json?sort=new&limit=%ld", root, user, limit);
		title = xasprintf("Reddit u/%s", user);
		t = make_target(url, "reddit", title);
		add_cursor(t, "before", ".data.children[0].data.name", NULL);
	} else {
		free(root);
		return fail("expected reddit:search:QUERY, reddit:r/SUB[/LISTING], "
		    "reddit:r/SUB/search:QUERY or reddit:u/USER");
	}
	if (q) {
		if (str_empty(q)) {
			free(root);
			return fail("empty search query");
		}
		const char *sort = reddit_sort(lo, "new", search_sorts);
		if (!sort) {
			free(root);
			return fail("sort:%s is not new, relevance, hot, top or comments", lo->sort);
		}
		char *eq = url_encode(q);
		struct buf b;
		buf_init(&b);
		if (sub)
			buf_printf(&b, "%s/r/%.*s/search.json?q=%s&restrict_sr=1&sort=%s&limit=%ld",
			    root, (int)sublen, sub, eq, sort, limit);
		else
			buf_printf(&b, "%s/search.json?q=%s&sort=%s&limit=%ld", root, eq, sort, limit);
		if (lo->time) {
			buf_printf(&b, "&t=%s", lo->time);
			lo->used_time = 1;
		}
		free(eq);
		url = buf_steal(&b);
		title = sub ? xasprintf("Reddit r/%.*s search %s", (int)sublen, sub, q) :
		    xasprintf("Reddit search %s", q);
		t = make_target(url, "reddit", title);
		if (!strcmp(sort, "new"))
			add_cursor(t, "before", ".data.children[0].data.name", NULL);
	}
	free(root);
	free(url);
	free(title);
	return t;
}

static cJSON *
p_youtube(const char *spec, struct line_opts *lo)
{
	const char *param, *id;
	if (!strncmp(spec, "channel:", 8)) {
		param = "channel_id";
		id = spec + 8;
		if (strlen(id) != 24 || strncmp(id, "UC", 2) || !word_ok(id, "-"))
			return fail("'%s' is not a channel id (UC and 22 letters, digits, - or _; "
			    "a @handle will not do, see veille-sources(7))", id);
	} else if (!strncmp(spec, "playlist:", 9)) {
		param = "playlist_id";
		id = spec + 9;
		if (strlen(id) < 10 || !word_ok(id, "-"))
			return fail("'%s' is not a playlist id", id);
	} else if (!strncmp(spec, "user:", 5)) {
		param = "user";
		id = spec + 5;
		if (!word_ok(id, "-."))
			return fail("'%s' is not a user name", id);
	} else {
		return fail("expected youtube:channel:UC..., youtube:playlist:ID or youtube:user:NAME");
	}
	char *root = api_root("youtube", NULL);
	char *url = xasprintf("%s/feeds/videos.xml?%s=%s", root, param, id);
	/* The feed names itself: no source title unless name: is given. */
	cJSON *t = make_target(url, "youtube", NULL);
	free(root);
	free(url);
	return t;
}

static cJSON *
p_bluesky(const char *spec, struct line_opts *lo)
{
	long limit = lo->limit ? lo->limit : (spec[0] == '@' ? 50 : 100);
	lo->used_limit = 1;
	if (limit > 100)
		return fail("limit:%ld is over Bluesky's 100", limit);
	char *root = api_root("bluesky", NULL), *url, *title;
	cJSON *t;
	if (spec[0] == '@') {
		const char *h = spec + 1;
		if (!word_ok(h, ".-:"))
			return free(root), fail("'%s' is not a handle", spec);
		char *eh = url_encode(h);
		url = xasprintf("%s/xrpc/app.bsky.feed.getAuthorFeed?actor=%s&limit=%ld",
		    root, eh, limit);
		free(eh);
		title = xasprintf("Bluesky @%s", h);
		t = make_target(url, "bluesky", title);
	} else if (!strncmp(spec, "search:", 7)) {
		const char *q = spec + 7;
		if (str_empty(q))
			return free(root), fail("empty search query");
		const char *sort = lo->sort ? lo->sort : "latest";
		lo->used_sort = 1;
		if (strcmp(sort, "latest") && strcmp(sort, "top"))
			return free(root), fail("sort:%s is not latest or top", sort);
		const char *lang = lo->lang ? lo->lang : opt->lang;
		lo->used_lang = 1;
		char *eq = url_encode(q);
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "%s/xrpc/app.bsky.feed.searchPosts?q=%s&sort=%s&limit=%ld",
		    root, eq, sort, limit);
		if (lang) {
			char *el = url_encode(lang);
			buf_printf(&b, "&lang=%s", el);
			free(el);
		}
		free(eq);
		url = buf_steal(&b);
		title = xasprintf("Bluesky search %s", q);
		t = make_target(url, "bluesky", title);
		if (!strcmp(sort, "latest"))
			add_cursor(t, "since", ".posts[0].indexedAt", NULL);
	} else {
		free(root);
		return fail("expected bluesky:search:QUERY or bluesky:@HANDLE");
	}
	free(root);
	free(url);
	free(title);
	return t;
}

/* Default edition of a language in Google News. */
static const char *
gnews_region(const char *lang)
{
	static const char *const tab[][2] = {
		{ "en", "US" }, { "fr", "FR" }, { "de", "DE" }, { "es", "ES" },
		{ "it", "IT" }, { "nl", "NL" }, { "pt", "PT" }, { "ja", "JP" },
		{ "ko", "KR" }, { "pl", "PL" }, { "sv", "SE" }, { "no", "NO" },
		{ "da", "DK" }, { "fi", "FI" }, { "uk", "UA" }, { "ru", "RU" },
		{ "tr", "TR" }, { "el", "GR" }, { "cs", "CZ" }, { "ro", "RO" },
		{ "hu", "HU" }, { "he", "IL" }, { "id", "ID" }, { "th", "TH" },
		{ "vi", "VN" }, { "hi", "IN" },
		{ NULL, NULL },
	};
	for (int i = 0; tab[i][0]; i++)
		if (!ascii_casecmp(lang, tab[i][0]))
			return tab[i][1];
	return NULL;
}

static cJSON *
p_gnews(const char *spec, struct line_opts *lo)
{
	if (str_empty(spec))
		return fail("empty search query");
	lo->used_lang = lo->used_region = 1;
	const char *lang = lo->lang ? lo->lang : opt->lang ? opt->lang : "en";
	const char *region = lo->region ? lo->region : opt->region;
	char *primary = xstrndup(lang, strcspn(lang, "-"));
	ascii_lower(primary);
	const char *tagregion = strchr(lang, '-');
	char gl[8] = "";
	if (region)
		snprintf(gl, sizeof gl, "%s", region);
	else if (tagregion && strlen(tagregion + 1) == 2)
		snprintf(gl, sizeof gl, "%s", tagregion + 1);
	else if (gnews_region(primary))
		snprintf(gl, sizeof gl, "%s", gnews_region(primary));
	else {
		free(primary);
		return fail("lang:%s needs region:CC (the Google News edition, e.g. region:EG)", lang);
	}
	for (char *c = gl; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c -= 32;
	/* hl: the language as given; English editions are always en-CC. */
	char *hl = !strcmp(primary, "en") && !tagregion ? xasprintf("en-%s", gl) : xstrdup(lang);
	char *root = api_root("gnews", NULL);
	char *eq = url_encode(spec), *ehl = url_encode(hl);
	char *url = xasprintf("%s/rss/search?q=%s&hl=%s&gl=%s&ceid=%s:%s", root, eq, ehl,
	    gl, gl, primary);
	cJSON *t = make_target(url, "google-news", NULL);
	free(eq);
	free(ehl);
	free(hl);
	free(url);
	free(root);
	free(primary);
	return t;
}

static cJSON *
p_galerts(const char *spec, struct line_opts *lo)
{
	if (!url_is_web(spec, 0))
		return fail("expected galerts:https://www.google.com/alerts/feeds/...");
	char *host = url_host(spec);
	int google = host && (!strcmp(host, "www.google.com") || !strcmp(host, "google.com"));
	free(host);
	if (!google || !strstr(spec, "/alerts/feeds/"))
		return fail("'%s' is not a Google Alerts feed URL "
		    "(https://www.google.com/alerts/feeds/...)", spec);
	return make_target(spec, "google-alerts", NULL);
}

static cJSON *
p_hn(const char *spec, struct line_opts *lo)
{
	const char *q, *tags;
	if (!strncmp(spec, "search:", 7)) {
		q = spec + 7;
		tags = "story";
	} else if (!strncmp(spec, "comments:", 9)) {
		q = spec + 9;
		tags = "comment";
	} else {
		return fail("expected hn:search:QUERY or hn:comments:QUERY");
	}
	if (str_empty(q))
		return fail("empty search query");
	char *root = api_root("hn", NULL);
	char *eq = url_encode(q);
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/api/v1/search_by_date?query=%s&tags=%s", root, eq, tags);
	if (lo->limit)
		buf_printf(&b, "&hitsPerPage=%ld", lo->limit);
	lo->used_limit = 1;
	char *url = buf_steal(&b);
	char *title = xasprintf("Hacker News %s %s", !strcmp(tags, "story") ? "search" : "comments", q);
	cJSON *t = make_target(url, "hackernews", title);
	add_cursor(t, "numericFilters", ".hits[0].created_at_i", "created_at_i>{}");
	free(eq);
	free(root);
	free(url);
	free(title);
	return t;
}

/* A site's home page: its robots.txt, whose Sitemap lines veille-parse
 * turns into targets; any other URL is the sitemap itself. */
static cJSON *
p_sitemap(const char *spec, struct line_opts *lo)
{
	if (!url_is_web(spec, 0) || strchr(spec, ' '))
		return fail("expected sitemap:https://SITE/ or sitemap:SITEMAP-URL");
	const char *path = strchr(strstr(spec, "://") + 3, '/');
	if (path && strcmp(path, "/"))
		return make_target(spec, NULL, NULL);
	char *robots = url_resolve(spec, "/robots.txt");
	cJSON *t = robots ? make_target(robots, NULL, NULL) :
	    fail("'%s' is not a valid URL", spec);
	free(robots);
	return t;
}

static const struct {
	const char *name;
	cJSON *(*fn)(const char *spec, struct line_opts *lo);
} presets[] = {
	{ "mastodon", p_mastodon }, { "reddit", p_reddit }, { "youtube", p_youtube },
	{ "bluesky", p_bluesky }, { "gnews", p_gnews }, { "galerts", p_galerts },
	{ "hn", p_hn }, { "sitemap", p_sitemap },
};

static cJSON *convert(const char *line);

cJSON *
sources_convert(const char *line, const struct sources_opts *o, char **err)
{
	static const struct sources_opts none;
	opt = o ? o : &none;
	*err = NULL;
	cJSON *t = convert(line);
	if (!t)
		*err = xstrdup(errbuf ? errbuf : "cannot convert");
	free(errbuf);
	errbuf = NULL;
	return t;
}

int
sources_set_api_base(struct sources_opts *o, const char *name_eq_url)
{
	const char *eq = strchr(name_eq_url, '=');
	char *name = eq ? xstrndup(name_eq_url, (size_t)(eq - name_eq_url)) : NULL;
	int i = name ? platform_index(name) : -1;
	free(name);
	if (i < 0)
		return -1;
	if (!url_is_web(eq + 1, 0))
		return -2;
	o->base[i] = eq + 1;
	return 0;
}

void
sources_print_list(FILE *fp)
{
	fprintf(fp, "Presets (one a line in a source list; options: lang: region: limit: sort: time: tag: name:)\n\n");
	for (const struct preset_doc *d = preset_docs; d->syntax; d++)
		fprintf(fp, "  %-42s %s\n  %-42s   e.g. %s\n", d->syntax, d->what, "", d->example);
	fprintf(fp, "\nAPI roots (--api-base NAME=URL): mastodon=https://INSTANCE");
	for (int i = 1; platforms[i]; i++)
		fprintf(fp, ", %s=%s", platforms[i], default_base[i]);
	fprintf(fp, "\n");
}

/* One non-blank, non-comment line: a target record, or NULL and errbuf. */
static cJSON *
convert(const char *line)
{
	if (line[0] == '{') {
		cJSON *t = cJSON_Parse(line);
		if (!cJSON_IsObject(t)) {
			cJSON_Delete(t);
			return fail("invalid JSON target record");
		}
		if (!rec_str(t, F_URL) || !url_is_web(rec_str(t, F_URL), 0)) {
			cJSON_Delete(t);
			return fail("JSON target record without an http(s) \"url\"");
		}
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(t, F_CURSOR);
		char *e = NULL;
		if (c && cursor_check(c, &e) < 0) {
			cJSON_Delete(t);
			fail("%s", e);
			free(e);
			return NULL;
		}
		return t;
	}
	struct line_opts lo;
	memset(&lo, 0, sizeof lo);
	cJSON *t = NULL;
	char *spec = NULL;
	if (!strncmp(line, "http://", 7) || !strncmp(line, "https://", 8)) {
		size_t n = strcspn(line, " \t");
		char *url = xstrndup(line, n);
		if (!(spec = split_options(line + n, &lo))) {
			free(url);
			goto out;
		}
		if (*spec) {
			fail("unexpected '%s' after the URL", spec);
			free(url);
			goto out;
		}
		if (!url_is_web(url, 0)) {
			fail("'%s' is not a valid URL", url);
			free(url);
			goto out;
		}
		t = make_target(url, NULL, NULL);
		free(url);
	} else {
		size_t n = strcspn(line, ":");
		if (line[n] && !strncmp(line + n, "://", 3)) {
			fail("only http and https URLs can be fetched");
			goto out;
		}
		if (!line[n]) {
			fail("neither a preset (NAME:...) nor a URL; see veille-sources --list");
			goto out;
		}
		int which = -1;
		for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++)
			if (strlen(presets[i].name) == n && !strncmp(line, presets[i].name, n))
				which = (int)i;
		if (which < 0) {
			fail("unknown preset '%.*s' (see veille-sources --list)", (int)n, line);
			goto out;
		}
		if (!(spec = split_options(line + n + 1, &lo)))
			goto out;
		if (!(t = presets[which].fn(spec, &lo)))
			goto out;
		const char *unused = lo.lang && !lo.used_lang ? "lang" :
		    lo.region && !lo.used_region ? "region" :
		    lo.sort && !lo.used_sort ? "sort" :
		    lo.time && !lo.used_time ? "time" :
		    lo.limit && !lo.used_limit ? "limit" : NULL;
		if (unused) {
			fail("option %s: does not apply to %s:%s", unused, presets[which].name,
			    spec);
			cJSON_Delete(t);
			t = NULL;
			goto out;
		}
	}
	if (lo.name) {
		cJSON *src = cJSON_CreateObject();
		rec_set_str(src, F_SOURCE_TITLE, lo.name);
		rec_set(t, F_SOURCE, src);
	}
	if (lo.tags) {
		rec_set(t, F_TAGS, lo.tags);
		lo.tags = NULL;
	}
	/* Field order: url, platform, source, cursor, tags. */
	static const char *const order[] = { F_URL, F_PLATFORM, F_SOURCE, F_CURSOR, F_TAGS, NULL };
	cJSON *o = cJSON_CreateObject();
	for (int i = 0; order[i]; i++) {
		cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(t, order[i]);
		if (v)
			cJSON_AddItemToObject(o, order[i], v);
	}
	cJSON_Delete(t);
	t = o;
out:
	free(spec);
	line_opts_free(&lo);
	return t;
}

