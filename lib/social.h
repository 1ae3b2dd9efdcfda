/* social.h — social networks and search engines as sources: the public
 * JSON of Mastodon, Bluesky, Reddit and Hacker News (Algolia), and the
 * platform details of YouTube, Google Alerts, Google News and Mastodon
 * feeds. Item mapping: veille-sources(7), section PLATFORMS. */
#ifndef VEILLE_SOCIAL_H
#define VEILLE_SOCIAL_H

#include <cjson/cJSON.h>
#include <libxml/tree.h>
#include "parse.h"

/* A JSON document that is not a JSON Feed: recognise Mastodon (array of
 * statuses, one status, or v2 search {"statuses":[...]}), Bluesky
 * (searchPosts/getPosts {"posts":[...]}, getAuthorFeed/getFeed
 * {"feed":[{"post":...}]}), Reddit listings ({"kind":"Listing",...} or an
 * array of them) and Hacker News Algolia ({"hits":[...]}) and emit one
 * item per entry. Returns the number of items emitted (>= 0) if
 * recognised, -1 if the document is none of these (nothing written). */
long social_parse_json(struct parse_ctx *ctx, const cJSON *doc);

/* Called by the feed parser (RSS/Atom) for each entry just before
 * item_emit(): adds platform details to YouTube (yt:/media: extensions),
 * Google Alerts and Google News entries (real article URL, plain title)
 * and Mastodon account feeds (handle). Entries of other feeds are left
 * untouched. entry is the <entry> or <item> element. */
void social_fixup_feed_item(struct parse_ctx *ctx, cJSON *item, xmlNode *entry);

/* The platform name a JSON document would be parsed as ("mastodon",
 * "bluesky", "reddit", "hackernews") or NULL: for messages and tests. */
const char *social_detect_json(const struct parse_ctx *ctx, const cJSON *doc);

#endif
