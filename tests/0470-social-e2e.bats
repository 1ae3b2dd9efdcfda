#!/usr/bin/env bats
# End to end over the loopback test server (tests/httpd.py):
#   veille-sources --api-base ... | veille-fetch -s STATE | veille-parse
# first runs for each platform, rate limiting (429 + Retry-After, the
# x-ratelimit-* headers kept), and since-id/cursor paging remembered in
# the fetch state so that each run asks only for what is new.
load lib
load data/social/helpers

# Build the static tree the server serves: the fixtures at the paths of
# the platforms' APIs (see "Static fixtures" in tests/httpd.py).
www() {
	W=$BATS_TEST_TMPDIR/www
	local m=$W/mastodon/api/v1/timelines/tag r=$W/reddit/r/france h=$W/hn/api/v1
	local b=$W/bluesky/xrpc y=$W/youtube/feeds g=$W/gnews/rss
	mkdir -p "$m" "$r" "$h" "$b" "$y" "$g"
	cp "$SOC/mastodon-tag.json" "$m/greve"
	cp "$SOC/mastodon-tag-page2.json" "$m/greve__limit_40_min_id_113200000000000003"
	echo '[]' >"$m/greve__limit_40_min_id_113200000000000004"
	for f in "$m"/greve*; do
		printf '%s\n' 'Content-Type: application/json; charset=utf-8' \
		    'X-RateLimit-Limit: 300' 'X-RateLimit-Remaining: 299' \
		    'X-RateLimit-Reset: 2026-11-23T20:00:00.000Z' >"$f.headers"
	done
	cp "$SOC/reddit-new.json" "$r/new.json"
	cp "$SOC/reddit-new-page2.json" "$r/new.json__limit_100_before_t3_1gx0001"
	cp "$SOC/hn-search.json" "$h/search_by_date"
	cp "$SOC/hn-search-page2.json" "$h/search_by_date__query_curl_tags_story_numericFilters_created_at_i_3E1795334400"
	for f in "$h"/search_by_date*; do echo 'Content-Type: application/json' >"$f.headers"; done
	cp "$SOC/bluesky-search.json" "$b/app.bsky.feed.searchPosts"
	cp "$SOC/bluesky-search-page2.json" \
	    "$b/app.bsky.feed.searchPosts__q_orange_sort_latest_limit_100_since_2026-11-21T18_3A04_3A06.456Z"
	for f in "$b"/app.bsky*; do echo 'Content-Type: application/json' >"$f.headers"; done
	cp "$SOC/youtube-channel.xml" "$y/videos.xml"
	cp "$SOC/gnews-search.xml" "$g/search"
	echo 'Content-Type: application/rss+xml; charset=UTF-8' >"$g/search.headers"
}

serve() {
	www
	read -r PORT SPID < <("$PY" "$TESTS/httpd.py" --background --lifetime 120 \
	    --root "$BATS_TEST_TMPDIR/www" --log "$BATS_TEST_TMPDIR/log")
	[ -n "$PORT" ] || return 1
	BASE=http://127.0.0.1:$PORT/static
	APIS="--api-base mastodon=$BASE/mastodon --api-base reddit=$BASE/reddit
	    --api-base hn=$BASE/hn --api-base bluesky=$BASE/bluesky
	    --api-base youtube=$BASE/youtube --api-base gnews=$BASE/gnews"
}

teardown() {
	[ -z "${SPID:-}" ] || kill "$SPID" 2>/dev/null || true
}

# run_pipe LINE OUT: one source line through the three tools with the state.
run_pipe() {
	printf '%s\n' "$1" | veille-sources $APIS | veille-fetch -q -r 1 -s state.db >"$2.fetch"
	veille-parse <"$2.fetch" >"$2" 2>"$2.err"
}

# requests: the paths (with query) the server was asked for, in order.
requests() { jget path <"$BATS_TEST_TMPDIR/log"; }

