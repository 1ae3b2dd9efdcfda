#!/usr/bin/env bats
# veille-parse --links (the links of an article's main text) and
# --links-only (one target record per article link of an index page, so a
# site without a feed can be watched). Issue 4.
load lib

H=$TESTS/data/html

@test "--links: absolute URLs of the main text only, resolved against <base>, deduplicated" {
	need veille-parse
	cat >p.html <<'PAGE'
<html><head><base href="https://docs.example/guide/"></head><body>
<nav><a href="/menu-link.html">Menu</a></nav>
<div class="article-body">
<p>See <a href="intro.html">the introduction</a>, <a href="../faq.html#q2">the FAQ</a> and <a href="https://other.example/x?a=1&amp;b=2">another site</a> for the background of this story.</p>
<p>Write to <a href="mailto:desk@docs.example">the desk</a>, or <a href="javascript:void(0)">click here</a>, or read <a href="intro.html">the introduction</a> again, twice.</p>
<p>A <a href="#footnote-1">footnote</a> and a link with <a href=" https://docs.example/spaces.html ">spaces around it</a> complete this paragraph.</p>
</div>
<div class="related"><a href="/related-story.html">A related story that is not part of the text</a></div>
</body></html>
PAGE
	veille-parse --raw --mode html --links --base-url https://docs.example/guide/page.html <p.html >out
	jget links <out >actual
	echo '["https://docs.example/guide/intro.html", "https://docs.example/faq.html#q2", "https://other.example/x?a=1&b=2", "https://docs.example/spaces.html"]' >expect
	diff -u expect actual
}

@test "--links: each link once, 1000 at most, on a page of 3,000 links" {
	need veille-parse
	"$PY" -c "print('<html><body><article><p>' + ' '.join('<a href=\"/a/%d\">mot %d</a>, un texte, avec des virgules,' % (i % 1500, i) for i in range(3000)) + '</p></article></body></html>')" >many.html
	veille-parse --raw --mode html --links --base-url https://ex.example/ <many.html >out
	"$PY" -c 'import json,sys; l = json.load(open(sys.argv[1]))["links"]; assert l == ["https://ex.example/a/%d" % i for i in range(1000)], (len(l), l[-1])' out
}

@test "no --links, no links field; --links on a page without links, no field either" {
	need veille-parse
	veille-parse --raw --mode html --base-url https://ex.example/a/page.html <"$H/opengraph.html" >out
	expect_eq "<none>" "$(jget links <out)"
	veille-parse --raw --mode html --links --base-url https://ex.example/a/page.html <"$H/comments.html" >out
	expect_eq "<none>" "$(jget links <out)"
	! grep -q '"links"' out || false
}

@test "--links-only: article links of an index page, with their headlines" {
	need veille-parse
	veille-parse --raw --mode html --links-only --base-url https://www.valleygazette.example/ <"$H/index.html" >out 2>err
	"$PY" -c '
import json, sys
for l in sys.stdin:
    r = json.loads(l)
    print(r["kind"], r["url"], "|", r["title"])' <out >actual
	cat >expect <<'WANT'
target https://www.valleygazette.example/news/2026/11/23/council-budget-vote.html | Council votes on the budget tonight at the town hall
target https://www.valleygazette.example/news/2026/11/23/flood-warning-river-teal.html | Flood warning issued for the River Teal after two days of rain
target https://www.valleygazette.example/news/2026/11/22/new-bakery-opens.html?ref=home | A new bakery opens on Market Street, the first in ten years
target https://www.valleygazette.example/sport/2026/11/22/rovers-win-derby.html | Rovers win the derby in the last minute
target https://www.valleygazette.example/news/schools-to-get-solar-panels-next-year | Schools to get solar panels next year
target https://www.valleygazette.example/news/2026/11/21/flood-warning-river-teal.html | Flood warning issued for the River Teal after two days of rain
WANT
	diff -u expect actual
	[ ! -s err ]
	no_nulls <out
	grep -qE '"id":"[0-9a-f]{32}"' out
}

@test "--links-only from a fetch-result record: relative to final_url, labels carried" {
	need veille-parse
	"$PY" - "$H/index.html" >rec <<'PYREC'
import json, sys
body = open(sys.argv[1], encoding="utf-8").read().replace('<base href="https://www.valleygazette.example/">', '')
print(json.dumps({"url": "http://valleygazette.example/", "final_url": "https://www.valleygazette.example/",
                  "content_type": "text/html", "fetched_at": "2026-11-23T06:00:00Z", "tags": ["local"], "body": body}))
PYREC
	veille-parse --links-only <rec >out
	expect_eq 6 "$(wc -l <out)"
	expect_eq "https://www.valleygazette.example/news/2026/11/23/flood-warning-river-teal.html" "$(sed -n 2p out | jget url)"
	expect_eq '["local"]' "$(sed -n 2p out | jget tags)"
	expect_eq "2026-11-23T06:00:00Z" "$(sed -n 2p out | jget fetched_at)"
}

@test "--links-only on a broken or empty page: a message, exit 1, no target" {
	need veille-parse
	rc=0
	printf '' | veille-parse --raw --mode html --links-only --base-url https://ex.example/ >out 2>err || rc=$?
	expect_eq 1 "$rc"
	# an empty document is an error record (code empty), which the next
	# veille-fetch writes through: no target
	expect_eq "https://ex.example/ empty <none>" "$(jf url error_code kind <out)"
	grep -q "empty document" err
	rc=0
	"$PY" -c 'import sys; sys.stdout.write("<div>" * 100000)' |
	    timeout 60 veille-parse --raw --mode html --links-only --base-url https://ex.example/ >out 2>err || rc=$?
	expect_eq 0 "$rc"
	[ ! -s out ]
}
