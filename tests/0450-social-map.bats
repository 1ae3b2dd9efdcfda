#!/usr/bin/env bats
# veille-parse --map FILE: the generic JSON mapping (lib/jpath.h), with the
# example maps of veille-sources(7) and broken maps.
load lib
load data/social/helpers

@test "--map: X API v2 with expansions (lookup of users and media)" {
	need veille-parse
	veille-parse --map "$MAPS/x-api-v2.json" "$SOC/x-recent-search.json" >out 2>err
	pick url,author,handle,published,lang,content,categories,links,image,engagement,platform <out >actual
	cat >expect <<'X'
https://x.com/i/web/status/1859000000000000002 | Camille 🎯 | @camille_pub | 2026-11-21T18:00:00Z | fr | Nouvelle pub #Orange : bad buzz garanti 😬 https://t.co/abc123 | ["Orange"] | ["https://www.example.fr/pub-orange"] | https://pbs.twimg.com/media/GabcdEFG.jpg | {"likes":88,"replies":6,"reposts":14,"views":5400} | x
https://x.com/i/web/status/1859000000000000001 | سارة | @sara_ar | 2026-11-21T17:00:00Z | ar | إعلان أورنج الجديد أثار جدلاً واسعاً | - | - | - | {"likes":3,"replies":0,"reposts":0,"views":120} | x
X
	diff -u expect actual
	[ ! -s err ]
}

@test "--map: TikTok Research API (epoch dates, array of hashtags, url template)" {
	need veille-parse
	veille-parse --map "$MAPS/tiktok-research.json" "$SOC/tiktok-video-query.json" >out
	pick url,handle,published,categories,engagement <out >actual
	cat >expect <<'X'
https://www.tiktok.com/@actu.fr/video/7300000000000001 | @actu.fr | 2026-11-22T06:46:40Z | ["orange","badbuzz"] | {"likes":15300,"replies":870,"reposts":412,"views":254000}
https://www.tiktok.com/@tokyo_news/video/7300000000000002 | @tokyo_news | 2026-11-22T04:00:00Z | - | {"likes":12,"replies":0,"reposts":0,"views":480}
X
	diff -u expect actual
}

@test "--map: Instagram Graph API (+0000 dates, missing fields left out)" {
	need veille-parse
	veille-parse --map "$MAPS/instagram-hashtag.json" "$SOC/instagram-recent-media.json" >out
	pick url,published,content,image,engagement <out >actual
	cat >expect <<'X'
https://www.instagram.com/p/Cabc123/ | 2026-11-21T10:00:00Z | Grève des transports : on s'organise 🚲 #greve #paris | https://scontent.cdninstagram.com/v/t51/greve.jpg | {"likes":230,"replies":14}
https://www.instagram.com/reel/Cdef456/ | 2026-11-21T09:00:00Z | - | - | {"replies":0}
X
	diff -u expect actual
	no_nulls <out
}

@test "--map: quoted keys, HTML content, ms and string epochs, counts with spaces, skip_if" {
	need veille-parse
	run veille-parse --map "$MAPS/export-sheet.json" "$SOC/export-sheet.json"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep '^{' | pick url,author,published,content,engagement,lang >actual
	cat >expect <<'X'
https://www.facebook.com/orangefrance/posts/0001 | Orange France | 2026-11-22T08:00:00Z | Nouvelle offre !
Découvrez-la | {"likes":1204,"replies":87,"reposts":12} | fr
https://www.facebook.com/blog/posts/0003 | مدونة | 2026-11-22T06:00:00Z | نص عربي | - | -
X
	diff -u expect actual
	printf '%s\n' "$output" | grep -q 'export-sheet.json: entry 2 (id fb-0002) skipped (.Deleted)'
}

@test "--map: the entry id is the guid (stable ids)" {
	need veille-parse
	B=https://export.example/pages.json
	veille-parse -b $B --map "$MAPS/export-sheet.json" "$SOC/export-sheet.json" 2>/dev/null | jget id >first
	sed 's#orangefrance/posts/0001#orangefrance/posts/moved#' "$SOC/export-sheet.json" >moved.json
	veille-parse -b $B --map "$MAPS/export-sheet.json" moved.json 2>/dev/null | jget id >second
	diff -u first second
}

@test "--map: a document the map does not describe is an error record, exit 1" {
	need veille-parse
	echo '{"error": {"code": 401, "message": "Unauthorized"}}' >denied.json
	run veille-parse --map "$MAPS/x-api-v2.json" denied.json
	[ "$status" -eq 1 ]
	printf '%s\n' "$output" | grep -q "items path .data\[\] matches nothing"
	printf '%s\n' "$output" | grep '^{' | jget error_code | grep -qx not_a_feed
}

@test "--map: an empty page is zero items, exit 0" {
	need veille-parse
	echo '{"data": [], "meta": {"result_count": 0}}' >empty.json
	run veille-parse --map "$MAPS/x-api-v2.json" empty.json
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "--map: through fetch records, with the carried fields" {
	need veille-parse
	"$PY" -c '
import json, sys
print(json.dumps({"url": "https://api.x.com/2/tweets/search/recent?query=orange", "source": {"title": "X orange"},
  "status": 200, "content_type": "application/json", "body": open(sys.argv[1], encoding="utf-8").read()}))
' "$SOC/x-recent-search.json" >in.ndjson
	veille-parse --map "$MAPS/x-api-v2.json" <in.ndjson >out
	expect_eq 2 "$(count <out)"
	head -1 out | pick source.title,source.url >actual
	echo 'X orange | https://api.x.com/2/tweets/search/recent?query=orange' >expect
	diff -u expect actual
}

bad_map() {
	run veille-parse --map "$MAPS/bad/$1" "$SOC/x-recent-search.json"
	[ "$status" -eq 2 ] || { echo "exit $status"; return 1; }
	[ -z "$(printf '%s\n' "$output" | grep '^{')" ] || { echo "records written"; return 1; }
	printf '%s\n' "$output" | grep -qF "veille-parse: $MAPS/bad/$1: $2" || { printf '%s\n' "$output"; return 1; }
}

@test "--map: bad map files exit 2 with a message naming the file" {
	need veille-parse
	bad_map invalid-json.json 'line 4: invalid JSON'
	bad_map bad-path.json "items: bad path '.data[': expected a number, a quoted key or ']' after '[' at offset 5"
	bad_map unknown-member.json 'unknown member "ulr"'
	bad_map no-items.json '"items" is missing'
	bad_map not-object.json 'a map must be a JSON object'
	bad_map bad-engagement.json 'engagement: unknown figure "claps"'
	bad_map bad-template.json "url: unterminated '{' in template 'https://x/{.id'"
	bad_map bad-lookup.json 'author: "lookup" needs "match" and "value" too'
}

@test "--map: a missing map file exits 2 naming it" {
	need veille-parse
	run veille-parse --map nowhere.json "$SOC/x-recent-search.json"
	[ "$status" -eq 2 ]
	printf '%s\n' "$output" | grep -q 'nowhere.json: No such file or directory'
}

@test "--map: the example maps of the documentation all load" {
	need veille-parse
	for m in "$MAPS"/*.json; do
		echo '[]' | veille-parse --map "$m" --raw >/dev/null 2>err || true
		! grep -q "$m" err || { cat err; return 1; }
	done
}
