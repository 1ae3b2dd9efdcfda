#!/usr/bin/env bats
# 0840-store-query-rules — veille-store query --query: a watch query of
# veille-rules(5) on the archive selects what veille-classify selects.
load lib
load store

setup_file() {
	need sqlite3
	cd "$BATS_FILE_TMPDIR" || return 1
	{ cat "$ITEMS"; "$ROOT/scripts/gen-items" 1500; } > all.ndjson
	veille-store put st.db < all.ndjson
	# what the store holds: the last version of each id
	veille-store query st.db > stored.ndjson
}

setup() {
	cp "$BATS_FILE_TMPDIR"/st.db "$BATS_FILE_TMPDIR"/stored.ndjson .
}

# agree QUERY: the ids veille-store selects are those veille-classify
# tags with the query, on the same items.
agree() {
	printf 'q: %s\n' "$1" > rules.txt
	veille-classify --no-lang --no-sentiment --only-matching -r rules.txt < stored.ndjson |
		jf id | sort > want
	store query st.db --query "$1"
	[ "$status" -eq 0 ] || { cat err >&2; return 1; }
	jf id < out | sort > got
	if ! cmp -s want got; then
		echo "query $1: veille-classify $(wc -l < want) items, veille-store $(wc -l < got)" >&2
		diff want got | head >&2
		return 1
	fi
	wc -l < got
}

@test "--query selects what veille-classify matches, for every kind of query" {
	need veille-classify
	total=0
	while IFS= read -r qq; do
		n=$(agree "$qq") || return 1
		total=$((total + n))
	done <<'EOF_Q'
greve
grève AND sncf
greve NOT sncf
greve OR orange
"la grève"
grev*
title:orange
summary:etat
l'État
covid-19
{Orange}
gr?ve
greve NEAR/3 sncf
w5 AND w7
w1 w2 -w3
"w10 w20"~4
w3 ONEAR/2 w4
title:w100 OR content:w200
w1000*
NOT w0
lang:fr AND w50
source:"Le Monde" AND greve
tag:greve
platform:reddit OR platform:mastodon
w30 AND (w40 OR NOT w50)
résultats OR société OR ministère
EOF_Q
	[ "$total" -gt 100 ] || { echo "only $total items matched in all: too few to tell" >&2; return 1; }
}

@test "--query takes the other filters, --search and --limit" {
	# the items of items.ndjson are the only ones after November 19
	S=2026-11-19T00:00:00Z
	expect_eq "a5 a1" "$(veille-store query st.db --query 'greve' --tag greve --since $S | jf id | tr '\n' ' ' | sed 's/ $//')"
	expect_eq "a3" "$(veille-store query st.db --query 'greve NOT sncf' --search continue | jf id)"
	expect_eq 3 "$(veille-store query st.db --query 'w1' --limit 3 | wc -l)"
	expect_eq 3 "$(veille-store query st.db --query 'NOT w0' --limit 3 | wc -l)"
	expect_eq "a5" "$(veille-store query st.db --query 'greve' --since 2h | jf id)"
}

@test "an invalid --query is refused before any output, with its position; exit 2" {
	store query st.db --query 'greve AND (sncf'
	expect_eq 2 "$status"
	grep -q "^veille-store: --query:1:" err
	expect_eq "" "$(cat out)"
}
