#!/usr/bin/env bats
# veille-parse on HTML article pages: the metadata of the item (issue 4).
# JSON-LD (@graph, @id references, arrays), OpenGraph, <meta> date and
# author tags, <time datetime>, a date in the URL path, lang, canonical.
load lib

H=$TESTS/data/html

# art FILE URL [options]: parse one page as --raw HTML into out (stderr: err)
art() {
	local f=$1 u=$2
	shift 2
	veille-parse --raw --mode html --base-url "$u" "$@" <"$f" >out 2>err
}

# page HEAD [BODY]: a minimal article page with HEAD inside <head>
page() {
	cat <<PAGE
<!DOCTYPE html><html><head>$1<title>A plain title</title></head><body>
<div class="story-body">${2:-}
<p>The first paragraph of the story is long enough to count as text, with a comma, and a full stop.</p>
<p>The second paragraph says more about the story, again with enough words, commas, and sentences.</p>
</div></body></html>
PAGE
}

@test "JSON-LD @graph: headline, authors by @id, dates, image, publisher; canonical and lang" {
	need veille-parse
	art "$H/jsonld.html" 'https://www.quotidien-du-val.example/societe/2026/11/23/greve-transports-reprise.html?utm_source=rss'
	[ "$(wc -l <out)" -eq 1 ]
	expect_eq "https://www.quotidien-du-val.example/societe/2026/11/23/greve-transports-reprise.html" "$(jget url <out)"
	expect_eq "Grève des transports : le trafic reprend" "$(jget title <out)"
	expect_eq "Camille Martin, Paul Durand" "$(jget author <out)"
	expect_eq "2026-11-23T07:15:00Z" "$(jget published <out)"
	expect_eq "2026-11-23T09:40:00Z" "$(jget updated <out)"
	expect_eq "https://cdn.quotidien-du-val.example/img/greve.jpg" "$(jget image <out)"
	expect_eq "Le Quotidien du Val" "$(jget site_name <out)"
	expect_eq "fr-FR" "$(jget lang <out)"
	expect_eq "Après trois jours de grève, le trafic reprend progressivement sur le réseau régional." "$(jget summary <out)"
	expect_eq "<none>" "$(jget error <out)"
	expect_eq "<none>" "$(jget links <out)"
	[ ! -s err ]
	no_nulls <out
}

@test "OpenGraph and <meta>: title without the site name, author without 'By', offsets to UTC, relative og:image" {
	need veille-parse
	art "$H/opengraph.html" 'https://rivernotes.example/2024/03/15/small-rivers.html'
	expect_eq "Why small rivers flood first" "$(jget title <out)"
	expect_eq "Jane Doe" "$(jget author <out)"
	expect_eq "2024-03-15T14:30:00Z" "$(jget published <out)"
	expect_eq "2024-03-16T17:00:00Z" "$(jget updated <out)"
	expect_eq "https://rivernotes.example/images/flood-2024.jpg" "$(jget image <out)"
	expect_eq "River Notes" "$(jget site_name <out)"
	expect_eq "en-GB" "$(jget lang <out)"
	# no canonical link: the document URL
	expect_eq "https://rivernotes.example/2024/03/15/small-rivers.html" "$(jget url <out)"
	# no description: the first sentences of the text
	expect_eq "When a storm stalls over the hills, the first water to rise is rarely in the big river everyone watches. It is in the small streams, the ones that drain a few square miles of steep ground and answer to rain within an hour." "$(jget summary <out)"
}

@test "published from each kind of date tag, alone" {
	need veille-parse
	local u=https://news.example/story.html
	while IFS='|' read -r head want; do
		page "$head" >p.html
		art p.html "$u"
		expect_eq "$want" "$(jget published <out)" || { echo "for: $head" >&2; return 1; }
	done <<'CASES'
<meta property="article:published_time" content="2025-01-02T03:04:05Z">|2025-01-02T03:04:05Z
<meta name="date" content="2025-02-03">|2025-02-03T00:00:00Z
<meta name="DC.date.issued" content="2025-03-04T10:00:00+02:00">|2025-03-04T08:00:00Z
<meta name="dc.date" content="Tue, 04 Mar 2025 10:00:00 GMT">|2025-03-04T10:00:00Z
<meta name="parsely-pub-date" content="2025-04-05T06:07:08Z">|2025-04-05T06:07:08Z
<meta name="sailthru.date" content="2025-05-06 07:08:09">|2025-05-06T07:08:09Z
<meta itemprop="datePublished" content="2025-06-07T08:09:10Z">|2025-06-07T08:09:10Z
<meta name="citation_publication_date" content="2025-07-08">|2025-07-08T00:00:00Z
<script type="application/ld+json">{"@type":"BlogPosting","datePublished":"2025-08-09T10:11:12-04:00"}</script>|2025-08-09T14:11:12Z
<script type="application/ld+json">[{"@type":"Organization","name":"X"},{"@type":"Article","datePublished":"2025-09-10T00:00:00Z"}]</script>|2025-09-10T00:00:00Z
CASES
}