@test "e2e: every platform's first run, sources | fetch | parse" {
	need veille-sources; need veille-fetch; need veille-parse
	serve
	cat >list.txt <<'X'
mastodon:#greve@mastodon.social
reddit:r/france/new
hn:search:curl
bluesky:search:orange
youtube:channel:UCabcdefghijklmnopqrstuv
gnews:"ministère de l'intérieur" lang:fr
X
	veille-sources $APIS list.txt | veille-fetch -q -s state.db >fetch.out
	veille-parse <fetch.out >out 2>err
	pick platform <out | sort | uniq -c | awk '{print $2, $1}' >actual
	cat >expect <<'X'
bluesky 3
google-news 4
hackernews 4
mastodon 3
reddit 4
youtube 2
X
	diff -u expect actual
	requests | sort >actual
	cat >expect <<'X'
/static/bluesky/xrpc/app.bsky.feed.searchPosts?q=orange&sort=latest&limit=100
/static/gnews/rss/search?q=%22minist%C3%A8re%20de%20l%27int%C3%A9rieur%22&hl=fr&gl=FR&ceid=FR:fr
/static/hn/api/v1/search_by_date?query=curl&tags=story
/static/mastodon/api/v1/timelines/tag/greve?limit=40
/static/reddit/r/france/new.json?limit=100
/static/youtube/feeds/videos.xml?channel_id=UCabcdefghijklmnopqrstuv
X
	diff -u expect actual
	no_nulls <out
}

@test "e2e: the source label of the list reaches the items; target fields stay off the items" {
	need veille-sources; need veille-fetch; need veille-parse
	serve
	run_pipe 'mastodon:#greve@mastodon.social tag:social name:"Grève (Mastodon)"' out
	head -1 out | pick source.title,tags,platform,cursor >actual
	echo 'Grève (Mastodon) | ["social"] | mastodon | -' >expect
	diff -u expect actual
}

@test "e2e: x-ratelimit-* headers are kept in the fetch record" {
	need veille-sources; need veille-fetch
	serve
	printf '%s\n' 'mastodon:#greve@mastodon.social' | veille-sources $APIS | veille-fetch -q >fetch.out
	pick status,headers <fetch.out >actual
	echo '200 | {"x-ratelimit-limit":"300","x-ratelimit-remaining":"299","x-ratelimit-reset":"2026-11-23T20:00:00.000Z"}' >expect
	diff -u expect actual
}

