#!/usr/bin/env bats
# 0710-dedupe-state — veille-dedupe --state: memory across runs, --ttl,
# --stats, and a state file that survives kill -9.
load lib

setup() {
	need veille-dedupe
	need sqlite3
	for i in 1 2 3 4 5; do
		printf '{"id":"i%d","url":"https://example.fr/%d","title":"Item number %d of the first run"}\n' "$i" "$i" "$i"
	done > run1.ndjson
	{
		sed -n '4,5p' run1.ndjson
		printf '{"id":"j1","url":"https://www.example.fr/1?utm_source=x","title":"t"}\n'
		printf '{"id":"j2","url":"https://example.fr/new","title":"A new item of the second run"}\n'
	} > run2.ndjson
}

@test "an item seen in an earlier run is a copy in a later one" {
	run veille-dedupe --state st.db < run1.ndjson
	expect_eq 0 "$status"
	expect_eq 5 "$(printf '%s\n' "$output" | wc -l)"
	run veille-dedupe --state st.db < run2.ndjson
	expect_eq 0 "$status"
	expect_eq '{"id":"j2","url":"https://example.fr/new","title":"A new item of the second run"}' "$output"
	veille-dedupe --state st.db --mark < run2.ndjson > out
	expect_eq "i4 i5 i1 j2" "$(jget duplicate_of < out | tr '\n' ' ' | sed 's/ $//')"
}

@test "the state file is SQLite in WAL mode" {
	veille-dedupe --state st.db < run1.ndjson > /dev/null
	expect_eq wal "$(sqlite3 st.db 'PRAGMA journal_mode')"
	expect_eq 5 "$(sqlite3 st.db 'SELECT count(*) FROM items')"
}

@test "--ttl forgets items first seen longer ago" {
	VEILLE_NOW=2026-11-01T00:00:00Z veille-dedupe --state st.db --ttl 30d < run1.ndjson > /dev/null
	VEILLE_NOW=2026-11-20T00:00:00Z run veille-dedupe --state st.db --ttl 30d < run1.ndjson
	expect_eq "" "$output"
	VEILLE_NOW=2026-12-05T00:00:00Z run veille-dedupe --state st.db --ttl 30d --stats < run1.ndjson
	expect_eq 0 "$status"
	expect_eq "$(cat run1.ndjson)" "$(printf '%s\n' "$output" | grep -v '^veille-dedupe:')"
	[[ "$output" == *"5 expired items forgotten"* ]]
	# what expired is gone from the file, and the new sightings are there
	expect_eq 5 "$(sqlite3 st.db 'SELECT count(*) FROM items')"
	expect_eq 0 "$(sqlite3 st.db "SELECT count(*) FROM items WHERE seen < strftime('%s', '2026-12-01')")"
}

@test "--stats reports the counts of the run and the size of the state" {
	veille-dedupe --state st.db < run1.ndjson > /dev/null
	run veille-dedupe --state st.db --stats < run2.ndjson
	expect_eq 0 "$status"
	[[ "$output" == *"veille-dedupe: 4 items read, 3 duplicates (id 2, url 1, text 0, lead 0, near 0)"* ]]
	[[ "$output" =~ "st.db: 7 items, "[0-9]+" keys, "[0-9]+" bytes" ]]
}

@test "a state written by a newer veille is refused" {
	veille-dedupe --state st.db < run1.ndjson > /dev/null
	sqlite3 st.db 'PRAGMA user_version = 99'
	run veille-dedupe --state st.db < run1.ndjson
	expect_eq 1 "$status"
	[[ "$output" == *"st.db"*"newer"* ]]
}

@test "killed with SIGKILL mid-stream: the state opens, and a re-run converges" {
	"$PY" - > big.ndjson <<-'PY'
	import json, random
	rng = random.Random(1)
	words = ["w%d" % i for i in range(5000)]
	titles = [" ".join(rng.choices(words, k=12)) for _ in range(50000)]
	for i in range(60000):
	    print(json.dumps({"id": "k%d" % i, "url": "https://example.fr/k/%d" % (i % 50000),
	                      "title": titles[i % 50000]}))
	PY
	mkfifo fifo
	veille-dedupe --state st.db < fifo > out1 &
	pid=$!
	exec 5> fifo
	head -n 30000 big.ndjson >&5
	# a batch is committed after a second, at the next item
	sleep 1.2
	sed -n 30001p big.ndjson >&5
	sleep 0.5
	kill -9 "$pid"
	wait "$pid" || true
	exec 5>&-
	expect_eq ok "$(sqlite3 st.db 'PRAGMA integrity_check')"
	# some of the first part was committed before the kill
	n1=$(sqlite3 st.db 'SELECT count(*) FROM items')
	[ "$n1" -gt 0 ]
	# the re-run over everything ends with the state of a clean run
	veille-dedupe --state st.db < big.ndjson > out2
	veille-dedupe --state clean.db < big.ndjson > out3
	expect_eq 50000 "$(wc -l < out3)"
	expect_eq "$(sqlite3 clean.db 'SELECT count(*) FROM keys')" "$(sqlite3 st.db 'SELECT count(*) FROM keys')"
	# nothing is lost: each story came out once over the two runs, or twice
	# when its line was written before the kill and not yet committed
	expect_eq 50000 "$(cat out1 out2 | sort -u | wc -l)"
	run veille-dedupe --state st.db < big.ndjson
	expect_eq "" "$output"
}

@test "two writers on one state: the second waits, both finish" {
	"$PY" -c '
import json
for i in range(20000): print(json.dumps({"id": "w%d" % i, "title": "t"}))' > w.ndjson
	veille-dedupe --state st.db < w.ndjson > o1 &
	p1=$!
	veille-dedupe --state st.db < w.ndjson > o2 &
	p2=$!
	wait "$p1"
	wait "$p2"
	expect_eq 20000 "$(cat o1 o2 | sort -u | wc -l)"
	expect_eq 20000 "$(sqlite3 st.db 'SELECT count(*) FROM items')"
}
