#!/usr/bin/env bats
# 0130-memory-large — one large document does not cost many times its
# size: veille-parse reads a large feed entry by entry (lib/feed.c,
# stream_feed), veille-fetch keeps large bodies in temporary files while
# they arrive and writes them out piece by piece (lib/http.c, spill;
# out_write_string_last). Peak RSS comes from /usr/bin/time; the bounds
# are wide (memory does not depend on the machine's load) yet below what
# the code before this took: a 30 MB feed cost 130-330 MB, sixteen 8 MB
# bodies 140 MB. Under ASan (VEILLE_BUILD=asan) the bounds are doubled,
# with the allocator's quarantine made small.
load lib
load fetch

setup_file() {
	need "$PY" python3
	export BIG=$BATS_FILE_TMPDIR/big.xml
	"$PY" "$ROOT/scripts/gen-feeds" --single "$BIG" --mb 30 2>/dev/null
	httpd_start 1
}

teardown_file() {
	httpd_stop
}

setup() {
	fetch_setup
	memory_setup
}

@test "a 30 MB feed is parsed in less than 80 MB, every item out" {
	peak_mb veille-parse -q "$BIG" > out
	expect_eq 0 "$status"
	expect_eq "$(grep -c '<item>' "$BIG")" "$(wc -l < out)"
	echo "peak $(cat peak) MB" >&3
	[ "$(cat peak)" -lt $((80 * scale)) ]
}

@test "a large feed gives what the whole tree gives: channel fields after the items reach every item" {
	# the language and title come after 40,000 items (over 2 MB: read as a stream)
	{
		printf '<?xml version="1.0"?>\n<rss version="2.0"><channel>\n'
		seq 40000 | sed 's|.*|<item><title>n° &</title><link>/a/&</link><guid isPermaLink="false">g&</guid></item>|'
		printf '<title>Après</title><link>https://late.example/</link><language>fr</language></channel></rss>\n'
	} > late.xml
	[ "$(wc -c < late.xml)" -gt 3000000 ]
	veille-parse late.xml > out
	expect_eq 40000 "$(wc -l < out)"
	expect_eq "n° 40000 https://late.example/a/40000 fr Après" \
	    "$(tail -n 1 out | jf title url lang source.title)"
	expect_eq 1 "$(jf lang source.site_url < out | sort -u | wc -l)"
}

@test "a large feed broken in its middle: the entries after the break are read one by one" {
	{
		printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>T</title>\n'
		seq 20000 | sed 's|.*|<item><title>first &</title><link>https://x.example/a/&</link></item>|'
		printf '<item><title>broken <b>bold</title><link>https://x.example/broken</link></item>\n'
		seq 20000 | sed 's|.*|<item><title>second &</title><link>https://x.example/b/&</link></item>|'
		printf '</channel></rss>\n'
	} > broken.xml
	veille-parse -q broken.xml > out
	expect_eq 40001 "$(wc -l < out)"
	expect_eq "second 20000" "$(tail -n 1 out | jf title)"
	# the broken one as parsed alone: libxml2's recovery runs its link
	# into the unclosed <b>, as before
	expect_eq "broken boldhttps://x.example/broken" "$(sed -n 20001p out | jf title)"
	expect_eq "https://x.example/b/1" "$(sed -n 20002p out | jf url)"
}

@test "sixteen 8 MB bodies fetched at once take less than 80 MB, each whole" {
	for i in $(seq 16); do echo "$B/big-chunked?size=8000000&n=$i"; done > targets
	peak_mb veille-fetch -q --parallel 16 --per-host 16 < targets > out
	expect_eq 0 "$status"
	echo "peak $(cat peak) MB" >&3
	"$PY" -c 'import json, sys
n = 0
for line in open("out"):
    r = json.loads(line)
    assert r["status"] == 200 and r["body"] == "z" * 8000000, r["url"]
    n += 1
assert n == 16, n' || false
	[ "$(cat peak)" -lt $((80 * scale)) ]
}

@test "the temporary files of large bodies are gone after the run, and go to TMPDIR" {
	need strace
	mkdir tmp
	echo "$B/big-chunked?size=3000000" > targets
	status=0
	# LeakSanitizer cannot run under ptrace; the other tests check leaks
	TMPDIR=$PWD/tmp ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0 \
	    strace -f -e trace=openat,unlink -o trace \
	    veille-fetch -q < targets > out 2> err || status=$?
	expect_eq 0 "$status"
	expect_eq 3000000 "$(jf body < out | tr -d '\n' | wc -c)"
	# made there, and unlinked at once: nothing is left even on a crash
	grep -q "openat(.*\"$PWD/tmp/veille-fetch-.*O_CREAT" trace
	grep -q "unlink(\"$PWD/tmp/veille-fetch-" trace
	expect_eq "" "$(ls -A tmp)"
}

@test "without a writable TMPDIR, large bodies stay in memory and come out whole" {
	echo "$B/big-chunked?size=3000000" | TMPDIR=/nonexistent/dir fetch -q
	expect_eq 0 "$status"
	expect_eq 3000000 "$(jf body < out | tr -d '\n' | wc -c)"
}

@test "a large text body with quotes, backslashes and control characters is written as valid JSON" {
	"$PY" -c 'import sys
chunk = "caf\u00e9 \"q\" back\\slash tab\t cr\r nl\n bell\x07 del\x7f </script>\n"
sys.stdout.write(chunk * 40000)' > "$WWW/odd.txt"
	echo "$B/static/odd.txt" | fetch
	expect_eq 0 "$status"
	"$PY" -c 'import json
r = json.loads(open("out").read())
assert r["body"] == open(r"'"$WWW/odd.txt"'", encoding="utf-8", newline="").read()' || false
	# cJSON's escapes: \u0007 for BEL, DEL as it is
	grep -q 'bell\\u0007 del' out
}
