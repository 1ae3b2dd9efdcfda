#!/usr/bin/env bats
# 0930-alert-hostile — veille-alert on input of the wrong shapes: no
# crash, no null, valid records, every line accounted for.
bats_require_minimum_version 1.5.0
load lib
load alert

@test "fields of unexpected types are skipped, never crash" {
	"$PY" - > in <<'PY'
import json
odd = [1, 2.5, True, None, [], {}, [[1]], {"a": {}}, "", "x" * 100000, "\u0000\u001b[31m"]
for i, v in enumerate(odd):
    for f in ("tags", "published", "fetched_at", "sentiment", "severity", "handle",
              "author", "audience", "engagement", "links", "title", "summary", "source", "id"):
        r = {"id": "i%d%s" % (i, f), "tags": ["t"], "published": "2026-11-08T10:00:00Z",
             "handle": "@h", "severity": "critical", "audience": 10 ** 9}
        r[f] = v
        print(json.dumps(r))
PY
	printf '@h\tgroupe\n' > acc
	alerts in --emerging --accounts acc --min-audience 5 --min-severity low --examples 2
	expect_eq 0 "$status"
	no_nulls < out
	"$PY" -c '
import json, sys
for l in open("out"):
    r = json.loads(l)
    assert set(r) >= {"alert", "alert_id", "window", "count", "message"}, r
'
	# every record is one line of JSON
	expect_eq "$(wc -l < out)" "$(grep -c '^{.*}$' out)"
}

@test "a thousand tags on one item, and a huge tag, are counted within bounds" {
	"$PY" -c '
import json
tags = ["t%d" % i for i in range(1000)] + ["y" * 200000]
print(json.dumps({"id": "1", "tags": tags, "published": "2026-11-08T10:00:00Z"}))
' > in
	alerts in -s st.db
	expect_eq 0 "$status"
	[ "$(sqlite3 st.db 'SELECT count(*) FROM series')" -le 64 ]
}

@test "an item from the future does not close the buckets of the present" {
	f=$(timeline quiet)
	{ head -300 "$f"; echo '{"id":"f","tags":["orange"],"published":"2099-01-01T00:00:00Z"}'; tail -n +301 "$f"; } > in
	alerts in
	expect_eq 0 "$status"
	expect_eq "spike resolved" "$(jf alert < out | oneline)"
}

@test "a message quoting control characters of the input stays JSON-escaped" {
	printf '%s\n' '{"id":"1","tags":["a\u001b[2Jb"],"severity":"high","title":"x\u0007y","published":"2026-11-08T10:00:00Z"}' > in
	alerts in
	expect_eq 0 "$status"
	grep -q '\\u001b\[2Jb' out
	! grep -q $'\x1b' out || false
}
