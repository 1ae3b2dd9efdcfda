#!/usr/bin/env bats
# 1120-resource-limits — hostile streams through every tool that reads
# NDJSON (parse, classify, dedupe, store put, alert, report): a stream
# with every tenth line broken, NUL bytes, CRLF line ends, no final
# newline, a 50 MB single-line record, 100,000-deep nested JSON; and for
# veille-parse 100,000-deep XML and a page of 20 MB of script. Each
# gives a message or a correct record, never a crash or a hang, never a
# lost neighbour; a broken line is named on stderr and the exit status
# is 1. The sanitizer pass reads a 5 MB record and 2 MB of script (its
# shadow memory and quarantine make the full sizes slow, not different).
# Memory flat over a stream: a 2 MB and a 20 MB one here,
# scripts/bench-limits (make bench) for 30 and 300 MB.
bats_require_minimum_version 1.5.0
load lib

TOOLS="parse classify dedupe store alert report"

setup_file() {
	need "$PY" python3
	cd "$BATS_FILE_TMPDIR"
	mb=50 script=20
	case "${VEILLE_BUILD:-}" in asan) mb=5 script=2 ;; esac
	"$PY" - "$mb" "$script" <<-'PY'
	import json, sys
	MB, SCRIPT = int(sys.argv[1]), int(sys.argv[2])
	def item(i):
	    return json.dumps({"id": "i%d" % i, "title": "Item %d" % i, "url": "https://example.fr/%d" % i,
	                       "summary": "Le texte numéro %d, sans rapport avec les autres %d." % (i, i * 7),
	                       "published": "2026-11-23T12:00:00Z", "tags": ["t"], "severity": "high"})
	def fetched(i):
	    return json.dumps({"url": "https://example.fr/f%d" % i, "status": 200,
	                       "content_type": "application/rss+xml",
	                       "body": "<rss><channel><item><title>i%d</title><link>https://example.fr/%d</link>"
	                               "</item></channel></rss>" % (i, i)})
	for kind, rec in (("items", item), ("fetch", fetched)):
	    def w(name, data):
	        open("%s.%s" % (kind, name), "wb").write(data)
	    line = lambda i: rec(i).encode()
	    # every tenth line broken (10, 20, ... 200)
	    w("tenth", b"".join((line(i)[:-7] if i % 10 == 0 else line(i)) + b"\n" for i in range(1, 201)))
	    w("nul", line(1) + b"\n" + line(2)[:12] + b"\0\0" + line(2)[12:] + b"\n" + line(3) + b"\n")
	    w("crlf", b"".join(line(i) + b"\r\n" for i in (1, 2, 3)))
	    w("nofinal", line(1) + b"\n" + line(2) + b"\n" + line(3))
	    big = json.loads(rec(2))
	    big["title" if kind == "items" else "padding"] = "x" * (MB << 20)
	    w("huge", line(1) + b"\n" + json.dumps(big).encode() + b"\n" + line(3) + b"\n")
	    w("deep", line(1) + b"\n" + b'{"id":"d","x":' + b"[" * 100000 + b"]" * 100000 + b"}\n" +
	      b'{"id":"e","x":' + b'{"a":' * 100000 + b"1" + b"}" * 100000 + b"}\n" + line(3) + b"\n")
	# veille-parse only: a 100,000-deep feed, 20 MB of script in a page
	deep = "<rss><channel>" + "<x>" * 100000 + "</x>" * 100000 + \
	    "<item><title>i2</title><link>https://example.fr/2</link></item></channel></rss>"
	page = "<html><head><title>i2</title><script>" + "var a = '<p>x</p>';\n" * ((SCRIPT << 20) // 20) + \
	    "</script></head><body><article><h1>i2</h1><p>" + "Un texte. " * 50 + "</p></article></body></html>"
	with open("fetch.xmldeep", "w") as f:
	    for i, body, ct in ((1, None, None), (2, deep, "application/rss+xml"), (3, None, None)):
	        f.write((fetched(i) if body is None else
	                 json.dumps({"url": "https://example.fr/f2", "status": 200, "content_type": ct,
	                             "body": body})) + "\n")
	with open("fetch.script", "w") as f:
	    f.write(fetched(1) + "\n" + json.dumps({"url": "https://example.fr/2", "status": 200,
	            "content_type": "text/html", "body": page}) + "\n" + fetched(3) + "\n")
	PY
}

