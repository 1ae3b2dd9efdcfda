#!/usr/bin/env bats
# 0110-parse-contract — veille-parse keeps the record contract of veille(7):
# what is carried onto items and what is not, one type for "source", no
# null, every record from a file names it, every error code documented,
# exit 2 for a file argument that cannot be read.
load lib

F=$TESTS/data/feeds
H=$TESTS/data/html

# rec FILE [MEMBERS]: a fetch-result record whose body is FILE; MEMBERS
# is JSON text put as it is before the body ("url" is added if missing).
rec() {
	"$PY" -c 'import json, sys
m = sys.argv[2] + "," if len(sys.argv) > 2 and sys.argv[2] else ""
if "\"url\"" not in m: m += "\"url\":\"http://example.org/rss\","
print("{" + m + "\"body\":" + json.dumps(open(sys.argv[1], encoding="utf-8").read()) + "}")' "$@"
}

@test "a link record's own fields (kind, id, title) are not carried onto the items of its page" {
	rec "$F/rss092.xml" '"kind":"target","id":"0123456789abcdef0123456789abcdef","title":"link text","handle":"@x","score":3,"tags":["client"],"zz":1' |
	    veille-parse >out
	expect_eq 1 "$(wc -l <out)"
	expect_eq '<none> <none> <none> <none> ["client"] 1' "$(jf kind title handle score tags zz <out)"
	[ "$(jget id <out)" != 0123456789abcdef0123456789abcdef ]
}

@test "a string source label becomes source.name, next to the feed's title, on items and error records" {
	rec "$F/rss092.xml" '"source":"lwn"' | veille-parse >out
	expect_eq "lwn 0.92 http://example.org/rss" "$(jf source.name source.title source.url <out)"
	printf '%s\n' '{"url":"http://x.example/f","source":"lwn","error":"HTTP 404","error_code":"http"}' |
	    veille-parse >out
	expect_eq '{"name": "lwn"}' "$(jget source <out)"
	printf '%s\n' '{"url":"http://x.example/f","source":"lwn","body":"plain words"}' | veille-parse >out 2>err || true
	expect_eq 'not_a_feed {"name": "lwn"}' "$(jf error_code source <out)"
}

@test "carried labels lose their nulls at any depth; a number beyond a double keeps its text" {
	rec "$F/rss092.xml" '"extra":null,"deep":{"a":null,"b":[1,null,{"c":null}]},"big":1e400,"neg":[-2.5E999]' |
	    veille-parse >out
	no_nulls <out
	grep -q '"deep":{"b":\[1\]},"big":1e400,"neg":\[-2.5E999\]' out
	expect_eq "<none>" "$(jget extra <out)"
	# an error record passed through is cleaned the same way
	printf '%s\n' '{"url":"http://x.example/f","error":"HTTP 404","error_code":"http","x":null,"n":1E500}' |
	    veille-parse >out
	no_nulls <out
	expect_eq '{"url":"http://x.example/f","error":"HTTP 404","error_code":"http","n":1E500}' "$(cat out)"
}

@test "every record read from a file names it: source.url, or url on an error record" {
	cp "$F/rss092.xml" feed.xml
	cp "$H/opengraph.html" page.html
	: >empty
	printf 'plain words' >bad.xml
	veille-parse feed.xml page.html empty bad.xml >out 2>err && status=0 || status=$?
	expect_eq 1 "$status"
	d=file://$BATS_TEST_TMPDIR
	expect_eq "$(printf '%s\n' "$d/feed.xml <none>" "$d/page.html <none>" \
	    "<none> $d/empty" "<none> $d/bad.xml")" "$(jf source.url url <out | sed 's/^\([^ ]*\) [^ ]*html$/\1 <none>/')"
	expect_eq "empty not_a_feed" "$(jf error_code <out | grep -v none | tr '\n' ' ' | sed 's/ $//')"
	grep -q "^veille-parse: empty: empty document$" err
	# a file name to encode
	cp "$F/rss092.xml" 'a feed é.xml'
	expect_eq "$d/a%20feed%20%C3%A9.xml" "$(veille-parse 'a feed é.xml' | jget source.url)"
	# --base-url says where the document lives
	expect_eq "http://example.org/f.xml" "$(veille-parse -b http://example.org/f.xml feed.xml | jget source.url)"
}

