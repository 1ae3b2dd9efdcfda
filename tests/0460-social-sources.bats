#!/usr/bin/env bats
# veille-sources: every preset gives its exact URL, platform, source and
# paging spec; errors name the line.
load lib
load data/social/helpers

# src LINE: the record veille-sources writes for one line, as
# "url | platform | source.title | cursor | tags".
src() {
	printf '%s\n' "$1" | veille-sources | pick url,platform,source.title,cursor,tags
}

@test "mastodon presets: tag timeline, account feed, account id, search" {
	need veille-sources
	expect_eq 'https://mastodon.social/api/v1/timelines/tag/greve?limit=40 | mastodon | Mastodon #greve (mastodon.social) | {"param":"min_id","path":".[0].id"} | -' \
	    "$(src 'mastodon:#greve@mastodon.social')"
	expect_eq 'https://mastodon.social/api/v1/timelines/tag/gr%C3%A8ve?limit=20 | mastodon | Mastodon #grève (mastodon.social) | {"param":"min_id","path":".[0].id"} | ["social"]' \
	    "$(src 'mastodon:#grève@mastodon.social limit:20 tag:social')"
	expect_eq 'https://mastodon.social/@Gargron.rss | mastodon | Mastodon @Gargron@mastodon.social | - | -' \
	    "$(src 'mastodon:@Gargron@mastodon.social')"
	expect_eq 'https://piaille.fr/api/v1/accounts/109000000000000001/statuses?limit=40 | mastodon | Mastodon account 109000000000000001 (piaille.fr) | {"param":"min_id","path":".[0].id"} | -' \
	    "$(src 'mastodon:account:109000000000000001@piaille.fr')"
	expect_eq 'https://mastodon.social/api/v2/search?q=%22bad%20buzz%22&type=statuses&limit=40 | mastodon | Mastodon search "bad buzz" (mastodon.social) | {"param":"min_id","path":".statuses[0].id"} | -' \
	    "$(src 'mastodon:search:"bad buzz"@mastodon.social')"
	# An @ inside the quoted query is not the instance.
	expect_eq 'https://mastodon.social/api/v2/search?q=%22mail%20%40%20home%22&type=statuses&limit=40' \
	    "$(printf '%s\n' 'mastodon:search:"mail @ home"@mastodon.social' | veille-sources | jget url)"
}

@test "reddit presets: search, subreddit search, listings, user" {
	need veille-sources
	expect_eq 'https://www.reddit.com/search.json?q=%22bad%20buzz%22&sort=new&limit=100 | reddit | Reddit search "bad buzz" | {"param":"before","path":".data.children[0].data.name"} | -' \
	    "$(src 'reddit:search:"bad buzz"')"
	expect_eq 'https://www.reddit.com/search.json?q=gr%C3%A8ve%20SNCF&sort=top&limit=100&t=week | reddit | Reddit search grève SNCF | - | -' \
	    "$(src 'reddit:search:grève SNCF sort:top time:week')"
	expect_eq "https://www.reddit.com/r/france/search.json?q=%22minist%C3%A8re%20de%20l%27int%C3%A9rieur%22&restrict_sr=1&sort=new&limit=100 | reddit | Reddit r/france search \"ministère de l'intérieur\" | {\"param\":\"before\",\"path\":\".data.children[0].data.name\"} | -" \
	    "$(src "reddit:r/france/search:\"ministère de l'intérieur\"")"
	expect_eq 'https://www.reddit.com/r/france/new.json?limit=100 | reddit | Reddit r/france (new) | {"param":"before","path":".data.children[0].data.name"} | -' \
	    "$(src 'reddit:r/france/new')"
	expect_eq 'https://www.reddit.com/r/france/new.json?limit=25' \
	    "$(printf '%s\n' 'reddit:r/france limit:25' | veille-sources | jget url)"
	expect_eq 'https://www.reddit.com/r/france/top.json?limit=100&t=day | reddit | Reddit r/france (top) | - | -' \
	    "$(src 'reddit:r/france/top time:day')"
	expect_eq 'https://www.reddit.com/r/france/comments.json?limit=100 | reddit | Reddit r/france (comments) | {"param":"before","path":".data.children[0].data.name"} | -' \
	    "$(src 'reddit:r/france/comments')"
	expect_eq 'https://www.reddit.com/user/spez/submitted.json?sort=new&limit=100 | reddit | Reddit u/spez | {"param":"before","path":".data.children[0].data.name"} | -' \
	    "$(src 'reddit:u/spez')"
}

