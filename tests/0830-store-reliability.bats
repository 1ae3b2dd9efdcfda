#!/usr/bin/env bats
# 0830-store-reliability — veille-store put killed with SIGKILL, two
# writers and a reader at once, a write that fails half-way.
load lib
load store

setup_file() {
	need sqlite3
	# 6,000 generated items, about 7 % of them later versions of an earlier id
	"$ROOT/scripts/gen-items" 6000 > "$BATS_FILE_TMPDIR/big.ndjson"
}

setup() {
	BIG=$BATS_FILE_TMPDIR/big.ndjson
}

teardown() {
	[ -z "${PID:-}" ] || kill -9 "$PID" 2>/dev/null || true
}

# what the stream holds: distinct ids, and earlier versions (texts of an
# id other than its last)
expected() {
	"$PY" -c '
import json, sys
texts, last = {}, {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    t = (r.get("title"), r.get("summary"), r.get("content"))
    texts.setdefault(r["id"], set()).add(t)
    last[r["id"]] = t
print(len(texts), sum(len(v) - 1 for v in texts.values()))
' "$1"
}

# put_killed_after N: put the big stream into st.db, SIGKILL once N
# items are committed.
put_killed_after() {
	veille-store put st.db < "$BIG" & PID=$!
	for _ in $(seq 1 600); do
		n=$(sqlite3 st.db 'SELECT count(*) FROM items' 2>/dev/null || echo 0)
		[ "${n:-0}" -ge "$1" ] && break
		sleep 0.05
	done
	kill -9 "$PID"
	wait "$PID" || true
	PID=
}

sound() {
	expect_eq ok "$(q 'PRAGMA integrity_check')"
	q "INSERT INTO items_fts(items_fts, rank) VALUES('integrity-check', 0)"
}

@test "SIGKILL during a large put: the file is sound, committed batches are there, a re-run converges" {
	put_killed_after 2000
	n=$(q 'SELECT count(*) FROM items')
	[ "$n" -ge 2000 ] || { echo "only $n items before the kill" >&2; return 1; }
	[ "$n" -lt 5600 ] || { echo "the put ended before the kill ($n items)" >&2; return 1; }
	sound
	# every stored item is whole: its tags are there, its words found
	expect_eq 0 "$(q "SELECT count(*) FROM items i WHERE json_array_length(i.json, '$.tags') > 0
		AND NOT EXISTS (SELECT 1 FROM item_tags t WHERE t.rid = i.rid)")"
	store put st.db < "$BIG"
	expect_eq 0 "$status"
	sound
	expect_eq "$(expected "$BIG")" "$(q 'SELECT count(*) FROM items') $(q 'SELECT count(*) FROM history')"
	q 'SELECT rid, json FROM items ORDER BY rid' | cksum > once
	store put st.db < "$BIG"
	expect_eq "$(cat once)" "$(q 'SELECT rid, json FROM items ORDER BY rid' | cksum)"
	expect_eq "$(expected "$BIG")" "$(q 'SELECT count(*) FROM items') $(q 'SELECT count(*) FROM history')"
}

@test "after a killed put and its re-run, the full-text index holds each current version once" {
	put_killed_after 1000
	veille-store put st.db < "$BIG"
	# the index holds one entry per item, no more, no less
	expect_eq "$(q 'SELECT count(*) FROM items')" "$(q 'SELECT count(*) FROM items_fts')"
	expect_eq 0 "$(q 'SELECT count(*) FROM items WHERE rid NOT IN (SELECT rowid FROM items_fts)')"
	expect_eq 0 "$(q 'SELECT count(*) FROM items_fts WHERE rowid NOT IN (SELECT rid FROM items)')"
	# and the words of the current versions only
	id=$(q 'SELECT id FROM history LIMIT 1')
	old=$(q "SELECT json_extract(json, '$.title') FROM history WHERE id = '$id' LIMIT 1")
	cur=$(q "SELECT json_extract(json, '$.title') FROM items WHERE id = '$id'")
	[ "$old" != "$cur" ]
	expect_eq "$id" "$(veille-store query st.db --search "\"$cur\"" | jf id | grep -x "$id")"
}

@test "two puts at once and a reader: all succeed, nothing is lost" {
	head -n 3000 "$BIG" > a
	tail -n +2500 "$BIG" > b
	veille-store put st.db < "$ITEMS"
	veille-store put st.db < a > outa 2> erra & pa=$!
	veille-store put st.db < b > outb 2> errb & pb=$!
	reads=0
	while kill -0 "$pa" 2>/dev/null || kill -0 "$pb" 2>/dev/null; do
		veille-store query st.db --search w1 --limit 5 > r 2> rerr || { cat rerr >&2; return 1; }
		reads=$((reads + 1))
		sleep 0.1
	done
	wait "$pa"
	wait "$pb"
	expect_eq "" "$(cat erra errb)"
	[ "$reads" -ge 2 ]
	cat "$ITEMS" "$BIG" > all
	expect_eq "$(expected all)" "$(q 'SELECT count(*) FROM items') $(q 'SELECT count(*) FROM history')"
	sound
}

@test "a write that fails half-way (file size limit): the file named, exit non-zero, the database sound" {
	veille-store put st.db < "$ITEMS"
	run bash -c 'trap "" XFSZ; ulimit -f 2048; veille-store put st.db < "$1"' _ "$BIG"
	[ "$status" -ne 0 ]
	grep -q "st.db" <<<"$output"
	sound
	n=$(q 'SELECT count(*) FROM items')
	[ "$n" -ge 5 ]
	store put st.db < "$BIG"
	expect_eq 0 "$status"
	cat "$ITEMS" "$BIG" > all
	expect_eq "$(expected all)" "$(q 'SELECT count(*) FROM items') $(q 'SELECT count(*) FROM history')"
}
