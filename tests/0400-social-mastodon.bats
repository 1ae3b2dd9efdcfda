#!/usr/bin/env bats
# veille-parse over Mastodon API JSON (tag timelines, account statuses,
# v2 search) and Mastodon account feeds (@user.rss).
load lib
load data/social/helpers

@test "mastodon tag timeline: one item per status, fields mapped" {
	need veille-parse
	veille-parse "$SOC/mastodon-tag.json" >out 2>err
	pick url,handle,author,published,lang,platform <out >actual
	cat >expect <<'X'
https://mastodon.social/@alice/113200000000000003 | @alice@mastodon.social | Alice Martin 🌻 | 2026-11-20T09:15:30Z | fr | mastodon
https://other.example/@karim/5551 | @karim@other.example | كريم | 2026-11-20T08:00:00Z | ar | mastodon
https://mstdn.jp/@hanako/1111 | @hanako@mstdn.jp | hanako | 2026-11-19T23:59:59Z | ja | mastodon
X
	diff -u expect actual
}

@test "mastodon: HTML content becomes plain text, emoji kept, no title invented" {
	need veille-parse
	veille-parse "$SOC/mastodon-tag.json" 2>/dev/null | head -1 >out
	jget content <out >actual
	printf '%s\n' 'Grève générale jeudi 🚆✊ & manif à 14h ! #greve avec @bob' '' \
	    'Article : https://www.example.fr/social/greve-jeudi' >expect
	diff -u expect actual
	expect_eq "<none>" "$(jget title <out)"
	expect_eq '["greve", "manif"]' "$(jget categories <out)"
}

@test "mastodon: engagement, media attachments, image and shared links" {
	need veille-parse
	veille-parse "$SOC/mastodon-tag.json" 2>/dev/null >out
	pick engagement,image,enclosures,links <out >actual
	cat >expect <<'X'
{"likes":31,"replies":4,"reposts":12} | https://files.mastodon.social/media_attachments/files/original/manif.jpg | [{"medium":"image","url":"https://files.mastodon.social/media_attachments/files/original/manif.jpg"}] | ["https://www.example.fr/social/greve-jeudi"]
{"likes":5,"replies":0,"reposts":2} | https://files.mastodon.social/cache/media_attachments/files/small/clip.png | [{"medium":"video","url":"https://files.mastodon.social/cache/media_attachments/files/original/clip.mp4"}] | -
{"likes":3,"replies":1,"reposts":0} | https://www3.nhk.or.jp/news/html/20261119/K10000000000_og.jpg | - | ["https://www3.nhk.or.jp/news/html/20261119/k10000000000.html"]
X
	diff -u expect actual
}

@test "mastodon: content warning as summary, edits as updated, Arabic and Japanese text intact" {
	need veille-parse
	veille-parse "$SOC/mastodon-tag.json" 2>/dev/null >out
	sed -n 2p out | pick summary,updated,content >actual
	echo "Politique | 2026-11-20T08:30:00Z | إضراب عام في #greve اليوم" >expect
	diff -u expect actual
	sed -n 3p out | jget content >actual
	printf '%s\n' 'フランスでストライキ。電車が止まっています。' '明日も続くそうです。' >expect
	diff -u expect actual
}

@test "mastodon: a status with null content is skipped with a message naming it" {
	need veille-parse
	run veille-parse "$SOC/mastodon-tag.json"
	[ "$status" -eq 0 ]
	expect_eq 3 "$(printf '%s\n' "$output" | grep -c '^{')"
	printf '%s\n' "$output" | grep -q "mastodon-tag.json: mastodon status https://mastodon.social/users/ghost/statuses/113200000000000001 has no content (deleted or filtered): skipped"
	! printf '%s\n' "$output" | grep '^{' | grep -q ghost || false
}

