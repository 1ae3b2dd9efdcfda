#!/usr/bin/env bats
# 0322-sitemap-news — Google News sitemaps (news:news): title,
# publication date, language, publication name and keywords.
load lib

S=$TESTS/data/sitemaps
B=https://www.example.fr/sitemap-news.xml

@test "news: title, published from publication_date, updated from lastmod, lang, site_name" {
	veille-parse -q -b "$B" "$S/news.xml" | head -1 >out
	expect_eq "Grève à la SNCF : le point & les prévisions" "$(jget title <out)"
	expect_eq "2026-11-23T07:15:00Z 2026-11-23T08:00:00Z" "$(jf published updated <out)"
	expect_eq "fr Le Quotidien" "$(jf lang site_name <out)"
}

@test "news keywords become categories, each once, trimmed" {
	veille-parse -q -b "$B" "$S/news.xml" | head -1 >out
	expect_eq '["grève","SNCF","transports"]' "$(jfields ' ' '<none>' 1 categories <out)"
}

@test "a sitemap that forgot to declare the news prefix is still read" {
	cat >nons.xml <<'XML'
<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://x.example/a</loc><news:news><news:title>Sans espace de noms</news:title>
<news:publication_date>2026-11-23</news:publication_date></news:news></url>
</urlset>
XML
	veille-parse -q nons.xml >out
	expect_eq "Sans espace de noms 2026-11-23T00:00:00Z" "$(jf title published <out)"
}

@test "keywords are bounded: 32 categories at most from one URL" {
	{
		printf '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
		printf '<url><loc>https://x.example/a</loc><news:news><news:keywords>'
		seq 5000 | sed 's/^/k/' | paste -sd,
		printf '</news:keywords></news:news></url></urlset>\n'
	} >many.xml
	veille-parse -q many.xml >out
	expect_eq 32 "$("$PY" -c 'import json,sys; print(len(json.load(sys.stdin)["categories"]))' <out)"
	expect_eq "k1 k32" "$(jf categories.0 categories.31 <out)"
}

@test "an unreadable publication date is left out, never invented, reported once" {
	sed 's|<news:publication_date>[^<]*<|<news:publication_date>demain<|' "$S/news.xml" >bad.xml
	veille-parse -b "$B" bad.xml >out 2>err
	expect_eq "<none>" "$(head -1 out | jget published)"
	expect_eq 1 "$(grep -c "unparseable date 'demain'" err)"
}
