#!/usr/bin/env bats
# 0800-store-put — veille-store put: upserts by id, versions and their
# history, --tee, bad lines, where the database goes.
load lib
load store

setup_file() {
	need sqlite3
}

@test "put stores each item once, and the same stream twice changes nothing" {
	store put st.db < "$ITEMS"
	expect_eq 0 "$status"
	expect_eq "" "$(cat err)"
	expect_eq 5 "$(q 'SELECT count(*) FROM items')"
	q 'SELECT rid, id, text_sha256, stored_at, json FROM items ORDER BY rid' > before
	store put st.db < "$ITEMS"
	expect_eq 0 "$status"
	q 'SELECT rid, id, text_sha256, stored_at, json FROM items ORDER BY rid' > after
	expect_eq "$(cat before)" "$(cat after)"
	expect_eq 0 "$(q 'SELECT count(*) FROM history')"
}

@test "the stored record is the input line, compact, fields in their order" {
	printf '{ "id": "x1",  "title": "Un titre", "zz": {"k": [1, 2]}, "published": "2026-11-23T07:00:00Z" }\n' > in
	store put st.db < in
	expect_eq 0 "$status"
	expect_eq '{"id":"x1","title":"Un titre","zz":{"k":[1,2]},"published":"2026-11-23T07:00:00Z"}' \
		"$(q 'SELECT json FROM items')"
}

