#!/usr/bin/env bats
# 0330-watch-changes — the page-change watch over successive runs of
# veille-fetch --state | veille-parse --state against a loopback page
# rewritten between runs: first version, change, no change, white space,
# selectors (CSS and XPath), ignore patterns, an A/B flip, a page gone.
load lib
load fetch

setup_file() {
	need sqlite3
	need jq
	httpd_start 1
}

teardown_file() {
	httpd_stop
}

setup() {
	fetch_setup
	need veille-parse
}

# page BODY-HTML: the watched page (p.html) holds that body.
page() {
	printf '<html><head><title>Communiqués</title></head><body>%s</body></html>\n' "$1" > "$WWW/p.html"
}

# target [JSON-MEMBERS]: the watch target, with extra members.
target() {
	printf '{"url": "%s/static/p.html", "watch": "change"%s}\n' "$B" "${1:+, $1}"
}

# watch [JSON-MEMBERS]: one run of the pipeline; items in ./out,
# messages in ./err, the exit status of veille-fetch in $fstatus and of
# veille-parse in $status.
watch() {
	status=0 fstatus=0
	target "${1:-}" | veille-fetch -q --state st.db > fetched 2> ferr || fstatus=$?
	veille-parse --state st.db < fetched > out 2> err || status=$?
}

@test "the first version of a page is one item without diff, kind change" {
	page '<ul><li>Un</li><li>Deux</li></ul>'
	watch
	expect_eq 0 "$status"
	expect_eq 1 "$(wc -l < out)"
	expect_eq "change Communiqués first version watched <none>" "$(jf kind title summary diff < out)"
	expect_eq "$(printf 'Un\nDeux')" "$(jq -r .content < out)"
	expect_eq "$(jq -r .fetched_at < out) $(jq -r .fetched_at < out)" "$(jf changed_at published < out)"
	expect_eq "" "$(cat err)"
}

@test "an unchanged page writes nothing, and the fetch was conditional" {
	page '<p>Stable</p>'
	printf 'ETag: "v1"\n' > "$WWW/p.html.headers"
	watch
	expect_eq 1 "$(wc -l < out)"
	watch
	expect_eq 0 "$status"
	expect_eq "" "$(cat out)"
	expect_eq "true" "$(jq -r .unchanged < fetched)"
	expect_eq '"v1"' "$(logq 'L[-1]["inm"]')"
}

@test "a change is one item with the lines added and removed in unified form" {
	page '<ul><li>Un</li><li>Deux</li><li>Trois</li></ul>'
	watch
	page '<ul><li>Un</li><li>Deux bis</li><li>Trois</li><li>Quatre</li></ul>'
	watch
	expect_eq 0 "$status"
	expect_eq 1 "$(wc -l < out)"
	expect_eq "2 lines added, 1 removed" "$(jq -r .summary < out)"
	expect_eq "$(printf '@@ -1,3 +1,4 @@\n Un\n-Deux\n+Deux bis\n Trois\n+Quatre')" "$(jq -r .diff < out)"
	expect_eq "$(printf 'Un\nDeux bis\nTrois\nQuatre')" "$(jq -r .content < out)"
	# each change is its own item
	first=$(jq -r .id < out)
	page '<ul><li>Cinq</li></ul>'
	watch
	expect_eq 1 "$(wc -l < out)"
	[ "$(jq -r .id < out)" != "$first" ]
	watch
	expect_eq "" "$(cat out)"
}

@test "a change of white space or line breaks only is no change" {
	page '<p>Prix : 12 €</p><p>Stock : 3</p>'
	watch
	page '<p>  Prix :
	  12&nbsp;€  </p>


<p>Stock :   3</p><div>   </div>'
	watch
	expect_eq 0 "$status"
	expect_eq "" "$(cat out)"
	expect_eq "<none>" "$(jq -r '.unchanged // "<none>"' < fetched)"
}

