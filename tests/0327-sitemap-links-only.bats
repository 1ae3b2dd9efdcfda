#!/usr/bin/env bats
# 0327-sitemap-links-only — with --links-only a sitemap gives one target
# per article (titled by its news title), so that the pages themselves
# are fetched and extracted.
load lib
load fetch

S=$TESTS/data/sitemaps

setup_file() {
	httpd_start 1
}

teardown_file() {
	httpd_stop
}

setup() {
	fetch_setup
}

@test "--links-only: one target per URL, the news title as its title, no item fields" {
	veille-parse -q --links-only -b https://www.example.fr/sitemap-news.xml "$S/news.xml" >out
	expect_eq 3 "$(wc -l <out)"
	expect_eq "target https://www.example.fr/actu/greve-sncf Grève à la SNCF : le point & les prévisions" \
	    "$(head -1 out | jf kind url title)"
	expect_eq "<none> <none> <none>" "$(head -1 out | jf published categories enclosures)"
}

@test "sitemap --links-only | veille-fetch | veille-parse: the articles themselves, extracted" {
	for n in 1 2; do
		printf '<html lang="fr"><head><title>Article %s</title></head><body><article><h1>Article %s</h1><p>%s</p></article></body></html>\n' \
		    "$n" "$n" "Le texte de l'article numéro $n, assez long pour être le texte principal de la page, avec plusieurs phrases. Une autre phrase suit, pour faire bonne mesure." \
		    >"$WWW/a$n.html"
	done
	printf '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%s/static/a1.html</loc></url><url><loc>%s/static/a2.html</loc></url></urlset>\n' \
	    "$B" "$B" >"$WWW/sitemap.xml"
	echo "$B/static/sitemap.xml" | veille-fetch -q | veille-parse -q --links-only |
	    veille-fetch -q | veille-parse -q >items
	expect_eq 2 "$(wc -l <items)"
	expect_eq "Article 1 fr" "$(head -1 items | jf title lang)"
	grep -q "numéro 2" items
	expect_eq "<none>" "$(head -1 items | jget kind)"
}