@test "youtube presets: channel, playlist, user (the feed names itself)" {
	need veille-sources
	expect_eq 'https://www.youtube.com/feeds/videos.xml?channel_id=UCYfdidRxbB8Qhf0Nx7ioOYw | youtube | - | - | -' \
	    "$(src 'youtube:channel:UCYfdidRxbB8Qhf0Nx7ioOYw')"
	expect_eq 'https://www.youtube.com/feeds/videos.xml?playlist_id=PLBCF2DAC6FFB574DE | youtube | - | - | -' \
	    "$(src 'youtube:playlist:PLBCF2DAC6FFB574DE')"
	expect_eq 'https://www.youtube.com/feeds/videos.xml?user=google | youtube | Google (user) | - | -' \
	    "$(src 'youtube:user:google name:"Google (user)"')"
}

@test "bluesky presets: search (newest first, language, since cursor) and author feed" {
	need veille-sources
	expect_eq 'https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts?q=orange&sort=latest&limit=100 | bluesky | Bluesky search orange | {"param":"since","path":".posts[0].indexedAt"} | -' \
	    "$(src 'bluesky:search:orange')"
	expect_eq 'https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts?q=%22bad%20buzz%22&sort=latest&limit=100&lang=fr' \
	    "$(printf '%s\n' 'bluesky:search:"bad buzz" lang:fr' | veille-sources | jget url)"
	expect_eq 'https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts?q=%E3%82%AA%E3%83%AC%E3%83%B3%E3%82%B8&sort=top&limit=100 | bluesky | Bluesky search オレンジ | - | -' \
	    "$(src 'bluesky:search:オレンジ sort:top')"
	expect_eq 'https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?actor=bsky.app&limit=50 | bluesky | Bluesky @bsky.app | - | -' \
	    "$(src 'bluesky:@bsky.app')"
}

@test "gnews preset: UTF-8 percent-encoding, phrase quotes kept, hl/gl/ceid from lang and region" {
	need veille-sources
	expect_eq "https://news.google.com/rss/search?q=%22minist%C3%A8re%20de%20l%27int%C3%A9rieur%22&hl=fr&gl=FR&ceid=FR:fr | google-news | - | - | -" \
	    "$(src "gnews:\"ministère de l'intérieur\" lang:fr")"
	expect_eq 'https://news.google.com/rss/search?q=gr%C3%A8ve%20when%3A1d&hl=fr-CA&gl=CA&ceid=CA:fr' \
	    "$(printf '%s\n' 'gnews:grève when:1d lang:fr-CA' | veille-sources | jget url)"
	expect_eq 'https://news.google.com/rss/search?q=orange&hl=en-US&gl=US&ceid=US:en' \
	    "$(printf '%s\n' 'gnews:orange' | veille-sources | jget url)"
	expect_eq 'https://news.google.com/rss/search?q=orange&hl=en-GB&gl=GB&ceid=GB:en' \
	    "$(printf '%s\n' 'gnews:orange lang:en region:GB' | veille-sources | jget url)"
	expect_eq 'https://news.google.com/rss/search?q=%D8%A7%D8%AD%D8%AA%D8%AC%D8%A7%D8%AC&hl=ar&gl=EG&ceid=EG:ar' \
	    "$(printf '%s\n' 'gnews:احتجاج lang:ar region:EG' | veille-sources | jget url)"
	expect_eq 'https://news.google.com/rss/search?q=Gr%C3%A8ve&hl=de&gl=DE&ceid=DE:de' \
	    "$(printf '%s\n' 'gnews:Grève' | veille-sources --lang de | jget url)"
	# A quoted option word is query text.
	expect_eq 'https://news.google.com/rss/search?q=%22lang%3Afr%22&hl=fr&gl=FR&ceid=FR:fr' \
	    "$(printf '%s\n' 'gnews:"lang:fr" lang:fr' | veille-sources | jget url)"
}

