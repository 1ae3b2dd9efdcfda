#!/usr/bin/env bats
# make demo (scripts/demo): the week of the fictional Ondulia, run by run
# offline, raises the planted alerts from the data, folds the copies of
# the agency dispatch, delivers to the webhook and writes the digest and
# the Atom feed, in under a minute.

load lib

setup_file() {
	need "$PY" || return 1
	export DEMO="$BATS_FILE_TMPDIR/demo"
	local t0 t1
	t0=$(date +%s)
	DEMO_OUT=$DEMO BIN=$VEILLE_BIN "$ROOT/scripts/demo" > "$BATS_FILE_TMPDIR/out" 2>&1 &&
	    echo 0 > "$BATS_FILE_TMPDIR/status" || echo $? > "$BATS_FILE_TMPDIR/status"
	t1=$(date +%s)
	echo $((t1 - t0)) > "$BATS_FILE_TMPDIR/seconds"
}

@test "the demo runs offline in under a minute and says where the digest and the feed are" {
	cat "$BATS_FILE_TMPDIR/out"
	expect_eq 0 "$(cat "$BATS_FILE_TMPDIR/status")"
	s=$(cat "$BATS_FILE_TMPDIR/seconds")
	echo "took $s s"
	# make demo runs the normal build; the sanitizer build is 2-3 times
	# slower by design, and is not held to the minute.
	case $VEILLE_BIN in
	*asan*) ;;
	*) [ "$s" -lt 60 ] ;;
	esac
	grep -q "digest (open in a browser): $DEMO/digest.html" "$BATS_FILE_TMPDIR/out"
	grep -q "Atom feed: *$DEMO/feed.atom" "$BATS_FILE_TMPDIR/out"
	# Every run of the watch went through every stage without a message
	# (a sanitizer's report included), the last one with status 0 each.
	expect_eq "0 0 0 0 0 0 0" "$(cut -d' ' -f2- "$DEMO/watch/state/last-run")"
	expect_eq 12 "$(ls "$DEMO"/logs/*.log | wc -l)"
	cat "$DEMO"/logs/*.log
	[ -z "$(cat "$DEMO"/logs/*.log)" ]
	! grep -q 'failing since' "$BATS_FILE_TMPDIR/out" || false
}

@test "the planted alerts fire: the weak signal, the recall's spike, the injury, the listed journalist" {
	jf alert key window.start < "$DEMO/alerts.ndjson" > got
	cat got
	grep -qx 'emerging #batteriegonflee 2026-11-22T21:00:00Z' got
	grep -qx 'spike ondulia 2026-11-23T09:00:00Z' got
	grep -qx 'severity ondulia .*' got
	grep -qx 'influencer @jrenaud@piaille.example .*' got
	# The quiet week raised nothing: every alert is of Sunday evening or later.
	! jf window.start < "$DEMO/alerts.ndjson" | grep -v '^2026-11-2[23]T' || false
	# The alerts were printed, by simulated time.
	grep -q '2026-11-22 23:30  \[emerging\] Terme émergent « #batteriegonflee »' "$BATS_FILE_TMPDIR/out"
	grep -q '2026-11-23 10:30  \[spike\] Pic sur tags « ondulia »' "$BATS_FILE_TMPDIR/out"
}

@test "the alert state learnt the quiet week: from its first morning, every item counted" {
	need sqlite3
	start=$(sqlite3 "$DEMO/watch/state/alert.db" "SELECT datetime(start_b * 900, 'unixepoch') FROM meta")
	[[ "$start" == "2026-11-16 0"[67]":"* ]]
	# No run read an item more than 2 hours older than its newest one.
	expect_eq 12 "$(ls "$DEMO"/logs/*.log | wc -l)"
	! grep 'not counted' "$DEMO"/logs/*.log || false
	# The spike's baseline is what the week taught: a few mentions a day.
	b=$(grep '"alert":"spike"' "$DEMO/alerts.ndjson" | jf baseline)
	"$PY" -c 'import sys; b = float(sys.argv[1]); sys.exit(not 0 < b < 1)' "$b"
}

@test "the copies of the agency dispatch fold: five sites carry it, the store keeps one" {
	last=$(tail -n 1 "$DEMO/site/runs.txt" | cut -d' ' -f1)
	n=$(cat "$DEMO/site/$last"/*.rss | grep -c 'qui emploie 420 personnes à Carquefou')
	expect_eq 5 "$n"
	veille-store query --search '"emploie 420 personnes"' "$DEMO/watch/store.db" > kept
	expect_eq 1 "$(wc -l < kept)"
	expect_eq "Agence Ouest Presse" "$(jf author < kept)"
}

@test "the store holds the quiet week and Monday, and every alert reached the webhook" {
	n=$(veille-store query --until 2026-11-23T00:00:00Z "$DEMO/watch/store.db" | wc -l)
	[ "$n" -ge 50 ]
	jf published < <(veille-store query "$DEMO/watch/store.db") | cut -c1-10 | sort -u > days
	expect_eq "$(printf '2026-11-%s\n' 16 17 18 19 20 21 22 23)" "$(cat days)"
	expect_eq "$(wc -l < "$DEMO/alerts.ndjson")" "$(wc -l < "$DEMO/webhook.log")"
	! grep -q '"bad"' "$DEMO/webhook.log" || false
	grep -q 'batteriegonflee' "$DEMO/webhook.log"
}

@test "the digest is an HTML page with the alerts, the feed valid Atom" {
	need xmllint
	xmllint --noout "$DEMO/feed.atom"
	[ "$(xmllint --xpath 'count(//*[local-name()="entry"])' "$DEMO/feed.atom")" -ge 10 ]
	grep -q '<title>Veille Ondulia' "$DEMO/digest.html"
	grep -q 'Pic sur tags « ondulia »' "$DEMO/digest.html"
	grep -q 'batteriegonflee' "$DEMO/digest.html"
	# One self-contained page: no script, nothing loaded from elsewhere.
	expect_eq '<!DOCTYPE html>' "$(head -n 1 "$DEMO/digest.html")"
	expect_eq '</html>' "$(tail -n 1 "$DEMO/digest.html")"
	! grep -Eq '<script|src="https?:|<link[^>]*stylesheet' "$DEMO/digest.html" || false
}

@test "gen-demo writes the same files every time" {
	"$PY" "$ROOT/scripts/gen-demo" --out a --base http://127.0.0.1:9/static/
	"$PY" "$ROOT/scripts/gen-demo" --out b --base http://127.0.0.1:9/static/
	diff -r a b
	expect_eq 12 "$(wc -l < a/runs.txt)"
}

@test "gen-demo refuses a timeline where a run would read more than 2 hours of items" {
	cp -r "$ROOT/tests/data/demo" data
	printf '\n= 2026-11-23T04:00 ouest-matin\ntitle: Trop tôt\ntext: Un article.\n' >> data/planted.txt
	run "$PY" "$ROOT/scripts/gen-demo" --data data --out x --base http://127.0.0.1:9/static/
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"the run at 2026-11-23T08:00:00Z would read 2026-11-23T04:00:00Z to"*"more than 2 hours"* ]]
}
