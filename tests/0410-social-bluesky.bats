#!/usr/bin/env bats
# veille-parse over Bluesky AppView JSON: app.bsky.feed.searchPosts and
# app.bsky.feed.getAuthorFeed.
load lib
load data/social/helpers

@test "bluesky searchPosts: one item per post, bsky.app URLs from the at:// uri" {
	need veille-parse
	veille-parse "$SOC/bluesky-search.json" >out 2>err
	pick url,handle,author,published,lang,platform <out >actual
	cat >expect <<'X'
https://bsky.app/profile/lea.bsky.social/post/3lbq2xyzabc2k | @lea.bsky.social | Léa 🍊 | 2026-11-21T18:04:05Z | fr | bluesky
https://bsky.app/profile/taro.example.jp/post/3lbq1aaaaaa2a | @taro.example.jp | 太郎 | 2026-11-21T09:00:00Z | ja | bluesky
https://bsky.app/profile/did:plc:zzzz9999yyyy8888xxxx7777/post/3lbq0bbbbbb2b | - | - | 2026-11-20T20:00:00Z | - | bluesky
X
	diff -u expect actual
	[ ! -s err ]
}

@test "bluesky: text, tags (facets and record tags), links, images, engagement" {
	need veille-parse
	veille-parse "$SOC/bluesky-search.json" >out
	pick content,categories,links,image,enclosures,engagement <out >actual
	cat >expect <<'X'
Nouvelle pub Orange : quel bad buzz 😬 #orange https://example.com/pub | ["orange"] | ["https://example.com/pub"] | https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:aaaa1111bbbb2222cccc3333/bafkimg@jpeg | [{"medium":"image","url":"https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:aaaa1111bbbb2222cccc3333/bafkimg@jpeg"}] | {"likes":42,"replies":3,"reposts":8}
オレンジの新しい広告、炎上してる。 | ["広告"] | ["https://news.example.jp/articles/123"] | https://cdn.bsky.app/img/feed_thumbnail/plain/did:plc:jjjj0000kkkk0000llll0000/bafkthumb@jpeg | - | {"likes":1,"replies":0,"reposts":0}
orange | - | - | - | - | -
X
	diff -u expect actual
	expect_eq "<none>" "$(head -1 out | jget title)"
}

@test "bluesky author feed: reposts are the original post, blocked and not-found posts skipped with a message" {
	need veille-parse
	run veille-parse "$SOC/bluesky-feed.json"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep '^{' >out
	pick url,author,engagement <out >actual
	cat >expect <<'X'
https://bsky.app/profile/interieur.gouv.fr/post/3lbr5ccccccc2 | Ministère de l'Intérieur | {"likes":120,"replies":10,"reposts":55}
https://bsky.app/profile/meteo.example.org/post/3lbr4dddddd2d | Météo | {"likes":4,"replies":0,"reposts":3}
https://bsky.app/profile/interieur.gouv.fr/post/3lbr1gggggg2g | Ministère de l'Intérieur | {"likes":0,"replies":0,"reposts":0}
X
	diff -u expect actual
	printf '%s\n' "$output" | grep -q 'bluesky post at://did:plc:blocked00000000000000000/app.bsky.feed.post/3lbr3eeeeee2e is blocked: skipped'
	printf '%s\n' "$output" | grep -q 'bluesky post at://did:plc:gone0000000000000000000/app.bsky.feed.post/3lbr2ffffff2f is not found: skipped'
}

@test "bluesky: video embed is an enclosure and its thumbnail the image; multi-line text kept" {
	need veille-parse
	veille-parse "$SOC/bluesky-feed.json" 2>/dev/null | head -1 >out
	pick enclosures,image <out >actual
	echo '[{"medium":"video","type":"application/vnd.apple.mpegurl","url":"https://video.bsky.app/watch/did%3Aplc%3Aministere000000000000000/bafkvideo/playlist.m3u8"}] | https://video.bsky.app/watch/did%3Aplc%3Aministere000000000000000/bafkvideo/thumbnail.jpg' >expect
	diff -u expect actual
	jget content <out >actual
	printf '%s\n' 'Vigilance orange : restez prudents sur les routes.' "Plus d'infos sur notre site." >expect
	diff -u expect actual
}

@test "bluesky: the post's at:// uri is its id (stable, independent of the handle)" {
	need veille-parse
	veille-parse --base-url https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts "$SOC/bluesky-search.json" | jget id >first
	sed 's/lea\.bsky\.social/lea.example.org/g' "$SOC/bluesky-search.json" >renamed.json
	veille-parse --base-url https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts renamed.json | jget id >second
	diff -u first second
}

@test "bluesky: an empty search page is zero items" {
	need veille-parse
	echo '{"posts": [], "hitsTotal": 0}' >empty.json
	run veille-parse empty.json
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}
