#!/usr/bin/env bats
# 0810-store-query — veille-store query: every filter, full-text search,
# order, limit, CSV.
load lib
load store

setup_file() {
	need sqlite3
	cd "$BATS_FILE_TMPDIR" && veille-store put st.db < "$ITEMS"
}

setup() {
	cp "$BATS_FILE_TMPDIR"/st.db .
}

ids() {
	store query st.db "$@"
	[ "$status" -eq 0 ] || { cat err >&2; return 1; }
	jf id < out | tr '\n' ' ' | sed 's/ $//'
}

@test "query writes every item, newest first by published, each with stored_at" {
	expect_eq "a5 a3 a1 a2 a4" "$(ids)"
	valid_records < out
	expect_eq 5 "$(jf stored_at < out | grep -c '^2026-11-23T12:00:00Z$')"
	expect_eq "$(sed -n 1p "$ITEMS" | sed 's/}$/,"stored_at":"2026-11-23T12:00:00Z"}/')" "$(sed -n 3p out)"
}

@test "--limit keeps the first N" {
	expect_eq "a5 a3" "$(ids --limit 2)"
	expect_eq "a5" "$(ids -n 1 --search grève)"
}

@test "--since and --until take durations and RFC 3339 times" {
	expect_eq "a5 a3 a1" "$(ids --since 12h)"
	expect_eq "a5 a3" "$(ids --since 3h)"
	expect_eq "a1 a2 a4" "$(ids --until 3h)"
	expect_eq "a2" "$(ids --since 2026-11-21T00:00:00Z --until 2026-11-23T00:00:00Z)"
	expect_eq "a1" "$(ids --since 12h --until 3h --search greve)"
	expect_eq "a3 a1" "$(ids --since 12h --until 2h59m --search greve)"
	store query st.db --since yesterday
	expect_eq 2 "$status"
	grep -q -- "--since: 'yesterday'" err
}

@test "--tag, --source, --lang, --sentiment, --platform each select their items" {
	expect_eq "a5 a1" "$(ids --tag greve)"
	expect_eq "a1 a4" "$(ids --source 'Le Monde')"
	expect_eq "a1 a4" "$(ids --source 'le monde')"
	expect_eq "a2" "$(ids --source lwn)"
	expect_eq "a5 a3 a1 a4" "$(ids --lang fr)"
	expect_eq "a1" "$(ids --lang fr-FR)"
	expect_eq "a2" "$(ids --lang EN)"
	expect_eq "a1" "$(ids --sentiment negative)"
	expect_eq "a3" "$(ids --platform reddit)"
	expect_eq "" "$(ids --platform x)"
}

@test "a filter repeated takes any of its values; different filters all apply" {
	expect_eq "a5 a1 a2" "$(ids --tag greve --tag orange)"
	expect_eq "a5 a3" "$(ids --sentiment neutral --lang fr)"
	expect_eq "a3 a1" "$(ids --platform reddit --platform mastodon)"
	expect_eq "a1" "$(ids --tag greve --source 'Le Monde' --lang fr)"
}

@test "--search ignores case and accents: greve finds grève, GREVE too" {
	expect_eq "a5 a3 a1" "$(ids --search greve)"
	expect_eq "a5 a3 a1" "$(ids --search GRÈVE)"
	expect_eq "a4" "$(ids --search eleves)"
}

@test "--search: words all present, OR, NOT, phrases, prefixes" {
	expect_eq "a5 a1" "$(ids --search 'greve sncf')"
	expect_eq "a5 a3 a1 a2" "$(ids --search 'greve OR orange')"
	expect_eq "a3 a1" "$(ids --search 'greve NOT sncf OR greve NOT reprise')"
	expect_eq "a3" "$(ids --search '"grève continue"')"
	expect_eq "a5" "$(ids --search 'grevist*')"
	expect_eq "a2" "$(ids --search 'orange NOT (greve OR sncf)')"
}

@test "--search takes words FTS5 would refuse bare: l'État, covid-19, « quotes »" {
	expect_eq "a1" "$(ids --search "l'État")"
	expect_eq "a4" "$(ids --search 'covid-19')"
	expect_eq "a4" "$(ids --search "«l'école»")"
}

@test "an unbalanced search is an error that says so, exit 1" {
	store query st.db --search '(greve'
	expect_eq 1 "$status"
	grep -q "invalid search" err
	expect_eq "" "$(cat out)"
}

@test "--order rank puts the best match first; rank without --search is a usage error" {
	# newest first, a5; by rank, the short title that says it
	expect_eq "a5" "$(ids --search 'greve' --limit 1)"
	expect_eq "a3" "$(ids --search 'greve' --order rank --limit 1)"
	expect_eq 3 "$(ids --search 'greve' --order rank | wc -w)"
	store query st.db --order rank
	expect_eq 2 "$status"
	store query st.db --order size
	expect_eq 2 "$status"
}

@test "--format csv: a header, one row per item, RFC 4180 quoting and CRLF" {
	printf '%s\n' '{"id":"c1","title":"Un \"titre\", avec virgule","summary":"deux\nlignes","published":"2026-11-23T10:00:00Z","tags":["a","b"],"source":{"title":"S"}}' > c.ndjson
	veille-store put c.db < c.ndjson
	store query c.db --format csv
	expect_eq 0 "$status"
	expect_eq "id,published,fetched_at,source,platform,lang,sentiment,tags,title,url,author,duplicate_of,stored_at" "$(head -1 out | tr -d '\r')"
	"$PY" -c '
import csv, sys
rows = list(csv.reader(open("out", newline="")))
assert rows[1][0] == "c1" and rows[1][8] == "Un \"titre\", avec virgule", rows
assert rows[1][7] == "a;b" and rows[1][3] == "S" and rows[1][12] == "2026-11-23T12:00:00Z", rows
assert len(rows) == 2
'
	expect_eq 2 "$(grep -c $'\r$' out)"
	grep -q '"Un ""titre"", avec virgule"' out
	store query st.db --format csv --tag greve
	expect_eq 3 "$(wc -l < out)"
	grep -q '^a1,2026-11-23T07:15:00Z,2026-11-23T08:00:00Z,Le Monde,mastodon,fr-FR,negative,greve;transports,' out
}

@test "query leaves the file as it was" {
	before=$(cksum < st.db)
	veille-store query st.db --search greve >/dev/null
	veille-store stats st.db >/dev/null
	expect_eq "$before" "$(cksum < st.db)"
}

@test "--search finds a word of the summary of an item that also has a content" {
	printf '%s\n' '{"id":"s1","title":"Titre","summary":"Un mot rare: zythum.","content":"Le texte entier, sans ce mot."}' > s.ndjson
	veille-store put s.db < s.ndjson
	expect_eq "s1" "$(veille-store query s.db --search zythum | jf id)"
	expect_eq "s1" "$(veille-store query s.db --search entier | jf id)"
}
