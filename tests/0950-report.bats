#!/usr/bin/env bats
# veille-report: the digest of a window, in every format, exact on a fixed
# fixture (tests/data/report/stream.ndjson: a day of a fictional watch),
# inert on hostile strings, and rendered by a real browser.

load lib

D=$TESTS/data/report
NOW=2026-11-23T20:00:00Z

report() { veille-report --now "$NOW" --since 12h "$@"; }

@test "the aggregates of a fixed day are exact" {
	report -f json "$D/stream.ndjson" > agg.json
	jf mentions previous_mentions change stories echoes errors undated < agg.json > actual
	echo "20 8 1.5 17 3 1 1" > expect
	diff -u expect actual
	jf sentiment.negative sentiment.neutral sentiment.positive sentiment.unknown < agg.json > actual
	echo "9 4 6 1" > expect
	diff -u expect actual
	jf tags.0.tag tags.0.mentions tags.0.previous tags.0.negative tags.0.reach < agg.json > actual
	echo "orange 16 8 9 530000" > expect
	diff -u expect actual
	jf tags.1.tag tags.1.mentions tags.2.tag tags.2.mentions < agg.json > actual
	echo "concurrent 4 greve 4" > expect
	diff -u expect actual
	jf top_stories.0.id top_stories.0.echoes sources.0.source sources.0.count < agg.json > actual
	echo "id01 2 journal-ouest.example 6" > expect
	diff -u expect actual
	jf window.start window.end previous_window.start bucket_seconds < agg.json > actual
	echo "2026-11-23T08:00:00Z 2026-11-23T20:00:00Z 2026-11-22T20:00:00Z 3600" > expect
	diff -u expect actual
}

@test "the timeline has a bucket an hour, and its counts add up to the mentions" {
	report -f json "$D/stream.ndjson" > agg.json
	"$PY" -c '
import json, sys
a = json.load(open("agg.json"))
assert len(a["buckets"]) == 12, a["buckets"]
assert a["buckets"][0] == "2026-11-23T08:00:00Z"
t = a["tags"][0]["timeline"]
assert sum(t) == a["tags"][0]["mentions"], t
s = a["sentiment_timeline"]
assert sum(map(sum, s.values())) == a["mentions"] - a["sentiment"]["unknown"]
'
}

@test "terms are counted once an item, shown as first written, without stop words" {
	report -f json "$D/stream.ndjson" | jf terms.0.term terms.0.count terms.3.term > actual
	echo "Orange 14 Grève" > expect
	diff -u expect actual
	report -f json "$D/stream.ndjson" | "$PY" -c '
import json, sys
a = json.load(sys.stdin)
terms = [t["term"].lower() for t in a["terms"]]
for w in ("les", "des", "the", "pour", "depuis"):
    assert w not in terms, w
assert any(t["term"] == "réseau" for t in a["rising_terms"]), a["rising_terms"]
'
}

@test "an echo counts for its story, not as a story" {
	report -f json "$D/stream.ndjson" > agg.json
	"$PY" -c '
import json
a = json.load(open("agg.json"))
ids = [s["id"] for s in a["top_stories"]]
assert "id02" not in ids and "id03" not in ids, ids
orange = a["tags"][0]["stories"]
e = {s["id"]: s["echoes"] for s in orange}
assert e.get("id01") == 2 and e.get("id12") == 1, e
'
}

@test "--tags picks the watches and their order, with shares of voice" {
	report -f json --tags concurrent,orange,absent "$D/stream.ndjson" |
		jf tags.0.tag tags.0.share_of_voice tags.1.tag tags.1.share_of_voice tags.2.tag tags.2.mentions > actual
	echo "concurrent 0.2 orange 0.8 absent 0" > expect
	diff -u expect actual
}