@test "a CSS selector: only its part of the page counts" {
	page '<div id="news"><h2>Actus</h2><ul><li class="item">A</li></ul></div><div class="ad">Pub 1</div>'
	watch '"select": "#news li.item"'
	expect_eq "A" "$(jq -r .content < out)"
	page '<div id="news"><h2>Actus du jour</h2><ul><li class="item">A</li></ul></div><div class="ad">Pub 2</div>'
	watch '"select": "#news li.item"'
	expect_eq "" "$(cat out)"
	page '<div id="news"><h2>Actus</h2><ul><li class="item">B</li><li class="item">A</li></ul></div>'
	watch '"select": "#news li.item"'
	expect_eq "$(printf '@@ -1,1 +1,2 @@\n+B\n A')" "$(jq -r .diff < out)"
}

@test "an XPath expression: a price, as its string value" {
	page '<table id="tarifs"><tr><td>Forfait</td><td class="prix">19,99 €</td></tr></table><p>Mis à jour à 10:00</p>'
	watch "\"select\": \"(string(//td[@class='prix']))\""
	expect_eq "19,99 €" "$(jq -r .content < out)"
	page '<table id="tarifs"><tr><td>Forfait</td><td class="prix">19,99 €</td></tr></table><p>Mis à jour à 11:00</p>'
	watch "\"select\": \"(string(//td[@class='prix']))\""
	expect_eq "" "$(cat out)"
	page '<table id="tarifs"><tr><td>Forfait</td><td class="prix">24,99 €</td></tr></table>'
	watch "\"select\": \"(string(//td[@class='prix']))\""
	expect_eq "$(printf '@@ -1,1 +1,1 @@\n-19,99 €\n+24,99 €')" "$(jq -r .diff < out)"
}

@test "ignore patterns: a counter and a time changing are no change; the content keeps them" {
	ign='"ignore": ["[0-9]+ vues", "[0-9]{2}:[0-9]{2}"]'
	page '<p>Communiqué du jour</p><p>1200 vues</p><p>Mis à jour à 09:14</p>'
	watch "$ign"
	expect_eq "$(printf 'Communiqué du jour\n1200 vues\nMis à jour à 09:14')" "$(jq -r .content < out)"
	page '<p>Communiqué du jour</p><p>1311 vues</p><p>Mis à jour à 10:02</p>'
	watch "$ign"
	expect_eq 0 "$status"
	expect_eq "" "$(cat out)"
	page '<p>Nouveau communiqué</p><p>1400 vues</p><p>Mis à jour à 11:30</p>'
	watch "$ign"
	expect_eq "$(printf '@@ -1,2 +1,2 @@\n-Communiqué du jour\n+Nouveau communiqué\n Mis à jour à')" "$(jq -r .diff < out)"
}

@test "an A/B flip is reported once per version, not on every fetch" {
	a='<p>Offre : 10 %</p>'
	b='<p>Offre : 15 %</p>'
	page "$a"; watch; expect_eq "first version watched" "$(jq -r .summary < out)"
	page "$b"; watch; expect_eq "1 line added, 1 removed" "$(jq -r .summary < out)"
	n=0
	for v in "$a" "$b" "$a" "$b" "$a"; do
		page "$v"
		watch
		expect_eq 0 "$status"
		n=$((n + $(wc -l < out)))
	done
	expect_eq 0 "$n"
	# a third version is a change again, diffed from the last one seen (A)
	page '<p>Offre : 20 %</p>'
	watch
	expect_eq "$(printf '@@ -1,1 +1,1 @@\n-Offre : 10 %%\n+Offre : 20 %%')" "$(jq -r .diff < out)"
	expect_eq 3 "$(sqlite3 st.db "SELECT length(versions) - length(replace(versions, ' ', '')) + 1 FROM watch_state")"
}

