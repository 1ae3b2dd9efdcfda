#!/usr/bin/env bats
# 0331-watch-hostile — the page-change watch against what a page or a
# target can throw at it: a huge page, a deep one, costly selectors,
# invalid select and ignore, and the record contract of its output.
load lib
load fetch

setup_file() {
	need sqlite3
	need jq
	httpd_start 1
}

teardown_file() {
	httpd_stop
}

setup() {
	fetch_setup
	need veille-parse
}

target() {
	printf '{"url": "%s/static/p.html", "watch": "change"%s}\n' "$B" "${1:+, $1}"
}

watch() {
	status=0
	target "${1:-}" | veille-fetch -q --state st.db > fetched 2> ferr || true
	veille-parse --state st.db < fetched > out 2> err || status=$?
}

@test "a huge page: the watched text is cut at 256 KiB, the diff at 16 KiB, memory stays bounded" {
	"$PY" -c 'import sys
print("<html><body>")
for i in range(100000): print("<p>ligne %d du communiqué</p>" % i)' > "$WWW/p.html"
	watch
	expect_eq 0 "$status"
	n=$(jq -r '.content | length' < out)
	[ "$n" -le 262144 ] && [ "$n" -gt 200000 ]
	[ "$(sqlite3 st.db 'SELECT text_len FROM watch_state')" -le 262144 ]
	"$PY" -c 'import sys
print("<html><body>")
for i in range(100000): print("<p>ligne %d modifiée</p>" % i)' > "$WWW/p.html"
	status=0
	target | veille-fetch -q --state st.db > fetched
	/usr/bin/time -f %M -o rss veille-parse --state st.db < fetched > out 2> err || status=$?
	expect_eq 0 "$status"
	d=$(jq -r '.diff | length' < out)
	[ "$d" -le 16500 ]
	expect_eq '\ diff cut at 16384 bytes' "$(jq -j .diff < out | tail -n 1)"
	# the summary counts the whole diff, past the cut
	[[ "$(jq -r .summary < out)" =~ ^[0-9]{4,}\ lines\ added ]]
	# the page is 3.5 MB: its tree (libxml2's, as any DOM) and a few
	# copies of the text, no more (three times that under ASan)
	limit=120000
	[ "${VEILLE_BUILD:-}" != asan ] || limit=$((limit * 3))
	echo "# peak $(cat rss) KB, limit $limit" >&3
	[ "$(cat rss)" -lt "$limit" ]
}

@test "a deep page parses, and a selector that would backtrack over it is stopped" {
	"$PY" -c 'print("<html><body>" + "<div>" * 20000 + "fond" + "</div>" * 20000)' > "$WWW/p.html"
	watch
	expect_eq 0 "$status"
	expect_eq 1 "$(wc -l < out)"
	watch '"select": "span div div div div div div div div div div div div div div div"'
	expect_eq 1 "$status"
	expect_eq "bad_watch" "$(jf error_code < out)"
	[[ "$(jq -r .error < out)" == *"steps on this page"* ]]
}

@test "a costly XPath expression is stopped by the operation limit" {
	"$PY" -c 'print("<html><body>" + "<p><b>x</b></p>" * 3000 + "</body></html>")' > "$WWW/p.html"
	watch '"select": "(count(//*[count(//*) > 0]))"'
	expect_eq 1 "$status"
	expect_eq "bad_watch" "$(jf error_code < out)"
	expect_eq "XPath expression too costly on this page" "$(jq -r .error < out | sed 's/.*: //')"
}

@test "an invalid select or ignore is an error record naming it, the state untouched" {
	printf '<p>x</p>' > "$WWW/p.html"
	watch '"select": "a:hover"'
	expect_eq 1 "$status"
	expect_eq "bad_watch" "$(jf error_code < out)"
	expect_eq '"select": a:hover: pseudo-classes are not supported at offset 1' "$(jq -r .error < out)"
	[[ "$(cat err)" == *"pseudo-classes are not supported"* ]]
	watch '"select": "//p["'
	expect_eq '"select": //p[: not a valid XPath expression' "$(jq -r .error < out)"
	watch '"ignore": "(unclosed"'
	expect_eq 1 "$status"
	[[ "$(jq -r .error < out)" == '"ignore": (unclosed: '* ]]
	watch '"ignore": [1, 2]'
	expect_eq '"ignore": each pattern must be a non-empty string' "$(jq -r .error < out)"
	watch '"select": 3'
	expect_eq '"select" must be a string' "$(jq -r .error < out)"
	expect_eq 0 "$(sqlite3 st.db 'SELECT count(*) FROM watch_state')"
}

@test "a selector that matches nothing: an empty text, and a warning" {
	printf '<p>x</p>' > "$WWW/p.html"
	watch '"select": "#absent"'
	expect_eq 0 "$status"
	expect_eq "" "$(jq -r .content < out)"
	[[ "$(cat err)" == *'"select" matched nothing on the page'* ]]
}

@test "an ignore pattern matching empty strings does not loop" {
	printf '<p>abc</p>' > "$WWW/p.html"
	watch '"ignore": "x*"'
	expect_eq 0 "$status"
	expect_eq "abc" "$(jq -r .content < out)"
}

@test "output lines are valid JSON, no key twice, no null, every field in veille(7)" {
	printf '<p>un</p>' > "$WWW/p.html"
	watch '"select": "p", "ignore": "z", "tags": ["prix"]'
	printf '<p>deux</p>' > "$WWW/p.html"
	watch '"select": "p", "ignore": "z", "tags": ["prix"]'
	"$PY" -c 'import json
def once(kv):
    keys = [k for k, v in kv]
    assert len(keys) == len(set(keys)), keys
    return dict(kv)
for l in open("out"):
    json.loads(l, object_pairs_hook=once)' 
	no_nulls < out
	for k in $(keys < out); do
		grep -q "^\.It Cm $k\b\|Cm $k ,\| $k ,\|Cm $k$" "$ROOT/man/veille.7" || { echo "undocumented: $k"; false; }
	done
	expect_eq '["prix"] p z change' "$(jfields " " "<none>" 1 tags select ignore watch < out)"
}

@test "--state on a directory is a usage error" {
	run veille-parse --state "$BATS_TEST_TMPDIR" < /dev/null
	expect_eq 2 "$status"
}
