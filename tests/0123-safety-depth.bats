#!/usr/bin/env bats
# Issue 18, item 10: libxml2 stops at 256 nested elements (no
# XML_PARSE_HUGE, on purpose). An entry cut there keeps what was read,
# says so on stderr and in the record (error, error_code too_deep), and
# the run exits 1; the other entries are whole.
load lib

# nest N: an RSS feed whose first item's description nests N <div>s
nest() {
	"$PY" -c '
import sys
n = int(sys.argv[1])
sys.stdout.write("<rss><channel><title>T</title><item><title>a</title><link>http://e.example/a</link><description>"
    + "<div>" * n + "deep text" + "</div>" * n
    + "</description></item><item><title>b</title><link>http://e.example/b</link><description>fine</description></item></channel></rss>")
' "$1"
}

@test "RSS: an entry nested past the depth limit is marked too_deep, reported, exit 1; the next entry is whole" {
	need veille-parse
	nest 300 >deep.xml
	run veille-parse -b http://e.example/feed deep.xml
	expect_eq 1 "$status"
	printf '%s\n' "${lines[@]}" | grep '^{' >out
	printf '%s\n' "${lines[@]}" | grep -v '^{' >err
	expect_eq "veille-parse: deep.xml: elements nested more than 256 deep: the entry's text is cut there" "$(cat err)"
	expect_eq "a too_deep <none>
b <none> fine" "$(jf title error_code summary <out)"
	expect_eq "elements nested more than 256 deep: the entry's text is cut there" "$(jget error <out | head -1)"
}

@test "Atom: the same for an entry's content" {
	need veille-parse
	"$PY" -c '
import sys
sys.stdout.write("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title><entry><id>1</id><title>a</title><content type=\"xhtml\">"
    + "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + "<b>" * 300 + "x" + "</b>" * 300 + "</div></content></entry>"
    + "<entry><id>2</id><title>b</title><summary>fine</summary></entry></feed>")' >deep.xml
	veille-parse -b http://e.example/feed deep.xml >out 2>err || rc=$?
	expect_eq 1 "${rc:-0}"
	expect_eq "a too_deep
b <none>" "$(jf title error_code <out)"
	grep -q "nested more than 256 deep" err
}

@test "nesting under the limit is read whole, in silence, exit 0" {
	need veille-parse
	nest 250 >ok.xml
	veille-parse -b http://e.example/feed ok.xml >out 2>err
	expect_eq "" "$(cat err)"
	expect_eq "a <none> deep text" "$(jf title error_code summary <out | head -1)"
}

@test "--quiet keeps the error in the record" {
	need veille-parse
	nest 300 >deep.xml
	run veille-parse -q -b http://e.example/feed deep.xml
	expect_eq 1 "$status"
	expect_eq "too_deep" "$(printf '%s\n' "${lines[@]}" | head -1 | jget error_code)"
}
