#!/usr/bin/env bats
# veille-parse over the Hacker News Algolia search API.
load lib
load data/social/helpers

@test "hacker news hits: stories and comments mapped" {
	need veille-parse
	run veille-parse "$SOC/hn-search.json"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep '^{' >out
	pick url,title,author,handle,published,categories,links,engagement,platform <out >actual
	cat >expect <<'X'
https://news.ycombinator.com/item?id=42000003 | curl 9.0 released | bagder | bagder | 2026-11-22T08:00:00Z | ["story","front_page"] | ["https://daniel.haxx.se/blog/2026/11/22/curl-9-0/"] | {"replies":120,"score":512} | hackernews
https://news.ycombinator.com/item?id=42000002 | Ask HN: curl and Retry-After? | throwaway | throwaway | 2026-11-22T07:00:00Z | ["story","ask_hn"] | ["https://curl.se/docs/manpage.html#--retry"] | {"replies":3,"score":7} | hackernews
https://news.ycombinator.com/item?id=42000010 | - | jdoe | jdoe | 2026-11-22T08:30:00Z | ["comment"] | - | - | hackernews
https://news.ycombinator.com/item?id=42000000 | curlで日本語のURLを扱う方法 | yamada | yamada | 2026-11-22T05:00:00Z | ["story"] | ["https://example.jp/curl-nihongo"] | {"replies":0,"score":2} | hackernews
X
	diff -u expect actual
}

@test "hacker news: HTML text and entities become plain text" {
	need veille-parse
	veille-parse "$SOC/hn-search.json" 2>/dev/null | sed -n 2p | jget content >actual
	printf '%s\n' 'Is there a way to make curl retry on 429 & honour Retry-After?' '' \
	    'See https://curl.se/docs/manpage.html#--retry' >expect
	diff -u expect actual
	veille-parse "$SOC/hn-search.json" 2>/dev/null | sed -n 3p | jget content >actual
	echo "Congrats! I've used curl since 1998 — 日本語 works too." >expect
	diff -u expect actual
}

@test "hacker news: a deleted hit (no title, text or url) is skipped with a message" {
	need veille-parse
	run veille-parse "$SOC/hn-search.json"
	printf '%s\n' "$output" | grep -q 'hn-search.json: hacker news item 42000001 has no title, text or url (deleted?): skipped'
	! printf '%s\n' "$output" | grep '^{' | grep -q 42000001 || false
}

@test "hacker news: an empty result page is zero items; other Algolia indexes are not taken for HN" {
	need veille-parse
	echo '{"hits": [], "nbHits": 0, "page": 0, "nbPages": 0, "hitsPerPage": 20}' >empty.json
	run veille-parse empty.json
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	echo '{"hits": [{"objectID": "1", "name": "a product"}], "nbHits": 1}' >other.json
	run veille-parse other.json
	[ "$status" -eq 1 ]
	printf '%s\n' "$output" | grep -q 'no known shape'
}

@test "hn: --links-only gives the shared links as targets, titled by their story" {
	need veille-parse
	veille-parse -q --links-only "$SOC/hn-search.json" >out
	grep -q '"url":"https://daniel.haxx.se/blog/2026/11/22/curl-9-0/"' out
	[ "$(jget kind <out | sort -u)" = target ]
	[ "$(grep -c '"title"' out)" -ge 1 ]
}