@test "galerts and hn presets, plain URLs and JSON targets passed through" {
	need veille-sources
	expect_eq 'https://www.google.com/alerts/feeds/01234567890123456789/98765432109876543210 | google-alerts | - | - | -' \
	    "$(src 'galerts:https://www.google.com/alerts/feeds/01234567890123456789/98765432109876543210')"
	expect_eq 'https://hn.algolia.com/api/v1/search_by_date?query=curl&tags=story | hackernews | Hacker News search curl | {"param":"numericFilters","path":".hits[0].created_at_i","template":"created_at_i>{}"} | -' \
	    "$(src 'hn:search:curl')"
	expect_eq 'https://hn.algolia.com/api/v1/search_by_date?query=%22rate%20limit%22&tags=comment&hitsPerPage=50' \
	    "$(printf '%s\n' 'hn:comments:"rate limit" limit:50' | veille-sources | jget url)"
	expect_eq 'https://www.lemonde.fr/rss/une.xml | - | Le Monde | - | ["presse"]' \
	    "$(src 'https://www.lemonde.fr/rss/une.xml tag:presse name:"Le Monde"')"
	expect_eq '{"url":"https://example.org/feed","tags":["x"]}' \
	    "$(printf '%s\n' '{"url":"https://example.org/feed","tags":["x"]}' | veille-sources)"
}

@test "comments, blank lines, a byte order mark and CRLF line ends are fine" {
	need veille-sources
	printf '\357\273\277# list\r\n\r\n   # indented comment\r\nhn:search:curl\r\n\treddit:u/spez  \n' >list.txt
	veille-sources list.txt >out
	pick url <out >actual
	printf '%s\n' 'https://hn.algolia.com/api/v1/search_by_date?query=curl&tags=story' \
	    'https://www.reddit.com/user/spez/submitted.json?sort=new&limit=100' >expect
	diff -u expect actual
}

