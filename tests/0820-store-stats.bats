#!/usr/bin/env bats
# 0820-store-stats — veille-store stats, sql, history, prune, vacuum.
load lib
load store

setup() {
	need sqlite3
	veille-store put st.db < "$ITEMS"
}

@test "stats counts per day, hour, source, tag, language, sentiment and platform" {
	store stats st.db
	expect_eq 0 "$status"
	valid_records < out
	expect_eq "2026-11-20 1
2026-11-22 1
2026-11-23 3" "$(grep '"stat":"day"' out | jf key count)"
	expect_eq "2026-11-23T07:00:00Z 1
2026-11-23T09:00:00Z 1
2026-11-23T11:00:00Z 1" "$(grep '"stat":"hour"' out | grep 2026-11-23 | jf key count)"
	expect_eq "Le Monde 2
France Info 1
Libé 1
lwn 1" "$(grep '"stat":"source"' out | jfields ' ' - 0 key count)"
	expect_eq "greve 2
orange 1
sante 1
transports 1" "$(grep '"stat":"tag"' out | jf key count)"
	expect_eq "fr 3
en 1
fr-fr 1" "$(grep '"stat":"lang"' out | jf key count)"
	expect_eq "neutral 2
negative 1
positive 1" "$(grep '"stat":"sentiment"' out | jf key count)"
	expect_eq "mastodon 1
reddit 1" "$(grep '"stat":"platform"' out | jf key count)"
}

@test "stats gives each story its echoes and their sources, from duplicate_of" {
	store stats st.db
	expect_eq '{"stat":"story","key":"a1","title":"Grève à la SNCF","echoes":2,"sources":2}' \
		"$(grep '"stat":"story"' out)"
}

@test "stats takes the filters of query: a window, a language" {
	store stats st.db --since 12h --lang fr
	expect_eq "2026-11-23 3" "$(grep '"stat":"day"' out | jf key count)"
	expect_eq "greve 2
transports 1" "$(grep '"stat":"tag"' out | jf key count)"
	store stats st.db --since 4h
	expect_eq '{"stat":"story","key":"a1","title":"Grève à la SNCF","echoes":2,"sources":2}' \
		"$(grep '"stat":"story"' out)"
	store stats st.db --since 2h
	expect_eq "1" "$(grep '"stat":"story"' out | jf echoes)"
}

@test "sql runs a SELECT on a read-only connection and writes rows as records, NULLs left out" {
	store sql st.db "SELECT id, platform, rid >> 20 AS t, 1.5 AS x, x'00ff' AS b FROM items WHERE id IN ('a1', 'a2') ORDER BY id"
	expect_eq 0 "$status"
	expect_eq '{"id":"a1","platform":"mastodon","t":1795418100,"x":1.5,"b":"00ff"}
{"id":"a2","t":1795341600,"x":1.5,"b":"00ff"}' "$(cat out)"
	store sql st.db "SELECT json_extract(json, '$.title') AS title FROM items WHERE id = 'a4'"
	expect_eq "Covid-19 : la rentrée" "$(jf title < out)"
}

@test "sql refuses what would write, and more than one statement; exit 1" {
	store sql st.db "DELETE FROM items"
	expect_eq 1 "$status"
	grep -q "read-only" err
	store sql st.db "SELECT 1; DELETE FROM items"
	expect_eq 1 "$status"
	store sql st.db "SELEKT 1"
	expect_eq 1 "$status"
	grep -q "st.db: sql: near" err
	store sql st.db
	expect_eq 2 "$status"
	expect_eq 5 "$(q 'SELECT count(*) FROM items')"
}

@test "history of an item never changed is its current version; of an unknown id, nothing, exit 1" {
	store history st.db a2
	expect_eq 0 "$status"
	expect_eq "a2 <none> 2026-11-23T12:00:00Z" "$(jf id superseded_at stored_at < out)"
	store history st.db nope
	expect_eq 1 "$status"
	grep -q "nope: no such item" err
}

@test "prune --older-than deletes the old items, their words and tags, and their history" {
	sed -n 4p "$ITEMS" | sed 's/rentrée/reprise/' | VEILLE_NOW=2026-11-23T13:00:00Z veille-store put st.db
	expect_eq 1 "$(q 'SELECT count(*) FROM history')"
	store prune st.db --older-than 1d
	expect_eq 0 "$status"
	expect_eq "a1 a3 a5" "$(q 'SELECT id FROM items ORDER BY id' | tr '\n' ' ' | sed 's/ $//')"
	expect_eq 0 "$(q 'SELECT count(*) FROM history')"
	expect_eq 0 "$(veille-store query st.db --search 'orange OR covid' | wc -l)"
	expect_eq 0 "$(q "SELECT count(*) FROM item_tags WHERE tag IN ('orange', 'sante')")"
	expect_eq 0 "$(q "SELECT count(*) FROM items_fts WHERE items_fts MATCH 'orange OR covid OR rentree OR eleves'")"
	expect_eq 3 "$(q "SELECT count(*) FROM items_fts WHERE items_fts MATCH 'greve OR sncf'")"
	q "INSERT INTO items_fts(items_fts, rank) VALUES('integrity-check', 0)"
}

@test "prune needs --older-than; vacuum keeps every item and a sound file" {
	store prune st.db
	expect_eq 2 "$status"
	store vacuum st.db
	expect_eq 0 "$status"
	expect_eq "ok 5" "$(q 'PRAGMA integrity_check') $(q 'SELECT count(*) FROM items')"
	expect_eq "a5 a3 a1" "$(veille-store query st.db --search greve | jf id | tr '\n' ' ' | sed 's/ $//')"
}

@test "usage errors exit 2: no command, an unknown one, arguments missing" {
	store
	expect_eq 2 "$status"
	store frobnicate st.db
	expect_eq 2 "$status"
	grep -q "unknown command 'frobnicate'" err
	store history st.db
	expect_eq 2 "$status"
	store put a.db b.db
	expect_eq 2 "$status"
}