@test "published from <time datetime> in the page, pubdate first" {
	need veille-parse
	page "" '<time datetime="2025-10-11T12:13:14Z">yesterday</time>' >p.html
	art p.html https://news.example/a.html
	expect_eq "2025-10-11T12:13:14Z" "$(jget published <out)"
	page "" '<time datetime="2020-01-01">nav date</time> <time pubdate datetime="2025-10-12T00:00:00Z">x</time>' >p.html
	art p.html https://news.example/a.html
	expect_eq "2025-10-12T00:00:00Z" "$(jget published <out)"
}

@test "published from the URL path when the page has no date; never invented" {
	need veille-parse
	page "" >p.html
	art p.html https://news.example/2024/02/29/leap-day-story.html
	expect_eq "2024-02-29T00:00:00Z" "$(jget published <out)"
	art p.html https://news.example/archive/20231231/eve.html
	expect_eq "2023-12-31T00:00:00Z" "$(jget published <out)"
	art p.html https://news.example/story-about-2024.html
	expect_eq "<none>" "$(jget published <out)"
	# an impossible date in the path is not a date
	art p.html https://news.example/2024/13/45/x.html
	expect_eq "<none>" "$(jget published <out)"
}

@test "JSON-LD wins over OpenGraph, which wins over <meta name=date>" {
	need veille-parse
	page '<meta name="date" content="2021-01-01"><meta property="article:published_time" content="2022-02-02T00:00:00Z"><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"2023-03-03T00:00:00Z"}</script>' >p.html
	art p.html https://news.example/2020/01/01/a.html
	expect_eq "2023-03-03T00:00:00Z" "$(jget published <out)"
	page '<meta name="date" content="2021-01-01"><meta property="article:published_time" content="2022-02-02T00:00:00Z">' >p.html
	art p.html https://news.example/2020/01/01/a.html
	expect_eq "2022-02-02T00:00:00Z" "$(jget published <out)"
}

@test "an unparseable date is left out and reported once; a later good source is used" {
	need veille-parse
	page '<meta property="article:published_time" content="the day before yesterday">' >p.html
	art p.html https://news.example/a.html
	expect_eq "<none>" "$(jget published <out)"
	grep -q "unparseable date 'the day before yesterday'" err
	expect_eq 1 "$(grep -c unparseable err)"
	page '<meta property="article:published_time" content="soon"><meta name="date" content="2025-01-01">' >p.html
	art p.html https://news.example/a.html
	expect_eq "2025-01-01T00:00:00Z" "$(jget published <out)"
}

@test "updated is left out when not after published" {
	need veille-parse
	page '<meta property="article:published_time" content="2025-01-02T00:00:00Z"><meta property="article:modified_time" content="2025-01-02T00:00:00Z">' >p.html
	art p.html https://news.example/a.html
	expect_eq "<none>" "$(jget updated <out)"
}

@test "author from JSON-LD string, meta author, microdata, rel=author; URLs are not names" {
	need veille-parse
	page '<script type="application/ld+json">{"@type":"Article","author":"Ada Lovelace"}</script>' >p.html
	art p.html https://news.example/a.html
	expect_eq "Ada Lovelace" "$(jget author <out)"
	page '<meta property="article:author" content="https://facebook.example/someone"><meta name="author" content="Grace Hopper">' >p.html
	art p.html https://news.example/a.html
	expect_eq "Grace Hopper" "$(jget author <out)"
	page '' '<span itemprop="author" itemscope><span itemprop="name">Alan Turing</span></span>' >p.html
	art p.html https://news.example/a.html
	expect_eq "Alan Turing" "$(jget author <out)"
	page '' '<a rel="author" href="/team/kj">Katherine Johnson</a>' >p.html
	art p.html https://news.example/a.html
	expect_eq "Katherine Johnson" "$(jget author <out)"
}

@test "title: og:title, else the first <h1>, else <title> without the site name" {
	need veille-parse
	page '<meta property="og:site_name" content="Daily Planet">' >p.html
	sed -i 's#<title>A plain title</title>#<title>Heat wave ends | Daily Planet</title>#' p.html
	art p.html https://news.example/a.html
	expect_eq "Heat wave ends" "$(jget title <out)"
	page '' '<h1>The headline in the page</h1>' >p.html
	art p.html https://news.example/a.html
	expect_eq "The headline in the page" "$(jget title <out)"
	page '<meta property="og:site_name" content="Daily Planet">' >p.html
	sed -i 's|<title>A plain title</title>|<title>Daily Planet - Storm warning for the coast</title>|' p.html
	art p.html https://news.example/a.html
	expect_eq "Storm warning for the coast" "$(jget title <out)"
}

