#!/usr/bin/env bats
# 0328-sitemap-robots — the sitemap: preset of veille-sources finds a
# site's sitemaps through robots.txt; veille-fetch keeps gzip sitemaps;
# the pipeline sources | fetch | parse, then fetch | parse once per level
# (robots.txt, index, sitemap), ends with the articles, end to end on
# loopback (tests/httpd.py).
load lib
load fetch

setup_file() {
	httpd_start 1
}

teardown_file() {
	httpd_stop
}

setup() {
	fetch_setup
	need gzip
}

# site: robots.txt -> index -> a news sitemap (plain) and a monthly one
# (gzip, served as application/x-gzip), and a third one gzip as
# octet-stream listed in robots.txt directly.
site() {
	cat >"$WWW/robots.txt" <<EOF2
User-agent: *
Disallow: /private/
Sitemap: $B/static/index.xml
Sitemap: $B/static/extra.xml.gz
EOF2
	cat >"$WWW/index.xml" <<EOF2
<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>$B/static/news.xml</loc><lastmod>2026-11-23T08:00:00Z</lastmod></sitemap>
<sitemap><loc>/static/2026-11.xml.gz</loc></sitemap>
</sitemapindex>
EOF2
	cat >"$WWW/news.xml" <<EOF2
<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>$B/actu/1</loc><news:news><news:publication><news:name>Le Site</news:name><news:language>fr</news:language></news:publication>
<news:publication_date>2026-11-23T07:00:00Z</news:publication_date><news:title>Première</news:title></news:news></url>
</urlset>
EOF2
	printf '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%s/actu/2</loc><lastmod>2026-11-02</lastmod></url><url><loc>%s/actu/3</loc></url></urlset>\n' \
	    "$B" "$B" | gzip >"$WWW/2026-11.xml.gz"
	echo "Content-Type: application/x-gzip" >"$WWW/2026-11.xml.gz.headers"
	printf '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%s/actu/4</loc></url></urlset>\n' \
	    "$B" | gzip >"$WWW/extra.xml.gz"
	echo "Content-Type: application/octet-stream" >"$WWW/extra.xml.gz.headers"
}

@test "the sitemap: preset: a site's home page gives its robots.txt, a sitemap URL itself" {
	printf 'sitemap:https://www.example.fr/ tag:presse\nsitemap:https://www.example.fr\nsitemap:https://www.example.fr/news.xml.gz\n' |
	    veille-sources >out
	expect_eq 'https://www.example.fr/robots.txt ["presse"]
https://www.example.fr/robots.txt <none>
https://www.example.fr/news.xml.gz <none>' "$(jfields ' ' '<none>' 1 url tags <out)"
	run veille-sources <<<'sitemap:ftp://x.example/'
	expect_eq 1 "$status"
	grep -q 'expected sitemap:https://SITE/' <<<"$output"
}

@test "veille-fetch keeps a gzip sitemap (x-gzip, octet-stream) as base64, without --binary" {
	site
	printf '%s\n' "$B/static/2026-11.xml.gz" "$B/static/extra.xml.gz" | fetch -q
	expect_eq 0 "$status"
	expect_eq "application/octet-stream base64 <none>
application/x-gzip base64 <none>" "$(jf content_type body_encoding error_code <out | sort)"
	# other binary bodies are still refused
	head -c 2000 /dev/urandom >"$WWW/x.bin"
	echo "$B/static/x.bin" | fetch -q
	expect_eq "binary" "$(jget error_code <out)"
}

@test "robots.txt in veille-parse: one target per Sitemap line, each once, http(s) only" {
	veille-parse -b https://www.example.fr/robots.txt "$TESTS/data/sitemaps/robots.txt" >out
	expect_eq "target https://www.example.fr/sitemap-index.xml
target https://www.example.fr/sitemap-news.xml.gz" "$(jf kind url <out)"
}

@test "a robots.txt without Sitemap lines gives the site's /sitemap.xml" {
	printf 'User-agent: *\nDisallow:\n' >robots.txt
	veille-parse -b https://www.example.fr/robots.txt robots.txt >out
	expect_eq "target https://www.example.fr/sitemap.xml" "$(jf kind url <out)"
	# a local robots.txt without -b cannot say where its site is: an error
	run veille-parse robots.txt
	expect_eq 1 "$status"
	grep -q 'robots.txt names no sitemap' <<<"$output"
}

@test "sources | fetch | parse, then fetch | parse per level: every article of every sitemap" {
	site
	echo "sitemap:$B/ tag:site" | veille-sources >targets
	veille-fetch -q <targets | veille-parse >level1 2>err1
	expect_eq "$B/static/extra.xml.gz $B/static/index.xml" "$(jf url <level1 | sort | tr '\n' ' ' | sed 's/ $//')"
	veille-fetch -q <level1 | veille-parse >level2 2>err2
	# the index gives two targets, extra.xml.gz its item
	expect_eq "<none> $B/actu/4
target $B/static/2026-11.xml.gz
target $B/static/news.xml" "$(jf kind url <level2 | sort)"
	grep '"kind":"target"' level2 | veille-fetch -q | veille-parse >level3 2>err3
	expect_eq "$B/actu/1 Première 2026-11-23T07:00:00Z fr Le Site
$B/actu/2 <none> <none> <none> <none>
$B/actu/3 <none> <none> <none> <none>" "$(jf url title published lang site_name <level3 | sort)"
	# labels travel all the way
	expect_eq '["site"]' "$(head -1 level3 | jfields ' ' '<none>' 1 tags)"
	[ ! -s err1 ] && [ ! -s err2 ] && [ ! -s err3 ]
}
