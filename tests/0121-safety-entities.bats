#!/usr/bin/env bats
# Issue 18, item 11: one large internal entity referenced many times (the
# quadratic sibling of billion laughs) expands to 5 times the document
# plus 1 MiB at most, in total; the references past that are left out
# and reported (exit 1). A document that runs out of memory anyway
# becomes an error record (too_large) and the stream goes on: nothing
# written before is lost.
load lib

# asan: the build under test is the sanitizer one, which reserves
# terabytes of address space: ulimit -v cannot apply to it
asan() { case "$VEILLE_BIN" in *asan*) return 0 ;; esac; return 1; }

# quad N M: an RSS document whose DTD declares one N-character entity,
# referenced M times in a description, inside a fetch record between two
# ordinary ones
quad() {
	"$PY" -c '
import json, sys
n, m = int(sys.argv[1]), int(sys.argv[2])
small = lambda t: json.dumps({"url": "https://e.example/%s" % t, "body":
    "<rss><channel><item><title>%s</title><link>https://e.example/%s/1</link></item></channel></rss>" % (t, t)})
doc = ("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY e \"" + "x" * n + "\">\n]>\n"
    "<rss version=\"2.0\"><channel><title>Q</title><item><title>q &e;</title><link>http://e.example/q</link><description>"
    + "&e;" * m + "</description></item></channel></rss>")
print(small("first")); print(json.dumps({"url": "https://e.example/quad", "body": doc})); print(small("last"))
' "$1" "$2"
}

@test "50,000 characters referenced 20,000 times: bounded, fast, reported, exit 1; the records around it intact" {
	need veille-parse
	quad 50000 20000 >in
	SECONDS=0
	rc=0
	(asan || ulimit -v 1000000; exec veille-parse <in >out 2>err) || rc=$?
	[ "$SECONDS" -lt 10 ]
	expect_eq 1 "$rc"
	expect_eq "https://e.example/first/1 http://e.example/q https://e.example/last/1" "$(jf url <out | tr '\n' ' ' | sed 's/ $//')"
	# the summary is cut at the bound: 5 x 110 KB + 1 MiB, not a billion characters
	len=$(sed -n 2p out | jget summary | wc -c)
	[ "$len" -gt 100000 ] && [ "$len" -lt 1700000 ]
	grep -q "veille-parse: https://e.example/quad: entities expand to more than [0-9]* bytes" err
	expect_eq 1 "$(wc -l <err)"
}

@test "a few references to a declared entity are expanded as before, in silence" {
	need veille-parse
	quad 20 30 >in
	veille-parse <in >out 2>err
	expect_eq "" "$(cat err)"
	expect_eq "$("$PY" -c 'print("x" * 20 * 30)')" "$(sed -n 2p out | jget summary)"
	expect_eq "q xxxxxxxxxxxxxxxxxxxx" "$(sed -n 2p out | jget title)"
}

@test "nested entities count at their expanded size" {
	need veille-parse
	"$PY" -c '
import sys
sys.stdout.write("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY a \"" + "y" * 10000 + "\">\n<!ENTITY b \"" + "&a;" * 100 + "\">\n]>\n"
    "<rss><channel><item><title>n</title><description>" + "&b;" * 3000 + "</description></item></channel></rss>")' >nest.xml
	run veille-parse -b http://e.example/feed nest.xml
	expect_eq 1 "$status"
	grep -q "entities expand to more than" <<<"$output"
}

@test "a document that exhausts memory is an error record; the stream goes on" {
	need veille-parse
	! asan || skip "ASan reserves terabytes of address space: ulimit -v cannot apply"
	"$PY" -c '
import json
small = lambda t: json.dumps({"url": "https://e.example/%s" % t, "body":
    "<rss><channel><item><title>%s</title><link>https://e.example/%s/1</link></item></channel></rss>" % (t, t)})
print(small("first"))
print(json.dumps({"url": "https://e.example/big", "body": "<rss><channel><item><title>big</title><description>" + "<x/>" * 2000000 + "</description></item></channel></rss>"}))
print(small("last"))' >in
	rc=0
	(ulimit -v 200000; exec veille-parse <in >out 2>err) || rc=$?
	expect_eq 1 "$rc"
	expect_eq "https://e.example/first/1 <none>
https://e.example/big too_large
https://e.example/last/1 <none>" "$(jf url error_code <out)"
	expect_eq "veille-parse: https://e.example/big: out of memory reading the document" "$(cat err)"
}
