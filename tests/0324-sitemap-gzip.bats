#!/usr/bin/env bats
# 0324-sitemap-gzip — gzip-compressed sitemaps (sitemap.xml.gz: the file
# is compressed, not the transfer), from files and from fetch-result
# records with a base64 body; corrupt and cut data are error records.
load lib

S=$TESTS/data/sitemaps
B=https://www.example.fr/sitemap-news.xml.gz

setup() {
	need gzip
	gzip -c "$S/news.xml" >news.xml.gz
}

@test "a .xml.gz sitemap gives the same items as the plain one" {
	veille-parse -q -b "$B" "$S/news.xml" >plain
	veille-parse -q -b "$B" news.xml.gz >gz
	diff -u plain gz
	expect_eq 3 "$(wc -l <gz)"
}

@test "a gzip body of a fetch-result record (base64, as veille-fetch keeps it)" {
	printf '{"url":"%s","status":200,"content_type":"application/x-gzip","body_encoding":"base64","body":"%s"}\n' \
	    "$B" "$(base64 -w0 <news.xml.gz)" | veille-parse -q >out
	expect_eq "Grève à la SNCF : le point & les prévisions" "$(head -1 out | jget title)"
	expect_eq 3 "$(wc -l <out)"
}

@test "the encoding declaration of a compressed sitemap is honoured" {
	printf '<?xml version="1.0" encoding="ISO-8859-1"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://x.example/a</loc><news:news><news:title>Gr\xe8ve</news:title></news:news></url></urlset>\n' |
	    gzip >latin1.xml.gz
	veille-parse -q latin1.xml.gz >out
	expect_eq "Grève" "$(jget title <out)"
}

@test "members written one after the other are read in turn" {
	head -c 200 "$S/urlset.xml" >part1
	tail -c +201 "$S/urlset.xml" >part2
	{ gzip -c part1; gzip -c part2; } >two.xml.gz
	veille-parse -q -b "$B" "$S/urlset.xml" >plain
	veille-parse -q -b "$B" two.xml.gz >gz
	diff -u plain gz
}

@test "gzip data cut short: the URLs before are kept, then an error record bad_body, exit 1" {
	{
		printf '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
		seq 20000 | sed 's|.*|<url><loc>https://x.example/a/&</loc></url>|'
		printf '</urlset>\n'
	} | gzip >whole.xml.gz
	head -c 20000 whole.xml.gz >cut.xml.gz
	run veille-parse cut.xml.gz
	expect_eq 1 "$status"
	tail -n 1 <<<"$output" | jf error_code >code
	expect_eq "bad_body" "$(cat code)"
	grep -q 'gzip data cut short' <<<"$output"
	n=$(grep -c '"url":"https://x.example/a/' <<<"$output")
	[ "$n" -gt 100 ] && [ "$n" -lt 20000 ]
}

@test "corrupt gzip data is an error record bad_body, exit 1" {
	{ head -c 30 news.xml.gz; head -c 200 /dev/zero; } >bad.gz
	run veille-parse bad.gz
	expect_eq 1 "$status"
	expect_eq "bad_body" "$(tail -n 1 <<<"$output" | jget error_code)"
}

@test "a compressed feed is read as a feed; gzip inside gzip is not opened" {
	gzip -c "$TESTS/data/feeds/rss20.xml" >feed.xml.gz
	veille-parse -q feed.xml.gz >out
	expect_eq "Grève des transports : le point" "$(head -1 out | jget title)"
	gzip -c feed.xml.gz >twice.gz
	run veille-parse twice.gz
	expect_eq 1 "$status"
	expect_eq "not_a_feed" "$(grep "^{" <<<"$output" | jget error_code)"
}