@test "lang: <html lang>, else Content-Language meta, else og:locale; canonical to the home page is ignored" {
	need veille-parse
	page '<meta property="og:locale" content="pt_BR"><link rel="canonical" href="https://news.example/">' >p.html
	art p.html https://news.example/2025/01/01/a.html
	expect_eq "pt-BR" "$(jget lang <out)"
	expect_eq "https://news.example/2025/01/01/a.html" "$(jget url <out)"
	page '<meta http-equiv="content-language" content="nl, en">' >p.html
	sed -i 's|<html>|<html lang="it">|' p.html
	art p.html https://news.example/a.html
	expect_eq "it" "$(jget lang <out)"
	page '<meta http-equiv="content-language" content="nl, en">' >p.html
	art p.html https://news.example/a.html
	expect_eq "nl" "$(jget lang <out)"
}

@test "the id is stable and derived from the canonical URL" {
	need veille-parse
	art "$H/jsonld.html" 'https://www.quotidien-du-val.example/societe/2026/11/23/greve-transports-reprise.html?utm_source=rss'
	jget id <out >id1
	art "$H/jsonld.html" 'https://www.quotidien-du-val.example/societe/2026/11/23/greve-transports-reprise.html?utm_source=rss'
	jget id <out >id2
	diff id1 id2
	grep -qE '^[0-9a-f]{32}$' id1
}

@test "fetch-result records: final_url is the base, fetched_at and labels are carried" {
	need veille-parse
	"$PY" - "$H/opengraph.html" >rec.ndjson <<'PYREC'
import json, sys
body = open(sys.argv[1], encoding="utf-8").read()
print(json.dumps({"url": "https://rivernotes.example/p?id=7", "final_url": "https://rivernotes.example/2024/03/15/small-rivers.html",
                  "status": 200, "content_type": "text/html", "fetched_at": "2026-11-23T08:00:00Z",
                  "tags": ["rivers"], "body": body}))
PYREC
	veille-parse <rec.ndjson >out 2>err
	expect_eq "https://rivernotes.example/images/flood-2024.jpg" "$(jget image <out)"
	expect_eq "2026-11-23T08:00:00Z" "$(jget fetched_at <out)"
	expect_eq '["rivers"]' "$(jget tags <out)"
	expect_eq "<none>" "$(jget body <out)"
	expect_eq "Why small rivers flood first" "$(jget title <out)"
}

@test "lang from the Content-Language header of a fetch-result record when the page has none" {
	need veille-parse
	page "" >p.html
	"$PY" -c '
import json, sys
print(json.dumps({"url": "https://news.example/a.html", "content_type": "text/html",
                  "headers": {"content-language": "sv-SE"}, "body": open("p.html").read()}))' >rec
	veille-parse <rec >out
	expect_eq "sv-SE" "$(jget lang <out)"
	sed -i 's|<html>|<html lang="fi">|' p.html
	"$PY" -c '
import json, sys
print(json.dumps({"url": "https://news.example/a.html", "content_type": "text/html",
                  "headers": {"content-language": "sv-SE"}, "body": open("p.html").read()}))' >rec
	veille-parse <rec >out
	expect_eq "fi" "$(jget lang <out)"
}

@test "a very long meta description is cut at a sentence end" {
	need veille-parse
	long=$(for i in $(seq 1 40); do printf 'Sentence number %d of a description that goes on and on. ' "$i"; done)
	page "<meta name=\"description\" content=\"$long\">" >p.html
	veille-parse --raw --mode html --base-url https://news.example/a.html <p.html >out
	jget summary <out >s
	[ "$(wc -c <s)" -le 602 ]
	grep -q '^Sentence number 1 of a description' s
	grep -q 'goes on and on\.$' s
}

@test "a visible byline ('Par ...', 'By ...') is the author when nothing else names one" {
	need veille-parse
	page '' '<p class="article__byline">Par Marc Le Bihan</p>' >p.html
	art p.html https://press.example/a
	expect_eq "Marc Le Bihan" "$(jget author <out)"
	page '' '<div class="byline">By Jane Doe</div>' >p.html
	art p.html https://press.example/a
	expect_eq "Jane Doe" "$(jget author <out)"
	# an author box without a "by" word is a bio, not a byline
	page '' '<div class="author-bio">Marc writes about transport since 2001.</div>' >p.html
	art p.html https://press.example/a
	expect_eq "<none>" "$(jget author <out)"
	# the meta author wins over the byline
	page '<meta name="author" content="Meta Author">' '<p class="byline">Par Autre Nom</p>' >p.html
	art p.html https://press.example/a
	expect_eq "Meta Author" "$(jget author <out)"
}