# through TOOL FILE: TOOL over FILE (items, or fetch records for parse)
# under a 1 GB address space (but for the sanitizer build, whose shadow
# memory is reserved up front) and a minute; $status, out (what it did:
# the ids it wrote, stored or counted, one a line, sorted), err.
through() {
	local tool=$1 f=$2
	local lim="ulimit -v 1048576;"
	[ "${VEILLE_BUILD:-}" != asan ] || lim=
	rm -f st.db* raw
	case $tool in
	parse) cmd="veille-parse" ;;
	classify) cmd="veille-classify --no-sentiment" ;;
	dedupe) cmd="veille-dedupe" ;;
	store) cmd="veille-store put st.db" ;;
	alert) cmd="env VEILLE_NOW=2026-11-24T00:00:00Z veille-alert --lateness 30d" ;;
	report) cmd="veille-report -f json --now 2026-11-24T00:00:00Z --since 2d --top 1000" ;;
	esac
	status=0
	timeout 60 bash -c "$lim exec $cmd" < "$f" > raw 2> err || status=$?
	# the ids of the records written (lines written through unread are
	# not records), stored, alerted on or counted
	case $tool in
	store) sqlite3 st.db 'SELECT id FROM items' ;;
	*) "$PY" -c '
import json, sys
tool = sys.argv[1]
for line in open(sys.argv[2], "rb"):
    try:
        r = json.loads(line)
    except (ValueError, RecursionError):
        continue
    if tool == "parse":
        print(r.get("title"))
    elif tool == "alert":
        print(r["items"][0]["id"])
    elif tool == "report":
        [print(s["id"]) for s in r["top_stories"]]
    else:
        print(r.get("id"))
' "$tool" raw ;;
	esac 2>/dev/null | sort > out
}

# ok_exit: 0 or 1, never a crash, a usage error or the timeout.
ok_exit() {
	[ "$status" -le 1 ] || { echo "$1: exit $status" >&2; cat err >&2; return 1; }
}

# has TOOL IDS...: out holds each id.
has() {
	local tool=$1
	shift
	for id; do
		grep -qx "$id" out || { echo "$tool: $id lost" >&2; head -c 2000 err >&2; return 1; }
	done
}

input() {
	if [ "$1" = parse ]; then echo "$BATS_FILE_TMPDIR/fetch.$2"; else echo "$BATS_FILE_TMPDIR/items.$2"; fi
}

@test "every tenth line broken: each named on stderr, every other line out, exit 1" {
	for t in $TOOLS; do
		through "$t" "$(input "$t" tenth)"
		expect_eq "$t 1" "$t $status"
		for n in $(seq 10 10 200); do
			grep -q "line $n: " err || { echo "$t: line $n not named" >&2; return 1; }
		done
		expect_eq "$t 180" "$t $(grep -c . out)"
	done
}

@test "NUL bytes in a line: a message or a record, the neighbours whole" {
	for t in $TOOLS; do
		through "$t" "$(input "$t" nul)"
		ok_exit "$t"
		has "$t" i1 i3
	done
}

@test "CRLF line ends and a missing final newline: every record, exit 0" {
	for f in crlf nofinal; do
		for t in $TOOLS; do
			through "$t" "$(input "$t" "$f")"
			expect_eq "$t $f 0" "$t $f $status"
			has "$t" i1 i2 i3
		done
	done
}

@test "a 50 MB single-line record: read or named, the neighbours whole" {
	for t in $TOOLS; do
		through "$t" "$(input "$t" huge)"
		ok_exit "$t"
		has "$t" i1 i3
	done
}

@test "100,000-deep nested JSON: named, the neighbours whole, exit 1" {
	for t in $TOOLS; do
		through "$t" "$(input "$t" deep)"
		expect_eq "$t 1" "$t $status"
		grep -q "line 2: " err
		has "$t" i1 i3
	done
}

@test "veille-parse: a 100,000-deep feed and a page of 20 MB of script, the neighbours whole" {
	for f in xmldeep script; do
		through parse "$BATS_FILE_TMPDIR/fetch.$f"
		ok_exit "parse $f"
		has "parse $f" i1 i3
	done
}

@test "memory is flat: peak RSS on a 20 MB stream within 1.5x of that on 2 MB, every tool" {
	case "${VEILLE_BUILD:-}" in asan) skip "ASan's quarantine holds freed memory: RSS says nothing there" ;; esac
	run "$ROOT/scripts/bench-limits" --check --small 2 --large 20 \
		--tools parse,classify,dedupe,alert,report --dir "$BATS_FILE_TMPDIR"
	echo "$output" | sed 's/^/# /' >&3
	expect_eq 0 "$status"
}