@test "e2e: 429 with Retry-After is retried after the delay, then an error record passes through parse" {
	need veille-sources; need veille-fetch; need veille-parse
	serve
	printf '%s\n' 'Status: 429' 'Retry-After: 1' 'Content-Type: application/json' \
	    'X-RateLimit-Remaining: 0' >"$W/hn/api/v1/search_by_date.headers"
	printf '%s\n' 'hn:search:curl' | veille-sources $APIS | veille-fetch -q -r 1 >fetch.out || true
	pick status,error_code,attempts,headers.retry-after,headers.x-ratelimit-remaining <fetch.out >actual
	echo '429 | http | 2 | 1 | 0' >expect
	diff -u expect actual
	# Two requests, the second at least a second after the first ended.
	expect_eq 2 "$(requests | grep -c search_by_date)"
	"$PY" -c '
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
gap = r[1]["t0"] - r[0]["t1"]
assert gap >= 0.95, gap
' "$BATS_TEST_TMPDIR/log"
	run veille-parse <fetch.out
	[ "$status" -eq 1 ] || [ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep '^{' | pick platform,error_code >actual
	echo 'hackernews | http' >expect
	diff -u expect actual
}

@test "e2e cursor: mastodon min_id paging, ids stable, no advance on 429 or an empty page" {
	need veille-sources; need veille-fetch; need veille-parse
	serve
	run_pipe 'mastodon:#greve@mastodon.social' run1
	expect_eq 3 "$(count <run1)"
	run_pipe 'mastodon:#greve@mastodon.social' run2
	pick url,content <run2 >actual
	echo 'https://mastodon.social/@alice/113200000000000004 | Deuxième jour de #greve' >expect
	diff -u expect actual
	# The fetch record names the target URL (the id scope), not the paged one.
	expect_eq "$BASE/mastodon/api/v1/timelines/tag/greve?limit=40" "$(jget url <run2.fetch)"
	# Ids are scoped by the target URL, whatever page the status came on.
	expect_eq "$(veille-parse -b "$BASE/mastodon/api/v1/timelines/tag/greve?limit=40" \
	    "$SOC/mastodon-tag-page2.json" | jget id)" "$(jget id <run2)"
	# Run 3: rate limited; the cursor must not move.
	printf '%s\n' 'Status: 429' 'Retry-After: 1' 'Content-Type: application/json' \
	    >"$W/mastodon/api/v1/timelines/tag/greve__limit_40_min_id_113200000000000004.headers"
	run_pipe 'mastodon:#greve@mastodon.social' run3 || true
	expect_eq 429 "$(jget status <run3.fetch)"
	# Run 4: served again, an empty page: zero items, cursor kept.
	echo 'Content-Type: application/json' \
	    >"$W/mastodon/api/v1/timelines/tag/greve__limit_40_min_id_113200000000000004.headers"
	run_pipe 'mastodon:#greve@mastodon.social' run4
	expect_eq 0 "$(count <run4)"
	run_pipe 'mastodon:#greve@mastodon.social' run5
	requests | sed 's/.*greve?//' >actual
	cat >expect <<'X'
limit=40
limit=40&min_id=113200000000000003
limit=40&min_id=113200000000000004
limit=40&min_id=113200000000000004
limit=40&min_id=113200000000000004
limit=40&min_id=113200000000000004
X
	diff -u expect actual
}

@test "e2e cursor: reddit before=, hacker news numericFilters, bluesky since" {
	need veille-sources; need veille-fetch; need veille-parse
	serve
	for line in 'reddit:r/france/new' 'hn:search:curl' 'bluesky:search:orange'; do
		run_pipe "$line" first
		run_pipe "$line" second
		pick url <second
	done >actual
	cat >expect <<'X'
https://www.reddit.com/r/france/comments/1gx0007/gr%C3%A8ve_jour_2/
https://news.ycombinator.com/item?id=42000020
https://bsky.app/profile/lea.bsky.social/post/3lbq3newpost2k
X
	diff -u expect actual
	requests >actual
	cat >expect <<X
/static/reddit/r/france/new.json?limit=100
/static/reddit/r/france/new.json?limit=100&before=t3_1gx0001
/static/hn/api/v1/search_by_date?query=curl&tags=story
/static/hn/api/v1/search_by_date?query=curl&tags=story&numericFilters=created_at_i%3E1795334400
/static/bluesky/xrpc/app.bsky.feed.searchPosts?q=orange&sort=latest&limit=100
/static/bluesky/xrpc/app.bsky.feed.searchPosts?q=orange&sort=latest&limit=100&since=2026-11-21T18%3A04%3A06.456Z
X
	diff -u expect actual
}

@test "e2e cursor: without a state file nothing is remembered; --no-cursor never pages" {
	need veille-sources; need veille-fetch; need veille-parse
	serve
	for i in 1 2; do
		printf '%s\n' 'mastodon:#greve@mastodon.social' | veille-sources $APIS | veille-fetch -q >/dev/null
	done
	for i in 1 2; do
		printf '%s\n' 'mastodon:#greve@mastodon.social' | veille-sources --no-cursor $APIS |
		    veille-fetch -q -s state.db >/dev/null
	done
	requests | sed 's/.*greve?//' | sort -u >actual
	echo 'limit=40' >expect
	diff -u expect actual
}
