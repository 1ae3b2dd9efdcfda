#!/usr/bin/env bats
# 0320-sitemap-index — a sitemap index gives one target record per child
# sitemap, so that parse | fetch | parse follows it (lib/sitemap.c).
load lib

S=$TESTS/data/sitemaps
B=https://www.example.fr/sitemap.xml

# json_string < file: the file as one JSON string (a record's body).
json_string() { "$PY" -c 'import json, sys; print(json.dumps(sys.stdin.read()))'; }

@test "a sitemap index gives one target per child sitemap, with its lastmod as updated" {
	veille-parse -b "$B" "$S/index.xml" >out 2>err
	expect_eq 2 "$(wc -l <out)"
	expect_eq "target https://www.example.fr/sitemap-news.xml 2026-11-23T07:00:00Z $B" \
	    "$(head -1 out | jf kind url updated source.url)"
	# a relative loc is resolved against the index's URL
	expect_eq "target https://www.example.fr/sitemaps/2026-11.xml.gz <none>" \
	    "$(sed -n 2p out | jf kind url updated)"
}

@test "children without an http(s) loc are left out and counted on stderr, exit 0" {
	run veille-parse -b "$B" "$S/index.xml"
	expect_eq 0 "$status"
	! grep -q javascript <<<"$output" || false
	grep -q '2 sitemap entries without an http(s) <loc> left out' <<<"$output"
}

@test "the targets go back into veille-fetch as they are: url, kind, id, labels carried" {
	body=$(json_string <"$S/index.xml")
	printf '{"url":"%s","status":200,"content_type":"application/xml","tags":["presse"],"source":"quotidien","body":%s}\n' \
	    "$B" "$body" | veille-parse -q >out
	expect_eq '["presse"] quotidien' "$(head -1 out | jfields ' ' '<none>' 1 tags source.name)"
	[[ "$(head -1 out | jget id)" =~ ^[0-9a-f]{32}$ ]]
	# with --links-only an index gives the same targets
	printf '{"url":"%s","body":%s}\n' "$B" "$body" | veille-parse -q --links-only >lo
	expect_eq "$(jf url kind <out)" "$(jf url kind <lo)"
}

@test "an index without an XML declaration is still a sitemap index, not an HTML page" {
	printf '<sitemapindex><sitemap><loc>https://x.example/a.xml</loc></sitemap></sitemapindex>' >i.xml
	veille-parse i.xml >out
	expect_eq "target https://x.example/a.xml" "$(jf kind url <out)"
}

@test "--mode html reads a sitemap as a page, as asked" {
	veille-parse -q --mode html -b "$B" "$S/index.xml" >out || true
	expect_eq "<none>" "$(head -1 out | jget kind)"
}
