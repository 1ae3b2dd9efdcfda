#!/usr/bin/env bats
# 0200-fetch-basic — veille-fetch: records, targets, options, output.
# Every test talks to tests/httpd.py on 127.0.0.x only (one server per file).
load lib
load fetch

setup_file() {
	httpd_start 2
}

teardown_file() {
	httpd_stop
}

setup() {
	fetch_setup
}

@test "a bare URL gives one record with status, content type, charset, time and body" {
	echo "$B/ok" | fetch
	expect_eq 0 "$status"
	expect_eq 1 "$(wc -l < out)"
	expect_eq "url status content_type charset fetched_at elapsed_ms body" "$(keys < out)"
	read -r url st ct cs at ms body < <(jf url status content_type charset fetched_at elapsed_ms body < out)
	expect_eq "$B/ok 200 text/plain utf-8 ok" "$url $st $ct $cs $body"
	[[ "$at" =~ ^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z$ ]]
	[[ "$ms" =~ ^[0-9]+$ ]]
	no_nulls < out
	expect_eq "" "$(cat err)"
}

@test "blank lines and # comments are skipped; surrounding blanks are trimmed" {
	printf '# my feeds\n\n   \n  %s  \n\t# indented comment\n%s\r\n' "$B/ok" "$B/etag" | fetch
	expect_eq 0 "$status"
	expect_eq "$(printf '%s\n' "$B/etag" "$B/ok")" "$(jf url < out | sort)"
}

@test "a JSON target keeps its labels first, in order, and fetch fields win over them" {
	printf '{"url":"%s","source":"lemonde","tags":["fr","news"],"status":"bogus","body":"stale","zz":1}\n' \
	    "$B/ok" | fetch
	expect_eq 0 "$status"
	expect_eq "url source tags zz status content_type charset fetched_at elapsed_ms body" \
	    "$(keys < out)"
	expect_eq 'lemonde ["fr", "news"] 200 ok' "$(jf source.name tags status body < out)"
}

@test "targets come from the files named, - standing for standard input" {
	echo "$B/ok" > a.txt
	printf '{"url":"%s","source":"b"}\n' "$B/etag" > b.ndjson
	echo "$B/same" | fetch a.txt - b.ndjson
	expect_eq 0 "$status"
	expect_eq "$(printf '%s\n' "$B/etag b" "$B/ok <none>" "$B/same <none>")" \
	    "$(jf url source.name < out | sort)"
}

@test "a file that cannot be read is reported and the others are still fetched" {
	echo "$B/ok" > a.txt
	fetch missing.txt a.txt < /dev/null
	expect_eq 2 "$status"
	expect_eq "$B/ok" "$(jf url < out)"
	expect_eq "veille-fetch: missing.txt: No such file or directory" "$(cat err)"
}

@test "bad target lines are reported with their line number; a URL found gets a record" {
	printf '%s\n' "$B/ok" 'not a url' '{"nourl":1}' '{"url": bad json' 'ftp://example.org/x' \
	    'example.org/feed' '{"url":"http://","tags":["x"]}' | fetch
	expect_eq 1 "$status"
	grep -q '^veille-fetch: line 2: not a url: not a URL' err
	grep -q '^veille-fetch: line 3: JSON target without a "url" string$' err
	grep -q '^veille-fetch: line 4: invalid JSON target at byte ' err
	grep -q "^veille-fetch: line 5: ftp://example.org/x: scheme 'ftp' is not allowed" err
	grep -q '^veille-fetch: line 6: example.org/feed: not an absolute URL' err
	grep -q '^veille-fetch: line 7: http://: not a valid URL' err
	expect_eq 6 "$(wc -l < err)"
	expect_eq "$(printf '%s\n' \
	    "$B/ok <none> <none>" \
	    'not a url invalid_target <none>' \
	    'ftp://example.org/x protocol <none>' \
	    'example.org/feed invalid_target <none>' \
	    'http:// invalid_target ["x"]' | sort)" \
	    "$(jf url error_code tags < out | sort)"
	grep -q '"error":"line 2: not a URL' out
	no_nulls < out
}

@test "an overlong line is skipped and invalid UTF-8 repaired, both reported by line" {
	{ head -c 2000000 /dev/zero | tr '\0' a; echo
	  echo "$B/ok"
	  printf '{"url":"%s","label":"caf\xe9"}\n' "$B/same"; } | fetch
	expect_eq 1 "$status"
	expect_eq "$(printf '%s\n' \
	    'veille-fetch: line 1: line longer than 1048576 bytes, skipped' \
	    'veille-fetch: line 3: invalid UTF-8 replaced by U+FFFD (1 sequence)')" "$(cat err)"
	expect_eq "$(printf '%s\n' "$B/ok <none>" "$B/same caf�")" "$(jf url label < out | sort)"
}

@test "file:// targets are refused without --allow-file and read with it" {
	printf 'local text\n' > local.txt
	echo "file://$BATS_TEST_TMPDIR/local.txt" | fetch
	expect_eq 1 "$status"
	expect_eq protocol "$(jf error_code < out)"
	grep -q 'file URLs are not fetched without --allow-file' err

	printf '%s\n' "file://$BATS_TEST_TMPDIR/local.txt" "file://$BATS_TEST_TMPDIR/absent.txt" |
	    fetch --allow-file
	expect_eq 1 "$status"
	expect_eq "$(printf '%s\n' '<none> <none> local text' '<none> io <none>')" \
	    "$(jf status error_code body < out | sort)"
}

