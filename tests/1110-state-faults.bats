#!/usr/bin/env bats
# 1110-state-faults — a full disk (ulimit -f, SIGXFSZ ignored) and a
# read-only state file, for every tool that keeps one: a clear message
# naming the file, a non-zero exit, a sound file, and no record lost
# (each is written out, or the re-run writes it).
bats_require_minimum_version 1.5.0
load lib

setup() {
	need sqlite3
	need "$PY" python3
	# a directory the user without rights can reach (bats's is root's)
	W=$(mktemp -d "${TMPDIR:-/tmp}/veille-faults.XXXXXX")
	chmod 755 "$W"
	cd "$W"
	export VEILLE_NOW=2026-11-09T06:00:00Z
	"$PY" - > items.ndjson <<-'PY'
	import json, random, time
	rng = random.Random(3)
	words = ["w%d" % i for i in range(3000)]
	for i in range(3000):
	    print(json.dumps({"id": "k%d" % i, "url": "https://example.fr/k/%d" % i,
	                      "title": " ".join(rng.choices(words, k=30)), "tags": ["t%d" % (i % 50)],
	                      "severity": "high" if i % 100 == 7 else "low",
	                      "published": time.strftime("%Y-%m-%dT%H:%M:%SZ",
	                                                 time.gmtime(1793577600 + i * 60))}))
	PY
}

teardown() {
	[ -z "${SPID:-}" ] || kill "$SPID" 2>/dev/null || true
	rm -rf "$W"
}

# full CMD...: CMD under a 64 KiB file size limit, its output through a
# pipe (the limit is the state's): $status, $output (its stderr), out.
full() {
	{ bash -c 'trap "" XFSZ; ulimit -f 64; exec "$@"' _ "$@" 2> err && echo 0 > rc ||
		echo $? > rc; } | cat > out
	status=$(cat rc)
	output=$(cat err)
}

# asuser CMD...: CMD without root's rights (a read-only file binds root too
# otherwise).
asuser() {
	if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi
}

# readonly_state DB: DB and its directory as nobody may read, not write.
readonly_state() {
	[ "$(id -u)" -ne 0 ] || need setpriv "to drop root's rights"
	chmod a+rwx . ; chmod a+r ./* ; chmod a-w "$1"
	SUM=$(cksum < "$1")
}

sound() {
	expect_eq ok "$(sqlite3 "$1" 'PRAGMA integrity_check')"
}

@test "veille-dedupe on a full disk: the state named, exit 1, sound, every item out" {
	full veille-dedupe --state st.db < items.ndjson
	expect_eq 1 "$status"
	[[ "$output" == *"st.db: cannot commit"* ]]
	sound st.db
	expect_eq 3000 "$(wc -l < out)"
	veille-dedupe --state st.db < items.ndjson > out2
	sound st.db
	expect_eq 3000 "$(sort -u out out2 | wc -l)"
}

@test "veille-dedupe on a read-only state: named, exit 1, intact, every item out" {
	head -n 100 items.ndjson | veille-dedupe --state st.db > /dev/null
	readonly_state st.db
	run --separate-stderr asuser veille-dedupe --state st.db < items.ndjson
	expect_eq 1 "$status"
	[[ "$stderr" == *"st.db: "*"readonly database"* ]]
	expect_eq "$SUM" "$(cksum < st.db)"
	expect_eq 3000 "$(printf '%s\n' "$output" | wc -l)"
}

@test "veille-alert on a full disk: the state named, exit 1, sound, alerts still written" {
	full veille-alert --state st.db < items.ndjson
	expect_eq 1 "$status"
	[[ "$output" == *"st.db: cannot commit"* ]]
	sound st.db
	# the severity alerts were written; the state was not saved, so the
	# re-run raises them again (at least once)
	expect_eq 30 "$(grep -c '"alert":"severity"' out)"
	veille-alert --state st.db < items.ndjson > out2
	sound st.db
	expect_eq 30 "$(grep -c '"alert":"severity"' out2)"
}

@test "veille-alert on a read-only state: named, exit 1, intact" {
	# a state made before the items' time (else they would be late)
	VEILLE_NOW=2026-11-01T00:00:00Z veille-alert --state st.db < /dev/null
	readonly_state st.db
	run --separate-stderr asuser veille-alert --state st.db < items.ndjson
	expect_eq 1 "$status"
	[[ "$stderr" == *"st.db: attempt to write a readonly database"* ]]
	expect_eq "$SUM" "$(cksum < st.db)"
	expect_eq 30 "$(grep -c '"alert":"severity"' <<<"$output")"
}

@test "veille-store put on a full disk: named, non-zero, sound, the re-run stores all" {
	full veille-store put st.db < items.ndjson
	[ "$status" -ne 0 ]
	[[ "$output" == *"st.db"* ]]
	sound st.db
	veille-store put st.db < items.ndjson
	sound st.db
	expect_eq 3000 "$(sqlite3 st.db 'SELECT count(*) FROM items')"
}

@test "veille-store put on a read-only store: named, non-zero, intact" {
	head -n 100 items.ndjson | veille-store put st.db
	readonly_state st.db
	run --separate-stderr asuser veille-store put st.db < items.ndjson
	[ "$status" -ne 0 ]
	[[ "$stderr" == *"st.db: cannot write"* ]]
	expect_eq "$SUM" "$(cksum < st.db)"
}

fetch_list() {
	load fetch
	export BATS_FILE_TMPDIR=$W
	httpd_start 1
	for i in $(seq 300); do
		echo "body $i" > "$WWW/f$i.txt"
		echo "$B/static/f$i.txt?pad=$(printf '%0300d' 0)"
	done > list
}

@test "veille-fetch --state on a full disk: named, exit 1, sound, every result out" {
	fetch_list
	full veille-fetch -q --state st.db < list
	expect_eq 1 "$status"
	[[ "$output" == *"st.db: cannot save state"* ]]
	[[ "$output" == *"st.db: "*" results not saved"* ]]
	sound st.db
	expect_eq 300 "$(wc -l < out)"
	veille-fetch -q --state st.db < list > out2
	expect_eq 300 "$(wc -l < out2)"
	expect_eq 300 "$(sqlite3 st.db 'SELECT count(*) FROM fetch_state')"
}

@test "veille-fetch --state read-only: named, exit 1, intact, every result out" {
	fetch_list
	head -n 10 list | veille-fetch -q --state st.db > /dev/null
	readonly_state st.db
	run --separate-stderr asuser veille-fetch -q --state st.db < list
	expect_eq 1 "$status"
	[[ "$stderr" == *"st.db: 300 results not saved"* ]]
	expect_eq "$SUM" "$(cksum < st.db)"
	expect_eq 300 "$(printf '%s\n' "$output" | wc -l)"
}