@test "lines that cannot be understood: a message naming the line, exit 1, the others still written" {
	need veille-sources
	cat >list.txt <<'X'
hn:search:curl
badpreset:foo
mastodon:#greve
reddit:search:"unbalanced
youtube:channel:@handle
gnews:x lang:sw
hn:search:curl sort:new
mastodon:#greve@mastodon.social limit:80
reddit:r/france/weird
galerts:https://example.org/feed.xml
just some words
bluesky:search:
ftp://example.org/x
{"title": "no url"}
reddit:u/spez
X
	run veille-sources list.txt
	[ "$status" -eq 1 ]
	printf '%s\n' "$output" | grep '^{' | pick url >actual
	printf '%s\n' 'https://hn.algolia.com/api/v1/search_by_date?query=curl&tags=story' \
	    'https://www.reddit.com/user/spez/submitted.json?sort=new&limit=100' >expect
	diff -u expect actual
	printf '%s\n' "$output" | grep -v '^{' >err
	cat >expect <<'X'
veille-sources: list.txt: line 2: cannot understand 'badpreset:foo': unknown preset 'badpreset' (see veille-sources --list)
veille-sources: list.txt: line 3: cannot understand 'mastodon:#greve': expected mastodon:#TAG@INSTANCE
veille-sources: list.txt: line 4: cannot understand 'reddit:search:"unbalanced': unbalanced double quote
veille-sources: list.txt: line 5: cannot understand 'youtube:channel:@handle': '@handle' is not a channel id (UC and 22 letters, digits, - or _; a @handle will not do, see veille-sources(7))
veille-sources: list.txt: line 6: cannot understand 'gnews:x lang:sw': lang:sw needs region:CC (the Google News edition, e.g. region:EG)
veille-sources: list.txt: line 7: cannot understand 'hn:search:curl sort:new': option sort: does not apply to hn:search:curl
veille-sources: list.txt: line 8: cannot understand 'mastodon:#greve@mastodon.social limit:80': limit:80 is over Mastodon's 40
veille-sources: list.txt: line 9: cannot understand 'reddit:r/france/weird': 'weird' is not new, hot, top, rising, controversial or comments
veille-sources: list.txt: line 10: cannot understand 'galerts:https://example.org/feed.xml': 'https://example.org/feed.xml' is not a Google Alerts feed URL (https://www.google.com/alerts/feeds/...)
veille-sources: list.txt: line 11: cannot understand 'just some words': neither a preset (NAME:...) nor a URL; see veille-sources --list
veille-sources: list.txt: line 12: cannot understand 'bluesky:search:': empty search query
veille-sources: list.txt: line 13: cannot understand 'ftp://example.org/x': only http and https URLs can be fetched
veille-sources: list.txt: line 14: cannot understand '{"title": "no url"}': JSON target record without an http(s) "url"
X
	diff -u expect err
}

@test "stdin lines are named by number; --check writes nothing" {
	need veille-sources
	run veille-sources <<'X'
hn:search:curl
nope
X
	[ "$status" -eq 1 ]
	printf '%s\n' "$output" | grep -qx "veille-sources: line 2: cannot understand 'nope': neither a preset (NAME:...) nor a URL; see veille-sources --list"
	run veille-sources --check <<'X'
hn:search:curl
X
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "--no-cursor and --api-base" {
	need veille-sources
	printf '%s\n' 'mastodon:#greve@mastodon.social' 'reddit:r/france' 'hn:search:curl' >list.txt
	veille-sources --no-cursor --api-base mastodon=http://127.0.0.1:9/static/m/ \
	    --api-base reddit=http://127.0.0.1:9/static/r list.txt >out
	pick url,cursor <out >actual
	cat >expect <<'X'
http://127.0.0.1:9/static/m/api/v1/timelines/tag/greve?limit=40 | -
http://127.0.0.1:9/static/r/r/france/new.json?limit=100 | -
https://hn.algolia.com/api/v1/search_by_date?query=curl&tags=story | -
X
	diff -u expect actual
}

@test "usage errors exit 2; a missing list file exits 2 naming it, after the other files" {
	need veille-sources
	run veille-sources --api-base twitter=https://x.com
	[ "$status" -eq 2 ]
	printf '%s\n' "$output" | grep -q 'expected NAME=URL'
	run veille-sources --region FRA
	[ "$status" -eq 2 ]
	run veille-sources --bogus
	[ "$status" -eq 2 ]
	echo 'hn:search:curl' >ok.txt
	run veille-sources missing.txt ok.txt
	[ "$status" -eq 2 ]
	printf '%s\n' "$output" | grep -qx 'veille-sources: missing.txt: No such file or directory'
	printf '%s\n' "$output" | grep -q '^{"url":"https://hn.algolia.com/'
}

@test "--list names every preset and --help every option" {
	need veille-sources
	run veille-sources --list
	[ "$status" -eq 0 ]
	for p in 'mastodon:#TAG@INSTANCE' 'mastodon:@USER@INSTANCE' 'mastodon:account:ID@INSTANCE' \
	    'mastodon:search:QUERY@INSTANCE' 'reddit:search:QUERY' 'reddit:r/SUB/search:QUERY' \
	    'reddit:u/USER' 'youtube:channel:UC' 'youtube:playlist:PL' 'youtube:user:NAME' \
	    'bluesky:search:QUERY' 'bluesky:@HANDLE' 'gnews:QUERY' 'galerts:FEED-URL' \
	    'hn:search:QUERY' 'hn:comments:QUERY'; do
		printf '%s\n' "$output" | grep -qF -- "$p" || { echo "missing $p"; return 1; }
	done
	# Every example given by --list is accepted.
	printf '%s\n' "$output" | sed -n 's/^ *e\.g\. //p' >examples
	[ "$(grep -c . examples)" -ge 18 ]
	veille-sources examples >/dev/null
	run veille-sources --help
	[ "$status" -eq 0 ]
	for o in --list --lang --region --no-cursor --api-base --check --unbuffered --help --version; do
		printf '%s\n' "$output" | grep -q -- "$o" || { echo "missing $o"; return 1; }
	done
}