@test "mastodon: ids are stable and come from the status uri" {
	need veille-parse
	veille-parse --base-url https://mastodon.social/api/v1/timelines/tag/greve "$SOC/mastodon-tag.json" 2>/dev/null | jget id >first
	veille-parse --base-url https://mastodon.social/api/v1/timelines/tag/greve "$SOC/mastodon-tag.json" 2>/dev/null | jget id >second
	diff -u first second
	expect_eq 3 "$(sort -u first | grep -c .)"
	grep -qx '[0-9a-f]\{32\}' first
	# Same statuses seen from another URL: other ids (scoped by URL).
	veille-parse --base-url https://mastodon.social/api/v1/timelines/tag/manif "$SOC/mastodon-tag.json" 2>/dev/null | jget id >third
	! diff -q first third || false
	# The id follows the status uri, not its web url.
	sed 's#"url": "https://mastodon.social/@alice/#"url": "https://mastodon.social/@alice/moved/#' \
	    "$SOC/mastodon-tag.json" >moved-url.json
	veille-parse --base-url https://mastodon.social/api/v1/timelines/tag/greve moved-url.json 2>/dev/null | jget id >fourth
	diff -u first fourth
	sed 's#"uri": "https://mastodon.social/users/alice/#"uri": "https://mastodon.social/users/alice2/#' \
	    "$SOC/mastodon-tag.json" >moved-uri.json
	veille-parse --base-url https://mastodon.social/api/v1/timelines/tag/greve moved-uri.json 2>/dev/null | jget id >fifth
	expect_eq "$(sed -n 2,3p first)" "$(sed -n 2,3p fifth)"
	[ "$(head -1 first)" != "$(head -1 fifth)" ]
}

@test "mastodon: a boost is the boosted status; missing fields are left out" {
	need veille-parse
	veille-parse "$SOC/mastodon-account.json" >out 2>err
	pick url,handle,author,content,engagement,lang <out >actual
	cat >expect <<'X'
https://fosstodon.org/@erin/777 | @erin@fosstodon.org | Erin | Released curl-like tool 2.0 today | {"likes":9,"replies":2,"reposts":7} | en
https://mastodon.social/users/dave/statuses/113400000000000010 | @dave | dave | Only the required fields here. | - | -
X
	diff -u expect actual
	no_nulls <out
	! grep -q '""' out || false
	[ ! -s err ]
}

@test "mastodon: a local account gets the instance of the request when the status has no account url" {
	need veille-parse
	veille-parse --base-url https://mastodon.social/api/v1/accounts/2/statuses "$SOC/mastodon-account.json" 2>/dev/null | sed -n 2p | jget handle >actual
	echo "@dave@mastodon.social" >expect
	diff -u expect actual
}

@test "mastodon v2 search: statuses of the result" {
	need veille-parse
	veille-parse "$SOC/mastodon-search.json" >out
	pick url,handle,content,engagement.likes <out >actual
	echo "https://mastodon.social/@carol/113300000000000010 | @carol@mastodon.social | That ad campaign is turning into a real bad buzz. | 2" >expect
	diff -u expect actual
}

@test "mastodon: an empty timeline is zero items from an API URL, an error from an unknown source" {
	need veille-parse
	echo '[]' >empty.json
	run veille-parse --base-url https://mastodon.social/api/v1/timelines/tag/greve empty.json
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run veille-parse empty.json
	[ "$status" -eq 1 ]
	printf '%s\n' "$output" | grep -q 'JSON document of no known shape'
}

@test "mastodon: fetch records through stdin keep the carried fields" {
	need veille-parse
	"$PY" -c '
import json, sys
body = open(sys.argv[1], encoding="utf-8").read()
print(json.dumps({"url": "https://mastodon.social/api/v1/timelines/tag/greve?limit=40",
  "platform": "mastodon", "source": {"title": "Mastodon #greve (mastodon.social)"},
  "tags": ["grève"], "status": 200, "content_type": "application/json",
  "fetched_at": "2026-11-20T10:00:00Z", "body": body}, ensure_ascii=False))
' "$SOC/mastodon-tag.json" >in.ndjson
	veille-parse <in.ndjson >out 2>/dev/null
	expect_eq 3 "$(count <out)"
	head -1 out | pick source.title,source.url,tags,fetched_at,platform >actual
	echo 'Mastodon #greve (mastodon.social) | https://mastodon.social/api/v1/timelines/tag/greve?limit=40 | ["grève"] | 2026-11-20T10:00:00Z | mastodon' >expect
	diff -u expect actual
}

@test "mastodon account feed (@user.rss): platform, handle, author and content" {
	need veille-parse
	veille-parse "$SOC/mastodon-user.rss" >out
	pick url,platform,handle,author,content,categories <out >actual
	echo 'https://mastodon.social/@alice/113200000000000003 | mastodon | @alice@mastodon.social | Alice Martin 🌻 | Grève générale jeudi 🚆✊ & manif à 14h ! #greve | ["greve"]' >expect
	diff -u expect actual
	expect_eq "<none>" "$(jget summary <out)"
}