@test "alerts of the window are listed, the others left out" {
	report -f json "$D/stream.ndjson" | jf alerts.0.alert alerts.1.alert alerts.2.alert > actual
	echo "spike resolved <none>" > expect
	diff -u expect actual
	veille-report --now 2026-11-23T08:30:00Z --since 1h -f json "$D/stream.ndjson" |
		jf alerts.0.alert > actual
	echo "<none>" > expect
	diff -u expect actual
}

@test "every format shows the same figures" {
	report -f text "$D/stream.ndjson" > out.txt
	grep -q '^Mentions: 20 (+150% vs previous period)  Stories: 17  Echoes: 3$' out.txt
	report -f md "$D/stream.ndjson" > out.md
	grep -q '^\*\*Mentions: 20\*\* (+150% vs previous period) · Stories: 17 · Echoes: 3$' out.md
	grep -q '^1\. \[Grève chez Orange : les techniciens débrayent\](<https://journal-ouest.example/a/1>)' out.md
	report -f html "$D/stream.ndjson" > out.html
	grep -q '>20</div>' out.html
	grep -q '>17</div>' out.html
	report -f atom "$D/stream.ndjson" > out.atom
	# Ten stories of orange, four of concurrent, two of greve.
	[ "$(grep -c '<entry>' out.atom)" -eq 16 ]
}

@test "French words with --lang fr" {
	report --lang fr -f text "$D/stream.ndjson" | grep -q '^Mentions: 20 (+150% vs période précédente)  Sujets: 17  Reprises: 3$'
	report --lang fr -f html "$D/stream.ndjson" | grep -q '<html lang="fr">'
}

@test "the output is the same for the same input and --now" {
	report -f html "$D/stream.ndjson" > a.html
	report -f html "$D/stream.ndjson" > b.html
	cmp a.html b.html
	report -f json "$D/stream.ndjson" | jf generated_at > actual
	echo "$NOW" > expect
	diff -u expect actual
}

@test "-o picks the format from the extension and writes the file whole" {
	report -o r.html "$D/stream.ndjson"
	head -c 15 r.html | grep -q '<!DOCTYPE html>'
	report -o r.atom "$D/stream.ndjson"
	grep -q '<feed xmlns="http://www.w3.org/2005/Atom"' r.atom
	report -o r.json "$D/stream.ndjson"
	jf mentions < r.json | grep -qx 20
	run report -o r.pdf "$D/stream.ndjson"
	[ "$status" -eq 2 ]
	[[ "$output" == *"give --format"* ]]
	! ls r.pdf* 2>/dev/null || false
}

@test "the text format fits the terminal width" {
	COLUMNS=60 report -f text "$D/stream.ndjson" > out.txt
	"$PY" -c '
import sys
for l in open("out.txt", encoding="utf-8"):
    l = l.rstrip("\n")
    if l.startswith("    http"): continue
    assert len(l) <= 80, (len(l), l)
'
}

@test "hostile strings come out inert in HTML" {
	report -f html "$D/hostile.ndjson" > out.html
	"$PY" -c '
import re, sys
from html.parser import HTMLParser
h = open("out.html", encoding="utf-8").read()
class P(HTMLParser):
    def handle_starttag(self, tag, attrs):
        assert tag not in ("script", "img", "iframe", "object", "embed"), tag
        for k, v in attrs:
            assert not k.startswith("on"), (tag, k)
            if k in ("href", "src", "action"):
                assert re.match(r"https?://", v or ""), (tag, k, v)
P().feed(h)
for c in "\u202e\u202c\u200b\u200d\u2066\u2069":
    assert c not in h, "invisible or bidi character %r" % c
assert "A" * 1000 not in h, "10,000-character title not bounded"
assert "&lt;script&gt;alert" in h, "escaped text missing"
assert "https://ok.example/fine?a=1&amp;b=2" in h, "a good link lost"
'
}