@test "a record without a body gives an error record with the documented code empty, exit 1" {
	printf '%s\n' '{"url":"http://x.example/a","status":200}' '{"url":"http://x.example/b","status":200,"body":""}' |
	    veille-parse >out 2>err && status=0 || status=$?
	expect_eq 1 "$status"
	expect_eq "$(printf '%s\n' 'http://x.example/a empty' 'http://x.example/b empty')" "$(jf url error_code <out)"
	grep -q "^veille-parse: http://x.example/a: empty document (no body)$" err
	# the code is listed in veille-parse(1) and veille(7)
	grep -q '^\.It Li empty$' "$ROOT/man/veille-parse.1"
	grep -q '^\.It Li empty$' "$ROOT/man/veille.7"
}

@test "a directory, a missing file and an unreadable file are usage errors (exit 2) with the reason" {
	mkdir dir
	run veille-parse dir
	expect_eq 2 "$status"
	expect_eq "veille-parse: dir: Is a directory" "$output"
	run veille-parse no-such-file
	expect_eq 2 "$status"
	expect_eq "veille-parse: no-such-file: No such file or directory" "$output"
	# /proc/self/mem opens but every read of it fails (EIO), even as root
	run veille-parse /proc/self/mem
	expect_eq 2 "$status"
	expect_eq "veille-parse: /proc/self/mem: Input/output error" "$output"
	# the other files are still read
	veille-parse dir "$F/rss092.xml" >out 2>/dev/null && status=0 || status=$?
	expect_eq 2 "$status"
	expect_eq 1 "$(wc -l <out)"
}

@test "the progress line counts in the singular and the plural" {
	need script
	rec "$F/rss092.xml" >one.ndjson
	script -qec "veille-parse <one.ndjson >/dev/null" /dev/null >tty.out
	grep -q 'veille-parse: 1 record, 1 item, 0 failed' tty.out
	cat one.ndjson one.ndjson >two.ndjson
	script -qec "veille-parse $F/rss092.xml >/dev/null" /dev/null >tty.out
	grep -q 'veille-parse: 1/1 file, 1 item' tty.out
}

# stop SIGNAL PROG INPUT: PROG reads INPUT from a pipe that stays open,
# then gets SIGNAL (killed after 5 s if it is still there); $status,
# ./out and ./err as it leaves them. A job started with & has SIGINT
# ignored: the Python in between gives it back its default.
stop() {
	rm -f fifo && mkfifo fifo
	"$PY" -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' "$2" <fifo >out 2>err &
	local pid=$! w i
	exec {w}>fifo
	cat "$3" >&"$w"
	sleep 1
	kill -"$1" "$pid"
	for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$pid" 2>/dev/null || true
	status=0
	wait "$pid" || status=$?
	exec {w}>&-
}

@test "interrupted (SIGINT, SIGTERM): veille-parse and veille-sources write what they made, exit 128 + the signal" {
	rec "$F/rss092.xml" >one.ndjson
	stop INT veille-parse one.ndjson
	expect_eq 130 "$status"
	expect_eq 1 "$(wc -l <out)"
	expect_eq "veille-parse: interrupted (Interrupt)" "$(cat err)"
	stop TERM veille-parse one.ndjson
	expect_eq 143 "$status"
	expect_eq 1 "$(wc -l <out)"
	echo 'reddit:r/france/new' >list
	stop INT veille-sources list
	expect_eq 130 "$status"
	expect_eq "https://www.reddit.com/r/france/new.json?limit=100" "$(jget url <out)"
}
