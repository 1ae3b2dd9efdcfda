#!/usr/bin/env bats
# 1100-crash — every tool that keeps a state file, killed with SIGKILL at
# random moments (tests/crash.py: 50 rounds each, 10 in the sanitizer
# pass; CRASH_ROUNDS=500 for a long run): the file stays sound (PRAGMA integrity_check), and a re-run
# of the same input ends in the state an uninterrupted run gives. For
# veille-alert, every alert is delivered, and none twice but as the
# at-least-once rule of veille-alert(1) allows.
#
# The state files live on /dev/shm when it is there: a SIGKILL leaves
# the kernel's page cache alone, so what is tested is the same, and the
# rounds do not wait on fsync.
load lib

setup() {
	need sqlite3
	need "$PY" python3
	W=$BATS_TEST_TMPDIR
	if [ -d /dev/shm ] && [ -w /dev/shm ]; then
		W=$(mktemp -d /dev/shm/veille-crash.XXXXXX)
	fi
}

teardown() {
	[ -z "${SPID:-}" ] || kill "$SPID" 2>/dev/null || true
	case "$W" in /dev/shm/veille-crash.*) rm -rf "$W" ;; esac
}

# crash ARGS...: tests/crash.py --dir $W ARGS; its summary in $W/summary,
# and on fd 3 for the record of a long run. The sanitizer pass looks for
# memory errors on the paths of recovery, not for the odds of a kill:
# 10 rounds there, unless CRASH_ROUNDS says.
crash() {
	local rounds=${CRASH_ROUNDS:-50}
	[ "${VEILLE_BUILD:-}" != asan ] || rounds=${CRASH_ROUNDS:-10}
	"$PY" "$TESTS/crash.py" --dir "$W" --rounds "$rounds" "$@" > "$W/summary"
	echo "# $BATS_TEST_DESCRIPTION: $(cat "$W/summary")" >&3
	"$PY" - "$W/summary" <<-'PY'
	import json, sys
	s = json.load(open(sys.argv[1]))
	assert s["ref_rc"] == 0 and s["final_rc"] == 0, s
	assert s["killed"] == s["rounds"], "too few runs were killed: %s" % s
	PY
}

# sound DB...: integrity_check says ok for each.
sound() {
	for db; do expect_eq ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"; done
}

# same SQL: the query gives the same rows on the clean and the crashed state.
same() {
	local a b
	a=$(sqlite3 "$W/clean.db" "$1")
	b=$(sqlite3 "$W/st.db" "$1")
	[ -n "$a" ] || { echo "nothing in the clean state for: $1" >&2; return 1; }
	expect_eq "$a" "$b"
}

@test "veille-dedupe --state killed at random: sound, and the re-run converges" {
	"$PY" - > in.ndjson <<-'PY'
	import json, random
	rng = random.Random(7)
	words = ["w%d" % i for i in range(400)]
	titles = [" ".join(rng.choices(words, k=12)) for _ in range(450)]
	for i in range(600):
	    print(json.dumps({"id": "k%d" % i, "url": "https://example.fr/k/%d" % (i % 500),
	                      "title": titles[i % 450]}))
	PY
	crash --stdin in.ndjson -- veille-dedupe --state '{state}'
	sound "$W/clean.db" "$W/st.db"
	same 'SELECT count(*) FROM items'
	same 'SELECT k FROM keys ORDER BY k'
	# every story came out of the killed runs or the last one, and the
	# last one wrote none twice
	expect_eq "$(sort "$W/clean.out")" "$(sort -u "$W/killed.out" "$W/final.out")"
	expect_eq "" "$(sort "$W/final.out" | uniq -d)"
	run veille-dedupe --state "$W/st.db" < in.ndjson
	expect_eq 0 "$status"
	expect_eq "" "$output"
}

@test "veille-store put killed at random: sound, and the re-run converges" {
	"$ROOT/scripts/gen-items" 300 > in.ndjson
	crash --stdin in.ndjson -- veille-store put '{state}'
	sound "$W/clean.db" "$W/st.db"
	same 'SELECT id, text_sha256 FROM items ORDER BY id'
	same 'SELECT id, text_sha256 FROM history ORDER BY id, text_sha256'
	sqlite3 "$W/st.db" "INSERT INTO items_fts(items_fts, rank) VALUES('integrity-check', 0)"
}

@test "veille-fetch --state killed at random: sound, and the re-run converges" {
	load fetch
	export BATS_FILE_TMPDIR=$W
	httpd_start 1
	for i in $(seq 30); do
		printf 'body %d\n' "$i" > "$WWW/f$i.txt"
		case $((i % 3)) in
		0) printf 'ETag: "e%d"\n' "$i" > "$WWW/f$i.txt.headers" ;;
		1) printf 'Last-Modified: Mon, 02 Nov 2026 10:%02d:00 GMT\n' "$i" > "$WWW/f$i.txt.headers" ;;
		esac
		echo "$B/static/f$i.txt"
	done > list
	crash --stdin list -- veille-fetch -q --state '{state}' --parallel 4
	sound "$W/clean.db" "$W/st.db"
	same 'SELECT url, etag, last_modified, body_sha256 FROM fetch_state ORDER BY url'
	# the last run has a record for every target, unchanged ones included
	expect_eq 30 "$(wc -l < "$W/final.out")"
	expect_eq 30 "$(grep -c '"unchanged":true' "$W/final.out")"
}

@test "veille-alert --state killed at random: sound, converges, every alert delivered" {
	export VEILLE_NOW=2026-11-09T06:00:00Z
	# a day and a half of items, every tenth of high severity: an alert
	# each, delivered while the stream is read
	"$PY" - > in.ndjson <<-'PY'
	import json, time
	for i in range(120):
	    r = {"id": "i%d" % i, "title": "item %d" % i, "url": "https://example.org/a/%d" % i,
	         "published": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1793577600 + i * 1200)),
	         "tags": ["orange"], "source": {"name": "s%d" % (i % 7)}}
	    if i % 10 == 7:
	        r["severity"] = "high"
	    print(json.dumps(r))
	PY
	crash --stdin in.ndjson -- veille-alert --state '{state}' --retries 0 \
		--exec "cat >> $W/{tag}.sent"
	sound "$W/clean.db" "$W/st.db"
	same 'SELECT start_b, next_b, wm FROM meta'
	same 'SELECT kind, key, hex(stats), hex(hours), open FROM series ORDER BY kind, key'
	same 'SELECT kind, id, at FROM fired ORDER BY kind, id'
	expect_eq 0 "$(sqlite3 "$W/st.db" 'SELECT count(*) FROM outbox')"
	# no alert lost: each one of the clean run was delivered
	clean=$(jfields ' ' - 1 alert_id alert < "$W/clean.sent" | sort)
	expect_eq 12 "$(wc -l <<<"$clean")"
	expect_eq "$clean" "$(jfields ' ' - 1 alert_id alert < "$W/st.sent" | sort -u)"
	# and repeated only by a crash between its acceptance and its
	# removal from the outbox: once per killed run at most
	sent=$(wc -l < "$W/st.sent")
	echo "# deliveries: 12 in the clean run, $sent over the killed runs" >&3
	[ "$sent" -le $((12 + $(jfields ' ' - 1 killed < "$W/summary"))) ]
}