@test "a changed text makes a new current version and keeps the earlier one in the history" {
	veille-store put st.db < "$ITEMS"
	sed -n 1p "$ITEMS" | sed 's/Le trafic est perturbé/Le trafic reprend/; s/T08:00:00Z/T10:00:00Z/' > v2
	VEILLE_NOW=2026-11-23T12:30:00Z veille-store put st.db < v2
	expect_eq 5 "$(q 'SELECT count(*) FROM items')"
	expect_eq "a1|2026-11-23T08:00:00Z|2026-11-23T12:30:00Z" \
		"$(q 'SELECT id, fetched_at, superseded_at FROM history')"
	want=$("$PY" -c 'import hashlib, json, sys
r = json.loads(sys.stdin.readline())
t = "\n".join([r.get("title", ""), r.get("summary", ""), r.get("content", "")])
print(hashlib.sha256(t.encode()).hexdigest())' < "$ITEMS")
	expect_eq "$want" "$(q 'SELECT text_sha256 FROM history')"
	store history st.db a1
	expect_eq 0 "$status"
	expect_eq "Le trafic est perturbé, dit l'État.|2026-11-23T08:00:00Z|2026-11-23T12:30:00Z
Le trafic reprend, dit l'État.|2026-11-23T10:00:00Z|-" \
		"$(jfields '|' - 0 summary fetched_at superseded_at < out)"
	expect_eq "$want" "$(sed -n 1p out | jf text_sha256)"
	expect_eq "$(q 'SELECT text_sha256 FROM items WHERE id = "a1"')" "$(sed -n 2p out | jf text_sha256)"
	expect_eq "2026-11-23T12:30:00Z" "$(sed -n 2p out | jf stored_at)"
	valid_records < out
}

@test "the same stream again after a new version leaves one copy of each version" {
	sed -n 1p "$ITEMS" | sed 's/perturbé/normal/; s/T08:00:00Z/T10:00:00Z/' > v2
	cat "$ITEMS" v2 > both
	veille-store put st.db < both
	store put st.db < both
	expect_eq 0 "$status"
	expect_eq "5 1" "$(q 'SELECT count(*) FROM items') $(q 'SELECT count(*) FROM history')"
	expect_eq "Le trafic est normal, dit l'État." "$(veille-store query st.db --search trafic | jf summary)"
}

@test "an earlier version that comes after the later one goes to the history only" {
	sed -n 1p "$ITEMS" | sed 's/perturbé/normal/; s/T08:00:00Z/T10:00:00Z/' > v2
	veille-store put st.db < v2
	veille-store put st.db < "$ITEMS"
	expect_eq "2026-11-23T10:00:00Z" "$(q "SELECT fetched_at FROM items WHERE id = 'a1'")"
	expect_eq "2026-11-23T08:00:00Z" "$(q 'SELECT fetched_at FROM history')"
	expect_eq 1 "$(veille-store query st.db --search normal | wc -l)"
	expect_eq 0 "$(veille-store query st.db --search perturbe | wc -l)"
}

@test "the same text with other fields (tags added) replaces the record without a history entry" {
	veille-store put st.db < "$ITEMS"
	sed -n 2p "$ITEMS" | sed 's/"tags":\["orange"\]/"tags":["orange","telecom"]/' | veille-store put st.db
	expect_eq 0 "$(q 'SELECT count(*) FROM history')"
	expect_eq '["orange","telecom"]' "$(veille-store query st.db --tag telecom | jfields ' ' - 1 tags)"
	expect_eq 0 "$(veille-store query st.db --tag nothing | wc -l)"
}

@test "the output of query put back changes nothing: its stored_at is not stored" {
	veille-store put st.db < "$ITEMS"
	q 'SELECT json FROM items ORDER BY rid' > before
	VEILLE_NOW=2026-11-24T00:00:00Z veille-store query st.db | VEILLE_NOW=2026-11-24T00:00:00Z veille-store put st.db
	expect_eq "$(cat before)" "$(q 'SELECT json FROM items ORDER BY rid')"
	expect_eq 0 "$(q "SELECT count(*) FROM items WHERE stored_at != '2026-11-23T12:00:00Z'")"
}

@test "--tee writes every input line through, bad ones included, byte for byte" {
	{ cat "$ITEMS"; echo 'not json'; echo '{"title": "no id"}'; } > in
	store put --tee st.db < in
	expect_eq 1 "$status"
	cmp in out
	expect_eq 5 "$(q 'SELECT count(*) FROM items')"
}

@test "a bad line is reported with its number and skipped; the rest of its batch is committed; exit 1" {
	{ sed -n 1,2p "$ITEMS"; echo '{"id": "broken",'; sed -n '3,$p' "$ITEMS"; echo '{"title": "no id"}'; } > in
	store put st.db < in
	expect_eq 1 "$status"
	grep -q '^veille-store: line 3: invalid JSON' err
	grep -q '^veille-store: line 7: no "id": not stored' err
	expect_eq 2 "$(wc -l < err)"
	expect_eq "a1 a2 a3 a4 a5" "$(q 'SELECT id FROM items ORDER BY id' | tr '\n' ' ' | sed 's/ $//')"
}

@test "the database path: the argument, else \$VEILLE_DB, else \$XDG_DATA_HOME/veille/veille.db" {
	VEILLE_DB=$PWD/env.db veille-store put < "$ITEMS"
	expect_eq 5 "$(sqlite3 env.db 'SELECT count(*) FROM items')"
	XDG_DATA_HOME=$PWD/xdg veille-store put < "$ITEMS"
	expect_eq 5 "$(sqlite3 xdg/veille/veille.db 'SELECT count(*) FROM items')"
	HOME=$PWD/home veille-store put < "$ITEMS"
	expect_eq 5 "$(sqlite3 home/.local/share/veille/veille.db 'SELECT count(*) FROM items')"
	VEILLE_DB=$PWD/env.db veille-store put arg.db < "$ITEMS"
	expect_eq 5 "$(sqlite3 arg.db 'SELECT count(*) FROM items')"
}

@test "the file is in WAL mode, schema version 2, and the query commands open it read-only" {
	veille-store put st.db < "$ITEMS"
	expect_eq "wal 2" "$(q 'PRAGMA journal_mode') $(q 'PRAGMA user_version')"
	sum=$(cksum < st.db)
	chmod a-w st.db
	store query st.db --limit 1
	chmod u+w st.db
	expect_eq 0 "$status"
	expect_eq 1 "$(wc -l < out)"
	expect_eq "$sum" "$(cksum < st.db)"
}

@test "a file of schema version 1 migrates to version 2 and keeps its items" {
	sqlite3 st.db < "$TESTS/data/store/schema-v1.sql"
	expect_eq 1 "$(q 'PRAGMA user_version')"
	store put st.db < "$ITEMS"
	expect_eq 0 "$status"
	expect_eq 2 "$(q 'PRAGMA user_version')"
	expect_eq "a1 a2 a3 a4 a5 old" "$(q 'SELECT id FROM items ORDER BY id' | tr '\n' ' ' | sed 's/ $//')"
	expect_eq old "$(veille-store query st.db --source 'Archive' | jf id)"
	q "SELECT name FROM sqlite_master WHERE name = 'items_source'" | grep -qx items_source
}

@test "a file of a newer schema is refused, naming the file" {
	veille-store put st.db < "$ITEMS"
	q 'PRAGMA user_version = 9'
	store put st.db < "$ITEMS"
	[ "$status" -ne 0 ]
	grep -q "st.db" err
}

@test "a read-only file: a clear error naming it, a non-zero exit, the file intact" {
	[ "$(id -u)" -ne 0 ] || need setpriv "to drop root's rights"
	veille-store put st.db < "$ITEMS"
	sum=$(cksum < st.db)
	chmod a-w st.db
	asuser() { if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
	chmod a+rwx . ; chmod a+r st.db
	sed 's/a1/b1/' "$ITEMS" > in2
	run asuser veille-store put st.db < in2
	[ "$status" -ne 0 ]
	grep -q "st.db: cannot write" <<<"$output"
	expect_eq "$sum" "$(cksum < st.db)"
	expect_eq ok "$(q 'PRAGMA integrity_check')"
}

@test "a directory that cannot be written: a clear error naming the file" {
	[ "$(id -u)" -ne 0 ] || need setpriv "to drop root's rights"
	mkdir ro && chmod 555 ro
	asuser() { if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
	chmod a+rx .
	run asuser veille-store put ro/st.db < "$ITEMS"
	[ "$status" -ne 0 ]
	grep -q "ro/st.db: cannot write in ro" <<<"$output"
	[ ! -e ro/st.db ]
}

@test "query on a file that does not exist names it and creates nothing" {
	store query none.db
	expect_eq 1 "$status"
	grep -q "none.db: No such file" err
	[ ! -e none.db ]
}