@test "hostile strings come out inert in Atom, Markdown and text" {
	report -f atom "$D/hostile.ndjson" > out.atom
	"$PY" -c '
import re, xml.dom.minidom
x = open("out.atom", encoding="utf-8").read()
xml.dom.minidom.parseString(x.encode())
assert not re.search(r"href=\"(javascript|data|vbscript):", x, re.I)
assert "<script" not in x and "<entry><title>injected" not in x
assert "\u202e" not in x
'
	report -f md "$D/hostile.ndjson" > out.md
	# Markdown: the brackets of the web's text are escaped (\<), links http(s) only.
	! grep -qiE '\]\(<?(javascript|data|vbscript):|(^|[^\\])<(script|img)' out.md || false
	report -f text "$D/hostile.ndjson" > out.txt
	! grep -q "$(printf '\342\200\256')" out.txt || false
}

@test "the Atom feed reads back with veille-parse and with feedparser, without bozo" {
	need "$PY"
	report -f atom "$D/stream.ndjson" > feed.atom
	veille-parse feed.atom > items.ndjson
	[ "$(wc -l < items.ndjson)" -eq 16 ]
	jf title url < items.ndjson | grep -q '^Grève chez Orange : les techniciens débrayent https://journal-ouest.example/a/1$'
	"$PY" -c '
import feedparser
d = feedparser.parse("feed.atom")
assert not d.bozo, d.bozo_exception
assert len(d.entries) == 16
assert d.entries[0].link.startswith("https://")
assert d.feed.title == "Media monitoring report"
'
}

@test "a line that is not JSON is reported with its number, the report still written" {
	{ head -3 "$D/stream.ndjson"; echo '{oops'; tail -n +4 "$D/stream.ndjson"; } > mixed.ndjson
	run report -f json mixed.ndjson
	[ "$status" -eq 1 ]
	[[ "$output" == *"mixed.ndjson: line 4: invalid JSON"* ]]
	echo "$output" | grep '^{' | jf mentions | grep -qx 20
}

@test "usage errors exit 2 with the reason" {
	run veille-report --since soon
	[ "$status" -eq 2 ]
	[[ "$output" == *"--since: 'soon' is not a time or a duration"* ]]
	run veille-report -f pdf
	[ "$status" -eq 2 ]
	run veille-report --lang de
	[ "$status" -eq 2 ]
	run veille-report -f json /tmp
	[ "$status" -eq 2 ]
	[[ "$output" == *"/tmp: Is a directory"* ]]
	run veille-report -f json /nonexistent/file
	[ "$status" -eq 2 ]
	[[ "$output" == *"/nonexistent/file: No such file or directory"* ]]
}

@test "an empty window still gives a report that says so" {
	veille-report --now 2030-01-01T00:00:00Z -f text "$D/stream.ndjson" > out.txt
	grep -q '^Mentions: 0' out.txt
	veille-report --now 2030-01-01T00:00:00Z -f html "$D/stream.ndjson" | grep -q 'Nothing in this period.'
}

@test "headless Chromium renders the HTML report (the PNG is kept for reviewers)" {
	need chromium "(Debian package chromium)"
	report -f html --title "Veille Orange" "$D/stream.ndjson" > report.html
	mkdir -p "$ROOT/tests/tmp"
	png=$ROOT/tests/tmp/report-sample-$VEILLE_BUILD.png
	rm -f "$png"
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --disable-quic \
		--user-data-dir="$BATS_TEST_TMPDIR/chromium" --hide-scrollbars \
		--window-size=412,2000 --screenshot="$png" "file://$PWD/report.html" 2>/dev/null
	[ -s "$png" ]
	# A blank page is a few kilobytes; the report's text and charts are more.
	[ "$(wc -c < "$png")" -gt 40000 ]
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --disable-quic \
		--user-data-dir="$BATS_TEST_TMPDIR/chromium" --dump-dom "file://$PWD/report.html" \
		2>/dev/null > dom.html
	grep -q 'Veille Orange' dom.html
	grep -q '<svg' dom.html
}
