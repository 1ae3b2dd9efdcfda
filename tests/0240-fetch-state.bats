#!/usr/bin/env bats
# 0240-fetch-state — veille-fetch --state: conditional requests, unchanged
# bodies, --changed-only, and a state file that survives kill -9 and
# concurrent runs.
load lib
load fetch

setup_file() {
	need sqlite3
	httpd_start 4
}

teardown_file() {
	httpd_stop
}

setup() {
	fetch_setup
}

teardown() {
	[ -z "${FPID:-}" ] || kill -9 "$FPID" 2>/dev/null || true
}

@test "an ETag comes back as If-None-Match and the 304 is unchanged, without a body" {
	echo "$B/etag" | fetch --state st.db
	expect_eq 0 "$status"
	expect_eq '"e1" <none> 200' "$(jf etag unchanged status < out)"
	expect_eq None "$(logq 'L[-1]["inm"]')"

	echo "$B/etag" | fetch --state st.db
	expect_eq 0 "$status"
	expect_eq '"e1"' "$(logq 'L[-1]["inm"]')"
	expect_eq '304 true <none> "e1"' "$(jf status unchanged body etag < out)"
	expect_eq "" "$(cat err)"
}

@test "Last-Modified comes back as If-Modified-Since" {
	echo "$B/lastmod" | fetch --state st.db
	expect_eq "Sat, 01 Nov 2025 10:00:00 GMT" "$(jf last_modified < out)"
	echo "$B/lastmod" | fetch --state st.db
	expect_eq "Sat, 01 Nov 2025 10:00:00 GMT" "$(logq 'L[-1]["ims"]')"
	expect_eq "304 true" "$(jf status unchanged < out)"
}