@test "the default User-Agent names veille and its version; --user-agent replaces it" {
	echo "$B/echo-ua" | fetch
	version=$(veille-fetch --version | awk '{print $2}')
	expect_eq "veille/$version (+https://github.com/veille/veille)" "$(jf body < out)"
	echo "$B/echo-ua" | fetch --user-agent 'mybot/2.0 (ops@example.org)'
	expect_eq 'mybot/2.0 (ops@example.org)' "$(jf body < out)"
	expect_eq 'mybot/2.0 (ops@example.org)' "$(logq 'L[-1]["ua"]')"
}

@test "a chosen subset of response headers is kept, with lowercase names" {
	echo "$B/headers" | fetch
	expect_eq 0 "$status"
	expect_eq '{"content-language": "fr", "link": "<http://example.org/2>; rel=\"next\", <http://example.org/0>; rel=\"prev\"", "ratelimit-policy": "100;w=60", "x-ratelimit-remaining": "42"}' \
	    "$(jf headers < out)"
}

@test "usage errors exit 2 with a message naming the option" {
	for bad in "--parallel 0" "--parallel x" "--per-host -1" "--retries 11" \
	    "--timeout soon" "--max-size 12Q" "--max-size 0" "--max-redirs 99" \
	    "--delay 5y" "--changed-only" "--user-agent ''" "--no-such-option"; do
		status=0
		eval "veille-fetch $bad" < /dev/null > out 2> err || status=$?
		expect_eq "2 for $bad" "$status for $bad"
		grep -q '^usage: veille-fetch ' err
		expect_eq "" "$(cat out)"
	done
	grep -q 'unknown option --no-such-option' err
}

@test "--help documents every option, and the man page does too" {
	veille-fetch --help > help
	grep -q '^usage: veille-fetch \[options\] \[file ...\]' help
	opts=$(grep -o -- '--[a-z][a-z-]*' help | sort -u | grep -v -e '--help' -e '--version')
	expect_eq 23 "$(echo "$opts" | wc -l)"
	for o in $opts; do
		grep -q "^\.It Fl .*\\\\-${o#--}\( \|$\)" "$ROOT/man/veille-fetch.1" ||
			{ echo "man page lacks $o" >&2; return 1; }
	done
	for code in dns connect tls timeout http too_large too_many_redirects protocol \
	    truncated binary robots invalid_target io render; do
		grep -q "^\.It Li $code$" "$ROOT/man/veille-fetch.1" ||
			{ echo "man page lacks error code $code" >&2; return 1; }
	done
	veille-fetch --version | grep -q '^veille-fetch [0-9]'
}

@test "stdout holds records only, whatever fails; messages go to stderr" {
	printf '%s\n' "$B/ok" "$B/status/404" 'junk' '{"url":1}' "$B/binary" | fetch --progress
	expect_eq 1 "$status"
	expect_eq 4 "$(jf url < out | wc -l)"       # each line parses as JSON
	grep -q "^veille-fetch: $B/status/404: HTTP 404 Not Found$" err
	no_nulls < out
}

@test "--progress draws a done/total line on stderr; --quiet keeps stderr empty" {
	printf '%s\n' "$B/ok" "$B/same" | fetch --progress
	expect_eq 0 "$status"
	grep -q $'\r''veille-fetch: 2/2 done, 0 failed, .* B, .*/s$' err
	printf '%s\n' "$B/ok" "$B/same" | fetch --quiet
	expect_eq 0 "$status"
	expect_eq "" "$(cat err)"
	expect_eq 2 "$(wc -l < out)"
	# Not a terminal and no --progress: nothing either.
	printf '%s\n' "$B/ok" | fetch
	expect_eq "" "$(cat err)"
}

@test "--quiet does not silence errors" {
	echo "$B/status/404" | fetch --quiet
	expect_eq 1 "$status"
	expect_eq "veille-fetch: $B/status/404: HTTP 404 Not Found" "$(cat err)"
}

@test "records come out in completion order, not input order" {
	printf '%s\n' "$B/delay/400ms" "$B/ok" | fetch
	expect_eq 0 "$status"
	expect_eq "$(printf '%s\n' "$B/ok" "$B/delay/400ms")" "$(jf url < out)"
}

@test "input is streamed: a record comes out before standard input ends" {
	mkfifo in
	veille-fetch --unbuffered < in > out 2> err &
	pid=$!
	exec {w}> in
	echo "$B/ok" >&"$w"
	for _ in $(seq 100); do [ -s out ] && break; sleep 0.05; done
	expect_eq "$B/ok" "$(jf url < out)"
	kill -0 "$pid"          # still running, waiting for more input
	echo "$B/same" >&"$w"
	exec {w}>&-
	wait "$pid"
	expect_eq 2 "$(wc -l < out)"
}

@test "targets are read as they can be fetched, a bounded window ahead" {
	for i in $(seq 250); do echo "$B/delay/4ms?n=$i"; done > many
	fetch --parallel 1 --progress < many
	expect_eq 0 "$status"
	expect_eq 250 "$(wc -l < out)"
	# Progress lines say done/read; with one slot the reader keeps at
	# most 64 targets pending, however long the input.
	tr '\r' '\n' < err | sed -n 's|^veille-fetch: \([0-9]*\)/\([0-9]*\) done.*|\1 \2|p' > seen
	[ "$(wc -l < seen)" -ge 3 ]
	awk '$2 - $1 > 64 { bad = 1 } END { exit bad }' seen
	awk '$2 < 250 { partial = 1 } END { exit !partial }' seen
}

@test "a write error on standard output fails the run" {
	[ -w /dev/full ] || { echo "no /dev/full" >&2; return 1; }
	status=0
	echo "$B/ok" | veille-fetch > /dev/full 2> err || status=$?
	expect_eq 1 "$status"
	grep -q 'write error' err
}