@test "a version seen more than 8 versions ago is a change again" {
	for i in 0 1 2 3 4 5 6 7 8; do
		page "<p>version $i</p>"
		watch
		expect_eq 1 "$(wc -l < out)"
	done
	page "<p>version 0</p>"
	watch
	expect_eq 1 "$(wc -l < out)"
	page "<p>version 8</p>"
	watch
	expect_eq "" "$(cat out)"
}

@test "a page gone (404) is an error record; its state is kept, so its return unchanged writes nothing" {
	page '<p>Présent</p>'
	watch
	before=$(sqlite3 st.db "SELECT hex(text_z) || versions FROM watch_state")
	printf 'Status: 404\n' > "$WWW/p.html.headers"
	watch
	expect_eq 1 "$fstatus"
	expect_eq 0 "$status"
	expect_eq "http <none>" "$(jf error_code kind < out)"
	expect_eq "$before" "$(sqlite3 st.db "SELECT hex(text_z) || versions FROM watch_state")"
	rm "$WWW/p.html.headers"
	watch
	expect_eq 0 "$status"
	expect_eq "" "$(cat out)"
}

@test "a parse that never ran after a fetch loses no change: the body comes again" {
	page '<p>Un</p>'
	watch
	page '<p>Deux</p>'
	target | veille-fetch -q --state st.db > /dev/null     # the parser died
	target | veille-fetch -q --state st.db > fetched
	expect_eq "<none>" "$(jq -r '.unchanged // "<none>"' < fetched)"
	[ "$(jq -r .body_sha256 < fetched)" = "$(sqlite3 st.db 'SELECT body_sha256 FROM fetch_state')" ]
	veille-parse --state st.db < fetched > out
	expect_eq "$(printf '@@ -1,1 +1,1 @@\n-Un\n+Deux')" "$(jq -r .diff < out)"
	# now in step: the next fetch is unchanged again
	target | veille-fetch -q --state st.db > fetched
	expect_eq "true" "$(jq -r .unchanged < fetched)"
}

@test "a target whose select changed is read again, not marked unchanged" {
	page '<h1>Titre</h1><p>Texte</p>'
	watch '"select": "h1"'
	expect_eq "Titre" "$(jq -r .content < out)"
	watch '"select": "h1"'
	expect_eq "true" "$(jq -r .unchanged < fetched)"
	watch '"select": "p"'
	expect_eq "<none>" "$(jq -r '.unchanged // "<none>"' < fetched)"
	expect_eq "$(printf '@@ -1,1 +1,1 @@\n-Titre\n+Texte')" "$(jq -r .diff < out)"
	watch '"select": "p"'
	expect_eq "true" "$(jq -r .unchanged < fetched)"
}

@test "without --state every version is new, said once on stderr" {
	page '<p>Un</p>'
	for i in 1 2; do
		target | veille-fetch -q | veille-parse > out 2> err
		expect_eq "first version watched" "$(jq -r .summary < out)"
	done
	expect_eq "veille-parse: watched pages without --state: every version is reported as new" "$(cat err)"
}

@test "a target without watch is read for articles as before" {
	page '<article><h1>Titre</h1><p>Un article assez long pour être extrait, avec des phrases, des virgules, et du texte.</p></article>'
	printf '{"url": "%s/static/p.html"}\n' "$B" | veille-fetch -q --state st.db | veille-parse --state st.db > out
	expect_eq "<none>" "$(jf kind < out)"
	expect_eq 0 "$(sqlite3 st.db 'SELECT count(*) FROM watch_state')"
}

@test "veille-dedupe keeps each change of a page, dropping only the same change twice" {
	need veille-dedupe
	page '<p>Un communiqué sur la grève des transports en Île-de-France ce matin</p>'
	watch
	cp out all
	page '<p>Un communiqué sur la grève des transports en Île-de-France ce soir</p>'
	watch
	cat out >> all
	cat all all | veille-dedupe --state d.db > kept
	expect_eq 2 "$(wc -l < kept)"
	expect_eq "$(jq -r .id < all)" "$(jq -r .id < kept)"
}