@test "without validators, the same body is unchanged by its SHA-256" {
	echo "$B/same" | fetch --state st.db
	expect_eq "<none>" "$(jf unchanged < out)"
	sum=$("$PY" -c 'import hashlib, json, sys
print(hashlib.sha256(json.loads(sys.stdin.readline())["body"].encode()).hexdigest())' < out)
	echo "$B/same" | fetch --state st.db
	expect_eq 0 "$status"
	expect_eq "200 true <none>" "$(jf status unchanged body < out)"
	expect_eq "$sum" "$(sqlite3 st.db "SELECT body_sha256 FROM fetch_state WHERE url = '$B/same'")"
}

@test "a changed body comes out in full and its hash replaces the old one" {
	echo "$B/counter/c" | fetch --state st.db
	expect_eq "hit 1" "$(jf body < out)"
	h1=$(sqlite3 st.db "SELECT body_sha256 FROM fetch_state")
	echo "$B/counter/c" | fetch --state st.db
	expect_eq "hit 2 <none>" "$(jf body unchanged < out)"
	h2=$(sqlite3 st.db "SELECT body_sha256 FROM fetch_state")
	[ "$h1" != "$h2" ]
}

@test "--changed-only leaves unchanged targets out, and still reports errors" {
	printf '%s\n' "$B/etag" "$B/same" "$B/counter/x" > list
	fetch --state st.db < list
	expect_eq 3 "$(wc -l < out)"
	echo "$B/status/404" >> list
	fetch --state st.db --changed-only < list
	expect_eq 1 "$status"
	expect_eq "$(printf '%s\n' "$B/counter/x" "$B/status/404")" "$(jf url < out | sort)"
}

@test "a failed fetch leaves the stored validators alone" {
	echo feed > "$WWW/feed.xml"
	echo 'ETag: "v7"' > "$WWW/feed.xml.headers"
	echo "$B/static/feed.xml" | fetch --state st.db
	expect_eq '"v7"' "$(jf etag < out)"
	printf 'Status: 500\n' > "$WWW/feed.xml.headers"
	echo "$B/static/feed.xml" | fetch --state st.db
	expect_eq 1 "$status"
	expect_eq '"v7"|200' "$(sqlite3 st.db 'SELECT etag, status FROM fetch_state')"
	echo 'ETag: "v7"' > "$WWW/feed.xml.headers"
	echo "$B/static/feed.xml" | fetch --state st.db
	expect_eq "304 true" "$(jf status unchanged < out)"
}

@test "the state file is SQLite in WAL mode with a schema version" {
	echo "$B/etag" | fetch --state st.db
	expect_eq "$(printf 'wal\n2')" "$(sqlite3 st.db 'PRAGMA journal_mode; PRAGMA user_version')"
	expect_eq "$B/etag|\"e1\"||200" \
	    "$(sqlite3 st.db 'SELECT url, etag, last_modified, status FROM fetch_state')"
	[[ "$(sqlite3 st.db 'SELECT fetched_at FROM fetch_state')" =~ ^20[0-9-]{8}T[0-9:]{8}Z$ ]]
}

@test "a state file from a newer veille, or not a database, is refused with exit 2" {
	echo "$B/etag" | fetch --state st.db
	sqlite3 st.db 'PRAGMA user_version = 99'
	echo "$B/etag" | fetch --state st.db
	expect_eq 2 "$status"
	grep -q 'st.db: state schema version 99 is newer than this program' err
	expect_eq "" "$(cat out)"
	echo 'just text' > junk.db
	echo "$B/etag" | fetch --state junk.db
	expect_eq 2 "$status"
	grep -q 'junk.db: .*not a database' err
	fetch --state /nonexistent/dir/st.db < /dev/null
	expect_eq 2 "$status"
}

@test "kill -9 mid-run leaves a sound state file and a clean re-run" {
	for i in $(seq 400); do echo "http://127.0.0.$((i % 4 + 1)):$PORT/delay/20ms?n=$i"; done > list
	veille-fetch --state st.db --unbuffered --parallel 8 < list > out 2> err &
	FPID=$!
	for _ in $(seq 200); do
		[ "$(wc -l < out)" -ge 150 ] && break
		sleep 0.05
	done
	[ "$(wc -l < out)" -ge 150 ]
	kill -9 "$FPID"
	wait "$FPID" || true
	FPID=
	[ "$(wc -l < out)" -lt 400 ]
	expect_eq ok "$(sqlite3 st.db 'PRAGMA integrity_check')"
	saved=$(sqlite3 st.db 'SELECT count(*) FROM fetch_state')
	# Batches are committed every 64 results or every second.
	[ "$saved" -ge 64 ]
	fetch --state st.db --parallel 8 < list
	expect_eq 0 "$status"
	expect_eq 400 "$(wc -l < out)"
	# What was saved before the kill is now unchanged.
	expect_eq "$saved" "$(grep -c '"unchanged":true' out)"
	expect_eq 400 "$(sqlite3 st.db 'SELECT count(*) FROM fetch_state')"
	expect_eq ok "$(sqlite3 st.db 'PRAGMA integrity_check')"
}

@test "two overlapping runs on one state file both succeed" {
	for i in $(seq 300); do echo "http://127.0.0.$((i % 4 + 1)):$PORT/delay/5ms?n=$i"; done > list
	veille-fetch --state st.db < list > out1 2> err1 &
	p1=$!
	veille-fetch --state st.db < list > out2 2> err2 &
	p2=$!
	s1=0 s2=0
	wait "$p1" || s1=$?
	wait "$p2" || s2=$?
	expect_eq "0 0" "$s1 $s2"
	expect_eq "300 300" "$(wc -l < out1) $(wc -l < out2)"
	expect_eq "" "$(cat err1 err2)"
	expect_eq 300 "$(sqlite3 st.db 'SELECT count(*) FROM fetch_state')"
	expect_eq ok "$(sqlite3 st.db 'PRAGMA integrity_check')"
}

@test "a run waits for another that holds the write lock" {
	echo "$B/etag" | fetch --state st.db
	# Hold the write lock for a second from another connection.
	"$PY" -c 'import sqlite3, time
c = sqlite3.connect("st.db", isolation_level=None)
c.execute("BEGIN IMMEDIATE"); open("locked", "w").close(); time.sleep(1); c.execute("COMMIT")' &
	lp=$!
	for _ in $(seq 100); do [ -e locked ] && break; sleep 0.02; done
	[ -e locked ]
	echo "$B/same" | fetch --state st.db
	wait "$lp"
	expect_eq 0 "$status"
	expect_eq "" "$(cat err)"
	expect_eq 2 "$(sqlite3 st.db 'SELECT count(*) FROM fetch_state')"
}

@test "SIGTERM stops the run, saves every result written, and exits 143" {
	for i in $(seq 200); do echo "http://127.0.0.$((i % 4 + 1)):$PORT/delay/50ms?n=$i"; done > list
	veille-fetch --state st.db --unbuffered --parallel 4 < list > out 2> err &
	FPID=$!
	for _ in $(seq 100); do
		[ "$(wc -l < out)" -ge 20 ] && break
		sleep 0.05
	done
	kill -TERM "$FPID"
	s=0
	wait "$FPID" || s=$?
	FPID=
	expect_eq 143 "$s"
	grep -q '^veille-fetch: interrupted (Terminated); [0-9]* targets read but not fetched$' err
	[ "$(wc -l < out)" -lt 200 ]
	expect_eq "$(wc -l < out)" "$(sqlite3 st.db 'SELECT count(*) FROM fetch_state')"
}

@test "a target's cursor pages with since-id: remembered after a page, kept on an empty one" {
	echo '[{"id": 7}, {"id": 5}]' > "$WWW/api.json"
	echo '[{"id": 9}]' > "$WWW/api.json__since_id_7"
	echo '[]' > "$WWW/api.json__since_id_9"
	t=$(printf '{"url":"%s","cursor":{"param":"since_id","path":".[0].id"}}' "$B/static/api.json")
	for _ in 1 2 3 4; do
		echo "$t" | fetch --state st.db
		expect_eq 0 "$status"
		# The record keeps the target URL: the state key and the id scope.
		expect_eq "$B/static/api.json" "$(jf url < out)"
	done
	expect_eq "$(printf '%s\n' /static/api.json /static/api.json?since_id=7 \
	    /static/api.json?since_id=9 /static/api.json?since_id=9)" \
	    "$(logq '"\n".join(l["path"] for l in L)')"
	expect_eq 9 "$(sqlite3 st.db 'SELECT cursor FROM fetch_state')"

	# No state, no paging; a spec that is not one is reported and ignored.
	httpd_log "$LOG"
	echo "$t" | fetch
	printf '{"url":"%s","cursor":"next"}\n' "$B/static/api.json" | fetch --state st.db
	expect_eq 0 "$status"
	grep -q "^veille-fetch: line 1: $B/static/api.json: cursor ignored: " err
	expect_eq "$(printf '%s\n' /static/api.json /static/api.json)" \
	    "$(logq '"\n".join(l["path"] for l in L)')"
}
